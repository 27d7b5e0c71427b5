"""Words of the data (scope phrases, values, member phrases, verbs) and of the language
(aggregations, superlatives, grouping, negation, missing values, limits)."""

from __future__ import annotations

import itertools
import re

from understanding import language as lang
from understanding.catalog import Member
from understanding.lexicon import ValueMatch
from understanding.reader.base import ReaderBase
from understanding.reader.items import (
    ComparisonItem,
    Item,
    MemberItem,
    ScopeItem,
    ValueItem,
    VerbItem,
    WordItem,
)

# The closed-class words of questions, by kind: what each word means to the composer.
_LANGUAGE_TABLES: list[tuple[str, dict[str, str]]] = [
    ("negation", dict.fromkeys(lang.NEGATIONS, "")),
    ("missing", dict.fromkeys(lang.MISSING, "")),
    (
        "frequency",
        {
            f"{w} {f}": d
            for w, d in (("most", "desc"), ("least", "asc"))
            for f in lang.FREQUENCY_WORDS
        }
        | {"busiest": "desc"},
    ),
    ("agg", lang.AGGREGATIONS),
    ("superlative", lang.SUPERLATIVES),
    ("quality", lang.QUALITY_WORDS),
    ("comparative", lang.COMPARATIVES),
    ("compare", dict.fromkeys(lang.COMPARE_WORDS, "")),
    ("group", dict.fromkeys(lang.GROUP_WORDS, "")),
    ("order", dict.fromkeys(lang.ORDER_WORDS, "")),
    (
        "direction",
        dict.fromkeys(lang.DESCENDING, "desc") | dict.fromkeys(lang.ASCENDING, "asc"),
    ),
    ("granularity", lang.GRANULARITY_WORDS),
    ("question", dict.fromkeys(lang.QUESTION_WORDS, "")),
    ("label", dict.fromkeys(lang.LABEL_WORDS, "")),
    ("sign", lang.SIGNS),
    ("realized", dict.fromkeys(lang.REALIZED, "")),
    ("whole time", dict.fromkeys(lang.WHOLE_TIME, "")),
    ("connector", dict.fromkeys(lang.CONNECTORS, "")),
    ("talk", dict.fromkeys(lang.IDIOMS + lang.RESTRICTING, "")),
]


