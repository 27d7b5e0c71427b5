"""Indexes over a catalog: the phrases that name members, and the names that values go by.

Built once per catalog (the catalog itself is cached per tenant), so reading a question is a few
dictionary look-ups per word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from understanding.catalog import Catalog, Member
from understanding.language import (
    DEFINITE_DETERMINERS,
    FUNCTION_WORDS,
    NAME_ABBREVIATIONS,
    NAME_SUFFIXES,
    Token,
    demonyms,
    is_base_verb,
    is_dictionary_word,
    phrase_tokens,
    same_name_word,
    same_noun,
    same_word,
    says_adjective,
)

# Values that all have one shape ("Customer#000000123") are known by the shape, not one by one,
# once the sample holds at least this many: any number in that shape names a value.
SHAPE_AT_LEAST = 20
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Shape:
    """The one shape of a dimension's values: words, then a number of fixed width."""

    words: tuple[Token, ...]
    head: str  # the text before the number, as the data writes it ("Customer#")
    width: int
    dimension: Member

    def value(self, number: str) -> str | None:
        return f"{self.head}{number.zfill(self.width)}" if len(number) <= self.width else None


def _shape(dim: Member, values: list[str]) -> Shape | None:
    """ "Customer#000000001", "Customer#000000002", ...: one head and a number as wide."""
    if len(values) < SHAPE_AT_LEAST:
        return None
    heads = {_DIGITS.sub("#", v) for v in values}
    widths = {len(m[0]) for v in values for m in _DIGITS.finditer(v)}
    if len(heads) != 1 or len(widths) != 1:
        return None
    template = heads.pop()
    if template.count("#") - values[0].count("#") != 1 or not template.endswith("#"):
        return None
    head = values[0][: _DIGITS.search(values[0]).start()]  # type: ignore[union-attr]
    words = tuple(t for t in phrase_tokens(head) if t.norm.isalnum())
    return Shape(words, head, widths.pop(), dim) if words else None


# A part of a name identifies its value when at most this many values share it: "Chicago"
# names O'Hare and Midway; "Intl" names nothing in particular.
DISTINCTIVE_AT_MOST = 3


@dataclass(frozen=True)
class Phrase:
    tokens: tuple[Token, ...]
    kind: str  # "member" | "verb" | "scope"
    member: Member


@dataclass(frozen=True)
class Name:
    """One name of a value: the value itself, an alias ("Denver" for DEN), a synonym, a group."""

    tokens: tuple[Token, ...]
    dimension: Member  # the key dimension filters go on (flights.dest, not the airport's name)
    values: tuple[str, ...]
    kind: str = ""  # what sort of name: the value, or the alias member it comes from
    # a synonym or group the data model gives ("urgent", "weekend"): ordinary words, which name
    # the value in any case but only in full and as written ("shipped" is not "ship")
    ordinary: bool = False


@dataclass(frozen=True)
class ValueMatch:
    start: int
    end: int
    dimension: Member
    values: tuple[str, ...]
    # how much of the name the words cover, counting only its telling words: "Southwest" is all
    # of "Southwest Airlines Co." but half of "Southwest Florida Intl"
    coverage: float = 1.0
    # where the words are the whole name of different things (the city Washington, the state
    # Washington): each sort of name with its values, to ask which is meant
    senses: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # the sort of name the words are: the value itself, or the alias member it comes from
    kind: str = ""


