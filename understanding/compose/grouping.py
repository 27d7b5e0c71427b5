"""Groupings: "by carrier", "which airline", "per month", nouns a ranking governs, and values
shown side by side ("compare JFK and LGA")."""

from __future__ import annotations

from models.ask import CubeQuery, TimeDimension
from understanding import language as lang
from understanding.catalog import Member
from understanding.compose.base import (
    ComposerBase,
    aggregatable,
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

# More values than an answer lists by name: "per" such a thing may mean an average over them.
NUMEROUS = 500


_RANK_KINDS = ("polar", "superlative", "frequency")


class Grouping(ComposerBase):
    def _explicit_groups(self) -> None:
        """ "by carrier", "per month", "for each origin", "which airline", "what month", "daily"."""
        listing = [w for w in self.reading.words("order") if self._opens_with_list(w)]
        for word in [*self.reading.words("group", "question", "limit"), *listing]:
            if self._over_all(word):
                word.used = True  # "the most stock across all its parts": summed over them
                over = next(
                    (i for i in self.reading.of(MemberItem) if word.end < i.start <= word.end + 2),
                    None,
                )
                if isinstance(over, MemberItem) and not over.used:
                    over.used = True  # "across all three airports": every one of them
                continue
            before = (len(self.group_candidates), self.granularity)
            target = self._group_target(word)
            if isinstance(target, MemberItem) and self._agent_described(word, target):
                continue  # "operated by planes with 2 engines": which planes, not per plane
            if isinstance(target, MemberItem) and self._names_the_ranking(word, target):
                continue  # "the oldest by year built": what ranks, not a grouping
            if isinstance(target, MemberItem) and self._counted_after(target):
                continue  # "nations by customer count": the count ranks them
            if isinstance(target, MemberItem) and self._says_what_is_compared(word, target):
                continue  # "before 6 am (by actual departure time)": which time, no grouping
            if isinstance(target, MemberItem) and target.used and word.kind == "question":
                # "which California airports": the noun named the value's column; each of them
                dims = [
                    vl.dimension
                    for vl in self.lists
                    if vl.dimension in target.members and vl.items[-1].end == target.start
                ]
                if dims:
                    self._group_by(dims[:1], target, word)
            elif isinstance(target, MemberItem) and not target.used:
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
                if not dims and right_after:
                    dims = self._known_by_number(target, word)
                if dims:
                    self._group_by(dims, target, word)
            elif isinstance(target, ScopeItem) and word.kind in ("question", "order", "group"):
                # "which of the three NYC airports": the airports the scope is about, each
                dims = [self.catalog.members[m.scope_of] for m in target.members if m.scope_of]
                if dims:
                    self._group_by(dims, target, word)
                noun = self._adjacent(target, MemberItem, after=True)
                if isinstance(noun, MemberItem) and set(dims) & set(noun.members):
                    noun.used = True  # "by NYC origin airport": the scope's own column, named
            elif (
                isinstance(target, WordItem)
                and target.kind == "granularity"
                and not self.granularity
            ):
                self._group_by_time(target.value, target, word)
            grouped = before != (len(self.group_candidates), self.granularity)
            if (word.kind == "question" and (grouped or self._norm(word) != "which")) or (
                word in listing
            ):
                word.used = True  # "which" that lists nothing is asked about
        self._ranked_scope()
        self._things_listed()
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

    def _known_by_number(self, target: MemberItem, word: WordItem) -> list[Member]:
        """ "Which orders have more than 6 line items": things with no name, each by the
        number it is known by (its key)."""
        said = self.reading.tokens[target.start : target.end]
        if self._norm(word) not in ("which", "what") or said[0].norm in lang.COUNTING:
            return []  # "what number of orders": a count
        key = self.catalog.key_counted(target.members)
        named = key is not None and any(
            d.cube == key.cube and d.title.lower().endswith("name")
            for d in self.catalog.dimensions()
        )
        return [key] if key is not None and not named else []

    def _ranked_scope(self) -> None:
        """ "the windiest NYC airport": each of the things the scope is about, ranked; "the
        busiest hour": each hour (a part of the date), not the hours counted."""
        for noun in self.reading.of(ScopeItem | MemberItem):
            ranked = self._adjacent(noun, WordItem, after=False)
            if self.group_candidates or not isinstance(ranked, WordItem):
                continue
            if isinstance(noun, ScopeItem) and ranked.kind in _RANK_KINDS:
                dims = [self.catalog.members[m.scope_of] for m in noun.members if m.scope_of]
            elif isinstance(noun, MemberItem) and ranked.kind == "frequency":
                dims = [m for m in noun.members if m.kind == "dimension" and m.time_part]
            else:
                continue
            if dims:
                self._group_by(dims, noun, None)

    def _over_all(self, word: WordItem) -> bool:
        return self._norm(word) in ("across", "over") and self._norm_at(word.end) in (
            "all",
            "every",
        )

    def _things_listed(self) -> None:
        """ "Asian suppliers with a balance above $9.7k": a question that is only things in the
        plural, with what they are, asks for those things (listed by name), not their count."""
        asking = ("agg", "question", "superlative", "limit", "frequency", "polar", "quality")
        if not self.lists_things or self.group_candidates:
            return
        if self.reading.words(*asking, "compare", "order") or any(
            not self._after_a_verb(w) for w in self.reading.words("group")
        ):
            return  # "served by Delta" names who serves; "by carrier" groups
        first = next((i for i in self.reading.items if not isinstance(i, ValueItem)), None)
        if not isinstance(first, MemberItem) or first.used:
            return
        counts = {m.cube for m in first.members if m.agg == "count"}
        names = [m for m in first.members if m.kind == "dimension" and m.type == "string"]
        names = [m for m in names if m.cube in counts] or names
        said = self.reading.tokens[first.end - 1]
        # a code and its readable name are one thing ("airlines": the carrier code)
        names = [n for n in names if not any(o.label_member == n.name for o in names)]
        if len(names) > 1:  # "nations with more than 46 suppliers": the suppliers' nation
            counted = {
                m.cube
                for i in self.reading.of(MemberItem)
                if isinstance(i, MemberItem) and i is not first
                for m in i.members
                if m.agg == "count"
            }
            reached = [
                n for n in names if any(n.cube in self.catalog.reachable(c) for c in counted)
            ]
            names = reached if len(reached) == 1 else names
        if len(names) == 1 and said.norm != lang.singular(said.norm):
            self._group_by(names, first, None)  # "airlines flying to Honolulu": which ones

    def _after_a_verb(self, word: WordItem) -> bool:
        return self._norm(word) == "by" and isinstance(
            self._adjacent(word, VerbItem, after=False), VerbItem
        )

    def _past_a_value(self, item: Item) -> MemberItem | None:
        """ "which of Delta's destinations": the noun after a value that narrows it (the
        value stays a filter)."""
        value = self._adjacent(item, ValueItem, after=True)
        if not isinstance(value, ValueItem):
            return None
        noun = self._adjacent(value, MemberItem, after=True)
        if not isinstance(noun, MemberItem) or noun.start != value.end:
            return None
        # "California airports": a coarser name of the noun's own things (a state's airports)
        # narrows them; "Delta's destinations": the value is of another column
        named = {m.dimension.name for m in value.matches if m.kind not in m.dimension.aliases}
        dims = [m for m in noun.members if m.kind == "dimension" and m.name not in named]
        return noun if dims else None

    def _agent_described(self, word: WordItem, target: MemberItem) -> bool:
        """ "flown by planes built before 1980", "orders placed by customers in Asia": "by"
        after a verb names who did it, and words after the noun say which ones; "flights by
        carrier" groups."""
        if self._norm(word) != "by":
            return False
        after_verb = any(v.end <= word.start for v in self.reading.of(VerbItem))
        which = self._adjacent(target, (ValueItem, ComparisonItem), after=True)
        if after_verb and which is not None:
            return True
        after = (
            self.reading.tokens[target.end].norm if target.end < len(self.reading.tokens) else ""
        )
        return after in (
            "with",
            "that",
            "which",
            "built",
            "made",
            "manufactured",
            "having",
            "whose",
            "of",
        )

    def _says_what_is_compared(self, word: WordItem, target: MemberItem) -> bool:
        """ "(by actual departure time)" in brackets: the column a comparison limits."""
        opened = word.start > 0 and self._norm_at(word.start - 1) == "("
        limited = {column.name for _, column in self.comparisons}
        if self._norm(word) != "by" or not opened or not limited & {m.name for m in target.members}:
            return False
        target.used = word.used = True
        return True

    def _names_the_ranking(self, word: WordItem, target: MemberItem) -> bool:
        """ "oldest by year built", "the worst by average delay": "by" after a superlative
        names the number it ranks by; the superlative's own column takes the words."""
        if self._norm(word) != "by":
            return False
        said = self.reading.tokens[word.start - 1].norm if word.start else ""
        if said in lang.RANKED_BY and any(aggregatable(m) for m in target.members):
            target.used = False
            return True  # "going by order total price": the figure, not a grouping
        ranks = any(m.kind == "measure" or aggregatable(m) for m in target.members)
        ranked = self._adjacent(word, MemberItem, after=False)
        if isinstance(ranked, MemberItem) and self._measures_the_adjective(ranked, target):
            return True  # "the longest flight by time in the air": its air time, not a group
        if isinstance(ranked, MemberItem) and self._names_an_amount(target):
            # "the top 5 states by sales", "the 3 biggest customers by revenue"
            limit = self._adjacent(ranked, WordItem, after=False)
            return isinstance(limit, WordItem) and limit.kind in ("limit", "superlative")
        before = self._adjacent(word, WordItem, after=False)
        if not isinstance(before, WordItem):
            return False
        if before.kind == "polar" and before.member in target.members:
            target.used = True
            return True
        return before.kind in ("superlative", "polar") and ranks

    def _measures_the_adjective(self, ranked: MemberItem, target: MemberItem) -> bool:
        """An adjective several columns share ("long": distance, air time) before the noun,
        and after "by" the column that it is to measure."""
        polar = self._adjacent(ranked, WordItem, after=False)
        if not isinstance(polar, WordItem) or polar.kind != "polar" or polar.member is None:
            return False
        shared = lang.says_adjective(self._norm(polar), (*polar.member.higher, *polar.member.lower))
        fit = [m for m in target.members if set(shared) & {*m.higher, *m.lower}]
        if not fit:
            return False
        polar.member = fit[0]
        target.used = True
        return True

    def _names_an_amount(self, target: MemberItem) -> bool:
        """ "sales", "total revenue", "number of orders": a figure to rank by; not a noun of
        things ("by carrier" groups, though a carrier's rows can be counted)."""
        said = self._norm(target)
        return any(
            aggregatable(m)
            or (
                m.kind == "measure"
                and (m.agg not in ("count", "countDistinct") or said == m.short_title.lower())
            )
            for m in target.members
        )

    def _counted_after(self, noun: MemberItem) -> bool:
        """ "customer count", "flight count": a thing's noun, then "count", is its number."""
        nxt = self._adjacent(noun, WordItem, after=True)
        counted = isinstance(nxt, WordItem) and nxt.kind == "agg" and nxt.value == "count"
        return counted and any(m.agg == "count" for m in noun.members)

    def _opens_with_list(self, word: WordItem) -> bool:
        """ "List all airlines", "Please list the destinations from LGA": each one is asked for,
        as after "which"."""
        return self._norm(word) in ("list", "rank") and all(
            lang.is_function_word(t) for t in self.reading.tokens[: word.start]
        )

    def _group_target(self, word: WordItem) -> Item | None:
        """The noun a grouping word governs, past limits and superlatives ("which 3 busiest
        airports", "what are the 5 most common destinations")."""
        item: Item = word
        while True:
            scope = self._adjacent(item, ScopeItem, after=True)
            if isinstance(scope, ScopeItem) and word.kind in ("question", "order", "group"):
                return scope  # "which of the three NYC airports": each of them
            period = self._adjacent(item, TimeItem, after=True)
            if period is not None and word.kind == "group":
                item = period  # "each winter month": the months of the winter, each
                continue
            nxt = self._adjacent(item, (MemberItem, WordItem), after=True)
            # "which of Delta's destinations", "list Romanian suppliers"; not "flown by Boeing"
            if nxt is None and (word.kind == "question" or self._opens_with_list(word)):
                nxt = self._past_a_value(item)
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
                if self._owned_by_a_group(item):
                    item.used = True  # "which supplier's products": the way to the supplier
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
            elif dims and self._ranks() and self._word_before(item, ("polar",)):
                if self.group_candidates:
                    item.used = True  # "which airline flies the longest routes": its flights
                else:
                    self._group_by(dims, item, None)
            elif dims and self._ranks():
                self._group_by(dims, item, None)  # "the 5 most common destinations"
        for word in self.reading.words("granularity"):
            if not word.used and self._the_whole(word):
                continue
            if not word.used and not self.granularity and self._ranks():
                self._group_by_time(word.value, word, None)
        for value_list in self.lists:
            if value_list.each and len(value_list.items) > 1:
                self.group_candidates.append([value_list.dimension])

    def _the_whole(self, word: WordItem) -> bool:
        """ "the longest delay all year", "over the whole year": the data's one year, no
        grouping (where the data covers several years, which one is asked)."""
        if self._norm_at(word.start - 1) not in ("all", "whole", "entire", "full"):
            return False
        if self._norm(word) != lang.singular(self._norm(word)):
            return False  # "all months": each of them
        assert self.measure is not None
        dates = self.catalog.dates_of(self.measure.cube)
        years = self.catalog.years.get(dates[0].name, []) if dates else []
        said = bool(self.reading.of(TimeItem))  # "in 1997, all year": the year said
        if not said and (word.value != "year" or len(years) != 1):
            self._ask_about([word], f"not which {word.value}.")  # "all day": which day?
        word.used = True
        return True

    def _owned_by_a_group(self, item: MemberItem) -> bool:
        """Things right after the noun of a grouping they belong to ("supplier's products"):
        their rows reach the group's, so the figure is counted through them."""
        owner = self._adjacent(item, MemberItem, after=False)
        if not isinstance(owner, MemberItem) or owner.end != item.start or not owner.used:
            return False
        groups = {d.cube for candidates in self.group_candidates for d in candidates}
        owners = {m.cube for m in owner.members} & groups
        return any(
            m.agg == "count" and owners & self.catalog.reachable(m.cube) for m in item.members
        )

    def _restates_its_role(self, item: MemberItem, dims: list[Member]) -> bool:
        """A dimension's noun right after its own cue: "arrived at their destination"."""
        before = self.reading.tokens[max(0, item.start - 4) : item.start]
        words = [t for t in before if t.norm not in ("the", "their", "its", "a", "an")]
        return any(self._cue_matches(words, cue) for d in dims for cue in d.value_cues)

    def _names_a_period(self, item: MemberItem) -> bool:
        nxt = self._adjacent(item, TimeItem, after=True)
        return nxt is not None or self._adjacent(item, TimeItem, after=False) is not None

    def _settle_groups(self) -> None:
        """Each grouping's dimension: one the measure reaches, on its own cube if it can be."""
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        # dimensions pinned to one value ("from JFK"), not named by a group of them ("in
        # California": ten airports, still worth showing each of)
        single = {
            vl.dimension.name
            for vl in self.lists
            if not vl.negated
            and len(
                vl.values
                or {
                    v
                    for i in vl.items
                    for m in i.matches
                    if m.dimension == vl.dimension
                    for v in m.values
                }
            )
            == 1
        }
        for index, candidates in enumerate(self.group_candidates):
            if self.measure.cube in {d.cube for d in candidates if d.agg == "count"}:
                ranking = ("superlative", "frequency", "quality", "polar", "limit")
                if self.measure in candidates and self.reading.words(*ranking):
                    # "which customer spent the most": not their count (one each)
                    unused = [i for i in self.reading.items if not i.used]
                    self._ask_about(unused or self.reading.items[:1], "not what to measure.")
                if index in self.rates:
                    continue  # "average engines per plane": per one of what is measured
            candidates = [d for d in candidates if d.kind == "dimension"]
            usable = [d for d in candidates if d.cube in reach] or candidates
            usable = [d for d in usable if d.name not in single] or usable
            usable = sorted(usable, key=lambda d: not d.primary)  # "region": the customer's
            cued = [d for d in usable if self._free_cue(d)]
            home = [d for d in cued or usable if d.cube == self.measure.cube]
            described = [d for d in candidates if d.name in self._described_nouns()]
            chosen = (described or home or cued or usable)[0]
            if index in self.rates and self._numerous(chosen) and not self._ranks():
                # "revenue per customer": an average over thousands, or a list of thousands?
                per = next(i for i in self.reading.words("group") if self._norm(i) == "per")
                self._ask_about(
                    [per],
                    f"not whether the figure for each {chosen.short_title.lower()} or the "
                    "average over them is meant.",
                    [
                        f"by {chosen.short_title.lower()}",
                        f"average per {chosen.short_title.lower()}",
                    ],
                )
            if chosen not in self.groups:
                self.groups.append(chosen)

    def _numerous(self, dimension: Member) -> bool:
        """Things too many to list as an answer (thousands of customers)."""
        return len(self.catalog.values.get(dimension.name, ())) > NUMEROUS

    def _described_nouns(self) -> set[str]:
        """ "Which airport in Texas": the noun's values are the ones "in Texas" names (the
        destinations), whichever dimension the noun would mean alone."""
        found = set()
        for value_list in self.lists:
            first = value_list.items[0]
            noun = self._adjacent(first, MemberItem, after=False)
            cue = self.reading.tokens[first.start - 1].norm if first.start else ""
            if not isinstance(noun, MemberItem) or noun.end != first.start - 1:
                continue
            if cue in ("in", "at") and value_list.dimension in noun.members:
                found.add(value_list.dimension.name)
        return found

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
                    and cue not in lang.PLACE_CUES
                ):
                    return True
        return False

    def _ranks(self) -> bool:
        """Words that rank or list: a noun beside them is what is ranked or listed."""
        return bool(
            self.reading.words("superlative", "frequency", "quality", "polar", "limit", "order")
        )

    def _group_by(self, dims: list[Member], item: Item, word: WordItem | None) -> None:
        item.used = True
        if word is not None:
            word.used = True
            self._said_twice(word, item)
        if word is not None and self._norm(word) in ("per", "across"):
            # "engines per plane" may be a rate; "seats across all planes" is their total
            self.rates.add(len(self.group_candidates))
        if isinstance(item, MemberItem):  # the nouns' counts too: "per plane" may be a rate
            dims = dims + [m for m in item.members if m.agg == "count"]
        self.group_candidates.append(dims)

    def _group_by_time(self, granularity: str, item: Item, word: WordItem | None) -> None:
        item.used = True
        if word is not None:
            word.used = True
            self._said_twice(word, item)
        self.granularity = granularity

    def _said_twice(self, word: WordItem, item: Item) -> None:
        """ "month by month", "day by day": one grouping said on both sides of "by"."""
        before = self._adjacent(word, type(item), after=False)
        if before is not None and self._norm(before) == self._norm(item):
            before.used = True

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
            dates = self.catalog.dates_of(self.measure.cube)
            time_dim = dates[0] if dates else None
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