class Words(ReaderBase):
    def _time_extremes(self) -> None:
        """ "the most recent order", "the earliest hire": a date ranked (the plan grammar's
        "the thing at an extreme" reads them); not where the model gives the adjective to a
        column of its own ("the oldest plane": its year built) or a sign ("late")."""
        taken = (
            set(self._polar_words()) | set(self._sign_words(True)) | set(self._sign_words(False))
        )
        for i in range(len(self.tokens)):
            found = self._match(i, tuple(lang.TIME_EXTREMES), exact=True)
            if found and self._free(i, found[0]):
                base, direction = lang.TIME_EXTREMES[found[1]]
                if base not in taken:
                    self._claim(WordItem(i, found[0], kind="time extreme", value=direction))

    def _unsupported(self) -> None:
        """Words whose meaning no query here can carry ("made up 30 minutes", "median"): claimed
        so that nothing else explains them away, and always asked about."""
        for i in range(len(self.tokens)):
            found = self._match(i, lang.UNSUPPORTED)
            if found:
                self._claim(WordItem(i, found[0], kind="unsupported"))

    def _how_it_goes(self) -> None:
        """ "How are sales going?": how a thing fares asks for a judgement no figure makes."""
        if not self.tokens or self.tokens[0].norm != "how" or len(self.tokens) < 2:
            return
        if self.tokens[1].norm in ("many", "much") or lang.is_adjective(self.tokens[1].norm):
            return  # "how many orders are going to Germany", "how long ..."
        for i, token in enumerate(self.tokens[1:6], start=1):
            rest = [t.norm for t in self.tokens[i + 1 :] if t.norm.isalnum()]
            ends = not rest or rest[0] in ("in", "for", "during", "this", "so", "lately")
            if token.norm in lang.HOW_IT_GOES and ends and self._free(i, i + 1):
                self._claim(WordItem(i, i + 1, kind="vague"))  # not "going to Denver"
                return

    def _data_words(self) -> None:
        """Scope phrases, values and member phrases, longest first at each position."""
        i = 0
        while i < len(self.tokens):
            item = self._data_item(i) if self._free(i, i + 1) else None
            if item:
                self._claim(item)
                i = item.end
            else:
                i += 1

    def _compounds(self) -> None:
        """ "product category", "customer country": a noun of things, then a noun of what
        each has (on its own rows or a table they point to), is that attribute of theirs."""
        nouns = sorted((i for i in self.items if isinstance(i, MemberItem)), key=lambda i: i.start)
        for owner, noun in itertools.pairwise(nouns):
            if noun.start != owner.end or owner not in self.items:
                continue
            reach = {
                c for m in owner.members if m.agg == "count" for c in self.catalog.reachable(m.cube)
            }
            owned = [m for m in noun.members if m.kind == "dimension" and m.cube in reach]
            if len(owned) == 1:  # one column of theirs, or it stays asked
                self.items.remove(owner)
                self.items.remove(noun)
                self._claim(MemberItem(owner.start, noun.end, members=owned))

    def _heads_of_their_owners(self) -> None:
        """ "the value of open orders", "the name of a customer": a noun, "of", and the things
        it belongs to, name what the model calls "order value", "customer name"."""
        nouns = sorted((i for i in self.items if isinstance(i, MemberItem)), key=lambda i: i.start)
        for i in range(len(self.tokens) - 2):
            head = self.tokens[i]
            if self._norm(i + 1) != "of" or not self._free(i, i + 1) or head.norm in lang.COUNTING:
                continue
            if i == 0:
                continue  # "Name of the customer with ...": a list asked for, not a figure
            owner = next((n for n in nouns if n.start > i + 1), None)
            if owner is None or not self._only_describe(i + 2, owner.start):
                continue
            said = [self.tokens[owner.end - 1], head]
            whole = [p for end, p in self.lexicon.phrases_at(said, 0) if end == 2]
            if whole and all(p.kind == "member" for p in whole):
                self._claim(MemberItem(i, i + 1, members=_unique([p.member for p in whole])))

    def _only_describe(self, start: int, end: int) -> bool:
        """Between "of" and the things: articles and what picks some of them ("open")."""
        for n in range(start, end):
            if not self.claimed[n] and self._norm(n) not in ("a", "an", "the", "our", "all"):
                return False
        return all(isinstance(i, ValueItem) for i in self.items if start <= i.start < end)

    def _data_item(self, i: int) -> Item | None:
        candidates: list[Item] = []
        phrases = [
            (end, p) for end, p in self.lexicon.phrases_at(self.tokens, i) if self._free(i, end)
        ]
        if phrases and self._said_with_more_after(i, phrases[0][0]):
            return None  # "average freight charge": "average", then "freight charge"
        if phrases:
            end = phrases[0][0]
            longest = [p for e, p in phrases if e == end]
            for kind, cls in (("scope", ScopeItem), ("member", MemberItem), ("verb", VerbItem)):
                if kind == "verb" and self._norm(i - 1) in _NOUN_MARKERS:
                    continue  # "on schedule", "the schedule": a noun, which no verb explains
                members = _unique([p.member for p in longest if p.kind == kind])
                if kind == "member":
                    members = self._times_said_as_rows(members, end)
                if members:
                    candidates.append(cls(i, end, members=members))
        matches = [m for m in self.lexicon.values_at(self.tokens, i) if self._free(i, m.end)]
        if matches:
            candidates.append(ValueItem(i, matches[0].end, matches=matches))
        if not candidates:
            return None
        written = self._value_written_before_its_noun(i, candidates)
        if written is not None:
            return written
        verbs = [c for c in candidates if isinstance(c, VerbItem)]
        if verbs and self._norm(i - 1) in lang.BEFORE_A_VERB:
            return verbs[0]  # "did we ship by AIR": the verb, not the ship mode "SHIP"
        self._drop_cued_scope(i, candidates)
        # Longest wins; on a tie a name beats a member phrase ("Delta"), except right after
        # a grouping word ("by weekday" groups; "on weekdays" filters).
        grouping = self._norm(i - 1) in ("by", "per", "each", "every", "which", "what")
        order = {
            ScopeItem: 0,
            ValueItem: 2 if grouping else 1,
            MemberItem: 1 if grouping else 2,
            VerbItem: 3,
        }
        return min(candidates, key=lambda c: (-(c.end - c.start), order[type(c)]))

    def _times_said_as_rows(self, members: list[Member], end: int) -> list[Member]:
        """ "the most scheduled departures": a time of day said in the plural names the rows
        that happen then, which one counts; "order dates" stay dates."""
        last = self.tokens[end - 1].norm
        if lang.singular(last) == last:
            return members
        counts = [
            self.catalog.count_measure(m.cube)
            for m in members
            if m.kind == "dimension" and m.unit == "clock"
        ]
        return _unique([*members, *(c for c in counts if c is not None)])

    def _said_with_more_after(self, i: int, end: int) -> bool:
        """A figure's title that opens with its aggregation ("average freight") where the
        column's own longer name follows the aggregation word ("freight charge")."""
        if self._norm(i) not in lang.AGGREGATIONS:
            return False
        after = self.lexicon.phrases_at(self.tokens, i + 1)
        return any(e > end and self._free(i + 1, e) for e, _ in after)

    def _drop_cued_scope(self, i: int, candidates: list[Item]) -> None:
        """ "flights to New York": after a cue of another column than the one the scope is
        about (meta scope_of), the words name that column's values, not every row."""
        scope = next((c for c in candidates if isinstance(c, ScopeItem)), None)
        value = next((c for c in candidates if isinstance(c, ValueItem)), None)
        if scope is None or value is None or value.end < scope.end:
            return
        about = [self.catalog.members[m.scope_of] for m in scope.members if m.scope_of]
        before = self.tokens[:i]
        own = max((lang.longest_cue(before, c.value_cues) for c in about), default=0)
        other = max(
            (lang.longest_cue(before, m.dimension.value_cues) for m in value.matches), default=0
        )
        if other > own:  # "landed in New York" (not "in New York", "from New York")
            candidates.remove(scope)

    def _language_words(self) -> None:

        polar = self._polar_words()
        signs = {w: "1" for w in self._sign_words(True)} | {
            w: "-1" for w in self._sign_words(False)
        }
        for i in range(len(self.tokens)):
            if not self._free(i, i + 1):
                continue
            if limit := self._limit(i):
                self._claim(limit)
                continue
            best: WordItem | None = None
            for kind, table in _LANGUAGE_TABLES:
                found = self._match(i, table, exact=True)
                if found and (best is None or found[0] > best.end):
                    best = WordItem(i, found[0], kind=kind, value=table[found[1]])
            for word, (member, direction) in polar.items():
                found = self._match(i, (word,))
                if found and (best is None or found[0] >= best.end):
                    best = WordItem(i, found[0], kind="polar", value=direction, member=member)
            found = self._match(i, tuple(signs))
            # "rainy days" have some rain; "the rainiest day" ranks
            plain = best is not None and best.kind == "polar" and self._norm(i) in signs
            if found and (best is None or found[0] > best.end or plain):
                best = WordItem(i, found[0], kind="sign", value=signs[found[1]])
            if best:
                self._claim(best)
        self._one_row_words()

    def _choice_between(self) -> None:
        """ "Between JFK and Newark, which had ...": the values are the choices compared."""
        for i, token in enumerate(self.tokens):
            if token.norm == "between" and self._free(i, i + 1) and self._choices_at(i + 1):
                self._claim(WordItem(i, i + 1, kind="compare", value=""))

    def _ends_between(self) -> None:
        """ "air time between JFK and SFO": two values that can each be a different column
        (an origin, a destination) are the two ends, each in its role."""
        for i, token in enumerate(self.tokens):
            first = next((it for it in self.items if it.start == i + 1), None)
            if token.norm != "between" or not self._free(i, i + 1):
                continue
            if not isinstance(first, ValueItem) or self._norm(first.end) != "and":
                continue
            second = next((it for it in self.items if it.start == first.end + 1), None)
            if not isinstance(second, ValueItem):
                continue
            ends = _own_ends(first, second), _own_ends(second, first)
            if _apart(ends[0], ends[1]) and _apart(ends[1], ends[0]):
                self._claim(WordItem(i, i + 1, kind="talk"))
                first.matches, second.matches = ends

    def _spans_between_dates(self) -> None:
        """ "days between an order being placed and its items shipping", "from shipping to
        delivery": two dates' events name the duration that runs between them (meta span)."""
        spans = [d for d in self.catalog.dimensions() if len(d.span) == 2]
        self._spans_after(spans)
        for i, token in enumerate(self.tokens):
            if not spans or token.norm not in ("between", "from") or not self._free(i, i + 1):
                continue
            first = self._date_events(i + 1, until=("and", "to", "until", "till"))
            second = self._date_events(first[0] + 1, until=())
            found = [d for d in spans if d.span[0] in first[1] and d.span[1] in second[1]]
            if len(found) == 1 and self._free(i, second[0]):
                start = self._span_start(i)
                said = self.lexicon.phrases_at(self.tokens, start - 1) if start else []
                if any(end > start and p.member in found for end, p in said):
                    start -= 1  # "transit time from shipping to receipt": the span named too
                self._claim(MemberItem(start, second[0], members=found))

    def _date_events(self, start: int, until: tuple[str, ...]) -> tuple[int, set[str]]:
        """The dates named by their events ("placed", "shipping", "delivery") in the few words
        from `start` up to one of `until` (with none, up to the first word that names no date):
        where those words end, and the dates."""
        dates: set[str] = set()
        end = start
        for n in range(start, min(start + 5, len(self.tokens))):
            if self._norm(n) in until:
                return (n if dates else start), dates
            named = self._dates_named(n)
            if dates and not named and not until:
                break  # the second event ends at its word: "... to shipment by ship mode"
            dates |= named
            end = n + 1 if named else end
        return end, dates

    def _quoted_names(self) -> None:
        """ "the part 'midnight cornflower puff'": words in quotes right after things are one
        of those things' names, as written, whether or not the sample holds it."""
        for found in re.finditer(
            r"(?:^|\s)['\"\u2018\u201c]([^'\"\u2019\u201d]{3,80})['\"\u2019\u201d]", self.question
        ):
            said = lang.tokenize(found[1])
            start = self._run_at(said)
            if start is None or start == 0 or not self._free(start, start + len(said)):
                continue
            if self.lexicon.values_at(self.tokens, start) or any(
                self.lexicon.phrases_at(self.tokens, i) for i in range(start, start + len(said))
            ):
                continue  # "the airline 'Delta'", "'built by Boeing'": words the data knows
            named = self._name_of_things(start - 1)
            if (
                named is not None
                and not self.catalog.values.get(named.name)  # sampled names the lexicon knows
                and said[0].norm not in lang.FUNCTION_WORDS
            ):
                match = ValueMatch(start, start + len(said), named, (found[1].strip(),))
                self._claim(ValueItem(start, start + len(said), matches=[match]))

    def _run_at(self, said: list[lang.Token]) -> int | None:
        """Where these words stand, in a row, among the question's."""
        for i in range(len(self.tokens) - len(said) + 1):
            if all(self.tokens[i + k].norm == t.norm for k, t in enumerate(said)):
                return i
        return None

    def _name_of_things(self, i: int) -> Member | None:
        """The name column of the things a noun at `i` counts ("part": the part's name)."""
        for _, phrase in self.lexicon.phrases_at(self.tokens, i):
            member = phrase.member
            if phrase.kind == "member" and member.agg == "count":
                names = self.catalog.names_of(member.cube) or [
                    d
                    for d in self.catalog.dimensions()
                    if d.cube == member.cube
                    and d.type == "string"
                    and d.title.lower().endswith(" name")
                ]
                if len(names) == 1:
                    return names[0]
        return None

    def _dates_named(self, n: int) -> set[str]:
        """The dates whose event the word names: "shipping" the ship date, "arrive" the
        receipt date."""
        return {
            d.name
            for d in self.catalog.dimensions()
            if d.type == "time"
            and any(
                lang.same_word(self.tokens[n], w)
                for phrase in (*d.verbs, *d.phrases)
                for w in lang.phrase_tokens(phrase)[:1]
            )
        }

    def _spans_after(self, spans: list[Member]) -> None:
        """ "(days) to arrive after shipping": the later event, "after", the earlier one."""
        for i in range(1, len(self.tokens) - 1):
            if self._norm(i) != "after" or not self._free(i - 1, i + 1):
                continue
            later = self._dates_named(i - 1)
            end, earlier = self._date_events(i + 1, until=())
            found = [d for d in spans if d.span[0] in earlier and d.span[1] in later]
            if len(found) == 1 and self._free(i + 1, end):
                self._claim(MemberItem(self._span_start(i - 1), end, members=found))

    def _span_start(self, start: int) -> int:
        """ "how many days pass between", "days to arrive after": the time passing is the span."""
        while self._norm(start - 1) in lang.SPAN_LEADS and self._free(start - 1, start):
            start -= 1
        return start

    def _choices_at(self, start: int) -> bool:
        """ "JFK and Newark, which": two values, then the question ("between JFK and LAX" of
        a route goes on with no comma or question word)."""
        first = next((it for it in self.items if it.start == start), None)
        if not isinstance(first, ValueItem) or self._norm(first.end) not in ("and", "or"):
            return False
        second = next((it for it in self.items if it.start == first.end + 1), None)
        if not isinstance(second, ValueItem):
            return False
        return self._norm(second.end) in (",", *lang.QUESTION_WORDS, "who")

    def _happened_verbs(self) -> None:
        """ "flights that took off": a verb the model says only rows that took place do
        (meta `happened_verbs`); "scheduled to take off" is what was planned."""
        verbs = {v for d in self.catalog.dimensions() if d.happened for v in d.happened_verbs}
        # "flown" is entered as said: "miles flown" took place; "the airline that flew most"
        # need not have
        said = tuple(sorted(v for v in verbs if lang.inflected(v)))
        any_form = tuple(sorted(verbs - set(said)))
        for i in range(len(self.tokens)):
            found = (self._match(i, any_form) if any_form else None) or (
                self._match(i, said, exact=True) if said else None
            )
            planned = {self._norm(i - 1), self._norm(i - 2)} & lang.PLANNED
            # "took off after 10 pm": the verb says which time is compared (the departure)
            timed = found and any(
                isinstance(it, ComparisonItem) and it.start == found[0] for it in self.items
            )
            if found and not planned and not timed and self._free(i, found[0]):
                self._claim(self._realized_verb(i, found[0]))

    def _realized_verb(self, start: int, end: int) -> Item:
        """ "miles flown": the verb says the row took place and, as any verb of the data,
        which figure it goes with (the distance)."""
        phrases = self.lexicon.phrases_at(self.tokens, start)
        members = _unique([p.member for e, p in phrases if e == end and p.kind == "verb"])
        if members:
            return VerbItem(start, end, members=members, realized=True)
        return WordItem(start, end, kind="realized")

    def _cue_phrases(self) -> None:
        """ "bound for Denver": a cue of the value's own column, of words no other reading
        claims, says the value's role (the composer reads the cue)."""
        for value in [i for i in self.items if isinstance(i, ValueItem)]:
            cues = {c for m in value.matches for c in m.dimension.value_cues if " " in c}
            for cue in sorted(cues, key=len, reverse=True):
                words = cue.split()
                start = value.start - len(words)
                said = [self._norm(n) for n in range(start, value.start)]
                if start >= 0 and said == words and self._free(start, value.start):
                    self._claim(WordItem(start, value.start, kind="talk"))
                    break

    def _asking_verb(self) -> None:
        """ "Name the top 3 countries ...": the first word asks for a list, not for names."""
        words = [i for i, t in enumerate(self.tokens) if t.norm.isalpha() and t.norm != "please"]
        first = words[0] if words else -1
        named = self._norm(first + 1) in ("of", "and", "or", ",", "s", "'s")  # "name and nation"
        if self._norm(first) in lang.ASKING_VERBS and not named and self._free(first, first + 1):
            self._claim(WordItem(first, first + 1, kind="talk"))

    def _particle_verbs(self) -> None:
        """ "did the three biggest carriers account for": a verb light with its particle."""
        for i, token in enumerate(self.tokens[:-1]):
            particle = {lang.PARTICLE_VERBS.get(lemma) for lemma in token.lemmas}
            if self._norm(i + 1) in particle and self._free(i, i + 1):
                self._claim(WordItem(i, i + 1, kind="talk"))

    def _preamble(self) -> None:
        """ "For the board deck: how many flights ...": words before a colon or a dash that
        name nothing in the data say why the question is asked, not what it asks."""
        breaks = [i for i, t in enumerate(self.tokens) if t.norm in (":", "\u2014")]
        if not breaks or breaks[0] + 1 >= len(self.tokens):
            return
        end = breaks[0]
        if any(item.start < end and not isinstance(item, WordItem) for item in self.items):
            return
        if any(self._free(i, i + 1) for i in range(end)):
            self.items = [item for item in self.items if item.start >= end]
            self.claimed[:end] = [False] * end
            self._claim(WordItem(0, end + 1, kind="talk"))

    def _formulas(self) -> None:
        """ "(supply cost x available quantity)": two number columns of one table and what
        joins them, in brackets: how the figure just named is made (the composer checks it)."""
        for i, token in enumerate(self.tokens):
            if token.norm != "(" or not self._free(i, i + 1):
                continue
            first = self._number_column_at(i + 1)
            if first is None:
                continue
            j = first[1]
            for op in ("x", "times", "multiplied by", "by"):
                words = op.split()
                if [self._norm(k) for k in range(j, j + len(words))] == words:
                    j += len(words)
                    break
            second = self._number_column_at(j)
            if second is None or first[0].cube != second[0].cube or self._norm(second[1]) != ")":
                continue
            if self._free(i, second[1] + 1):
                names = f"{first[0].name},{second[0].name}"
                self._claim(WordItem(i, second[1] + 1, kind="formula", value=names))

    def _number_column_at(self, i: int) -> tuple[Member, int] | None:
        for end, phrase in self.lexicon.phrases_at(self.tokens, i):
            member = phrase.member
            if phrase.kind == "member" and member.kind == "dimension" and member.type == "number":
                return member, end
        return None

    def _one_row_words(self) -> None:
        """ "the single biggest delay", "the largest individual order": beside a superlative,
        the extreme of one row, not of a total or an average."""
        ranks = [
            i for i in self.items if isinstance(i, WordItem) and i.kind in ("superlative", "polar")
        ]
        for i, token in enumerate(self.tokens):
            beside = any(r.end == i or r.start == i + 1 for r in ranks)
            if token.norm in lang.ONE_ROW_WORDS and self._free(i, i + 1) and beside:
                self._claim(WordItem(i, i + 1, kind="one row"))

    def _value_written_before_its_noun(self, i: int, candidates: list[Item]) -> Item | None:
        """ "by SHIP mode", "the AIR ship mode": a value written in capitals, then its own
        column's noun, is that value (the noun restates what it is)."""
        token = self.tokens[i]
        if not (token.cased and token.text.isupper() and len(token.text) > 1):
            return None
        values = [c for c in candidates if isinstance(c, ValueItem)]
        members = [c for c in candidates if isinstance(c, MemberItem)]
        for value in values:
            dims = {m.dimension.name for m in value.matches}
            for member in members:
                if member.end > value.end and dims & {m.name for m in member.members}:
                    return ValueItem(i, member.end, matches=value.matches)
        return None

    def _limit(self, i: int) -> WordItem | None:
        """ "top 5", "5 most", "the 3 busiest", "first 10": how many rows the answer lists."""
        norm = self._norm(i)
        if norm in ("top", "bottom", "first", "last") and self._free(i, i + 2):
            count = _count(self._norm(i + 1))
            if count is not None:
                direction = "asc" if norm == "bottom" else "desc" if norm == "top" else ""
                return WordItem(i, i + 2, kind="limit", number=count, value=direction)
        nth = lang.ordinal(norm)
        following = self.tokens[i + 1].norm if i + 1 < len(self.tokens) else ""
        if nth is not None and 1 < nth <= 100 and self._free(i, i + 1) and _ranks(following):
            # "the second busiest", "3rd largest": one row, after the ones ranked above it
            return WordItem(i, i + 1, kind="limit", number=1, offset=nth - 1)
        count = _count(norm)
        if count is not None and self._free(i, i + 1):
            nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
            if nxt and (
                nxt.norm in lang.SUPERLATIVES
                or nxt.norm.endswith("est")
                or self._norm(i - 1) in ("which", "what", "the", "top", "bottom")
            ):
                return WordItem(i, i + 1, kind="limit", number=count)
        return None


