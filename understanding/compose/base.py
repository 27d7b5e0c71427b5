"""The composer's state and the helpers every step shares: what stands beside what,
which words come before an item, which column a role means, and how to ask."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from models.ask import CubeFilter
from understanding import language as lang
from understanding.catalog import Catalog, Member
from understanding.lexicon import Lexicon
from understanding.reader import (
    ComparisonItem,
    Item,
    MemberItem,
    Reading,
    ScopeItem,
    TimeItem,
    ValueItem,
    VerbItem,
    WordItem,
)

Direction = Literal["asc", "desc"]
# Items whose words may stand between a cue or negation and the value it governs.
PASSABLE = (VerbItem, ScopeItem)


class NeedsClarification(Exception):
    """A question back, naming what was not understood; `spans` are the words it is about
    (token positions), which the person's answer replaces."""

    def __init__(
        self,
        question: str,
        options: list[str],
        spans: list[tuple[int, int]] | None = None,
        insert: bool = False,
    ) -> None:
        super().__init__(question)
        self.question = question
        self.options = options
        self.spans = spans or []
        self.insert = insert  # the answer goes before the words ("air time" less than 45 minutes)


@dataclass
class ValueList:
    """Values of one dimension named together: "JetBlue or Southwest", "JFK and LGA"."""

    items: list[ValueItem]
    dimension: Member
    values: list[str]
    each: bool = False  # "and": show each (grouped); "or": count them together
    negated: bool = False


