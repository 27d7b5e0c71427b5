"""Composing a query from what the reader found: aggregation x column, filters, time, grouping,
order and limit, over any member of the semantic layer.

Every piece of evidence must take part in the query. A piece that does not fit (a value no
reachable dimension holds, a date on data without dates, "highest" with nothing to rank), and
any word nobody explained, stops composition with a clarification that names those words:
a question back is cheap, a confident answer to a different question is not.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from services.understanding import language as lang
from services.understanding.catalog import Catalog, Member
from services.understanding.lexicon import Lexicon, ValueMatch
from services.understanding.reader import (
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
from services.understanding.suggest import candidates_for
from workflows.models import CubeFilter, CubeQuery, TimeDimension

Direction = Literal["asc", "desc"]
# Items whose words may stand between a cue or negation and the value it governs.
_PASSABLE = (VerbItem, ScopeItem)


class NeedsClarification(Exception):
    """A question back, naming what was not understood; `spans` are the words it is about
    (token positions), which the person's answer replaces."""

    def __init__(
        self, question: str, options: list[str], spans: list[tuple[int, int]] | None = None
    ) -> None:
        super().__init__(question)
        self.question = question
        self.options = options
        self.spans = spans or []


@dataclass
class ValueList:
    """Values of one dimension named together: "JetBlue or Southwest", "JFK and LGA"."""

    items: list[ValueItem]
    dimension: Member
    values: list[str]
    each: bool = False  # "and": show each (grouped); "or": count them together
    negated: bool = False


