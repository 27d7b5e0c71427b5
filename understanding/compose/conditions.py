"""Conditions on columns: comparisons with numbers and units, signs ("late"), missing values
and a year that belongs to a column ("built in 2005")."""

from __future__ import annotations

from models.ask import CubeFilter
from understanding import language as lang
from understanding.catalog import Member
from understanding.compose.base import ComposerBase, aggregatable, number_filter
from understanding.reader import (
    ComparisonItem,
    Item,
    MemberItem,
    TimeItem,
    ValueItem,
    VerbItem,
    WordItem,
)


class Conditions(ComposerBase):
    def _realized(self) -> None:
        """ "flights that actually took off": only rows that really happened, where the model
        says which value of a column means that (meta `happened`); else it is asked about."""
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        verbs = [i for i in self.reading.of(VerbItem) if isinstance(i, VerbItem) and i.realized]
        done = {
            m.cube for v in self.reading.of(VerbItem) if isinstance(v, VerbItem) for m in v.members
        }
        root = self.catalog.joined_from({self.measure.cube, *done})
        if root is not None and self._reached_back(done):
            reach = reach | self.catalog.reachable(root)  # "the planes US Airways flew": flights
        for word in [*self.reading.words("realized"), *verbs]:
            columns = [d for d in self.catalog.dimensions() if d.happened and d.cube in reach]
            if not columns:
                self._ask_about([word], "the data does not say which rows really happened.")
            column = columns[0]
            assert column.happened is not None
            happened = CubeFilter(member=column.name, operator="equals", values=[column.happened])
            if happened not in self.filters:  # "actually took off" says it twice
                self.filters.append(happened)
            word.used = True

    def _targets(self) -> None:
        for item in self.reading.of(ComparisonItem):
            assert isinstance(item, ComparisonItem)
            if item.unit == lang.HOUR_OF_DAY and self._day_part_glossed(item):
                continue
            target = self._comparison_target(item)
            if target is None:
                self._ask_about(
                    [item], "not which number it limits.", self._unit_options(item), insert=True
                )
            assert target is not None
            item.used = True
            self.comparisons.append((item, target))
            self._measured_adjective(item, target)
        self._signs_named_by_columns()
        self._signs_of_a_column()
        for word in self.reading.words("missing"):
            mention = self._adjacent(word, MemberItem, after=True)
            following = self._adjacent(word, Item, after=True)
            if mention is None and following is not None:
                # "planes with no year": what follows is what is missing, and it is not a column
                self._ask_about([word, following], "not which value is missing.")
            after = (
                self.reading.tokens[word.end].norm if word.end < len(self.reading.tokens) else ""
            )
            if (
                isinstance(mention, MemberItem)
                and after in ("from", "in")
                and any(m.agg == "count" for m in mention.members)
            ):
                # "tail numbers missing from the planes table": rows one table lacks
                self._ask_about(
                    [word, mention], "not how to find what one table has and another lacks."
                )
            mention = mention or self._adjacent(word, MemberItem, after=False)
            if mention is None:
                self._ask_about([word], "not which value is missing.")
            assert isinstance(mention, MemberItem)
            dims = [m for m in mention.members if m.kind == "dimension"]
            if not dims:
                self._ask_about([word, mention], "cannot tell which column is missing.")
            mention.used = word.used = True
            column = self._prefer(dims)
            self._zero_or_unrecorded(word, mention, column)
            self.filters.append(CubeFilter(member=column.name, operator="notSet"))
            self._negate_if_asked(word, "missing")
        for item in self.reading.of(TimeItem):
            assert isinstance(item, TimeItem)
            self._year_as_value(item)

    def _zero_or_unrecorded(self, word: WordItem, mention: MemberItem, column: Member) -> None:
        """ "line items with no discount": a discount of 0, or none recorded? "No arrival delay
        recorded", "a missing delay" say which; "no" before a quantity alone does not."""
        said = {t.norm for t in self.reading.tokens}
        if self._norm(word) not in ("no", "without") or not aggregatable(column):
            return
        if column.unit == "year":
            return  # no year is 0: "no build year" is one not recorded
        if said & {
            "recorded",
            "record",
            "listed",
            "known",
            "reported",
            "given",
            "entered",
            "logged",
        }:
            return
        name = column.short_title.lower()
        self._ask_about(
            [word, mention],
            f"not whether the {name} is 0 or not recorded.",
            [f"{name} of 0", f"{name} not recorded"],
        )

    def _signs_named_by_columns(self) -> None:
        """ "How many flights were delayed?": a column's sign word (meta above/below_zero) as
        written, with no number, is the sign: a delay above zero."""
        for item in self._unused(MemberItem):
            said = self._norm(item)
            if self._word_before(item, ("superlative",)):
                continue  # "the most delayed": ranked by the delay, not filtered on it
            for column in item.members:
                above, below = said in column.above_zero, said in column.below_zero
                above = above or self._said_present(item, column)
                if column.kind == "dimension" and (above or below):
                    item.used = True
                    op = "gt" if above else "lt"
                    if self._negated(item):
                        op = lang.NEGATED[op]
                    self.filters.append(number_filter(column.name, op, 0))
                    break

    def _said_present(self, item: MemberItem, column: Member) -> bool:
        """ "hours with precipitation", "orders with any discount": a quantity said to be
        there, with no number, is above zero; not money ("customers with account balance"
        lists the balances, which may be below zero)."""
        before = [t.norm for t in self.reading.tokens[max(0, item.start - 2) : item.start]]
        if not before or not aggregatable(column):
            return False
        if before[-1] == "any" or before == ["with", "some"]:
            return True
        ranks = self.reading.words("superlative", "comparative", "polar", "limit", "frequency")
        if before[-1] in ("had", "has", "have", "saw") and ranks:
            return False  # "which days had the most rain": ranked, not some
        return before[-1] in ("with", "had", "has", "have", "saw") and (
            column.unit not in lang.CURRENCIES
        )

    def _signs_of_a_column(self) -> None:
        """ "a negative account balance": a sign said of the number named right after it."""
        for word in self.reading.words("sign"):
            if self._norm(word) not in lang.SIGNS:
                continue
            column = self._adjacent(word, MemberItem, after=True)
            numbers = (
                [m for m in column.members if aggregatable(m)]
                if isinstance(column, MemberItem)
                else []
            )
            figures = [
                m
                for m in (column.members if isinstance(column, MemberItem) else [])
                if m.kind == "measure" and m.agg in ("avg", "sum")
            ]
            if not numbers and len(figures) == 1:
                # "which airlines had a negative average arrival delay": of the figure
                word.used = True
                op = "gt" if word.value == "1" else "lt"
                self.filters.append(number_filter(figures[0].name, op, 0))
                continue
            if not numbers and self._norm(word) in lang.MONEY_SIGNS:
                if self._sign_said_again(word):
                    word.used = True  # "in the red (a negative balance)": said twice
                    continue
                numbers = self._money_of_the_things(word)
            elif isinstance(column, MemberItem):
                column.used = True
            if not numbers:
                self._ask_about([word], "not which number it describes.")
            word.used = True
            op = "gt" if word.value == "1" else "lt"
            self.filters.append(number_filter(self._prefer(numbers).name, op, 0))

    def _sign_said_again(self, word: WordItem) -> bool:
        return any(
            w is not word and w.value == word.value and self._norm(w) not in lang.MONEY_SIGNS
            for w in self.reading.words("sign")
        )

    def _money_of_the_things(self, word: WordItem) -> list[Member]:
        """ "suppliers in the red": the one balance the things named before carry."""
        noun = self._adjacent(word, MemberItem, after=False)
        if not isinstance(noun, MemberItem):
            return []
        cubes = {m.cube for m in noun.members if m.agg == "count"}
        money = [
            d
            for d in self.catalog.dimensions()
            if d.cube in cubes
            and d.type == "number"
            and d.unit in lang.CURRENCIES
            and "balance" in d.title.lower()  # what is in the red is a balance
        ]
        return money if len(money) == 1 else []

    def _figure_of_the_verb(self, item: ComparisonItem) -> Member | None:
        """ "customers who spent more than $1 million": the figure the verb amounts to (meta
        `verbs` of a measure), in the amount's unit: a condition on each group's figure."""
        verb = self._adjacent(item, VerbItem, after=False)
        if item.unit is None or not isinstance(verb, VerbItem):
            return None
        figures = [
            m
            for m in verb.members
            if m.kind == "measure" and m.unit and lang.unit_factor(m.unit, item.unit)
        ]
        if len(figures) != 1:
            return None
        verb.used = True
        return figures[0]

    def _measured_adjective(self, item: ComparisonItem, target: Member) -> None:
        """ "over 2,000 miles long", "more than 20 years old": the column's adjective after
        its amount says what the amount is of, no threshold of its own."""
        after = next((i for i in self.reading.items if i.start == item.end), None)
        column = self.catalog.members.get(target.of or "", target)
        if (
            isinstance(after, WordItem)
            and after.kind == "polar"
            and lang.says_adjective(self._norm(after), (*column.higher, *column.lower))
        ):
            after.used = True

    def _comparison_target(self, item: ComparisonItem) -> Member | None:
        twins = self._polar_twins(item)
        if len(twins) > 1:
            # "airports higher than 5,000 feet": an origin's or a destination's altitude; a
            # verb may say which, else it is asked
            return self._by_role(twins, item, fallback=False)
        if item.member is not None:
            for side in (False, True):  # "size 50": the column's own words are the comparison's
                beside = self._adjacent(item, MemberItem, after=side)
                if isinstance(beside, MemberItem) and item.member in beside.members:
                    beside.used = True
            return item.member
        if item.unit == lang.HOUR_OF_DAY:  # "in the evening": the hour the model says
            return self._by_role([d for d in self.catalog.dimensions() if d.hour_of_day], item)
        named = self._named_target(item)
        if named is not None:
            return named
        done = self._figure_of_the_verb(item)
        if done is not None:
            return done
        if item.sign_word:
            dims = [
                d
                for d in self.catalog.dimensions()
                if item.sign_word in (d.above_zero if item.sign > 0 else d.below_zero)
            ]
            return self._by_role(dims, item)
        if item.unit is None:
            return self._worth(item)
        # a column of that unit the question names elsewhere ("the average temperature at JFK
        # above 70 degrees"), else any column stored in that unit
        fitting = [
            d
            for d in self.catalog.dimensions()
            if lang.unit_factor(d.unit, item.unit)
            or (item.unit == "degrees" and _unit_fits(d, item.unit))
        ]
        named_quantity = lang.NAMED_QUANTITIES.get(self.reading.tokens[item.end - 1].norm)
        if named_quantity is not None:  # "below freezing": of the temperature
            about = named_quantity[2]
            of_it = [d for d in fitting if about in (d.title.lower(), *d.phrases)]
            if len(of_it) == 1:
                return of_it[0]
        mentioned = [d for d in fitting if self._named_anywhere(d)]
        if mentioned:
            column = self._by_role(mentioned, item)
            for mention in self.reading.of(MemberItem):
                # "when visibility ... was under 1 mile": the column's name says what is limited
                if isinstance(mention, MemberItem) and mention.members == [column]:
                    mention.used = True
            return column
        # "orders over $400k": the one column in that unit of the things the question names
        before = self._adjacent(item, MemberItem, after=False)
        for cubes in (self._entity_cubes(before), self._entity_cubes(None)):
            own = [d for d in fitting if d.cube in cubes]
            if len(own) == 1:
                self._amount_words(item)
                return own[0]
        # no column named: a verb's role decides ("departed", "arrived"), never a default
        # ("took less than 45 minutes": in the air? delayed?)
        # "above 90 degrees" may be a temperature or a direction: both fit, so both are asked;
        # "above 90°F" names the scale, and the model's primary column of it is meant
        exact = [d for d in fitting if d.unit == item.unit]
        scale = item.unit is not None and item.unit.startswith("°") and exact == fitting
        return self._by_role(fitting, item, fallback=scale)

    def _polar_twins(self, item: ComparisonItem) -> list[Member]:
        """The columns an adjective's comparison may be of ("higher than": both altitudes),
        where the reader took one of several that the adjective describes in that unit."""
        member = item.member
        if member is None or item.start >= len(self.reading.tokens):
            return []
        said = self._norm_at(item.start)
        adjectives = (*member.higher, *member.lower)
        if not lang.says_adjective(said, adjectives):
            return []
        return [
            d
            for d in self.catalog.dimensions()
            if d.unit == member.unit and lang.says_adjective(said, (*d.higher, *d.lower))
        ]

    def _worth(self, item: ComparisonItem) -> Member | None:
        """ "orders worth more than 400 thousand": what the things are worth is the one amount
        they carry (a column summed by default on their own rows)."""
        said = [t.norm for t in self.reading.tokens[max(0, item.start - 2) : item.start]]
        if not set(said) & lang.WORTH_WORDS:
            return None
        before = self._adjacent(item, MemberItem, after=False)
        cubes = self._entity_cubes(before)
        amounts = [d for d in self.catalog.amounts(cubes) if d.unit]
        return amounts[0] if len(amounts) == 1 else None

    def _day_part_glossed(self, item: ComparisonItem) -> bool:
        """ "in the evening, meaning an hour of 18 or later": the hours given say it; with no
        hours given, which hours a part of the day means is asked (with the usual ones)."""
        others = [
            c
            for c in self.reading.of(ComparisonItem)
            if isinstance(c, ComparisonItem)
            and c is not item
            and (c.unit == "clock" or any(m.hour_of_day for m in self._named_with(c)))
        ]
        if others:
            item.used = True
            return True
        column = self._by_role([d for d in self.catalog.dimensions() if d.hour_of_day], item)
        if column is None:
            return False  # no hour of the day here: asked about as any unknown comparison
        hours = f"{column.short_title.lower()} between {item.value:g} and {item.upper:g}"
        self._ask_about([item], f"not which hours it means ({hours}?).", [hours])
        return False

    def _named_with(self, item: ComparisonItem) -> list[Member]:
        """The columns a comparison names, inside it or right before it."""
        before = self._adjacent(item, MemberItem, after=False)
        named = before.members if isinstance(before, MemberItem) else []
        return [*named, *([item.member] if item.member else [])]

    def _entity_cubes(self, noun: Item | None) -> set[str]:
        """The cubes whose rows a noun names ("orders", "planes"), or all the question's."""
        nouns = [noun] if noun is not None else self.reading.of(MemberItem)
        return {
            m.cube
            for i in nouns
            if isinstance(i, MemberItem)
            for m in i.members
            if m.agg == "count"
        }

    def _amount_words(self, item: ComparisonItem) -> None:
        """ "a total over $300k", "an amount of more than $5": the words name the amount."""
        before = self._adjacent(item, WordItem, after=False)
        if isinstance(before, WordItem) and before.kind == "agg" and before.value == "sum":
            before.used = True

    def _named_anywhere(self, column: Member) -> bool:
        return any(
            m.name == column.name or m.of == column.name
            for mention in self.reading.of(MemberItem)
            if isinstance(mention, MemberItem)
            for m in mention.members
        )

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
                # only a plain number right before a noun counts rows ("fewer than 10 flights");
                # a figure named before its number is compared ("revenue over $1.5 million")
                # ... and so is an amount named after it in its unit ("over $135 million in
                # revenue")
                numbers = [
                    m
                    for m in numbers
                    if m.kind == "dimension"
                    or (
                        m.agg not in ("count", "countDistinct")
                        and (not after or (item.unit is not None and m.unit == item.unit))
                    )
                ]

            if item.unit not in (None, "year") or after:
                numbers = [m for m in numbers if _unit_fits(m, item.unit)]
            if numbers:
                # "whose average distance exceeds 1,500 miles": the average is also the
                # question's figure, so its words stay for the measure
                agg = None if after else self._word_before(mention, ("agg",))
                mention.used = agg is None or agg.value not in ("avg", "sum", "min", "max")
                if after and mention.end > item.end:
                    item.end = mention.end
                return self._prefer(numbers)
            # "an average temperature above 70 degrees": the column the named measure is of
            # (the mention stays the query's measure, so it is not used up here)
            averaged = [self.catalog.members[m.of] for m in mention.members if m.of]
            averaged = [m for m in averaged if _unit_fits(m, item.unit)]
            if not after and averaged:
                return averaged[0]
        return self._rows_of_a_value(item) or self._verbed_target(item)

    def _rows_of_a_value(self, item: ComparisonItem) -> Member | None:
        """ "more than 1000 cancellations", "fewer than 10 cancelled flights": a plain number
        before a value that names rows (alone, or before its rows' noun) counts those rows."""
        if item.unit is not None:
            return None
        value = self._adjacent(item, ValueItem, after=True, start=item.quantity_end or item.end)
        if not isinstance(value, ValueItem):
            return None
        cubes = {m.dimension.cube for m in value.matches}
        noun = self._adjacent(value, MemberItem, after=True)
        if isinstance(noun, MemberItem):
            counts = [
                m
                for m in noun.members
                if m.agg == "count" and cubes & self.catalog.reachable(m.cube)
            ]
            if counts:
                noun.used = True
                return counts[0]
            return None
        said = self.reading.tokens[value.end - 1]
        counted = {self.catalog.count_measure(c) for c in cubes} - {None}
        if said.text.islower() and self._value_said_as_rows(value) and len(counted) == 1:
            return counted.pop()
        return None

    def _verbed_target(self, item: ComparisonItem) -> Member | None:
        """ "employees who earn more than 100,000": the column the verb's figure is of (what
        is earned is the salary), compared row by row."""
        verb = self._adjacent(item, VerbItem, after=False)
        if not isinstance(verb, VerbItem):
            return None
        # "parts that retail for more than 1,500": a column the verb is said of itself, unless
        # the verb also counts rows ("flew more than 1,000") or a value is named ("only one")
        counts = any(m.kind == "measure" and not m.of for m in verb.members)
        own = item.op != "equals" and not counts
        columns = [
            self.catalog.members.get(m.of or "") if m.kind == "measure" else (m if own else None)
            for m in verb.members
        ]
        fitting = [c for c in columns if c and c.type == "number" and _unit_fits(c, item.unit)]
        # the things named before the verb earn it: an employee's salary, not a job's maximum
        doer = self._adjacent(verb, MemberItem, after=False)
        if isinstance(doer, MemberItem):
            cubes = {m.cube for m in doer.members}
            fitting = [c for c in fitting if c.cube in cubes] or fitting
        return fitting[0] if len({c.name for c in fitting}) == 1 else None

    def _unit_options(self, item: ComparisonItem) -> list[str]:
        dims = [d for d in self.catalog.dimensions() if item.unit and d.unit == item.unit]
        return [d.short_title.lower() for d in dims][:6]

    def _year_as_value(self, item: TimeItem) -> None:
        """ "built in 2005", "built in the 1990s": years that belong to a year column, not to
        the calendar."""
        if item.kind not in ("year", "years") or item.year is None:
            return
        before = self._adjacent(item, (VerbItem, MemberItem), after=False)
        if not isinstance(before, (VerbItem, MemberItem)):
            return
        years = [m for m in before.members if m.kind == "dimension" and m.unit == "year"]
        if not years:
            return
        item.used = before.used = True
        column = years[0].name
        if item.kind == "year" or item.last_year == item.year:
            self.filters.append(
                CubeFilter(member=column, operator="equals", values=[str(item.year)])
            )
            return
        self.filters += [
            CubeFilter(member=column, operator="gte", values=[str(item.year)]),
            CubeFilter(member=column, operator="lte", values=[str(item.last_year)]),
        ]

    def _comparison_filters(self) -> None:
        self._check_bounds()
        listed = self._number_lists()
        for item, compared in self.comparisons:
            if item in listed:
                continue
            target = self._compared_per_group(item, compared)
            # "longer than 5 minutes" of a column in milliseconds: 300,000
            value = item.value * (item.sign or 1) * (lang.unit_factor(target.unit, item.unit) or 1)
            op = item.op
            if item.sign < 0:
                op = lang.FLIPPED.get(op, op)
            if self._negated(item):
                op = lang.NEGATED.get(op, op)
            if op == "between":
                assert item.upper is not None
                factor = lang.unit_factor(target.unit, item.unit) or 1
                low, high = sorted((value, item.upper * (item.sign or 1) * factor))
                self.filters.append(number_filter(target.name, "gte", low))
                self.filters.append(number_filter(target.name, "lte", high))
                continue
            self.filters.append(number_filter(target.name, op, value))
        for word in self.reading.words("sign"):
            if word.used:
                continue
            period = self._adjacent(word, TimeItem, after=True)
            if isinstance(period, TimeItem) and period.start == word.end:
                # "early January": a part of the month, not an early departure
                self._ask_about([word, period], "not which days of it.")
            dims = [
                d
                for d in self.catalog.dimensions()
                if (word.value == "0" and d.above_zero)  # on time: not late
                or self._norm(word) in (d.above_zero if word.value == "1" else d.below_zero)
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
            op = {"1": "gt", "0": "lte"}.get(word.value, "lt")
            if self._negated(word):
                op = lang.NEGATED[op]
            self.filters.append(number_filter(column.name, op, 0))

    def _compared_per_group(self, item: ComparisonItem, target: Member) -> Member:
        """ "carriers with an average distance above 1,000 miles": the measure named right
        before the comparison, of the column compared, is compared for each group (a filter
        on the measure), not each row."""
        assert self.measure is not None
        grouped = bool(self.groups or self.granularity)
        if not grouped or target.kind != "dimension" or self.measure.of != target.name:
            return target
        if item.sign_word or item.member is not None:
            return target  # "flights delayed more than 20 minutes": each row's own delay
        # the nearest noun before: the measure ("the average temperature at JFK above 70
        # degrees") or the rows ("average distance for flights over 1,000 miles")
        nouns = [i for i in self.reading.of(MemberItem) if i.end <= item.start]
        nearest = max(nouns, key=lambda i: i.end, default=None)
        if isinstance(nearest, MemberItem) and self.measure in nearest.members:
            return self.measure
        # "whose average distance exceeds": the column, with the measure's own word before it
        agg = self._adjacent(nearest, WordItem, after=False) if nearest is not None else None
        named = isinstance(nearest, MemberItem) and target in nearest.members
        if (
            named
            and isinstance(agg, WordItem)
            and agg.kind == "agg"
            and agg.value == self.measure.agg
        ):
            return self.measure
        return target

    def _number_lists(self) -> list[ComparisonItem]:
        """ "two-engine vs four-engine aircraft", "planes with 2 or 4 engines": one column
        equal to either number (each shown, as values named together are)."""
        equal: dict[str, list[ComparisonItem]] = {}
        for item, target in self.comparisons:
            if item.op == "equals" and target.kind == "dimension" and not item.sign:
                equal.setdefault(target.name, []).append(item)
        listed: list[ComparisonItem] = []
        for name, items in equal.items():
            if len(items) < 2:
                continue
            listed += items
            values = sorted({f"{i.value:g}" for i in items}, key=float)
            self.filters.append(CubeFilter(member=name, operator="equals", values=values))
            if self.catalog.members[name] not in self.groups:
                self.groups.append(self.catalog.members[name])
        return listed

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

    def _negate_if_asked(self, item: Item, what: str) -> None:
        for word in self.reading.words("negation"):
            if word.end <= item.start and self._only_passable(word.end, item.start):
                self._ask_about([word, item], f"not what it means for a {what} value.")


def _unit_fits(member: Member, unit: str | None) -> bool:
    if unit == "degrees" and member.unit in ("°F", "°C"):
        return True  # "70 degrees" of a temperature
    if unit is None or lang.unit_factor(member.unit, unit):
        return True
    return unit == "year" and member.unit is None
