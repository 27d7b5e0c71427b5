"""The number a question asks for: a measure named by its title, aggregation x column
("highest wind speed"), a count of a noun ("how many planes"), a rate, or rows counted where
the question ranks something."""

from __future__ import annotations

from understanding import language as lang
from understanding.catalog import Member
from understanding.compose.base import (
    ComposerBase,
    NeedsClarification,
    ValueList,
    aggregatable,
    number_filter,
)
from understanding.reader import Item, MemberItem, TimeItem, VerbItem, WordItem

# What may follow a preposition left at the end of its clause: "fly to from NYC", "fly to?"
_AFTER_A_STRANDED_CUE = frozenset(
    {"?", ".", ",", "!", "from", "to", "in", "during", "on", "at", "out"}  # "fly to out of LGA"
)


class Measures(ComposerBase):
    def _choose_measure(self) -> None:
        for choose in (
            self._rate_measure,
            self._named_measure,
            self._column_measure,
            self._compared_measure,
            self._verb_measure,
            self._counted_measure,
            self._implied_count,
        ):
            measure = choose()
            if measure is not None:
                self.measure = measure
                self._how_it_measures(measure)
                self._each_thing_once(measure)
                return
        vague = self.reading.words("quality")  # "the best ones": best by which number?
        detail = f' ("{self.reading.text(vague[0])}" by which measure?)' if vague else ""
        raise NeedsClarification(
            f"I need clarification: which number should I compute{detail}?",
            self._measure_options(None),
            [(w.start, w.end) for w in vague],
        )

    def _each_thing_once(self, measure: Member) -> None:
        """ "the average seat count across the distinct aircraft": a figure of the things'
        own column takes each of them once already; "distinct" and "across" say just that."""
        counted = self.catalog.count_measure(measure.cube)
        if measure.agg in ("count", "countDistinct") or counted is None:
            return
        for noun in self.reading.of(MemberItem):
            if not isinstance(noun, MemberItem) or counted not in noun.members:
                continue
            said = [w for w in self._words_before(noun) if not w.used]
            distinct = [w for w in said if w.kind == "agg" and w.value == "distinct"]
            for word in distinct:
                word.used = True
            over = self._adjacent(distinct[0], WordItem, after=False) if distinct else None
            if isinstance(over, WordItem) and self._norm(over) in ("across", "over", "among"):
                over.used = True

    def _how_it_measures(self, measure: Member) -> None:
        """ "How long is the average time in the air": "how long" asks for the figure named,
        where the adjective is one of its column's."""
        column = self.catalog.members.get(measure.of or "", measure)
        for word in self.reading.words("polar"):
            before = self.reading.tokens[word.start - 1].norm if word.start else ""
            if before == "how" and lang.says_adjective(
                self._norm(word), (*column.higher, *column.lower)
            ):
                word.used = True

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
                    self._drop_glosses(value_list)
                    return measure
        for item in self._unused(MemberItem):  # "their on-time arrival rate, in percent"
            named = [m for m in item.members if m.rate_of]
            if named:
                item.used = True
                for word in words:
                    word.used = True
                return named[0]
        options = [f"{m.short_title.lower()}" for m in rates]
        self._ask_about(words, "I can only give these shares: " + ", ".join(options) + ".", options)
        return None

    def _drop_glosses(self, value_list: ValueList) -> None:
        """ "arrived on time (arrival delay zero or less)": a comparison in brackets right after
        the value a rate is of restates the value; as a filter it would make the rate 100%."""
        norms = [t.norm for t in self.reading.tokens]
        glossed: set[int] = set()
        for end in {item.end for item in value_list.items}:
            if end < len(norms) and norms[end] == "(":
                close = norms.index(")", end) if ")" in norms[end:] else len(norms)
                glossed |= set(range(end + 1, close))
        self.comparisons = [(i, t) for i, t in self.comparisons if i.start not in glossed]

    def _entity_itself(self, measure: Member, item: MemberItem) -> Member | None:
        """ "How many distinct customers are there?": the customers themselves, where the
        model's "distinct customers" counts those in another table (customers with orders)
        and nothing in the question (a verb, a date, a value) is about that table."""
        if measure.agg != "countDistinct" or self.reading.of(VerbItem) or self.reading.of(TimeItem):
            return None
        head = item.end - 1
        needed = self._filter_cubes()
        for _, phrase in self.lexicon.phrases_at(self.reading.tokens, head):
            entity = phrase.member
            if (
                phrase.kind == "member"
                and entity.agg == "count"
                and entity.cube != measure.cube
                and needed <= self.catalog.reachable(entity.cube)
            ):
                return entity
        return None

    def _compared_measure(self) -> Member | None:
        """ "Which carriers had an average arrival delay above 10 minutes": each group's
        average is compared (a filter on the measure), and is the number each is shown with."""
        if not self._has_grouping():
            return None
        for _, target in self.comparisons:
            if target.kind == "measure":
                # "which nations have more than 600 customers", "which nations generated over
                # $135 million in revenue": each group's figure is compared and shown
                return target
        for index, (item, column) in enumerate(self.comparisons):
            word = self._adjacent(item, WordItem, after=False)
            if not isinstance(word, WordItem) or word.kind != "agg" or column.kind != "dimension":
                continue
            measure = self._measure_of(column, str(word.value))
            if measure is not None:
                word.used = True
                self.comparisons[index] = (item, measure)
                return measure
        return self._compared_total()

    def _compared_total(self) -> Member | None:
        """ "Which states had more than $100k in sales": an amount that adds up (meta
        `default_agg: sum`) compared where groups are asked about and their rows are not named
        is each group's total; "states with orders over $1,000" compares each order."""
        for index, (item, column) in enumerate(self.comparisons):
            if column.kind != "dimension" or column.default_agg != "sum" or item.sign_word:
                continue
            count = self.catalog.count_measure(column.cube)
            rows_named = any(
                isinstance(i, MemberItem) and count in i.members
                for i in self.reading.of(MemberItem)
            )
            total = self._measure_of(column, "sum")
            if total is not None and not rows_named and item.member is None:
                self.comparisons[index] = (item, total)
                return total
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
            if measures and self._column_averaged(item, measures[0]):
                continue  # "avg discount": the discount column's average, not money off
            if measures:
                item.used = True
                if (entity := self._entity_itself(measures[0], item)) is not None:
                    return entity
                if measures[0].agg not in ("count", "countDistinct"):
                    # "the average number of flights per month" is no count: left to be asked
                    self._bind_words_before(item, ("agg",), measures[0])
                column = self.catalog.members.get(measures[0].of or "")
                if column is not None:
                    self._absorb_after(item, column)
                return measures[0]
        return None

    def _column_averaged(self, item: MemberItem, measure: Member) -> bool:
        """A word that names a total and a column, after an aggregation the total is not
        ("avg discount", "the highest discount"): the column's figure is meant."""
        said = [
            w.value
            for w in self._words_before(item)
            if w.kind == "agg" and w.value in ("avg", "min", "max")
        ]
        columns = [m for m in item.members if m.kind == "dimension"]
        return (
            bool(said)
            and measure.agg == "sum"
            and any(self._measure_of(c, said[-1]) is not None for c in columns)
        )

    def _verb_measure(self) -> Member | None:
        """ "Which customer spent the most", "how much did we sell": a verb the model gives a
        measure (meta `verbs`) names it where the question asks how much or ranks."""
        asks = self.reading.words("superlative", "agg", "polar", "frequency", "quality")
        if any(w.kind == "agg" and w.value in ("count", "distinct") for w in asks):
            return None  # "how many suppliers sold parts": suppliers are counted
        for verb in self.reading.of(VerbItem):
            assert isinstance(verb, VerbItem)
            measures = [m for m in verb.members if m.kind == "measure" and m.agg != "count"]
            # "top 3 customers by spend": the verb the groups are ranked by
            ranked = self._norm_at(verb.start - 1) == "by" and self.reading.words("limit")
            if measures and not verb.used and (asks or ranked):
                verb.used = True
                measure = self._prefer(measures)
                self._bind_words_before(verb, ("agg",), measure)
                return measure
        return None

    def _column_measure(self) -> Member | None:
        """Aggregation x column: "average seats", "highest wind speed", "longest distance"."""
        for item in self._unused(MemberItem):
            columns = [m for m in item.members if aggregatable(m)]
            if not columns or self._counts_things(item):
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
        ranked = self._column_ranked_by_sign() or self._column_signed_on_average()
        if ranked is not None:
            return ranked
        polar = [
            w
            for w in self.reading.words("polar")
            if w.member and aggregatable(w.member) and not w.used
        ]
        if polar:
            word = polar[0]
            assert word.member is not None
            if self._plain_degree(word):
                self._ask_about([word], f'not what counts as "{self._norm(word)}".')
            stated = self._explicit_aggregation([])  # "how windy was it on average"
            if self._has_grouping():  # "which airline had the longest flights": ranked by it
                if stated is None and self._one_thing_after(word):
                    # "the manufacturer that built the oldest plane": that one plane's year
                    self._one_row_said()
                    return self._measure_of(word.member, "max" if word.value == "desc" else "min")
                return self._measure_of(word.member, stated or word.member.default_agg)
            word.used = True
            if word.start and self.reading.tokens[word.start - 1].norm == "how":
                # "how windy was it": its usual level; "how old": an age, which a year is not
                age = next(
                    (
                        d
                        for d in self.catalog.dimensions()
                        if d.cube == word.member.cube and "age" in d.phrases and aggregatable(d)
                    ),
                    None,
                )
                if word.member.unit == "year" and age is not None:
                    return self._measure_of(age, stated or age.default_agg)  # the things' age
                if word.member.unit == "year":
                    self._ask_about(
                        [word], f"the data has the {word.member.short_title.lower()}, not an age."
                    )
                return self._measure_of(word.member, stated or word.member.default_agg)
            if stated is None:
                self._one_row_said()  # "the single longest flight": the extreme of one row
            extreme = "max" if word.value == "desc" else "min"
            return self._measure_of(word.member, stated or extreme)
        return None

    def _one_row_said(self) -> None:
        for one in self.reading.words("one row"):
            one.used = True

    def _counts_things(self, item: MemberItem) -> bool:
        """ "How many hours had wind over 30 mph": rows counted (hourly observations), where
        the noun names a count as well as a column, whose other words are of the rows."""
        word = self._word_before(item, ("agg",))
        counts = [m for m in item.members if m.agg == "count"]
        if word is None or word.value != "count" or not counts:
            return False
        return self._distance_to_rest(counts[0], item.members) <= self._distance_to_rest(
            self._prefer([m for m in item.members if aggregatable(m)]), item.members
        )

    def _column_ranked_by_sign(self) -> Member | None:
        """ "Which flight number was the most delayed": ranked by the delay itself."""
        for word in self.reading.words("sign"):
            if word.used or not self._word_before(word, ("superlative",)):
                continue
            said = self._norm(word)
            dims = [d for d in self.catalog.dimensions() if said in (*d.above_zero, *d.below_zero)]
            column = self._by_role(dims, word)
            if column is not None:
                word.used = True
                return self._measure_of(column, column.default_agg)
        return None

    def _column_signed_on_average(self) -> Member | None:
        """ "Which airlines arrived early on average": each group's average of the column
        the sign is said of, above or below zero."""
        averaged = [w for w in self.reading.words("agg") if w.value == "avg" and not w.used]
        if not averaged or not self._has_grouping():
            return None
        for word in self.reading.words("sign"):
            said = self._norm(word)
            dims = [d for d in self.catalog.dimensions() if said in (*d.above_zero, *d.below_zero)]
            column = None if word.used else self._by_role(dims, word)
            measure = self._measure_of(column, "avg") if column is not None else None
            if measure is not None:
                word.used = averaged[0].used = True
                op = "gt" if word.value == "1" else "lt"
                self.filters.append(number_filter(measure.name, op, 0))
                return measure
        return None

    def _column_by_unit(self) -> Member | None:
        """ "How many total miles did Delta fly": a unit on its own names the column measured
        in it, where the question's nouns and verbs single one out."""
        for word in self.reading.words("unit"):
            dims = [
                d for d in self.catalog.dimensions() if d.unit == word.value and aggregatable(d)
            ]
            said = [w for w in self._words_before(word) if w.kind == "agg"]
            if not said:  # "the most miles": a total, of the columns that add up
                dims = [d for d in dims if self._measure_of(d, "sum") is not None] or dims
            column = self._by_role(dims, word)
            if column is None:
                self._ask_about(
                    [word], "not which of these it measures.", [d.short_title.lower() for d in dims]
                )
            assert column is not None
            word.used = word.number == 1  # "how many kilometres": miles, to be converted
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
            or (nxt.kind == "unit" and nxt.number == 1 and lang.same_unit(nxt.value, column.unit))
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
        one_row = [w for w in self.reading.words("one row") if not w.used]
        if (
            chosen is None
            and ranks
            and (not grouped or one_row or self._recorded(ranks[0]) or self._each_group_said())
        ):
            self._one_row_said()  # "which plane had the single biggest delay": its largest
            # grouped, it also ranks the groups, unless each group's own is asked
            ranks[-1].used = not grouped or self._each_group_said()
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
            self._ask_if_a_property(item, column, supers[-1])
            return "sum"  # "which carrier flew the most miles": all of them
        if not grouped and self._only_the_column(item):
            options = [
                m.short_title.lower()
                for agg in ("avg", "sum", "max")
                if (m := self._measure_of(column, agg)) is not None
            ]
            self._ask_about(
                [item], "not which figure of them: " + ", ".join(options) + "?", options
            )
        return column.default_agg

    def _only_the_column(self, item: MemberItem) -> bool:
        """ "show me the delays": nothing but the column, no aggregation, nothing it is of."""
        return all(
            other is item or (isinstance(other, WordItem) and other.kind in ("order", "question"))
            for other in self.reading.items
        )

    def _each_group_said(self) -> bool:
        """ "for each carrier, the highest delay": every group's own extreme, not a ranking
        of the groups (which "which carrier had the highest delay" asks)."""
        return bool(self._each_words()) and not any(
            self._norm(w) == "which" for w in self.reading.words("question")
        )

    def _recorded(self, word: WordItem) -> bool:
        """ "which airport recorded the strongest gust": a verb of the rows right before the
        superlative makes it one row's extreme."""
        if self._norm(word) in ("most", "least", "fewest"):
            return False  # "sold the most units": an amount, all of them
        verb = self._adjacent(word, VerbItem, after=False)
        return isinstance(verb, VerbItem) and any(m.agg == "count" for m in verb.members)

    def _ask_if_a_property(self, item: MemberItem, column: Member, word: WordItem) -> None:
        """ "Which plane model has the most seats": things (not the data's events, which add
        up: "the carrier that flew the most miles") grouped by a column of their own; the seats
        may be each plane's or all of them together (which only counts planes again)."""
        cubes = {c[0].cube for c in self.group_candidates if c}
        if cubes == {column.cube} and column.cube != self._central_cube():
            name = column.short_title.lower()
            self._ask_about(
                [word, item],
                f"not whether each one's {name} or the total is meant.",
                [f"most {name} on average", f"most {name} in total"],
            )

    def _one_thing_after(self, word: WordItem) -> bool:
        """ "the oldest plane" (one), not "the oldest planes" (a group's, on average)."""
        noun = self._adjacent(word, MemberItem, after=True)
        if not isinstance(noun, MemberItem) or word.member is None:
            return False
        # a thing of the column's own table ("plane"), not the grouping ("the coldest month")
        if not any(m.agg == "count" and m.cube == word.member.cube for m in noun.members):
            return False
        head = self.reading.tokens[noun.end - 1]
        return head.norm in head.lemmas and not head.norm.endswith("s")

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
        if (most := self._most_different()) is not None:
            return most
        counts = [w for w in self.reading.words("agg") if w.value in ("count", "distinct")]
        distinct = [w for w in counts if w.value == "distinct"]
        # "the busiest carrier", "the most common destination": the noun is what is ranked
        items = [i for i in self._unused(MemberItem) if not self._word_before(i, ("frequency",))]
        ranked = [i for i in items if self._word_before(i, ("superlative",))]
        # "which nations have more than 600 customers": the noun a question word asks about is
        # what is grouped; a later counted noun is what is counted
        asked = [i for i in items if i not in ranked and self._asked_about(i)]
        rest = [i for i in items if i not in ranked and i not in asked]
        for item in ranked + rest + asked:
            entities = [m for m in item.members if m.kind == "measure" and m.agg == "count"]
            dims = [m for m in item.members if m.kind == "dimension" and m.type == "string"]
            if item in ranked and entities:
                self._size_is_not_a_count(item, entities[0])
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
                measure = measure or self._distinct_titled(item)
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
        if any(w.value == "count" for w in counts):
            return self._count_reaching_all(items, counts)
        return None

    def _count_reaching_all(self, items: list[MemberItem], counts: list[WordItem]) -> Member | None:
        """ "orders over $400k from MACHINERY customers - how many?": of the things named, the
        ones whose rows reach every condition (an order has a customer; not the other way)."""
        named = [
            d.cube for d in (*(c[1] for c in self.comparisons), *(v.dimension for v in self.lists))
        ]
        fits = [
            (item, m)
            for item in items
            for m in item.members
            if m.agg == "count" and all(c in self.catalog.reachable(m.cube) for c in named)
        ]
        if len({m for _, m in fits}) != 1:
            return None
        item, measure = fits[0]
        item.used = True
        for w in counts:
            w.used = True
        return measure

    def _asked_about(self, item: MemberItem) -> bool:
        before = self.reading.tokens[item.start - 1].norm if item.start > 0 else ""
        return before in lang.QUESTION_WORDS

    def _size_is_not_a_count(self, item: MemberItem, entity: Member) -> None:
        """ "Which carrier has the biggest planes": planes big by some number of theirs, not
        the carrier with the most planes; which number is asked. "The busiest carrier" is
        the grouping itself ranked, and "the most planes" a count."""
        word = self._word_before(item, ("superlative",))
        if word is None or not self.group_candidates:
            return
        if self._norm(word) in ("most", "fewest", "least", "busiest"):
            return
        # only numbers the grouping can be shown with ("average seats" is no carrier's)
        reach = self.catalog.reachable(entity.cube)
        groups_fit = all(any(d.cube in reach for d in c) for c in self.group_candidates)
        way = "highest" if word.value == "desc" else "lowest"
        options = [f"{way} {m}" for m in self._measure_options(entity.cube)] if groups_fit else []
        self._ask_about([word, item], "not by which of their numbers to rank them.", options)

    def _most_different(self) -> Member | None:
        """ "Which carrier flies to the most destinations": groups ranked by how many different
        values of the noun each has (a distinct count), not by rows of each pair."""
        if not self.group_candidates:
            return None
        for item in self._unused(MemberItem):
            before = self.reading.tokens[item.start - 1].norm if item.start else ""
            if before not in ("most", "fewest", "least") or any(
                m.kind == "measure" for m in item.members
            ):
                continue
            dims = [m for m in item.members if m.kind == "dimension" and m.type == "string"]
            measure = self._distinct_count(dims or self._dims_named_like(item), item=item)
            if measure is not None:
                item.used = True
                return measure
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

    def _distinct_titled(self, item: MemberItem) -> Member | None:
        """ "How many different suppliers sold parts": the distinct count titled after the noun
        ("Distinct suppliers") on a cube that reaches the filters."""
        noun = lang.phrase_tokens(self._norm(item))
        needed = self._filter_cubes()
        found = []
        for measure in self.catalog.measures():
            title = lang.phrase_tokens(measure.short_title.lower())
            if (
                measure.agg == "countDistinct"
                and len(title) == len(noun) + 1
                and all(lang.same_noun(a, b) for a, b in zip(title[1:], noun, strict=True))
                and needed <= self.catalog.reachable(measure.cube)
                and (not self.reading.of(TimeItem) or self._has_dates(measure.cube))
            ):
                found.append(measure)
        if found:  # of several, the one over the rows the question names ("offer" parts)
            return (self._of_rows_named(found) or found)[0]
        return None

    def _has_dates(self, cube: str) -> bool:
        return any(d.cube == cube and d.type == "time" for d in self.catalog.dimensions())

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
        if len(found) > 1:
            found = self._by_stranded_cue(found) or self._of_rows_named(found) or found
        if len(found) > 1 and item is not None:
            self._ask_about(
                [item], "it may mean several things.", [m.short_title.lower() for m in found]
            )
        return found[0] if found else None

    def _of_rows_named(self, counts: list[Member]) -> list[Member]:
        """ "different suppliers offer Brand#45 parts": the distinct count over the rows the
        question's other words name (part offers), where one does."""
        named = {
            m.cube
            for i in self.reading.items
            if isinstance(i, MemberItem | VerbItem)
            for m in i.members
            if m.agg == "count"
        }
        kept = [c for c in counts if c.cube in named]
        return kept if len(kept) == 1 else []

    def _by_stranded_cue(self, counts: list[Member]) -> list[Member]:
        """ "How many airports does Southwest fly to from NYC?": a cue left with no value
        after it ("to") is said of the noun counted, the destinations."""
        tokens = self.reading.tokens
        starts = {i.start for i in self.reading.items if not isinstance(i, WordItem)}
        stranded = {
            t.norm
            for n, t in enumerate(tokens)
            if n + 1 not in starts
            and (n + 1 == len(tokens) or tokens[n + 1].norm in _AFTER_A_STRANDED_CUE)
        }
        kept = []
        for measure in counts:
            column = self.catalog.members.get(measure.of or "")
            if column is not None and stranded & set(column.value_cues):
                kept.append(measure)
        return kept if len(kept) == 1 else []

    def _implied_count(self) -> Member | None:
        """No number named: rows are counted where the question ranks or lists something
        ("the 5 most common destinations", "which airlines fly to Honolulu")."""
        ranks = self.reading.words("frequency", "superlative", "limit", "agg")
        counting = any(w.kind != "agg" or w.value == "count" for w in ranks)
        home = self.group_candidates[0][0].cube if self.group_candidates else None
        verbs = [v for v in self.reading.of(VerbItem) if isinstance(v, VerbItem) and not v.used]
        done = [m for v in verbs for m in v.members if m.agg == "count"]
        if done and counting and home not in {m.cube for m in done}:
            home = done[0].cube  # "the sales rep who handled the most orders": orders counted
        if home is None:
            string_dims = [
                m
                for i in self._unused(MemberItem)
                for m in i.members
                if m.kind == "dimension" and m.type == "string"
            ]
            home = string_dims[0].cube if string_dims and counting else None
        rows = [vl for vl in self.lists if self._said_as_rows(vl)]
        if home is None and rows and not self._unused(MemberItem):
            home = rows[0].dimension.cube  # "monthly cancellations": the cancelled flights
        if home is None and self.lists and (counting or self._asks_how_many()):
            home = self.lists[0].dimension.cube
        if home is None and self.comparisons and (counting or self._asks_how_many()):
            home = self.comparisons[0][1].cube
        if home is None and self.granularity and self.reading.words("question"):
            home = self._cube_of_a_condition()  # "which days had wind gusts above 40 mph"
        if home is None and counting and (self.granularity or self.reading.words("granularity")):
            home = self._central_cube()  # "the busiest day": days of the data's main events
        if home is None and not self.group_candidates and not counting:
            return None
        if any(w.kind == "agg" and w.value != "count" and not w.used for w in ranks):
            return None  # "the total order value per type": a total of what, not a count
        count = self.catalog.count_measure(home) if home else None
        if count is None:
            return None
        for word in ranks:
            if word.kind == "agg" and word.value == "count":
                word.used = True
        return count

    def _cube_of_a_condition(self) -> str | None:
        """The rows a condition is on: a number compared, or a quantity said to be there
        ("had precipitation")."""
        if self.comparisons:
            return self.comparisons[0][1].cube
        signed = [self.catalog.members.get(f.member) for f in self.filters]
        numbers = [m for m in signed if m is not None and aggregatable(m)]
        if numbers:
            return numbers[0].cube  # "had precipitation": above zero, said already
        for item in self._unused(MemberItem):
            before = self.reading.tokens[item.start - 1].norm if item.start else ""
            numbers = [m for m in item.members if m.kind == "dimension" and aggregatable(m)]
            if before in ("had", "has", "have", "with", "any") and numbers:
                return numbers[0].cube
        return None

    def _said_as_rows(self, value_list: ValueList) -> bool:
        return not value_list.negated and self._value_said_as_rows(value_list.items[-1])

    def _asks_how_many(self) -> bool:
        return any(w.value == "count" for w in self.reading.words("agg"))