# Words after which a verb's word is a noun: "left on schedule" says when, not who flew.
_NOUN_MARKERS = ("on", "the", "a", "an", "behind", "ahead", "of", "at")


def _ranks(norm: str) -> bool:
    """A word that ranks: "most", "largest", "busiest"."""
    return norm in lang.SUPERLATIVES or norm in ("most", "least") or norm.endswith("est")


def _count(norm: str) -> int | None:
    value = lang.number(norm)
    if value is None and norm in ("one", "two", "three"):
        value = float(lang.SMALL_NUMBERS[norm])
    if value is None or not value.is_integer() or not 0 < value <= 1000:
        return None
    return int(value)


def _unique(members: list[Member]) -> list[Member]:
    seen: dict[str, Member] = {}
    for member in members:
        seen.setdefault(member.name, member)
    return list(seen.values())


def _own_ends(a: ValueItem, b: ValueItem) -> list[ValueMatch]:
    """`a`'s columns but the one `b` can only be: between LaGuardia and Atlanta (only a
    destination), LaGuardia is the origin."""
    only = {m.dimension.name for m in b.matches}
    if len(only) > 1:
        return a.matches
    return [m for m in a.matches if m.dimension.name not in only] or a.matches


def _apart(a: list[ValueMatch], b: list[ValueMatch]) -> bool:
    """Whether `a` names a value of a column `b` has none of."""
    return bool({m.dimension.name for m in a} - {m.dimension.name for m in b})