@dataclass
class Composer:
    reading: Reading
    catalog: Catalog
    lexicon: Lexicon
    measure: Member | None = None
    # each grouping with the dimensions its words may mean, settled once the measure is known
    group_candidates: list[list[Member]] = field(default_factory=list)
    groups: list[Member] = field(default_factory=list)
    granularity: str | None = None
    filters: list[CubeFilter] = field(default_factory=list)
    lists: list[ValueList] = field(default_factory=list)
    comparisons: list[tuple[ComparisonItem, Member]] = field(default_factory=list)

    # -- the whole -------------------------------------------------------------------------

    def compose(self) -> CubeQuery:
        self._check_leftovers()
        self._targets()
        self._value_lists()
        self._explicit_groups()
        self._choose_measure()
        assert self.measure is not None
        self._implicit_groups()
        self._settle_groups()
        self._value_filters()
        self._comparison_filters()
        query = CubeQuery(measures=[self.measure.name], filters=self.filters)
        self._time(query)
        self._grouping(query)
        self._order(query)
        self._check_reach(query)
        self._check_all_used()
        return query

    # -- words nobody explained ------------------------------------------------------------

    def _check_leftovers(self) -> None:
        unsupported = self.reading.words("unsupported")
        if unsupported:
            self._ask_about(unsupported, "cannot compute that from this data; ask without it?")
        spans = self.reading.leftovers()
        if not spans:
            return
        words = [" ".join(t.text for t in self.reading.tokens[a:b]) for a, b in spans]
        options = candidates_for(words, self.lexicon, self.catalog)
        quoted = ", ".join(f'"{w}"' for w in words)
        hint = " Did you mean one of these?" if options else ""
        raise NeedsClarification(
            f"I could not match {quoted} to anything in the data.{hint}", options, spans
        )

    def _ask_about(self, items: Iterable[Item], why: str, options: list[str] | None = None) -> None:
        items = list(items)
        words = ", ".join(f'"{self.reading.text(i)}"' for i in items)
        spans = [(i.start, i.end) for i in items]
        raise NeedsClarification(f"I understood {words} but {why}", options or [], spans)

    # -- comparison and missing-value targets ----------------------------------------------

    def _targets(self) -> None:
        for item in self.reading.of(ComparisonItem):
            assert isinstance(item, ComparisonItem)
            target = self._comparison_target(item)
            if target is None:
                self._ask_about([item], "not which number it limits.", self._unit_options(item))
            assert target is not None
            item.used = True
            self.comparisons.append((item, target))
        self._signs_named_by_columns()
        for word in self.reading.words("missing"):
            mention = self._adjacent(word, MemberItem, after=True) or self._adjacent(
                word, MemberItem, after=False
            )
            if mention is None:
                self._ask_about([word], "not which value is missing.")
            assert isinstance(mention, MemberItem)
            dims = [m for m in mention.members if m.kind == "dimension"]
            if not dims:
                self._ask_about([word, mention], "cannot tell which column is missing.")
            mention.used = word.used = True
            self.filters.append(CubeFilter(member=self._prefer(dims).name, operator="notSet"))
            self._negate_if_asked(word, "missing")
        for item in self.reading.of(TimeItem):
            assert isinstance(item, TimeItem)
            self._year_as_value(item)

    def _signs_named_by_columns(self) -> None:
        """ "How many flights were delayed?": a column's sign word (meta above/below_zero) as
        written, with no number, is the sign: a delay above zero."""
        for item in self._unused(MemberItem):
            said = self._norm(item)
            if self._word_before(item, ("superlative",)):
                continue  # "the most delayed": ranked by the delay, not filtered on it
            for column in item.members:
                above, below = said in column.above_zero, said in column.below_zero
                if column.kind == "dimension" and (above or below):
                    item.used = True
                    op = "gt" if above else "lt"
                    if self._negated(item):
                        op = lang.NEGATED[op]
                    self.filters.append(_number_filter(column.name, op, 0))
                    break

    def _comparison_target(self, item: ComparisonItem) -> Member | None:
        if item.member is not None:
            return item.member
        named = self._named_target(item)
        if named is not None:
            return named
        if item.sign_word:
            dims = [
                d
                for d in self.catalog.dimensions()
                if item.sign_word in (d.above_zero if item.sign > 0 else d.below_zero)
            ]
            return self._by_role(dims, item)
        if item.unit is None:
            return None
        dims = [d for d in self.catalog.dimensions() if d.unit == item.unit]
        return self._by_role(dims, item)

    def _named_target(self, item: ComparisonItem) -> Member | None:
        """A column or count named beside the number: "more than 300 seats", "a departure
        delay of over 2 hours", "fewer than 10 flights"."""
        for mention, after in (
            (self._adjacent(item, MemberItem, after=True, start=item.quantity_end), True),
            (self._adjacent(item, MemberItem, after=False), False),
        ):
            if not isinstance(mention, MemberItem):
                continue
            numbers = [
                m
                for m in mention.members
                if (m.type == "number" and m.unit != "clock")
                or (m.unit == "clock" and item.unit == "clock")
            ]
            if not after or item.unit is not None:
                # only a plain number right before a noun counts rows ("fewer than 10 flights")
                numbers = [m for m in numbers if m.kind == "dimension"]
            if item.unit not in (None, "year") or after:
                numbers = [m for m in numbers if _unit_fits(m, item.unit)]
            if numbers:
                mention.used = True
                if after and mention.end > item.end:
                    item.end = mention.end
                return self._prefer(numbers)
        return None

    def _by_role(self, dims: list[Member], near: Item | None = None) -> Member | None:
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
        primary = [d for d in dims if d.primary]
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

    def _unit_options(self, item: ComparisonItem) -> list[str]:
        dims = [d for d in self.catalog.dimensions() if item.unit and d.unit == item.unit]
        return [d.short_title.lower() for d in dims][:6]

    def _year_as_value(self, item: TimeItem) -> None:
        """ "built in 2005": a year that belongs to a year column, not to the calendar."""
        if item.kind != "year" or item.year is None:
            return
        before = self._adjacent(item, (VerbItem, MemberItem), after=False)
        if not isinstance(before, (VerbItem, MemberItem)):
            return
        years = [m for m in before.members if m.kind == "dimension" and m.unit == "year"]
        if years:
            item.used = before.used = True
            self.filters.append(
                CubeFilter(member=years[0].name, operator="equals", values=[str(item.year)])
            )

    # -- values ----------------------------------------------------------------------------

    def _value_lists(self) -> None:
        """Values named together form one list on one dimension."""
        values = [v for v in self.reading.of(ValueItem) if isinstance(v, ValueItem)]
        runs: list[list[ValueItem]] = []
        for value in values:
            if runs and self._joined(runs[-1][-1], value) and _shared_dims(runs[-1] + [value]):
                runs[-1].append(value)
            else:
                runs.append([value])
        for run in runs:
            dims = _shared_dims(run)
            if not dims:
                dims = [m.dimension for m in run[0].matches]
            connectors = self._between_words(run[0].start, run[-1].end)
            self.lists.append(
                ValueList(
                    items=run,
                    dimension=self._pick_dimension(run, dims),
                    values=[],
                    each=self._side_by_side(connectors),
                )
            )
        self._compare_lists()

    def _side_by_side(self, connectors: set[str]) -> bool:
        """ "JFK and LGA" are shown each on its own row where the question asks for each, to
        compare, or which; otherwise "and" and "or" both mean all of them together ("flights
        by Envoy and Mesa in total")."""
        if self.reading.words("compare", "comparative"):
            return True
        if "or" in connectors or "nor" in connectors or "and" not in connectors:
            return False
        asked = {self._norm(w) for w in self.reading.words("group", "question", "compare")}
        return bool(asked & {"each", "every", "for each", "which", "what", "respectively"}) or bool(
            self.reading.words("compare", "comparative")
        )

    def _joined(self, a: ValueItem, b: ValueItem) -> bool:
        """Only connectors stand between two values of a list, and the same cue repeated
        ("from JFK or from LGA"); "from LGA to Atlanta" are two lists."""
        between = [t.norm for t in self.reading.tokens[a.end : b.start]]
        if not between or not any(w in lang.CONNECTORS for w in between):
            return all(w in ("(", ")", ",") for w in between)
        cues = [w for w in between if w not in lang.CONNECTORS]
        before = self.reading.tokens[a.start - 1].norm if a.start else ""
        return all(c == before for c in cues)

    def _between_words(self, start: int, end: int) -> set[str]:
        return {t.norm for t in self.reading.tokens[start:end]}

    def _compare_lists(self) -> None:
        """ "Compare JFK and LGA", "JFK versus LGA", "JFK ... compared with LGA": values of one
        dimension anywhere in a comparing question are shown side by side."""
        compare = self.reading.words("compare", "comparative")
        if not compare:
            return
        by_dim: dict[str, list[ValueList]] = {}
        for value_list in self.lists:
            by_dim.setdefault(value_list.dimension.name, []).append(value_list)
        for lists in by_dim.values():
            if sum(len(vl.items) for vl in lists) < 2:
                continue
            first = lists[0]
            for other in lists[1:]:
                first.items += other.items
                self.lists.remove(other)
            first.each = True
            for word in compare:
                word.used = word.kind == "compare"  # a comparative still says which way to rank

    def _pick_dimension(self, run: list[ValueItem], dims: list[Member]) -> Member:
        """Where a value belongs to several dimensions: a member named beside it ("airline
        Delta"), else the cue before it ("from", "to"), else the model's order."""
        close = self._adjacent(run[0], MemberItem, after=False)
        if close is not None and close.end < run[0].start:
            close = None  # only a member right beside the value: "airline Delta"
        for hint in (
            close,
            self._cued(run[0], dims),
            self._hint_before(run[0]),
            self._adjacent(run[-1], MemberItem, after=True),
            self._best_named(run, dims),
        ):
            if isinstance(hint, Member):
                return hint
            if isinstance(hint, MemberItem):
                named = [
                    d
                    for d in dims
                    if any(
                        m.name in {d.name, *d.aliases, d.label_member or ""} for m in hint.members
                    )
                ]
                if named:
                    hint.used = True
                    return named[0]
        return dims[0]

    def _best_named(self, run: list[ValueItem], dims: list[Member]) -> Member | None:
        """The dimension whose value the words name most fully: "Southwest" is the airline
        Southwest Airlines Co. rather than the airport Southwest Florida Intl."""
        coverage = {d.name: 0.0 for d in dims}
        for item in run:
            for match in item.matches:
                if match.dimension.name in coverage:
                    coverage[match.dimension.name] += match.coverage
        best = max(coverage.values(), default=0.0)
        fullest = [d for d in dims if coverage[d.name] == best]
        return fullest[0] if len(fullest) == 1 else None

    def _cued(self, first: Item, dims: list[Member]) -> Member | None:
        """The dimension whose cue stands before the value: "from" JFK, "to" Denver."""
        cue = self._cue_before(first.start)
        cued = [d for d in dims if any(self._cue_matches(cue, c) for c in d.value_cues)]
        return cued[0] if cued else None

    def _hint_before(self, first: Item) -> Item | None:
        """A member named before a value, past a negation: "destinations other than Atlanta"."""
        for word in sorted(self.reading.words("negation"), key=lambda w: -w.start):
            if word.end <= first.start and self._gap_is_function(word.end, first.start):
                return self._adjacent(word, MemberItem, after=False)
        return None

    def _cue_before(self, start: int) -> list[lang.Token]:
        """Up to three words before a value, skipping verbs and negations ("not operated by")."""
        tokens = self.reading.tokens
        return tokens[max(0, start - 3) : start]

    @staticmethod
    def _cue_matches(words: list[lang.Token], cue: str) -> bool:
        cue_tokens = lang.phrase_tokens(cue)
        tail = words[-len(cue_tokens) :] if cue_tokens else []
        return len(tail) == len(cue_tokens) and all(
            lang.same_word(a, b) for a, b in zip(cue_tokens, tail, strict=True)
        )

    def _value_filters(self) -> None:
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        for value_list in self.lists:
            if value_list.dimension.cube not in reach:
                value_list.dimension = self._reachable_dimension(value_list, reach)
            dim = value_list.dimension
            values: list[str] = []
            for item in value_list.items:
                item.used = True
                for match in item.matches:
                    if match.dimension.name == dim.name:
                        self._one_sense(item, match)
                        values += [v for v in match.values if v not in values]
            value_list.values = sorted(values)
            value_list.negated = self._negated(value_list.items[0])
            rate = self.measure.rate_of
            if rate and rate.member == dim.name and values == [rate.value]:
                continue  # "percentage ... cancelled": the rate measure says it already
            operator = "notEquals" if value_list.negated else "equals"
            self.filters.append(
                CubeFilter(member=dim.name, operator=operator, values=value_list.values)
            )

    def _one_sense(self, item: ValueItem, match: ValueMatch) -> None:
        """ "Washington": the city (IAD, DCA) or the state (SEA)? Whole names of different
        things are asked about, with each meaning's values as the options."""
        if match.senses:
            options = [" or ".join(values[:6]) for _, values in match.senses]
            self._ask_about([item], "it names different things here.", options)

    def _reachable_dimension(self, value_list: ValueList, reach: set[str]) -> Member:
        for item in value_list.items:
            for match in item.matches:
                if match.dimension.cube in reach:
                    return match.dimension
        assert self.measure is not None
        self._ask_about(
            value_list.items,
            f"{self.measure.short_title.lower()} cannot be broken down by it.",
            self._measure_options(value_list.dimension.cube),
        )
        raise AssertionError  # _ask_about raised

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
                if isinstance(item, _PASSABLE):
                    continue
                if isinstance(item, WordItem) and item.kind in ("group", "connector", "question"):
                    continue
                return False
        return end - start <= 5

    def _negate_if_asked(self, item: Item, what: str) -> None:
        for word in self.reading.words("negation"):
            if word.end <= item.start and self._only_passable(word.end, item.start):
                self._ask_about([word, item], f"not what it means for a {what} value.")

    # -- the measure -----------------------------------------------------------------------

    def _choose_measure(self) -> None:
        for choose in (
            self._rate_measure,
            self._named_measure,
            self._column_measure,
            self._counted_measure,
            self._implied_count,
        ):
            measure = choose()
            if measure is not None:
                self.measure = measure
                return
        vague = self.reading.words("quality")  # "the best ones": best by which number?
        detail = f' ("{self.reading.text(vague[0])}" by which measure?)' if vague else ""
        raise NeedsClarification(
            f"I need clarification: which number should I compute{detail}?",
            self._measure_options(None),
            [(w.start, w.end) for w in vague],
        )

    def _measure_options(self, cube: str | None) -> list[str]:
        home = cube or self._central_cube()
        measures = [m for m in self.catalog.measures() if m.cube == home] or self.catalog.measures()
        return [m.short_title.lower() for m in measures if m.agg in ("count", "avg", "number")][:6]

    def _rate_measure(self) -> Member | None:
        """ "What percentage of flights were cancelled": the rate of a value (meta rate_of)."""
        words = [w for w in self.reading.words("agg") if w.value == "rate"]
        if not words:
            return None
        rates = [m for m in self.catalog.measures() if m.rate_of]
        for value_list in self.lists:
            for measure in rates:
                assert measure.rate_of is not None
                if any(
                    measure.rate_of.value in m.values and m.dimension.name == measure.rate_of.member
                    for item in value_list.items
                    for m in item.matches
                ):
                    value_list.dimension = self.catalog.members[measure.rate_of.member]
                    for word in words:
                        word.used = True
                    return measure
        named = [m for item in self._unused(MemberItem) for m in item.members if m.rate_of]
        if named:
            return named[0]
        options = [f"{m.short_title.lower()}" for m in rates]
        self._ask_about(words, "I can only give these shares: " + ", ".join(options) + ".", options)
        return None

    def _named_measure(self) -> Member | None:
        """A measure named by its own title or synonym: "total distance", "cancellation rate",
        "number of flights" (a count named by its title, not just by its noun)."""
        for item in self._unused(MemberItem):
            said = self._norm(item)
            measures = [
                m
                for m in item.members
                if m.kind == "measure" and (m.agg != "count" or said == m.short_title.lower())
            ]
            if measures:
                item.used = True
                self._bind_words_before(item, ("agg",))
                column = self.catalog.members.get(measures[0].of or "")
                if column is not None:
                    self._absorb_after(item, column)
                return measures[0]
        return None

    def _column_measure(self) -> Member | None:
        """Aggregation x column: "average seats", "highest wind speed", "longest distance"."""
        for item in self._unused(MemberItem):
            columns = [m for m in item.members if _aggregatable(m)]
            if not columns:
                continue
            column = self._prefer(columns)
            agg = self._aggregation_for(item, column)
            measure = self._measure_of(column, agg)
            if measure is None:
                self._ask_about([item], f"there is no {agg} of {column.short_title.lower()}.")
            item.used = True
            self._absorb_after(item, column)
            return measure
        unit = self._column_by_unit()
        if unit is not None:
            return unit
        polar = [w for w in self.reading.words("polar") if w.member and _aggregatable(w.member)]
        if polar:
            word = polar[0]
            assert word.member is not None
            stated = self._explicit_aggregation([])  # "how windy was it on average"
            if self._has_grouping():  # "which airline had the longest flights": ranked by it
                return self._measure_of(word.member, stated or word.member.default_agg)
            word.used = True
            extreme = "max" if word.value == "desc" else "min"
            return self._measure_of(word.member, stated or extreme)
        return None

    def _column_by_unit(self) -> Member | None:
        """ "How many total miles did Delta fly": a unit on its own names the column measured
        in it, where the question's nouns and verbs single one out."""
        for word in self.reading.words("unit"):
            dims = [
                d for d in self.catalog.dimensions() if d.unit == word.value and _aggregatable(d)
            ]
            column = self._by_role(dims, word)
            if column is None:
                self._ask_about(
                    [word], "not which of these it measures.", [d.short_title.lower() for d in dims]
                )
            assert column is not None
            word.used = True
            chain = self._words_before(word)
            explicit = [
                w for w in chain if w.kind == "agg" and w.value in ("avg", "sum", "min", "max")
            ]
            for w in chain:
                w.used = w.used or w.kind == "agg"
            agg = explicit[-1].value if explicit else "sum"  # "how many miles": all of them
            return self._measure_of(column, agg)
        return None

    def _absorb_after(self, item: MemberItem, column: Member) -> None:
        """ "the average seat count", "total departure delay minutes": a count word or the
        column's own unit after it is part of its name."""
        nxt = self._adjacent(item, WordItem, after=True)
        if isinstance(nxt, WordItem) and (
            (nxt.kind == "agg" and nxt.value == "count")
            or (nxt.kind == "unit" and nxt.value == column.unit)
        ):
            nxt.used = True

    def _aggregation_for(self, item: MemberItem, column: Member) -> str:
        """The aggregation a column is asked for: a word before it ("average", "total"),
        "on average" anywhere; on a single number a superlative ("the smallest number of
        seats", "seats of the largest plane"); "how many seats" is all of them; else the
        column's default (meta default_agg)."""
        chain = self._words_before(item)
        grouped = self._has_grouping()
        explicit = [w for w in chain if w.kind == "agg" and w.value in ("avg", "sum", "min", "max")]
        counts = [w for w in chain if w.kind == "agg" and w.value == "count"]
        ranks = [w for w in chain if w.kind in ("superlative", "polar")]
        if not grouped and not ranks:
            ranks = [w for w in self.reading.words("superlative", "polar") if not w.used]
        chosen = self._explicit_aggregation(explicit)
        if chosen is None and ranks and not grouped:
            ranks[-1].used = True
            chosen = "max" if ranks[-1].value == "desc" else "min"
        if chosen is None and counts:
            chosen = "sum"  # "how many seats": all of them
        for word in counts:
            word.used = True  # "the average number of seats": the count words ride along
        if chosen is not None:
            return chosen
        supers = [w for w in ranks if w.kind == "superlative"]
        summable = column.default_agg == "avg" and self._measure_of(column, "sum") is not None
        summable = summable and not self._is_sign_word(item, column)  # "most delayed": average
        if (
            grouped
            and supers
            and summable
            and self._norm(supers[-1]) in ("most", "least", "fewest")
        ):
            return "sum"  # "which carrier flew the most miles": all of them
        return column.default_agg

    def _is_sign_word(self, item: MemberItem, column: Member) -> bool:
        said = self._norm(item)
        return said in column.above_zero or said in column.below_zero

    def _explicit_aggregation(self, chain: list[WordItem]) -> str | None:
        for word in chain:
            word.used = True
        if chain:
            return chain[-1].value
        for anywhere in self.reading.words("agg"):
            if (
                anywhere.value in ("avg", "sum")
                and not anywhere.used
                and (self._is_adverbial(anywhere) or self._of_a_noun(anywhere))
            ):
                anywhere.used = True
                return anywhere.value
        return None

    def _of_a_noun(self, word: WordItem) -> bool:
        """ "the average plane": an aggregation of the counted noun itself."""
        nxt = self._adjacent(word, MemberItem, after=True)
        return isinstance(nxt, MemberItem) and any(m.agg == "count" for m in nxt.members)

    def _is_adverbial(self, word: WordItem) -> bool:
        """ "on average", "in total": aggregation words that need not stand before the column."""
        return len(self.reading.tokens[word.start : word.end]) > 1 or self._norm(word) in (
            "altogether",
            "overall",
            "combined",
        )

    def _counted_measure(self) -> Member | None:
        """ "how many flights", "how many different planes", "how many destinations"."""
        counts = [w for w in self.reading.words("agg") if w.value in ("count", "distinct")]
        distinct = [w for w in counts if w.value == "distinct"]
        # "the busiest carrier", "the most common destination": the noun is what is ranked
        items = [i for i in self._unused(MemberItem) if not self._word_before(i, ("frequency",))]
        ranked = [i for i in items if self._word_before(i, ("superlative",))]
        for item in ranked + [i for i in items if i not in ranked]:
            entities = [m for m in item.members if m.kind == "measure" and m.agg == "count"]
            dims = [m for m in item.members if m.kind == "dimension" and m.type == "string"]
            if not counts and entities:
                item.used = True
                return self._entity_count(entities, item)
            if not counts:
                continue
            word = self._word_before(item, ("agg",))
            if word is None or word.value not in ("count", "distinct"):
                continue
            if distinct or not entities:
                measure = self._distinct_count(dims or self._dims_named_like(item), item=item)
                if measure is not None:
                    item.used = True
                    for w in counts:
                        w.used = True
                    return measure
            if entities:
                item.used = True
                for w in counts:
                    w.used = True
                return self._entity_count(entities, item)
        return None

    def _entity_count(self, entities: list[Member], item: MemberItem) -> Member:
        """The count of what the noun names, from a cube that reaches every filter; else the
        distinct count of the same noun there ("planes United used": distinct tail numbers)."""
        needed = self._filter_cubes()
        for entity in entities:
            reach = self.catalog.reachable(entity.cube)
            groups_fit = all(any(d.cube in reach for d in c) for c in self.group_candidates)
            if needed <= reach and groups_fit:
                return entity
        measure = self._distinct_count(self._dims_named_like(item), needed)
        if measure is not None:
            return measure
        return entities[0]

    def _dims_named_like(self, item: MemberItem) -> list[Member]:
        tokens = self.reading.tokens[item.start : item.end]
        found = []
        for dim in self.catalog.dimensions():
            for phrase in dim.phrases:
                words = lang.phrase_tokens(phrase)
                if len(words) == len(tokens) and all(
                    lang.same_word(a, b) for a, b in zip(words, tokens, strict=True)
                ):
                    found.append(dim)
        return found

    def _distinct_count(
        self, dims: list[Member], needed: set[str] | None = None, item: Item | None = None
    ) -> Member | None:
        """The distinct count of what a noun names; where it names several things that are
        counted apart ("airports": origins or destinations), the question is asked."""
        needed = needed if needed is not None else self._filter_cubes()
        found = [
            measure
            for dim in dims
            for measure in self.catalog.measures()
            if measure.of == dim.name
            and measure.agg == "countDistinct"
            and needed <= self.catalog.reachable(measure.cube)
        ]
        if len(found) > 1 and item is not None:
            self._ask_about(
                [item], "it may mean several things.", [m.short_title.lower() for m in found]
            )
        return found[0] if found else None

    def _filter_cubes(self) -> set[str]:
        cubes = {vl.dimension.cube for vl in self.lists}
        cubes |= {target.cube for _, target in self.comparisons}
        cubes |= {self.catalog.members[f.member].cube for f in self.filters}
        cubes |= {c[0].cube for c in self.group_candidates if len(c) == 1}
        return cubes

    def _implied_count(self) -> Member | None:
        """No number named: rows are counted where the question ranks or lists something
        ("the 5 most common destinations", "which airlines fly to Honolulu")."""
        ranks = self.reading.words("frequency", "superlative", "limit", "agg")
        counting = any(w.kind != "agg" or w.value == "count" for w in ranks)
        home = self.group_candidates[0][0].cube if self.group_candidates else None
        if home is None:
            string_dims = [
                m
                for i in self._unused(MemberItem)
                for m in i.members
                if m.kind == "dimension" and m.type == "string"
            ]
            home = string_dims[0].cube if string_dims and counting else None
        if home is None and self.lists and (counting or self._asks_how_many()):
            home = self.lists[0].dimension.cube
        if home is None and self.comparisons and (counting or self._asks_how_many()):
            home = self.comparisons[0][1].cube
        if home is None and counting and (self.granularity or self.reading.words("granularity")):
            home = self._central_cube()  # "the busiest day": days of the data's main events
        if home is None and not self.group_candidates and not counting:
            return None
        count = self.catalog.count_measure(home) if home else None
        if count is None:
            return None
        for word in ranks:
            if word.kind == "agg" and word.value == "count":
                word.used = True
        return count

    def _central_cube(self) -> str | None:
        """The cube that joins to most others: the data's events (flights, orders)."""
        counts = [m for m in self.catalog.measures() if m.agg == "count"]
        best = max(counts, key=lambda m: len(self.catalog.reachable(m.cube)), default=None)
        return best.cube if best else None

    def _asks_how_many(self) -> bool:
        return any(w.value == "count" for w in self.reading.words("agg"))

    # -- grouping --------------------------------------------------------------------------

    def _explicit_groups(self) -> None:
        """ "by carrier", "per month", "for each origin", "which airline", "what month", "daily"."""
        for word in self.reading.words("group", "question", "limit"):
            target = self._group_target(word)
            if isinstance(target, MemberItem) and not target.used:
                # a numeric column groups only right after the word ("by hour", "which hour");
                # "what was the highest temperature" asks for a number, not a grouping
                right_after = self._adjacent(word, MemberItem, after=True) is target
                dims = [
                    m
                    for m in target.members
                    if m.kind == "dimension"
                    and m.type != "time"
                    and (
                        m.type != "number"
                        or m.time_part
                        or (right_after and (word.kind == "group" or not self._measured(m)))
                    )
                ]
                if dims:
                    self._group_by(dims, target, word)
            elif (
                isinstance(target, WordItem)
                and target.kind == "granularity"
                and not self.granularity
            ):
                self._group_by_time(target.value, target, word)
            if word.kind == "question":
                word.used = True
        for word in self.reading.words("granularity"):
            if not word.used and self._norm(word) in (
                "daily",
                "weekly",
                "monthly",
                "quarterly",
                "yearly",
                "annually",
            ):
                self._group_by_time(word.value, word, word)

    def _group_target(self, word: WordItem) -> Item | None:
        """The noun a grouping word governs, past limits and superlatives ("which 3 busiest
        airports", "what are the 5 most common destinations")."""
        item: Item = word
        while True:
            nxt = self._adjacent(item, (MemberItem, WordItem), after=True)
            if isinstance(nxt, WordItem) and nxt.kind in (
                "limit",
                "superlative",
                "frequency",
                "polar",
                "quality",
            ):
                item = nxt
                continue
            return nxt

    def _implicit_groups(self) -> None:
        """Nouns left over after the measure and filters took theirs: "the 5 most common
        destinations", "the busiest day", "manufacturer's planes"."""
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        for item in self._unused(MemberItem):
            entity = any(m.agg == "count" and m.cube in reach for m in item.members)
            if entity and (self.group_candidates or self._counts_itself(item)):
                continue  # the noun counted or described: "planes" in "manufacturer's planes"
            dims = [
                m
                for m in item.members
                if m.kind == "dimension" and m.cube in reach and (m.type == "string" or m.time_part)
            ]
            filtered = {vl.dimension.name for vl in self.lists}
            if dims and any(d.name in filtered for d in dims):
                item.used = True  # "flights to destinations other than Atlanta": a hint
            elif dims and all(d.time_part for d in dims) and self._names_a_period(item):
                item.used = True  # "in the months of July and August": the period says it
            elif dims and self._restates_its_role(item, dims):
                item.used = True  # "arrived at their destination": no value, no grouping
            elif dims and self._ranks():
                self._group_by(dims, item, None)  # "the 5 most common destinations"
        for word in self.reading.words("granularity"):
            if not word.used and not self.granularity and self._ranks():
                self._group_by_time(word.value, word, None)
        for value_list in self.lists:
            if value_list.each and len(value_list.items) > 1:
                self.group_candidates.append([value_list.dimension])

    def _settle_groups(self) -> None:
        """Each grouping's dimension: one the measure reaches, on its own cube if it can be."""
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        single = {
            vl.dimension.name
            for vl in self.lists
            if len(vl.values or vl.items) == 1 and not vl.negated
        }
        for candidates in self.group_candidates:
            if self.measure.cube in {d.cube for d in candidates if d.agg == "count"}:
                continue  # "average engines per plane": per one of what is measured
            candidates = [d for d in candidates if d.kind == "dimension"]
            usable = [d for d in candidates if d.cube in reach] or candidates
            usable = [d for d in usable if d.name not in single] or usable
            cued = [d for d in usable if self._free_cue(d)]
            home = [d for d in cued or usable if d.cube == self.measure.cube]
            chosen = (home or cued or usable)[0]
            if chosen not in self.groups:
                self.groups.append(chosen)

    def _free_cue(self, dim: Member) -> bool:
        """A cue word of the dimension that governs no value: "which airport did they fly to"."""
        values = {i.start for i in self.reading.of(ValueItem)}
        tokens = self.reading.tokens
        for i in range(len(tokens)):
            for cue in dim.value_cues:
                words = lang.phrase_tokens(cue)
                end = i + len(words)
                if (
                    end <= len(tokens)
                    and all(lang.same_word(a, b) for a, b in zip(words, tokens[i:end], strict=True))
                    and not any(end <= v <= end + 2 for v in values)
                    and cue not in ("at", "in", "for", "on", "with")
                ):
                    return True
        return False

    def _counts_itself(self, item: MemberItem) -> bool:
        assert self.measure is not None
        return any(m.agg == "count" and m.cube == self.measure.cube for m in item.members)

    def _restates_its_role(self, item: MemberItem, dims: list[Member]) -> bool:
        """A dimension's noun right after its own cue: "arrived at their destination"."""
        before = self.reading.tokens[max(0, item.start - 4) : item.start]
        words = [t for t in before if t.norm not in ("the", "their", "its", "a", "an")]
        return any(self._cue_matches(words, cue) for d in dims for cue in d.value_cues)

    def _names_a_period(self, item: MemberItem) -> bool:
        nxt = self._adjacent(item, TimeItem, after=True)
        return nxt is not None or self._adjacent(item, TimeItem, after=False) is not None

    def _ranks(self) -> bool:
        """Words that rank or list: a noun beside them is what is ranked or listed."""
        return bool(
            self.reading.words("superlative", "frequency", "quality", "polar", "limit", "order")
        )

    def _group_by(self, dims: list[Member], item: Item, word: WordItem | None) -> None:
        item.used = True
        if word is not None:
            word.used = True
        if isinstance(item, MemberItem):  # the nouns' counts too: "per plane" may be a rate
            dims = dims + [m for m in item.members if m.agg == "count"]
        self.group_candidates.append(dims)

    def _group_by_time(self, granularity: str, item: Item, word: WordItem | None) -> None:
        item.used = True
        if word is not None:
            word.used = True
        self.granularity = granularity

    def _has_grouping(self) -> bool:
        if self.group_candidates or self.granularity:
            return True
        return bool(any(vl.each and len(vl.items) > 1 for vl in self.lists))

    def _grouping(self, query: CubeQuery) -> None:
        assert self.measure is not None
        granularity = self.granularity
        if granularity in ("month", "quarter") and (part := self._time_part(granularity)):
            self.groups.append(part)
            granularity = None
        dims: list[str] = []
        for group in self.groups:
            dims.append(group.name)
            label = group.label_member
            if label and label in self.catalog.members and label not in dims:
                dims.append(label)
        query.dimensions = dims
        if granularity:
            time_dim = self.catalog.time_dimension(self.measure.cube)
            if time_dim is None:
                self._ask_about(self.reading.words("granularity"), "this data has no dates.")
            assert time_dim is not None
            series = TimeDimension.model_validate(
                {"dimension": time_dim.name, "granularity": granularity}
            )
            if query.timeDimensions:
                query.timeDimensions[0].granularity = series.granularity
            else:
                query.timeDimensions = [series]

    def _time_part(self, part: str) -> Member | None:
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        parts = [d for d in self.catalog.dimensions() if d.time_part == part and d.cube in reach]
        home = [d for d in parts if d.cube == self.measure.cube]
        return next(iter(home or parts), None)

    # -- time ------------------------------------------------------------------------------

    def _time(self, query: CubeQuery) -> None:
        assert self.measure is not None
        times = [t for t in self.reading.of(TimeItem) if isinstance(t, TimeItem) and not t.used]
        if not times:
            return
        time_dim = self.catalog.time_dimension(self.measure.cube)
        if time_dim is None:
            self._ask_about(times, f"{self.measure.short_title.lower()} has no dates to limit.")
        assert time_dim is not None
        years = self.catalog.years.get(time_dim.name, [])
        default_year = next((t.year for t in times if t.kind == "year"), None)
        first, last = (date(years[0], 1, 1), date(years[-1], 12, 31)) if years else (None, None)
        for item in times:
            item.used = True
            year = item.year or default_year or (years[0] if len(years) == 1 else None)
            if year is None:
                self._ask_about([item], "not which year; the data covers " + _years(years) + ".")
            assert year is not None
            if years and year not in years:
                self._ask_about([item], f"the data covers {_years(years)} only.")
            if item.kind == "months" and not _contiguous(item.months):
                self._month_filter(item, query)
                continue
            low, high = _period(item, year)
            if item.open in ("before",):
                low, high = first or low, low - timedelta(days=1)
            elif item.open == "after":
                low, high = high + timedelta(days=1), last or high
            elif item.open == "since":
                high = last or high
            elif item.open in ("until", "till", "through"):
                low = first or low
            first, last = max(first or low, low), min(last or high, high)
        if first is None or last is None or first > last:
            self._ask_about(times, "those dates do not overlap.")
        if any(t.kind != "months" or _contiguous(t.months) for t in times):
            assert first is not None and last is not None
            query.timeDimensions = [
                TimeDimension(
                    dimension=time_dim.name, dateRange=[first.isoformat(), last.isoformat()]
                )
            ]

    def _month_filter(self, item: TimeItem, query: CubeQuery) -> None:
        """Months that are not one run ("winter": December, January, February) filter on the
        cube's month column (meta time_part)."""
        part = self._time_part("month")
        if part is None:
            self._ask_about([item], "this data has no month column to pick those months.")
        assert part is not None
        query.filters.append(
            CubeFilter(member=part.name, operator="equals", values=[str(m) for m in item.months])
        )

    # -- comparisons -----------------------------------------------------------------------

    def _comparison_filters(self) -> None:
        self._check_bounds()
        for item, target in self.comparisons:
            value = item.value * (item.sign or 1)
            op = item.op
            if item.sign < 0:
                op = lang.FLIPPED.get(op, op)
            if self._negated(item):
                op = lang.NEGATED.get(op, op)
            if op == "between":
                assert item.upper is not None
                low, high = sorted((value, item.upper * (item.sign or 1)))
                self.filters.append(_number_filter(target.name, "gte", low))
                self.filters.append(_number_filter(target.name, "lte", high))
                continue
            self.filters.append(_number_filter(target.name, op, value))
        for word in self.reading.words("sign"):
            if word.used:
                continue
            dims = [
                d
                for d in self.catalog.dimensions()
                if self._norm(word) in (d.above_zero if word.value == "1" else d.below_zero)
                or any(
                    self._norm(word) in lang.lemmas(w) or w in lang.lemmas(self._norm(word))
                    for w in (d.above_zero if word.value == "1" else d.below_zero)
                )
            ]
            column = self._by_role(dims, word)
            if column is None:
                self._ask_about(
                    [word],
                    "not which of these it describes.",
                    [d.short_title.lower() for d in dims],
                )
            assert column is not None
            word.used = True
            op = "gt" if word.value == "1" else "lt"
            if self._negated(word):
                op = lang.NEGATED[op]
            self.filters.append(_number_filter(column.name, op, 0))

    def _check_bounds(self) -> None:
        """Two lower (or two upper) bounds on one column, neither named beside its number
        ("delayed at least an hour but made up over 30 minutes"): they limit different things
        the data cannot tell apart, so ask."""
        seen: dict[tuple[str, str], ComparisonItem] = {}
        for item, target in self.comparisons:
            side = "low" if item.op in ("gt", "gte") else "high" if item.op in ("lt", "lte") else ""
            if item.sign < 0:
                side = {"low": "high", "high": "low"}.get(side, side)
            if not side or item.member is not None:
                continue
            other = seen.get((target.name, side))
            if other is not None:
                self._ask_about(
                    [other, item], f"both limit {target.short_title.lower()} the same way."
                )
            seen[(target.name, side)] = item

    # -- order and limit -------------------------------------------------------------------

    def _order(self, query: CubeQuery) -> None:
        assert self.measure is not None
        limit = next((w for w in self.reading.words("limit")), None)
        if not (query.dimensions or (query.timeDimensions and query.timeDimensions[0].granularity)):
            return  # nothing to rank: ranking words stay unused, and are asked about
        direction = self._direction()
        if direction:
            query.order = [(self.measure.name, direction)]
            if self.measure.agg not in ("count", "countDistinct"):
                # a group with no value at all ranks nowhere (SQL would put it first)
                query.filters.append(CubeFilter(member=self.measure.name, operator="set"))
        elif query.dimensions:
            query.order = [(query.dimensions[0], "asc")]
        if limit is not None and limit.number:
            limit.used = True
            query.limit = limit.number
            if not direction:
                query.order = [(self.measure.name, "asc" if limit.value == "asc" else "desc")]
        for word in self.reading.words("order"):
            word.used = True

    def _direction(self) -> Direction | None:
        """The ranking the question asks for; words that disagree ("the best ... lowest" is
        fine, "most ... fewest" is not) are asked about."""
        assert self.measure is not None
        found: list[tuple[WordItem, Direction]] = []
        for word in self.reading.words(
            "superlative", "frequency", "direction", "polar", "quality", "comparative", "limit"
        ):
            if word.used and word.kind != "limit":
                continue
            direction = self._word_direction(word)
            if direction is not None:
                found.append((word, direction))
        if not found:
            return None
        directions = {d for _, d in found}
        if len(directions) > 1:
            self._ask_about([w for w, _ in found], "they rank in opposite directions.")
        for word, _ in found:
            if word.kind != "limit":
                word.used = True
        return found[0][1]

    def _word_direction(self, word: WordItem) -> Direction | None:
        assert self.measure is not None
        if word.kind == "quality":
            better = self._better()
            if better is None:
                self._ask_about(
                    [word],
                    f"not what makes {self.measure.short_title.lower()} better or worse.",
                    self._quality_options(),
                )
            good = word.value == "better"
            return "asc" if (better == "lower") == good else "desc"
        if word.value == "asc":
            return "asc"
        if word.value == "desc":
            return "desc"
        return None

    def _better(self) -> str | None:
        assert self.measure is not None
        column = self.catalog.members.get(self.measure.of or "")
        return column.better if column else None

    def _quality_options(self) -> list[str]:
        return [
            f"lowest {m.short_title.lower()}"
            for m in self.catalog.measures()
            if m.agg == "avg"
            and (c := self.catalog.members.get(m.of or ""))
            and c.better == "lower"
        ]

    # -- checks ----------------------------------------------------------------------------

    def _check_reach(self, query: CubeQuery) -> None:
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        names = [
            *query.dimensions,
            *(f.member for f in query.filters),
            *(t.dimension for t in query.timeDimensions),
        ]
        outside = [n for n in names if self.catalog.members[n].cube not in reach]
        if outside:
            titles = ", ".join(self.catalog.members[n].short_title.lower() for n in outside)
            raise NeedsClarification(
                f"I cannot relate {titles} to {self.measure.short_title.lower()}: "
                "they are not connected in the data.",
                self._measure_options(self.catalog.members[outside[0]].cube),
            )

    def _check_all_used(self) -> None:
        unused = [i for i in self.reading.items if not i.used and not self._harmless(i)]
        if unused:
            options = (
                self._quality_options()
                if any(
                    isinstance(i, WordItem) and i.kind in ("quality", "superlative") for i in unused
                )
                else []
            )
            self._ask_about(unused, "not how they fit into the question.", options)

    def _harmless(self, item: Item) -> bool:
        """Evidence that may go unused without changing the answer."""
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        if isinstance(item, VerbItem):
            return True  # verbs only point at a role ("arrived" -> arrival delay)
        if isinstance(item, ScopeItem):
            return any(m.cube in reach for m in item.members)
        if isinstance(item, MemberItem):
            # The counted noun itself ("how many flights", "seats of planes"), or a noun that
            # names what a value is ("Boeing aircraft").
            nouns = {m.cube for m in item.members if m.kind == "measure" and m.agg == "count"}
            beside = self._cubes_of_values_beside(item) | self._cube_of_group_before(item)
            return self.measure.cube in nouns or bool(nouns & beside)
        if isinstance(item, WordItem):
            if item.kind == "label":
                return any(g.label_member for g in self.groups)
            if item.kind in ("connector", "question", "order", "group"):
                return item.kind != "group" or self._group_word_is_cue(item)
            if (
                item.kind == "agg"
                and item.value in ("count", "sum")
                and self.measure.agg in ("count", "countDistinct", "sum")
            ):
                return True
            if item.kind == "compare":
                return bool(self.groups)
            if item.kind == "granularity" and self.reading.tokens[item.start].norm in (
                "year",
                "annual",
            ):
                return True
        return False

    def _cube_of_group_before(self, item: Item) -> set[str]:
        """ "manufacturer's planes": the noun a grouping's possessive describes."""
        before = self._adjacent(item, MemberItem, after=False)
        if isinstance(before, MemberItem) and before.used:
            return {g.cube for g in self.groups if g in before.members}
        return set()

    def _cubes_of_values_beside(self, item: Item) -> set[str]:
        cubes: set[str] = set()
        for value in (
            self._adjacent(item, ValueItem, after=False),
            self._adjacent(item, ValueItem, after=True),
        ):
            if isinstance(value, ValueItem):
                cubes |= {m.dimension.cube for m in value.matches}
        return cubes

    def _group_word_is_cue(self, word: WordItem) -> bool:
        """ "operated by Delta": "by" before a value is a cue, not a grouping."""
        after = self._adjacent(word, (ValueItem, VerbItem), after=True)
        return after is not None or self.reading.tokens[word.start].norm in ("by", "for")

    # -- small helpers ---------------------------------------------------------------------

    def _unused(self, kind: type[MemberItem]) -> list[MemberItem]:
        return [i for i in self.reading.of(kind) if isinstance(i, kind) and not i.used]

    def _norm(self, item: Item) -> str:
        return " ".join(t.norm for t in self.reading.tokens[item.start : item.end])

    def _prefer(self, members: list[Member]) -> Member:
        """Among members a phrase names: the one on the cube questions are mostly about, then
        the model's primary one."""
        ranked = sorted(members, key=lambda m: (not m.primary, -self._weight(m.cube)))
        return ranked[0]

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
        if isinstance(item, _PASSABLE):
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
            elif not isinstance(candidate, (ValueItem, ScopeItem, TimeItem, VerbItem)):
                break
            position = candidate.start
        return list(reversed(found))

    def _word_before(self, item: Item, kinds: tuple[str, ...]) -> WordItem | None:
        return next((w for w in reversed(self._words_before(item)) if w.kind in kinds), None)

    def _bind_words_before(self, item: Item, kinds: tuple[str, ...]) -> None:
        word = self._word_before(item, kinds)
        if word is not None and word.value in ("avg", "sum", "min", "max"):
            word.used = True


