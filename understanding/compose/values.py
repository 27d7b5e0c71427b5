"""Values named in the question: lists on one dimension, which dimension a value belongs to
("from JFK", "to Denver"), negation, and the filters they make."""

from __future__ import annotations

import dataclasses
import itertools
from typing import NoReturn

from models.ask import CubeFilter
from understanding import language as lang
from understanding.catalog import Member
from understanding.compose.base import (
    ComposerBase,
    ValueList,
)
from understanding.lexicon import PART, ValueMatch
from understanding.reader import (
    Item,
    MemberItem,
    ValueItem,
    VerbItem,
)


class Values(ComposerBase):
    def _value_lists(self) -> None:
        """Values named together form one list on one dimension."""
        values = self._narrowed([v for v in self.reading.of(ValueItem) if isinstance(v, ValueItem)])
        runs: list[list[ValueItem]] = []
        for value in values:
            if runs and self._joined(runs[-1][-1], value) and _shared_dims(runs[-1] + [value]):
                runs[-1].append(value)
            else:
                runs.append([value])
        for run in runs:
            for word in self.reading.words("negation"):  # "neither JetBlue nor Delta"
                if run[0].end <= word.start and word.end <= run[-1].start:
                    word.used = True
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

    def _narrowed(self, values: list[ValueItem]) -> list[ValueItem]:
        """ "Portland, Maine": a name followed by a coarser one (its state) is the values both
        name, not a list of the two."""
        kept: list[ValueItem] = []
        for value in values:
            previous = kept[-1] if kept else None
            between = (
                [t.norm for t in self.reading.tokens[previous.end : value.start]]
                if previous
                else []
            )
            narrowed = self._within(previous, value) if previous and set(between) <= {","} else None
            if previous is not None and narrowed is not None:
                previous.matches = narrowed
                previous.end = value.end
                value.used = True
                continue
            kept.append(value)
        return kept

    def _within(self, name: ValueItem, place: ValueItem) -> list[ValueMatch] | None:
        """The name's values that lie in the place, where the place is a coarser sort of name
        on the same dimension ("Houston, Texas": a state holds cities)."""
        narrowed = []
        for match in name.matches:
            wider = next((m for m in place.matches if m.dimension == match.dimension), None)
            if wider is None or not self._coarser(match.dimension, wider.kind, match.kind):
                continue
            both = tuple(v for v in match.values if v in wider.values)
            if both:
                narrowed.append(dataclasses.replace(match, values=both, end=place.end))
        return narrowed or None

    def _coarser(self, dim: Member, kind: str, than: str) -> bool:
        """Whether `kind` of name has fewer distinct names than `than` (states than cities)."""
        kinds = list(dim.aliases)
        if kind not in kinds or than not in kinds:
            return False
        names = self.catalog.names.get(dim.name, {}).values()

        def distinct(i: int) -> int:
            return len({_alias_name(n, i) for n in names} - {None})

        return distinct(kinds.index(kind)) < distinct(kinds.index(than))

    def _side_by_side(self, connectors: set[str]) -> bool:
        """ "JFK and LGA" are shown each on its own row where the question asks for each, to
        compare, or which; otherwise "and" and "or" both mean all of them together ("flights
        by Envoy and Mesa in total")."""
        if self.reading.words("compare", "comparative"):
            return True
        if any(
            lang.degree(self._norm(w)) == "comparative"
            for w in self.reading.words("polar", "quality")
        ):
            return True  # "which had the longer delays, Newark or LaGuardia"; "worse at"
        if "or" in connectors or "nor" in connectors or "and" not in connectors:
            return False
        if any(t.norm in lang.TOGETHER for t in self.reading.tokens):
            return False  # "the UK and France combined"
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
        self._check_role(run, dims)
        close = self._adjacent(run[0], MemberItem, after=False)
        if close is not None and not self._said_of(close, run[0]):
            close = None  # only a member beside the value: "airline Delta"
        for hint in (
            close,
            self._verbed(run[0], dims),
            self._reached_by_noun(run, dims),
            self._cued(run[0], dims),
            self._hint_before(run[0]),
            self._adjacent(run[-1], MemberItem, after=True),
            self._best_named(run, dims),
            self._a_things_own_name(dims),
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
        if len({d.cube for d in dims}) > 1 and all(d.verbs for d in dims):
            # "on Sundays": of the order date or the ship date? Each says its verbs
            options = [d.short_title.lower() for d in dims]
            self._ask_about(run, "not which of these it is: " + ", ".join(options) + ".", options)
        return self._prefer_same_things(run, dims)

    def _verbed(self, first: Item, dims: list[Member]) -> Member | None:
        """ "shipped on Sundays": the one dimension the verb before the value is said of (the
        ship date's weekday, not the order date's)."""
        verb = self._adjacent(first, VerbItem, after=False)
        if not isinstance(verb, VerbItem) or not self._gap_is_function(verb.end, first.start):
            return None
        hits = [d for d in dims if d in verb.members]
        return hits[0] if len(hits) == 1 else None

    def _a_things_own_name(self, dims: list[Member]) -> Member | None:
        """ "Alfreds Futterkiste": the customer's own name, not the same words in an order's
        ship-to name; the one column called what its rows are called."""
        own = [d for d in dims if self.catalog.names_its_rows(d)]
        return own[0] if len(own) == 1 else None

    def _prefer_same_things(self, run: list[ValueItem], dims: list[Member]) -> Member:
        """No word says which: where every candidate names the same things ("JFK": an origin
        or a destination), the model's order decides; where they name different things
        ("Alaska": the airline, or the airport in the state), the question is asked."""
        named: dict[str, set[str]] = {}
        for item in run:
            for match in item.matches:
                if match.dimension in dims:
                    named.setdefault(match.dimension.name, set()).update(match.values)
        if len({frozenset(values) for values in named.values()}) > 1:
            options = [
                f"{self.catalog.members[dim].short_title.lower()} {' or '.join(sorted(v)[:6])}"
                for dim, v in named.items()
            ]
            self._ask_about(run, "it names different things here.", options)
        return self._prefer(dims)

    def _said_of(self, member: Item, value: Item) -> bool:
        """The member names the value: right beside it ("airline Delta") or said to be it
        ("whose job country is the USA")."""
        gap = self._between_words(member.end, value.start)
        return gap <= lang.COPULA_WORDS and gap != {"the"}

    def _check_role(self, run: list[ValueItem], dims: list[Member]) -> None:
        """ "flights to Newark": the cue names a role (destination) that Newark never has in
        this data, only its twin (origin, the same kind of thing); asked, not read as the
        other role."""
        cue = self._cue_before(run[0].start)
        roles = [d for d in self.catalog.dimensions() if d.aliases and d not in dims]
        for role in roles:
            # "to", "from", "bound for" say a role; "in", "at" say only where
            directed = tuple(c for c in role.value_cues if c not in lang.PLACE_CUES)
            length = lang.longest_cue(cue, directed)
            twins = [d for d in dims if _alias_kinds(d) == _alias_kinds(role)]
            if (
                length
                and twins
                and all(lang.longest_cue(cue, d.value_cues) < length for d in twins)
            ):
                held, asked = twins[0].short_title.lower(), role.short_title.lower()
                self._ask_about(run, f"it is only {_a(held)} in this data, not {_a(asked)}.")

    def _reached_by_noun(self, run: list[ValueItem], dims: list[Member]) -> Member | None:
        """ "suppliers in Africa": the region a supplier has, not a customer's; of the
        supplier's own, the one the words name most fully ("customers from Mexico": their
        country, not their city México D.F.)."""
        noun = self._adjacent(run[0], MemberItem, after=False)
        if not isinstance(noun, MemberItem):
            return None
        cubes = {m.cube for m in noun.members if m.agg == "count"}
        # "distinct suppliers in Asia": the suppliers' own cube, named by the head noun
        head = noun.end - 1
        cubes |= {
            p.member.cube
            for _, p in self.lexicon.phrases_at(self.reading.tokens, head)
            if p.kind == "member" and p.member.agg == "count" and noun.end - noun.start > 1
        }
        reached = [d for d in dims if any(d.cube in self.catalog.reachable(c) for c in cubes)]
        if len(reached) > 1:
            return self._best_named(run, reached)
        return reached[0] if reached else None

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
        if len(fullest) > 1:
            # "Texas": the state named in full, not the city "Texas City"
            whole = [d for d in fullest if self._named_whole(run, d)]
            fullest = whole if len(whole) == 1 else fullest
        return fullest[0] if len(fullest) == 1 else None

    def _named_whole(self, run: list[ValueItem], dim: Member) -> bool:
        said = " ".join(t.norm for item in run for t in self.reading.tokens[item.start : item.end])
        return any(
            " ".join(t.norm for t in lang.phrase_tokens(value)) == said
            for item in run
            for match in item.matches
            if match.dimension == dim
            for value in match.values
        )

    def _cued(self, first: Item, dims: list[Member]) -> Member | None:
        """The dimension whose cue stands before the value: "from" JFK, "to" Denver."""
        cue = self._cue_before(first.start)
        # the longest cue decides: "landed in" Denver is a destination, though "in" is an origin's
        lengths = {d.name: lang.longest_cue(cue, d.value_cues) for d in dims}
        longest = max(lengths.values(), default=0)
        cued = [d for d in dims if longest and lengths[d.name] == longest]
        return cued[0] if cued else None

    def _hint_before(self, first: Item) -> Item | None:
        """A member named before a value, past a negation: "destinations other than Atlanta"."""
        for word in sorted(self.reading.words("negation"), key=lambda w: -w.start):
            if word.end <= first.start and self._gap_is_function(word.end, first.start):
                return self._adjacent(word, MemberItem, after=False)
        return None

    def _value_filters(self) -> None:
        assert self.measure is not None
        reach = self.catalog.reachable(self.measure.cube)
        for value_list in self.lists:
            if value_list.dimension not in self.groups:
                value_list.dimension = self._on_the_rows_counted(value_list)
            named = value_list.dimension
            if named.cube not in reach:
                reach = self._out_of_reach(value_list, reach)
            dim = value_list.dimension
            if dim != named and named in self.groups:
                # "which was colder, JFK or LGA": each shown by the column the figure reaches
                self.groups = [dim if g == named else g for g in self.groups]
            values: list[str] = []
            for item in value_list.items:
                item.used = True
                for match in item.matches:
                    if match.dimension.name == dim.name:
                        self._one_sense(item, match)
                        self._one_place(item, match)
                        values += [v for v in match.values if v not in values]
            value_list.values = sorted(values)
            value_list.negated = self._negated(value_list.items[0])
            rate = self.measure.rate_of
            if rate and rate.member == dim.name and values == [rate.value]:
                continue  # "percentage ... cancelled": the rate measure says it already
            if self._included(value_list.items[0]):
                continue  # "counting the cancelled ones too": kept in, not the only ones
            operator = "notEquals" if value_list.negated else "equals"
            if any(m.kind == PART for i in value_list.items for m in i.matches):
                # words that values share ("brass"): every value with the word
                operator = "notContains" if value_list.negated else "contains"
                if self._stacked(value_list):
                    continue
            self.filters.append(
                CubeFilter(member=dim.name, operator=operator, values=value_list.values)
            )

    def _stacked(self, value_list: ValueList) -> bool:
        """ "large plated parts": words side by side describe one value, which has each of
        them (a filter per word), where "brass or copper" is either."""
        items = value_list.items
        if len(items) < 2 or any(a.end != b.start for a, b in itertools.pairwise(items)):
            return False
        if value_list.negated:
            self._ask_about(items, "not whether a value with one of the words is left out too.")
        name = value_list.dimension.name
        for item in items:
            values = sorted({v for m in item.matches if m.dimension.name == name for v in m.values})
            self.filters.append(CubeFilter(member=name, operator="contains", values=values))
        return True

    def _on_the_rows_counted(self, value_list: ValueList) -> Member:
        """ "flights at LGA": where the figure's own rows have one column of the same values
        (the one the cue names, of several), it is the one, not the airport of the weather
        joined to them."""
        assert self.measure is not None
        chosen = value_list.dimension
        named = any(isinstance(i, MemberItem) and chosen in i.members for i in self.reading.items)
        if chosen.cube == self.measure.cube or named or self._verbed(value_list.items[0], [chosen]):
            return chosen  # "staff whose office location is Japan", "shipped on Sundays"
        first = value_list.items[0]
        if lang.longest_cue(self._cue_before(first.start), chosen.value_cues) > 1:
            return chosen  # "report to Grace Hopper": a cue of its own says the manager
        values = {m.dimension.name: set(m.values) for m in first.matches}
        own = [
            m.dimension
            for m in first.matches
            if m.dimension.cube == self.measure.cube and set(m.values) == values.get(chosen.name)
        ]
        if len(own) > 1:  # "at LGA": an origin, by the cue, not a destination
            cue = self._cue_before(first.start)
            best = max(lang.longest_cue(cue, d.value_cues) for d in own)
            own = [d for d in own if best and lang.longest_cue(cue, d.value_cues) == best]
        return own[0] if len(own) == 1 else chosen

    def _included(self, first: ValueItem) -> bool:
        """ "including cancelled flights", "counting the cancelled ones too"."""
        before = {t.norm for t in self.reading.tokens[max(0, first.start - 2) : first.start]}
        only = "only" in before  # "counting only the cancelled ones": them alone
        return bool(before & lang.INCLUDING) and not only and not self._negated(first)

    def _one_sense(self, item: ValueItem, match: ValueMatch) -> None:
        """ "Washington": the city (IAD, DCA) or the state (SEA)? Whole names of different
        things are asked about, with each meaning's values as the options."""
        if match.senses:
            options = [" or ".join(values[:6]) for _, values in match.senses]
            self._ask_about([item], "it names different things here.", options)

    def _one_place(self, item: ValueItem, match: ValueMatch) -> None:
        """ "Portland": one city name, two places (Oregon, Maine), told apart by a coarser
        name (fewer distinct ones: states, not airports); "Houston", two airports of one city,
        is one place."""
        dim = match.dimension
        if len(match.values) < 2 or match.kind not in dim.aliases:
            return
        names = self.catalog.names.get(dim.name, {})
        for i, kind in enumerate(dim.aliases):
            per_value = {v: _alias_name(names.get(v, []), i) for v in match.values}
            if self._coarser(dim, kind, match.kind) and len(set(per_value.values()) - {None}) > 1:
                where = self.catalog.members[kind].short_title.lower()
                options = [f"{v} ({per_value[v]})" for v in match.values]
                self._ask_about([item], f"it names places in different {where}s.", options)

    def _out_of_reach(self, value_list: ValueList, reach: set[str]) -> set[str]:
        """A value the measure's rows cannot reach. "How many products did Alfreds buy": the
        different products among the lines bought, which reach the customer; else, where a
        noun said whose value it is ("customers in Germany"), asked, never another's
        (the suppliers' Germany); else the reachable column its words name most fully."""
        wanted, groups = value_list.dimension.cube, {g.cube for g in self.groups}
        counted = self._counted_through(
            lambda cube: {wanted, *groups} <= self.catalog.reachable(cube)
        )
        if counted is not None:
            self.measure = counted
            return self.catalog.reachable(counted.cube)
        assert self.measure is not None
        if self._reached_back({wanted}):
            # "the average seats of the planes JetBlue flew": the planes that have such rows,
            # each once (Cube counts a plane's figure once however many flights reach it)
            return reach | {wanted}
        if self._reached_by_noun(value_list.items, [value_list.dimension]) is None:
            value_list.dimension = self._reachable_dimension(value_list, reach)
            return reach
        self._ask_out_of_reach(value_list)

    def _ask_out_of_reach(self, value_list: ValueList) -> NoReturn:
        assert self.measure is not None
        self._ask_about(
            value_list.items,
            f"{self.measure.short_title.lower()} cannot be broken down by it.",
            self._measure_options(value_list.dimension.cube),
        )
        raise AssertionError  # _ask_about raised

    def _reachable_dimension(self, value_list: ValueList, reach: set[str]) -> Member:
        """The named dimension is out of the measure's reach: the reachable one its values name
        most fully ("Japan" is the job country Japan, not the department Field Office: Japan)."""
        reachable = [
            (match.coverage, self._named_whole([item], match.dimension), match.dimension)
            for item in value_list.items
            for match in item.matches
            if match.dimension.cube in reach
        ]
        if reachable:
            return max(reachable, key=lambda found: found[:2])[2]
        self._ask_out_of_reach(value_list)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _alias_kinds(dim: Member) -> list[str]:
    """The sorts of names a dimension's values have ("name", "city", "state"), whatever table."""
    return [alias.split(".")[-1] for alias in dim.aliases]


def _alias_name(names: list[str], i: int) -> str | None:
    """A value's name of the i-th alias sort (its city, its state), where it has one."""
    return names[i] if i < len(names) else None


def _shared_dims(run: list[ValueItem]) -> list[Member]:
    shared: list[Member] | None = None
    for item in run:
        dims = [m.dimension for m in item.matches]
        shared = dims if shared is None else [d for d in shared if d in dims]
    return shared or []