@dataclass
class ComposerBase:
    reading: Reading
    catalog: Catalog
    lexicon: Lexicon
    measure: Member | None = None
    # each grouping with the dimensions its words may mean, settled once the measure is known
    group_candidates: list[list[Member]] = field(default_factory=list)
    rates: set[int] = field(default_factory=set)  # candidates named after "per"
    lists_things: bool = True  # "Romanian suppliers": their names (not in a plan's parts)
    groups: list[Member] = field(default_factory=list)
    granularity: str | None = None
    filters: list[CubeFilter] = field(default_factory=list)
    lists: list[ValueList] = field(default_factory=list)
    comparisons: list[tuple[ComparisonItem, Member]] = field(default_factory=list)

    # -- the whole -------------------------------------------------------------------------

    def _ask_about(
        self,
        items: Iterable[Item],
        why: str,
        options: list[str] | None = None,
        insert: bool = False,
    ) -> None:
        items = list(items)
        words = ", ".join(f'"{self.reading.text(i)}"' for i in items)
        spans = [(i.start, i.end) for i in items]
        raise NeedsClarification(f"I understood {words} but {why}", options or [], spans, insert)

    def _by_role(
        self, dims: list[Member], near: Item | None = None, fallback: bool = True
    ) -> Member | None:
        """Among columns that fit a comparison, the one the question's verbs point at
        ("arrived" -> arrival delay, "built" -> year built), the verb nearest before `near`
        first ("arrived late but didn't leave late"), else the model's primary one."""
        context = self._context_cubes()
        if context:
            dims = [
                d for d in dims if any(d.cube in self.catalog.reachable(c) for c in context)
            ] or dims
        if len(dims) == 1:
            return dims[0]
        verbs = [v for v in self.reading.of(VerbItem) if isinstance(v, VerbItem)]
        at = near.start if near is not None else len(self.reading.tokens)
        # the nearest verb before the words, then the others; longer phrases first at a tie
        ranked = sorted(verbs, key=lambda v: (v.start > at, abs(at - v.start), v.start - v.end))
        for verb in ranked:
            hits = [d for d in dims if d in verb.members]
            if len(hits) == 1:
                return hits[0]
        primary = [d for d in dims if d.primary and fallback]
        return primary[0] if len(primary) == 1 else None

    def _context_cubes(self) -> set[str]:
        """Cubes the question's nouns and values belong to: "flights longer than 2,000 miles"
        is about flights, so the distance meant is a flight's."""
        cubes = {
            m.cube
            for i in self.reading.of(MemberItem)
            if isinstance(i, MemberItem)
            for m in i.members
            if m.kind == "measure"
        }
        cubes |= {
            m.dimension.cube
            for i in self.reading.of(ValueItem)
            if isinstance(i, ValueItem)
            for m in i.matches
        }
        return cubes

    def _cue_before(self, start: int) -> list[lang.Token]:
        """Up to three words before a value, skipping verbs and negations ("not operated by")."""
        tokens = self.reading.tokens
        return tokens[max(0, start - 3) : start]

    @staticmethod
    def _cue_matches(words: list[lang.Token], cue: str) -> bool:
        return lang.longest_cue(words, (cue,)) > 0

    def _negated(self, first: Item) -> bool:
        """A negation shortly before: "not operated by United", "other than Delta"."""
        for word in self.reading.words("negation"):
            if word.end <= first.start and self._only_passable(word.end, first.start):
                word.used = True
                return True
        return False

    def _only_passable(self, start: int, end: int) -> bool:
        """Nothing but function words, verbs, cues and connectors between two positions."""
        for item in self.reading.items:
            if item.start >= start and item.end <= end:
                if isinstance(item, PASSABLE):
                    continue
                if isinstance(item, WordItem) and item.kind in ("group", "connector", "question"):
                    continue
                return False
        return end - start <= 5

    def _measure_options(self, cube: str | None) -> list[str]:
        home = cube or self._central_cube()
        measures = [m for m in self.catalog.measures() if m.cube == home] or self.catalog.measures()
        return [m.short_title.lower() for m in measures if m.agg in ("count", "avg", "number")][:6]

    def _filter_cubes(self) -> set[str]:
        cubes = {vl.dimension.cube for vl in self.lists}
        cubes |= {target.cube for _, target in self.comparisons}
        cubes |= {self.catalog.members[f.member].cube for f in self.filters}
        cubes |= {c[0].cube for c in self.group_candidates if len(c) == 1}
        return cubes

    def _central_cube(self) -> str | None:
        """The cube that joins to most others: the data's events (flights, orders)."""
        counts = [m for m in self.catalog.measures() if m.agg == "count"]
        best = max(counts, key=lambda m: len(self.catalog.reachable(m.cube)), default=None)
        return best.cube if best else None

    def _has_grouping(self) -> bool:
        if self.group_candidates or self.granularity:
            return True
        return bool(any(vl.each and len(vl.items) > 1 for vl in self.lists))

    def _time_part(self, part: str) -> Member | None:
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        parts = [d for d in self.catalog.dimensions() if d.time_part == part and d.cube in reach]
        home = [d for d in parts if d.cube == self.measure.cube]
        return next(iter(home or parts), None)

    def _quality_options(self) -> list[str]:
        return [
            f"lowest {m.short_title.lower()}"
            for m in self.catalog.measures()
            if m.agg == "avg"
            and (c := self.catalog.members.get(m.of or ""))
            and c.better == "lower"
        ]

    def _counted_through(
        self, fits: Callable[[str], bool], also: frozenset[str] = frozenset()
    ) -> Member | None:
        """A count of things ("customers") that cannot carry what the question says of them
        (a date, a value of their orders): the different things among the rows the question
        names ("placed orders", "bought") or `also` names, counted there where `fits` that
        cube."""
        assert self.measure is not None
        if self.measure.agg != "count":
            return None
        wanted = _counted_noun(self.measure.short_title)
        named = {
            m.cube
            for item in self.reading.items
            if isinstance(item, MemberItem | VerbItem)
            for m in item.members
            if m.agg == "count" and m.cube != self.measure.cube
        } | (also - {self.measure.cube})
        found = [
            m
            for m in self.catalog.measures()
            if m.agg == "countDistinct"
            and m.cube in named
            and (_counted_noun(m.short_title) == wanted or self._counts_keys_of(m))
            and fits(m.cube)
        ]
        return found[0] if len(found) == 1 else None

    def _counts_keys_of(self, distinct: Member) -> bool:
        """A count of different keys that name the measure's things: "Distinct origins" counts
        the origin airports an origin code names."""
        assert self.measure is not None
        key = self.catalog.members.get(distinct.of or "")
        return key is not None and self.measure.cube in self.catalog.described_at(key)

    def _reached_back(self, cubes: set[str]) -> bool:
        """ "the seats of the planes JetBlue flew": rows that belong to the things measured
        (flights, of planes) say which things; one query rooted at those rows reaches both,
        where the question names the things."""
        assert self.measure is not None
        counted = self.catalog.count_measure(self.measure.cube)
        named = any(isinstance(i, MemberItem) and counted in i.members for i in self.reading.items)
        return named and self.catalog.joined_from({self.measure.cube, *cubes}) is not None

    def _plain_degree(self, word: WordItem) -> bool:
        """ "windy days", "the most long flights": the adjective as it is, not ranked itself
        ("the windiest", "the most expensive"), names a threshold nobody gave."""
        assert word.member is not None
        if self._norm(word) not in {*word.member.higher, *word.member.lower}:
            return False
        before = self._norm_at(word.start - 1)
        if before in ("most", "least", "more", "less"):
            # "the most expensive": ranked; "the most long flights": "long" has its own
            # "longest", so "most" counts the flights
            return lang.syllables(self._norm(word)) == 1
        return before != "how"

    def _value_said_as_rows(self, item: ValueItem) -> bool:
        """A value said as a plural noun ("cancellations"): the rows that have it."""
        last = self.reading.tokens[item.end - 1].norm
        one_word = item.end - item.start == 1 and lang.is_dictionary_word(last)
        return one_word and lang.singular(last) != last

    def _counts_itself(self, item: MemberItem) -> bool:
        assert self.measure is not None
        return any(m.agg == "count" and m.cube == self.measure.cube for m in item.members)

    def _unused(self, kind: type[MemberItem]) -> list[MemberItem]:
        return [i for i in self.reading.of(kind) if isinstance(i, kind) and not i.used]

    def _norm(self, item: Item) -> str:
        return " ".join(t.norm for t in self.reading.tokens[item.start : item.end])

    def _each_words(self) -> list[WordItem]:
        """ "for each carrier", "every month": groups said one by one, each with its own
        figure (not the pronoun: "how many did each have")."""
        return [
            w
            for w in self.reading.words("group")
            if self._norm(w) in ("each", "every", "for each", "for every")
            and self._adjacent(w, (MemberItem, ScopeItem, WordItem), after=True) is not None
        ]

    def _norm_at(self, i: int) -> str:
        return self.reading.tokens[i].norm if 0 <= i < len(self.reading.tokens) else ""

    def _prefer(self, members: list[Member]) -> Member:
        """Among members a phrase names: the one nearest the other things the question names
        ("suppliers with a negative account balance": the supplier's balance), then the model's
        primary one, then the one on the cube questions are mostly about."""
        ranked = sorted(
            members,
            key=lambda m: (
                self._distance_to_rest(m, members),
                not m.primary,
                -self._weight(m.cube),
            ),
        )
        return ranked[0]

    def _distance_to_rest(self, member: Member, rivals: list[Member]) -> int:
        """Joins from the member's cube to each other noun or value of the question (the
        nearest of its meanings), summed; phrases naming one of the rivals do not count."""
        total = 0
        for item in self.reading.items:
            if isinstance(item, MemberItem | VerbItem):  # "supplied by Japan": the suppliers'
                cubes = {m.cube for m in item.members}
                named = set(item.members)
            elif isinstance(item, ValueItem):
                cubes = {v.dimension.cube for v in item.matches}
                named = {v.dimension for v in item.matches}
            else:
                continue
            if cubes and not named & set(rivals):
                total += min(min(self.catalog.distance(member.cube, c) for c in cubes), 2)
        return total

    def _weight(self, cube: str) -> int:
        return len(self.catalog.reachable(cube))

    def _measured(self, column: Member) -> bool:
        return any(m.of == column.name for m in self.catalog.measures())

    def _measure_of(self, column: Member, agg: str) -> Member | None:
        for measure in self.catalog.measures():
            if measure.of == column.name and measure.agg == agg:
                return measure
        return None

    def _adjacent(
        self,
        item: Item,
        kind: type[Item] | tuple[type[Item], ...],
        after: bool,
        start: int | None = None,
    ) -> Item | None:
        """The next item of `kind` before or after `item` with only function words between."""
        items = [i for i in self.reading.items if not self._passable(i) or isinstance(i, kind)]
        if after:
            position = start if start is not None else item.end
            following = [i for i in items if i.start >= position]
            nxt = min(following, key=lambda i: i.start, default=None)
            if (
                nxt is not None
                and isinstance(nxt, kind)
                and self._gap_is_function(position, nxt.start)
            ):
                return nxt
            return None
        preceding = [i for i in items if i.end <= item.start]
        prev = max(preceding, key=lambda i: i.end, default=None)
        if (
            prev is not None
            and isinstance(prev, kind)
            and self._gap_is_function(prev.end, item.start)
        ):
            return prev
        return None

    def _passable(self, item: Item) -> bool:
        """Verbs, scope phrases and the "by" of a passive ("delayed by") stand between words
        without changing what they say about each other."""
        if isinstance(item, PASSABLE):
            return True
        return isinstance(item, WordItem) and item.kind == "group" and self._norm(item) == "by"

    def _gap_is_function(self, start: int, end: int) -> bool:
        """Only function words (or verbs and scope phrases) between two positions."""
        covered = {
            i
            for item in self.reading.items
            if self._passable(item)
            for i in range(item.start, item.end)
        }
        return end - start <= 4 and all(
            i in covered or lang.is_function_word(self.reading.tokens[i]) for i in range(start, end)
        )

    def _words_before(self, item: Item) -> list[WordItem]:
        """The unused aggregation, superlative and limit words right before `item`, past values
        used as adjectives ("the average number of seats", "how many Embraer planes")."""
        found: list[WordItem] = []
        position = item.start
        for candidate in sorted(self.reading.items, key=lambda i: -i.start):
            if candidate.end > position:
                continue
            if not self._gap_is_function(candidate.end, position):
                break
            if isinstance(candidate, WordItem) and candidate.kind in (
                "agg",
                "superlative",
                "frequency",
                "polar",
                "quality",
                "limit",
            ):
                if not candidate.used:
                    found.append(candidate)
            elif isinstance(candidate, WordItem) and candidate.kind in ("one row", "unit"):
                pass  # "the largest individual delay", "total hours in the air"
            elif not isinstance(candidate, (ValueItem, ScopeItem, TimeItem, VerbItem)):
                break
            position = candidate.start
        return list(reversed(found))

    def _word_before(self, item: Item, kinds: tuple[str, ...]) -> WordItem | None:
        return next((w for w in reversed(self._words_before(item)) if w.kind in kinds), None)

    def _bind_words_before(self, item: Item, kinds: tuple[str, ...], measure: Member) -> None:
        """ "total revenue", "the average delay rate": an aggregation word the measure already
        is; "the average revenue" (of what: an order, a customer?) is left to be asked."""
        word = self._word_before(item, kinds)
        if word is None:
            return
        if measure.agg in _AGREEING.get(str(word.value), ()) or self._norm(word) in lang.TOGETHER:
            word.used = True  # "the overall profit margin": the figure over all rows


# The measures an aggregation word before them agrees with: a rate (agg "number") is an
# average of its rows.
_AGREEING = {
    "avg": ("avg", "number"),
    "sum": ("sum", "count", "countDistinct"),
    "min": ("min",),
    "max": ("max",),
}


def aggregatable(member: Member) -> bool:
    return (
        member.kind == "dimension"
        and member.type == "number"
        and member.unit != "clock"
        and not member.time_part
    )


def number_filter(member: str, op: str, value: float) -> CubeFilter:
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return CubeFilter.model_validate({"member": member, "operator": op, "values": [text]})


# Words of a count's title around the things counted: "Number of different customers",
# "Distinct customers", "Count of unique customers" all count customers.
_COUNT_TITLE_WORDS = frozenset({"number", "of", "count", "distinct", "different", "unique"})


def _counted_noun(title: str) -> str:
    return " ".join(w for w in title.lower().split() if w not in _COUNT_TITLE_WORDS)