def _aggregatable(member: Member) -> bool:
    return (
        member.kind == "dimension"
        and member.type == "number"
        and member.unit != "clock"
        and not member.time_part
    )


def _unit_fits(member: Member, unit: str | None) -> bool:
    return unit is None or member.unit == unit or (unit == "year" and member.unit is None)


def _shared_dims(run: list[ValueItem]) -> list[Member]:
    shared: list[Member] | None = None
    for item in run:
        dims = [m.dimension for m in item.matches]
        shared = dims if shared is None else [d for d in shared if d in dims]
    return shared or []


def _contiguous(months: tuple[int, ...]) -> bool:
    ordered = sorted(months)
    return ordered == list(range(ordered[0], ordered[-1] + 1)) if ordered else True


def _period(item: TimeItem, year: int) -> tuple[date, date]:
    if item.kind == "date":
        assert item.day is not None
        day = date(year, item.months[0], item.day)
        return day, day
    if item.kind == "year":
        return date(year, 1, 1), date(year, 12, 31)
    if item.kind == "span":
        assert item.day is not None and item.last_day is not None
        return _day_of(year, item.months[0], item.day), _day_of(year, item.months[1], item.last_day)
    first, last = min(item.months), max(item.months)
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _day_of(year: int, month: int, day: int) -> date:
    """A day of a month; 0 and below count back from its last day ("the last week")."""
    if day > 0:
        return date(year, month, day)
    return date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=day)


def _years(years: list[int]) -> str:
    if not years:
        return "no dates"
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _number_filter(member: str, op: str, value: float) -> CubeFilter:
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return CubeFilter.model_validate({"member": member, "operator": op, "values": [text]})


__all__ = ["Composer", "NeedsClarification", "ValueMatch"]