@dataclass
class Lexicon:
    phrases: dict[str, list[Phrase]] = field(default_factory=lambda: defaultdict(list))
    shapes: list[Shape] = field(default_factory=list)
    names: dict[str, list[tuple[Name, int]]] = field(default_factory=lambda: defaultdict(list))
    # key dimension -> word -> how many of its values have a name with that word
    spread: dict[str, dict[str, int]] = field(default_factory=dict)
    every_name: list[tuple[str, Name]] = field(default_factory=list)
    # words found in the names of many values of any dimension ("Intl", "Airlines", "Inc")
    generic: set[str] = field(default_factory=set)
    # every name and phrase with how to offer it in a clarification (understanding/suggest)
    choices: dict[str, str] | None = None
    # every word the data and the question words know (understanding/spelling)
    vocabulary: frozenset[str] | None = None
    # adjectives of columns (meta higher/lower: "long", "hot")
    adjectives: tuple[str, ...] = ()

    def add_phrase(self, text: str, kind: str, member: Member) -> None:
        tokens = phrase_tokens(text)
        if tokens:
            for key in tokens[0].lemmas:
                self.phrases[key].append(Phrase(tokens=tokens, kind=kind, member=member))

    def add_name(
        self,
        text: str,
        dimension: Member,
        values: tuple[str, ...],
        kind: str = "",
        ordinary: bool = False,
    ) -> None:
        tokens = tuple(t for t in phrase_tokens(text) if t.norm.isalnum()) if text else ()
        if not tokens:
            return
        self.every_name.append((text, Name(tokens=tokens, dimension=dimension, values=values)))
        for variant in (tokens, *_compounds(tokens)):
            name = Name(
                tokens=variant, dimension=dimension, values=values, kind=kind, ordinary=ordinary
            )
            for position, token in enumerate(variant):
                for key in token.lemmas | {token.norm}:
                    self.names[key].append((name, position))

    def phrases_at(self, tokens: list[Token], start: int) -> list[tuple[int, Phrase]]:
        """Every phrase that matches at `start`, with its end, longest first."""
        if start >= len(tokens):
            return []
        found: dict[int, Phrase] = {}
        for key in tokens[start].lemmas:
            for phrase in self.phrases.get(key, ()):
                end = start + len(phrase.tokens)
                match = same_word if phrase.kind == "verb" else same_noun
                if end <= len(tokens) and all(
                    match(a, b) for a, b in zip(phrase.tokens, tokens[start:end], strict=True)
                ):
                    found[id(phrase)] = phrase
        return sorted(((start + len(p.tokens), p) for p in found.values()), key=lambda x: -x[0])

    def values_at(self, tokens: list[Token], start: int) -> list[ValueMatch]:
        """The values named by the longest run of words from `start`, on each dimension; a
        whole name beats the same words inside a longer one ("cancelled", "not cancelled")."""
        best: dict[str, tuple[tuple[int, bool], set[str], float]] = {}
        kinds: dict[str, str] = {}
        dims: dict[str, Member] = {}
        wholes: dict[tuple[str, int], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for key in tokens[start].lemmas | {tokens[start].norm}:
            for name, position in self.names.get(key, ()):
                length = _run(tokens, start, name.tokens, position)
                if not length or not self._identifies(tokens, start, length, name, position):
                    continue
                # the start of a name ("Airbus", "Chicago") names its values; a word in the
                # middle ("Florida" in "Southwest Florida Intl") yields to a whole name
                score = (length, position == 0)
                dim = name.dimension.name
                dims[dim] = name.dimension
                if position == 0 and _said(tokens[start : start + length]) == len(name.tokens):
                    wholes[(dim, length)][name.kind].update(name.values)
                coverage = self._coverage(name, tokens[start : start + length])
                held = best.get(dim)
                if held is None or score > held[0]:
                    best[dim] = (score, set(name.values), coverage)
                    kinds[dim] = name.kind
                elif score == held[0]:
                    held[1].update(name.values)
                    best[dim] = (score, held[1], max(held[2], coverage))
        if not best:
            return self._shaped_at(tokens, start)
        longest = max(score[0] for score, _, _ in best.values())
        return [
            ValueMatch(
                start,
                start + score[0],
                dims[dim],
                tuple(sorted(values)),
                coverage,
                _senses(wholes.get((dim, score[0]), {})),
                kinds.get(dim, ""),
            )
            for dim, (score, values, coverage) in best.items()
            if score[0] == longest and values
        ]

    def _shaped_at(self, tokens: list[Token], start: int) -> list[ValueMatch]:
        """ "Supplier#000000123" (or "supplier #123"): a value known by its shape."""
        for shape in self.shapes:
            end = start + len(shape.words)
            if end >= len(tokens) or not tokens[end].norm.isdigit():
                continue
            said = tokens[start:end]
            if all(a.norm == b.norm for a, b in zip(said, shape.words, strict=True)):
                value = shape.value(tokens[end].norm)
                if value is not None:
                    return [ValueMatch(start, end + 1, shape.dimension, (value,))]
        return []

    def _coverage(self, name: Name, run: list[Token]) -> float:
        telling = {
            t.norm
            for t in name.tokens
            if t.norm not in self.generic and t.norm not in NAME_SUFFIXES
        }
        if not telling:
            return 1.0
        said = {t.norm for t in run}
        return len(telling & said) / len(telling)

    def _identifies(
        self, tokens: list[Token], start: int, length: int, name: Name, position: int
    ) -> bool:
        """Whether words of the question name this value, not just share a word with it.

        A code matches as written ("US", not "us"); an ordinary word ("delta", "field") matches a
        name only when capitalised, unless the dimension's values are ordinary words; a part of a
        longer name must include a word few values share ("Midway", not "Intl").
        """
        run = tokens[start : start + length]
        whole = position == 0 and _said(run) == len(name.tokens)
        if all(t.norm in FUNCTION_WORDS and t.cased and not t.text.isupper() for t in run):
            return False  # "an order with us": the pronoun, never the country "US"
        if (
            start
            and tokens[start - 1].norm == "how"
            and says_adjective(run[0].norm, self.adjectives)
        ):
            return False  # "how long was ...": the adjective, not "Long Beach"
        if not run[0].cased and len(run) == 1 and says_adjective(run[0].norm, self.adjectives):
            return False  # "how many long flights", in lower case: the adjective
        if name.dimension.whole_names and not whole:
            return False  # "JFK" is no route; "JFK-SFO" is
        if name.dimension.common_words or name.ordinary:
            # ordinary words name a value only in full, as written ("cancelled", "weekend")
            return whole and all(
                t.norm in (n.norm, n.norm + "s", n.norm + "es")
                or {t.norm, n.norm} <= DEFINITE_DETERMINERS
                for t, n in zip(run, name.tokens, strict=False)
            )
        if not any(_is_name_word(t) for t in run):
            return False
        if any(_code(n) and t.norm != n.norm for t, n in zip(run, name.tokens, strict=False)):
            return False  # "how many days": no form of the code "DAY" but the code itself
        if whole:
            return True
        if start == 0 and is_base_verb(run[0].norm):
            return False  # "Break down sales by region": an order, not the title "Break Point"
        if all(len(t.norm) == 1 for t in run):
            return False  # an initial ("F" of "John F Kennedy") names nothing on its own
        if not any(t.cased for t in run) and all(self._names_member(t) for t in run):
            return False  # "how many projects ...", in lower case: the projects, not a title
        after = tokens[start + length] if start + length < len(tokens) else None
        own = {t.norm for t in name.tokens} | {
            NAME_ABBREVIATIONS.get(t.norm, "") for t in name.tokens
        }
        if (
            after is not None
            and not run[-1].possessive
            and after.cased
            and after.capitalized
            and _is_name_word(after)
            and after.norm not in own
        ):
            return False  # "Christopher Nolan" is not a value that begins "Christopher"
        return any(self._distinctive(name, t) for t in run)

    def _names_member(self, token: Token) -> bool:
        return is_dictionary_word(token.norm) and bool(
            (token.lemmas | {token.norm}) & self.phrases.keys()
        )

    def _distinctive(self, name: Name, token: Token) -> bool:
        if token.norm in FUNCTION_WORDS:
            return False
        if any(c.isdigit() for c in token.norm) and any(c.isalpha() for c in token.norm):
            return True  # a model code such as "A320" is specific however many variants share it
        spread = self.spread.get(name.dimension.name, {})
        return spread.get(token.norm, 0) <= DISTINCTIVE_AT_MOST


def _code(token: Token) -> bool:
    """ "DAY", "JFK": a code, written in capitals, which has no other forms."""
    return token.text.isupper() and len(token.text) <= 4 and token.text.isalpha()


def _is_name_word(token: Token) -> bool:
    """A word that can be part of a name as written: "Delta", "JFK", "denver" (no English word)."""
    if token.text.isupper() and len(token.text) > 1:
        return True
    if token.norm in FUNCTION_WORDS and not (token.cased and token.text.isupper()):
        return False  # "have a balance": the article, not the return flag "A"
    if not token.cased and len(token.norm) >= 4:
        return True  # "delta's average delay": all lower case, so case tells nothing
    if len(token.norm) <= 3:
        # "JFK", "Ace"; in a question with no capitals at all, "jfk" too (not "lax", a word)
        named = token.text.isupper() or token.capitalized or not token.cased
        return named and (token.text.isupper() or not is_dictionary_word(token.norm))
    return token.capitalized or not is_dictionary_word(token.norm)


def _senses(by_kind: dict[str, set[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Whole names of different sorts that share no value: two meanings of the same words."""
    kinds = [(k, tuple(sorted(v))) for k, v in by_kind.items() if v]
    if len(kinds) < 2:
        return ()
    seen: set[str] = set()
    for _, values in kinds:
        if seen & set(values):
            return ()  # "Denver" the city and "Denver" in the airport's name: one meaning
        seen |= set(values)
    return tuple(kinds)


# The sort of name a word is when it is part of several values ("BRASS" of "PROMO BRUSHED BRASS").
PART = "shared word"


def _shared_words(values: list[str]) -> list[str]:
    """Words (as the data writes them) that several multi-word values share, that are no
    value on their own."""
    holders: dict[str, set[str]] = defaultdict(set)
    for value in values:
        words = value.split()
        if len(words) > 1:
            for word in words:
                # "the" of "the Netherlands" names nothing
                if word.isalpha() and len(word) > 2 and word.lower() not in FUNCTION_WORDS:
                    holders[word].add(value)
    whole = {v.lower() for v in values}
    return sorted(w for w, held in holders.items() if len(held) > 1 and w.lower() not in whole)


def _variants(text: str) -> list[str]:
    """Other ways a name is written: "Dallas-Fort Worth" as "Dallas Fort Worth", "Reagan
    Washington Natl" as "... National"."""
    found = []
    if "-" in text:
        found.append(text.replace("-", " "))
    words = text.split()
    expanded = [NAME_ABBREVIATIONS.get(w.lower().strip("."), w) for w in words]
    if expanded != words:
        found.append(" ".join(expanded))
    return found


def _compounds(tokens: tuple[Token, ...]) -> list[tuple[Token, ...]]:
    """Two words of a name written as one: "La Guardia" is also "LaGuardia"."""
    found = []
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if a.norm.isalpha() and b.norm.isalpha():
            joined = Token(
                text=a.text + b.text.lower(),
                norm=a.norm + b.norm,
                lemmas=frozenset({a.norm + b.norm}),
            )
            found.append((*tokens[:i], joined, *tokens[i + 2 :]))
    return found


def _run(tokens: list[Token], start: int, name: tuple[Token, ...], position: int) -> int:
    """How many of the question's words from `start` say the name's words from `position`; a
    slash inside a name is said but not kept ("America/Denver")."""
    length = matched = 0
    while start + length < len(tokens) and position + matched < len(name):
        said = tokens[start + length]
        if same_name_word(said, name[position + matched]):
            matched += 1
        elif not (matched and said.norm == "/" and start + length + 1 < len(tokens)):
            break
        length += 1
    return length if matched else 0


def _said(run: list[Token]) -> int:
    """The name words a run of the question says (a slash in it is none)."""
    return sum(1 for t in run if t.norm != "/")


def build_lexicon(catalog: Catalog) -> Lexicon:
    lexicon = Lexicon()
    for member in catalog.members.values():
        for phrase in member.phrases:
            lexicon.add_phrase(phrase, "member", member)
        for verb in member.verbs:
            lexicon.add_phrase(verb, "verb", member)
        for scope in member.scope:
            lexicon.add_phrase(scope, "scope", member)
    for dim_name, values in catalog.values.items():
        dim = catalog.members[dim_name]
        _add_values(lexicon, dim, values, catalog.names.get(dim_name, {}))
    for spread in lexicon.spread.values():
        lexicon.generic.update(w for w, n in spread.items() if n > DISTINCTIVE_AT_MOST)
    lexicon.adjectives = tuple({w for m in catalog.members.values() for w in (*m.higher, *m.lower)})
    return lexicon


def _add_values(
    lexicon: Lexicon, dim: Member, values: list[str], aliases: dict[str, list[str]]
) -> None:
    shape = _shape(dim, values)
    if shape is not None:
        lexicon.shapes.append(shape)
        return
    spread: dict[str, set[str]] = defaultdict(set)
    for value in values:
        names = aliases.get(value, [])
        kinds = [dim.name, *dim.aliases[: len(names)]]
        named = [(kind, text, False) for kind, text in zip(kinds, (value, *names), strict=False)]
        named += [(dim.name, text, True) for text in dim.value_synonyms.get(value, ())]
        named += [(dim.name, d, False) for text in (value, *names[:1]) for d in demonyms(text)]
        for kind, text, ordinary in named:
            lexicon.add_name(text, dim, (value,), kind, ordinary)
            for variant in _variants(text):
                lexicon.add_name(variant, dim, (value,), kind, ordinary)
            for written in (text, *_variants(text)):  # "JFK-SFO" is also "JFK SFO"
                words = phrase_tokens(written)
                if len(words) > 1:  # a one-word alias ("Florida") names, it does not dilute
                    for token in words:
                        spread[token.norm].add(value)
    for group, members in dim.value_groups.items():
        lexicon.add_name(group, dim, tuple(v for v in members if v in values), ordinary=True)
    if dim.common_words:
        for word in _shared_words(values):
            # "brass parts": a word several values share names them all (a `contains` filter),
            # unless it begins a member's name ("engine" of a plane's engines)
            if not phrase_tokens(word.lower())[0].lemmas & lexicon.phrases.keys():
                lexicon.add_name(word, dim, (word,), kind=PART, ordinary=True)
    lexicon.spread[dim.name] = {word: len(holders) for word, holders in spread.items()}
