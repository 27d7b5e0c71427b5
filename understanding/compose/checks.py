"""What makes the composer ask: words nothing explained, evidence that did not fit, members
the measure cannot reach."""

from __future__ import annotations

from models.ask import CubeQuery
from understanding import language as lang
from understanding.compose.base import (
    ComposerBase,
    NeedsClarification,
)
from understanding.reader import (
    ComparisonItem,
    Item,
    MemberItem,
    ScopeItem,
    TimeItem,
    ValueItem,
    VerbItem,
    WordItem,
)
from understanding.suggest import candidates_for

OF_WORDS = ("of", "on", "for", "from", "across", "among", "in")


class Checks(ComposerBase):
    def _check_leftovers(self) -> None:
        unsupported = self.reading.words("unsupported")
        if unsupported:
            self._ask_about(unsupported, "cannot compute that from this data; ask without it?")
        vague = self.reading.words("vague")
        if vague:
            self._ask_about(vague, "not by which figure to judge it: ask for a figure?")
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

    def _check_values_before_nouns(self) -> None:
        """ "Delta delays", "JFK destinations": a value before a noun of its own rows; "US
        states" (the airline US before the airports' states) is a value the noun cannot be of."""
        for value in self.reading.of(ValueItem):
            noun = next((i for i in self.reading.items if i.start == value.end), None)
            if not isinstance(value, ValueItem) or not isinstance(noun, MemberItem):
                continue
            cubes = {m.dimension.cube for m in value.matches}
            if any(
                m.kind == "measure" or cubes & self.catalog.reachable(m.cube) for m in noun.members
            ):
                continue  # "FRANCE account balance": the customers' nation
            self._ask_about(
                [value, noun], "not how the one describes the other: they are different things."
            )

    def _count_among_the_groups_rows(self, query: CubeQuery) -> CubeQuery:
        """ "destinations served by more than 5 carriers": carriers cannot be grouped by a
        destination, but the flights that have the destinations can count their different
        carriers; the count (and any condition or order on it) moves there."""
        assert self.measure is not None
        old = self.measure.name
        groups = [self.catalog.members[d] for d in query.dimensions]
        cubes = {g.cube for g in groups}
        if not cubes or cubes <= self.catalog.reachable(self.measure.cube):
            return query
        if any(g.type == "number" and not g.time_part for g in groups):
            return query  # "parts by quantity sold": ranked by an amount, not grouped by it
        counted = self._counted_through(
            lambda cube: cubes <= self.catalog.reachable(cube), also=frozenset(cubes)
        )
        if counted is None:
            return query
        self.measure = counted
        return query.model_copy(
            update={
                "measures": [counted.name if m == old else m for m in query.measures],
                "filters": [
                    f.model_copy(update={"member": counted.name}) if f.member == old else f
                    for f in query.filters
                ],
                "order": [(counted.name if m == old else m, way) for m, way in query.order],
            }
        )

    def _check_every_period(self, query: CubeQuery) -> None:
        """ "How many customers ordered in every year": those who ordered in all of them, or
        the count for each year? Things counted (not rows) in "every" period are asked about;
        "in each year" and rows ("flights in every month") stay a count per period."""
        assert self.measure is not None
        if self.measure.agg != "countDistinct" or not any(
            t.granularity for t in query.timeDimensions
        ):
            return
        tokens = self.reading.tokens
        for word in self.reading.words("group"):
            before = tokens[word.start - 1].norm if word.start else ""
            if tokens[word.start].norm == "every" and before in ("in", "during"):
                self._ask_about(
                    [word],
                    f"whether the {self.measure.short_title.lower()} of each period is meant, "
                    "or only those in every one of them.",
                )

    def _check_reach(self, query: CubeQuery) -> None:
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        names = [
            *query.dimensions,
            *(f.member for f in query.filters),
            *(t.dimension for t in query.timeDimensions),
        ]
        outside = [n for n in names if self.catalog.members[n].cube not in reach]
        # values of the rows that reach the things measured say which things; no amount or
        # date of those rows groups them
        grains = {t.dimension for t in query.timeDimensions if t.granularity}
        said = all(
            self.catalog.members[n].type == "string"
            or (self.catalog.members[n].type == "time" and n not in grains)
            for n in outside
        )
        back = said and self._reached_back({self.catalog.members[n].cube for n in names})
        self._check_values_back(reach)
        if outside and not back:
            titles = ", ".join(self.catalog.members[n].short_title.lower() for n in outside)
            raise NeedsClarification(
                f"I cannot relate {titles} to {self.measure.short_title.lower()}: "
                "they are not connected in the data.",
                self._measure_options(self.catalog.members[outside[0]].cube),
            )

    def _check_values_back(self, reach: set[str]) -> None:
        """ "the seats of the planes American flew": a value that names one of the things'
        own (a maker) or, on the rows that reach them, another (an airline) is asked about."""
        for value_list in self.lists:
            for item in value_list.items:
                named = {
                    m.dimension.name: m.values
                    for m in item.matches
                    if m.dimension.cube in reach or self._reached_back({m.dimension.cube})
                }
                cubes = {self.catalog.members[n].cube for n in named}
                if len(cubes) > 1 and len(set(named.values())) > 1 and not cubes <= reach:
                    options = [
                        f"{self.catalog.members[n].short_title.lower()} {' or '.join(v[:6])}"
                        for n, v in named.items()
                    ]
                    self._ask_about([item], "it names different things here.", options)

    def _check_group_conditions(self, query: CubeQuery) -> None:
        """ "How many destinations received fewer than 100 flights": a condition on a count
        (or any aggregate) holds per group; with no grouping to apply it to, the question
        wants a count of groups, which one query cannot give."""
        grouped = query.dimensions or any(t.granularity for t in query.timeDimensions)
        on_measures: list[Item] = [
            item for item, target in self.comparisons if target.kind == "measure"
        ]
        if any(self.catalog.members[f.member].kind == "measure" for f in query.filters):
            on_measures += self.reading.words("sign")  # "a negative average delay"
        if on_measures and not grouped:
            self._ask_about(
                on_measures,
                "counting the ones that meet it is beyond one query; ask which ones meet it?",
            )

    def _check_never(self, query: CubeQuery) -> None:
        """ "Which carriers did not fly to Atlanta": the carriers with no such flight, which
        filtering rows cannot find (it lists carriers with flights elsewhere); asked."""
        if not query.dimensions:
            return
        shown = set(query.dimensions)
        for value_list in self.lists:
            if not value_list.negated or value_list.dimension.name in shown:
                continue
            for word in self.reading.words("negation"):
                before = self._norm_at(word.start - 1)
                if word.end <= value_list.items[0].start and (
                    self._norm(word) == "never" or before in ("did", "do", "does", "has", "have")
                ):
                    self._ask_about(
                        [word, *value_list.items],
                        "finding the ones that never did takes more than one query.",
                    )

    def _check_alternatives(self, query: CubeQuery) -> None:
        """ "cancelled or delayed": either of two conditions on different things, which a list
        of filters (all of them must hold) cannot say; asked rather than answered as "and"."""
        conditions = {f.member for f in query.filters if f.operator != "set"}
        conditions |= {t.dimension for t in query.timeDimensions if t.dateRange}
        if len(conditions) < 2:
            return
        inside = [(vl.items[0].start, vl.items[-1].end) for vl in self.lists if len(vl.items) > 1]
        for word in self.reading.words("connector"):
            if self._norm(word) != "or" or any(a < word.start < b for a, b in inside):
                continue
            before = [i for i in self.reading.items if i.end <= word.start]
            after = [i for i in self.reading.items if i.start >= word.end]
            if before and after:
                self._ask_about(
                    [before[-1], word, after[0]],
                    "not how to combine them: I can only answer for both at once.",
                )

    def _check_all_used(self) -> None:
        unused = [i for i in self.reading.items if not i.used and not self._harmless(i)]
        units = [i for i in unused if isinstance(i, WordItem) and i.kind == "unit"]
        if units and len(units) == len(unused):
            assert self.measure is not None
            column = self.catalog.members.get(self.measure.of or "")
            given = f" in {column.unit}" if column and column.unit else " in its own unit"
            self._ask_about(
                units,
                f"the data gives {self.measure.short_title.lower()}{given} only; "
                "ask for it in that unit?",
            )
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
        if isinstance(item, ScopeItem):  # true of every row, of the measure's or of its own
            return any(m.cube in reach or self._reached_back({m.cube}) for m in item.members)
        if isinstance(item, MemberItem):
            if self._glosses(item) or self._names_the_pair(item):
                return True
            if item.members == [self.measure]:
                return True  # "top 5 customers by revenue, with their revenue": said again
            # The counted noun itself ("how many flights", "seats of planes"), or a noun that
            # names what a value is ("Boeing aircraft").
            nouns = {m.cube for m in item.members if m.kind == "measure" and m.agg == "count"}
            beside = self._cubes_of_values_beside(item) | self._cube_of_group_before(item)
            beside |= self._cube_of_group_asked_after(item)
            if self.measure.cube in nouns or nouns & beside or self._described_after(item, nouns):
                return True
            # "orders from MIDDLE EAST customers": the value describes the noun (through its
            # joins), and the noun is one the measure reaches
            if any(
                noun in reach and beside & self.catalog.reachable(noun) for noun in nouns
            ) and bool(self._cubes_of_values_beside(item)):
                return True
            # "the revenue of orders", "the discount on line items": what the measure is of
            # "of all parts", or the object of the measure's own verb ("suppliers sold parts")
            return (self._after_of(item) or self._after_verb(item)) and bool(nouns & reach)
        if isinstance(item, WordItem):
            if item.kind == "unit":  # "in mph": the unit the data gives, or a question back
                column = self.catalog.members.get(self.measure.of or "")
                unit = column.unit if column else self.measure.unit
                return item.number == 1 and lang.same_unit(item.value, unit)
            if item.kind == "label":
                return any(g.label_member for g in self.groups)
            if item.kind == "limit" and item.number is not None:
                # "which of the three NYC airports": the size of the set, all of it shown
                return any(
                    len(self.catalog.values.get(g.name, ())) == item.number for g in self.groups
                )
            if item.kind == "talk":
                return True
            if item.kind == "formula":
                # "inventory value (supply cost x available quantity)": how a computed total of
                # those rows is made; of a plain column's total it says something else
                cube = self.catalog.members[item.value.split(",")[0]].cube
                return (
                    self.measure.cube == cube and self.measure.agg == "sum" and not self.measure.of
                )
            if item.kind == "whole time":
                return not self.reading.of(TimeItem)  # "across all years" and no period
            if item.kind == "question" and self._norm(item) == "which":
                return bool(self.groups or self.granularity)  # "which ..." names things
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
            if item.kind == "granularity" and item.start and self._norm_at(item.start - 1) == "in":
                column = self.catalog.members.get(self.measure.of or "")
                unit = column.unit if column else self.measure.unit
                return unit == f"{item.value}s"  # "the average shipping time in days"
        return False

    def _glosses(self, item: MemberItem) -> bool:
        """ "distinct routes (origin-destination pairs)": other words, in brackets, for the
        thing just named."""
        tokens = self.reading.tokens
        start = item.start
        said = [w for w in self.reading.words("agg") if w.end == start and w.value == "distinct"]
        if said:  # "aircraft (unique tail numbers)": the same things, each once
            start = said[0].start
        if start == 0 or tokens[start - 1].norm != "(":
            return False

        def named(mention: MemberItem) -> set[str]:
            return {m.name for m in mention.members} | {m.of for m in mention.members if m.of}

        before = [i for i in self.reading.of(MemberItem) if i.end == start - 1]
        glossed = any(named(b) & named(item) for b in before if isinstance(b, MemberItem))
        for word in said if glossed else []:
            word.used = True
        return glossed

    def _names_the_pair(self, item: MemberItem) -> bool:
        """ "the LaGuardia to Hartsfield route": a noun after the two values it joins."""
        if any(m.kind != "dimension" for m in item.members):
            return False
        first = self._adjacent(item, ValueItem, after=False)
        second = self._adjacent(first, ValueItem, after=False) if first is not None else None
        return isinstance(second, ValueItem)

    def _after_verb(self, item: Item) -> bool:
        before = self._adjacent(item, VerbItem, after=False)
        assert self.measure is not None
        return isinstance(before, VerbItem) and any(
            m.cube == self.measure.cube for m in before.members
        )

    def _after_of(self, item: Item) -> bool:
        """ "of all parts", "on line items": a preposition before the noun, past "all", "the"."""
        i = item.start - 1
        while i >= 0 and self.reading.tokens[i].norm in ("all", "the", "its", "their", "every"):
            i -= 1
        return i >= 0 and self.reading.tokens[i].norm in OF_WORDS

    def _cube_of_group_before(self, item: Item) -> set[str]:
        """ "manufacturer's planes": the noun a grouping's possessive describes."""
        before = self._adjacent(item, MemberItem, after=False)
        if isinstance(before, MemberItem) and before.used:
            return {g.cube for g in self.groups if g in before.members}
        return set()

    def _cube_of_group_asked_after(self, item: MemberItem) -> set[str]:
        """ "customers from which country": the noun whose group the question asks for."""
        tokens = self.reading.tokens
        if item.end + 2 >= len(tokens) or tokens[item.end + 1].norm not in lang.QUESTION_WORDS:
            return set()
        group = self._adjacent(item, MemberItem, after=True, start=item.end + 2)
        if not (isinstance(group, MemberItem) and group.used and group.start == item.end + 2):
            return set()
        cubes = {g.cube for g in self.groups if g in group.members}
        nouns = {m.cube for m in item.members if m.agg == "count"}
        return {n for n in nouns if cubes & self.catalog.reachable(n)}

    def _described_after(self, item: MemberItem, nouns: set[str]) -> bool:
        """ "during hours with any precipitation": the things, then what holds of them; the
        condition is on their rows, and the noun says so."""
        if self._norm_at(item.end) not in ("with", "when", "where", "having"):
            return False
        after = next((i for i in self.reading.items if i.start > item.end), None)
        if isinstance(after, ValueItem):
            return after.used and any(m.dimension.cube in nouns for m in after.matches)
        return (
            isinstance(after, MemberItem)
            and after.used
            and any(m.cube in nouns for m in after.members)
        )

    def _cubes_of_values_beside(self, item: Item) -> set[str]:
        cubes: set[str] = set()
        for value in (
            self._value_with_its_column_before(item),
            self._adjacent(item, ValueItem, after=True),
        ):
            if isinstance(value, ValueItem):
                cubes |= {m.dimension.cube for m in value.matches}
        # "4 engine planes": a number of the thing's own column right before it
        before = self._adjacent(item, ComparisonItem, after=False)
        cubes |= {target.cube for compared, target in self.comparisons if compared is before}
        return cubes

    def _value_with_its_column_before(self, item: Item) -> Item | None:
        """ "urgent orders", and "urgent priority orders": a value, perhaps with the name
        of its own column after it."""
        before = self._adjacent(item, (ValueItem, MemberItem), after=False)
        if isinstance(before, MemberItem):
            value = self._adjacent(before, ValueItem, after=False)
            if isinstance(value, ValueItem) and any(
                m.dimension in before.members for m in value.matches
            ):
                return value
        return before if isinstance(before, ValueItem) else None

    def _stands_alone(self, word: WordItem) -> bool:
        """A pronoun: no noun, value or time follows the word."""
        things = (MemberItem, ValueItem, ScopeItem, TimeItem)
        return not any(isinstance(i, things) for i in self.reading.items if i.start >= word.end)

    def _group_word_is_cue(self, word: WordItem) -> bool:
        """ "operated by Delta": "by" before a value is a cue, not a grouping; "across 2013",
        "over the summer": before a period, a word of when."""
        nxt = self._adjacent(word, MemberItem, after=True)
        if isinstance(nxt, MemberItem) and self._counts_itself(nxt):
            return True  # "the average quantity per line item": per one of what is measured
        after = self._adjacent(word, (ValueItem, VerbItem, TimeItem), after=True)
        said = self.reading.tokens[word.start].norm
        if said == "each" and self.groups and self._stands_alone(word):
            return True  # "..., and how many did each have?": each group's figure is shown
        if said in ("per", "each", "every") and isinstance(after, ValueItem):
            return False  # "revenue per HOUSEHOLD customer": one of them, not a cue
        return after is not None or said in ("by", "for")
