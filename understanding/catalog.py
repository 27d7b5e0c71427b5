"""What a query agent knows of the data: members with the words the data model gives them (/meta),
and dimension values sampled through Cube, each with the other names it goes by.

Every word about the data comes from the model's `meta` (see cube/model/*.js):
- on any member: `synonyms` (noun phrases naming it);
- on a cube's count measure, for the cube as a whole: `synonyms` (what one row is called),
  `verbs` (what rows do: a flight departs), `scope` (phrases true of every row), `scope_of`
  (the column the scope is about, whose cues keep it the scope: "from New York"), `joins`;
- on a dimension: `verbs` (a comparison's role: "departed before 6 am"), `unit` ("fraction":
  a share of one, said in percent), `sample_values`, `aliases` (dimensions naming the same
  thing: an airport's name and city), `value_cues` ("from", "to"), `label_member`,
  `value_synonyms`, `value_groups`, `common_words` (values are ordinary words, not names),
  `time_part`, `hour_of_day` (the hour a row happens at: "in the evening"), `higher`/`lower`
  (adjectives: long, hot), `better`, `above_zero`/`below_zero` (late, early), `whole_names`
  (values made of other values, named only in full: a route "JFK-SFO"), `primary`,
  `default_agg`, `happened` (the value of rows that really took place: "flights that actually
  took off" are not cancelled), `happened_verbs` (verbs that by themselves say a row took
  place: a flight that "took off");
- on a measure: `of` (the column it aggregates), `rate_of` (the value whose share it is),
  `verbs` (what is done to amount to it: revenue is what customers spend).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from understanding.language import is_dictionary_word, singular

_UNITS = re.compile(r"\s*\([^)]*\)")
# Every `meta` key the agent reads (above); `quarry model check` reports any other as a typo.
META_KEYS = frozenset(
    {
        "synonyms", "verbs", "scope", "scope_of", "joins", "unit", "sample_values", "aliases",
        "value_cues", "label_member", "value_synonyms", "value_groups", "common_words",
        "time_part", "hour_of_day", "higher", "lower", "better", "above_zero", "below_zero",
        "whole_names", "primary", "default_agg", "happened", "happened_verbs", "of", "rate_of",
        "span",
    }
)  # fmt: skip


@dataclass(frozen=True)
class RateOf:
    member: str
    value: str


@dataclass(frozen=True)
class Member:
    name: str  # "flights.count"
    cube: str
    kind: str  # "measure" | "dimension"
    type: str  # "number" | "string" | "time" | ...
    title: str
    phrases: tuple[str, ...] = ()
    agg: str = ""
    of: str | None = None
    rate_of: RateOf | None = None
    verbs: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    scope_of: str | None = None  # the column the scope phrases are about (meta scope_of)
    joins: tuple[str, ...] = ()
    unit: str | None = None
    sample_values: bool = False
    aliases: tuple[str, ...] = ()
    value_cues: tuple[str, ...] = ()
    # A readable companion shown beside a code: F9 -> "Frontier Airlines Inc."
    label_member: str | None = None
    value_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    value_groups: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    common_words: bool = False
    time_part: str | None = None
    hour_of_day: bool = False  # the hour a row happens at, 0-23 ("in the evening")
    whole_names: bool = False  # values named only in full ("JFK-SFO", not "JFK")
    higher: tuple[str, ...] = ()
    lower: tuple[str, ...] = ()
    better: str | None = None  # "lower" | "higher"
    above_zero: tuple[str, ...] = ()
    below_zero: tuple[str, ...] = ()
    primary: bool = False
    default_agg: str = "avg"
    happened: str | None = None
    happened_verbs: tuple[str, ...] = ()
    # a duration: the two dates it runs between ("days to ship": order date, ship date)
    span: tuple[str, ...] = ()

    @property
    def short_title(self) -> str:
        """The title without its unit: "Average arrival delay (minutes)" loses "(minutes)"."""
        return _UNITS.sub("", self.title)


@dataclass
class Catalog:
    members: dict[str, Member]
    # key dimension -> its values, as Cube returns them (sampled through Cube)
    values: dict[str, list[str]] = field(default_factory=dict)
    # key dimension -> value -> the other names it goes by (its aliases' values)
    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # time dimension -> the years its data covers
    years: dict[str, list[int]] = field(default_factory=dict)
    # the indexes over all of the above (understanding/lexicon.py), built on first use
    lexicon: object | None = field(default=None, repr=False, compare=False)
    joins_both_ways: dict[str, set[str]] | None = field(default=None, repr=False, compare=False)

    def measures(self) -> list[Member]:
        return [m for m in self.members.values() if m.kind == "measure"]

    def dimensions(self) -> list[Member]:
        return [m for m in self.members.values() if m.kind == "dimension"]

    def count_measure(self, cube: str) -> Member | None:
        return next((m for m in self.measures() if m.cube == cube and m.agg == "count"), None)

    def key_of(self, cube: str) -> Member | None:
        """The number a thing is known by ("Part key", "Order ID"): "part 1234" names it."""
        keys = [
            m
            for m in self.dimensions()
            # "key", "id": one per thing ("Flight number" is shared by a flight every day)
            if m.cube == cube
            and m.type == "number"
            and m.title.lower().split()[-1:] in (["key"], ["id"])
        ]
        if len(keys) > 1:  # an order's own key, not the customer key it holds
            own = singular(cube.lower())
            keys = [k for k in keys if singular(k.title.lower().split()[0]) == own]
        return keys[0] if len(keys) == 1 else None

    def key_counted(self, members: list[Member]) -> Member | None:
        """The key of the one kind of thing a noun counts ("part": the part key)."""
        keys = {
            key for m in members if m.agg == "count" and (key := self.key_of(m.cube)) is not None
        }
        return keys.pop() if len(keys) == 1 else None

    def time_dimension(self, cube: str) -> Member | None:
        return next((m for m in self.dimensions() if m.cube == cube and m.type == "time"), None)

    def amounts(self, cubes: set[str]) -> list[Member]:
        """The amounts the cubes' rows carry: numbers summed by default (an order's total, a
        line's price), not an hour or a month of something. "The biggest order", "orders
        worth more than N" mean the one amount of the things, where there is one."""
        return [
            d
            for d in self.dimensions()
            if d.cube in cubes
            and d.default_agg == "sum"
            and d.type == "number"
            and not d.time_part
            and d.unit != "clock"
        ]

    def names_its_rows(self, dimension: Member) -> bool:
        """A column called what its cube's rows are called: the employee's name is "employee",
        a customer's company name "customer"."""
        count = self.count_measure(dimension.cube)
        return count is not None and bool(set(count.phrases) & set(dimension.phrases))

    def names_of(self, cube: str) -> list[Member]:
        """The cube's columns called what its rows are called (see `names_its_rows`)."""
        return [d for d in self.dimensions() if d.cube == cube and self.names_its_rows(d)]

    def described_at(self, key: Member) -> set[str]:
        """The cubes that describe what a key names: its aliases' and its label's (an airport
        code's airport)."""
        named = (*key.aliases, key.label_member or "")
        return {self.members[a].cube for a in named if a in self.members}

    def dates_of(self, cube: str) -> list[Member]:
        """A cube's dates: its own, else those of the cube its rows are parts of (an "order
        detail" is part of an "order": its dates), in the order the model lists them. Not a
        parent's of another kind (an employee's department was founded, not hired)."""
        own = [d for d in self.dimensions() if d.cube == cube and d.type == "time"]
        if own:
            return own
        return [
            d
            for whole in self.reachable(cube) - {cube}
            if self._part_of(cube, whole)
            for d in self.dimensions()
            if d.cube == whole and d.type == "time"
        ]

    def _part_of(self, part: str, whole: str) -> bool:
        """Rows called by the name of another's rows and more: "order detail", "invoice line"
        of "order", "invoice"."""
        mine, theirs = self.count_measure(part), self.count_measure(whole)
        if mine is None or theirs is None:
            return False
        return any(p.startswith(f"{t} ") for p in mine.phrases for t in theirs.phrases)

    def reachable(self, cube: str) -> set[str]:
        """The cubes a query rooted at `cube` can join to (the model's `joins`, followed)."""
        seen = {cube}
        todo = [cube]
        while todo:
            count = self.count_measure(todo.pop())
            for joined in count.joins if count else ():
                if joined not in seen:
                    seen.add(joined)
                    todo.append(joined)
        return seen

    def joined_from(self, cubes: set[str]) -> str | None:
        """A cube from which one query reaches all of `cubes` (Cube roots it there): "the seats
        of planes JetBlue flew" is rooted at the flights, which reach the planes."""
        if len(cubes) == 1:
            return next(iter(cubes))
        roots = [c for c in cubes if cubes <= self.reachable(c)]  # Cube roots at one of them
        return min(roots, key=lambda c: len(self.reachable(c))) if roots else None

    def distance(self, a: str, b: str) -> int:
        """Joins between two cubes, either way round (99 when none connects them): how far
        apart two things a question names stand in the model."""
        neighbours = self._neighbours()
        frontier, seen, steps = {a}, {a}, 0
        while frontier:
            if b in frontier:
                return steps
            frontier = {n for c in frontier for n in neighbours.get(c, ())} - seen
            seen |= frontier
            steps += 1
        return 99

    def _neighbours(self) -> dict[str, set[str]]:
        """Each cube's joins, either way round; built once (members do not change)."""
        if self.joins_both_ways is None:
            self.joins_both_ways = {}
            for measure in self.measures():
                for joined in measure.joins if measure.agg == "count" else ():
                    self.joins_both_ways.setdefault(measure.cube, set()).add(joined)
                    self.joins_both_ways.setdefault(joined, set()).add(measure.cube)
        return self.joins_both_ways

    def joinable(self, a: str, b: str) -> bool:
        """True when a query measuring `b` can also use `a`."""
        return self.members[a].cube in self.reachable(self.members[b].cube)

    def label(self, dimension: str, value: str) -> str:
        """A value with its readable name beside it: "SEA (Seattle Tacoma Intl)"."""
        names = [n for n in self.names.get(dimension, {}).get(value, []) if n]
        return f"{value} ({names[0]})" if names and names[0] != value else value


def build_catalog(meta: dict[str, Any]) -> Catalog:
    members: dict[str, Member] = {}
    for cube in meta.get("cubes", []):
        for kind in ("measures", "dimensions"):
            for raw in cube.get(kind, []):
                member = _member(cube["name"], kind[:-1], raw)
                members[member.name] = member
    return Catalog(members=members)


def _member(cube: str, kind: str, raw: dict[str, Any]) -> Member:
    meta = raw.get("meta") or {}
    title = str(raw.get("shortTitle") or raw.get("title") or raw["name"])
    phrases = {_UNITS.sub("", title).lower(), *(str(s).lower() for s in meta.get("synonyms", []))}
    name = raw["name"].split(".")[-1]
    if kind == "dimension" and ("_" in name or not is_dictionary_word(name.lower())):
        # its own name too, as people who know the tables write it: "dep_time", "tailnum"
        phrases.add(name.replace("_", " ").lower())
    rate = meta.get("rate_of")
    return Member(
        name=raw["name"],
        cube=cube,
        kind=kind,
        type=str(raw.get("type", "string")),
        title=title,
        phrases=tuple(sorted(p for p in phrases if p)),
        agg=str(raw.get("aggType") or ""),
        of=meta.get("of"),
        rate_of=RateOf(member=rate["member"], value=rate["value"]) if rate else None,
        verbs=_words(meta, "verbs"),
        scope=_words(meta, "scope"),
        scope_of=meta.get("scope_of"),
        joins=tuple(meta.get("joins", [])),
        unit=meta.get("unit") or ("%" if rate else None),  # a rate is in percent
        sample_values=bool(meta.get("sample_values")),
        aliases=tuple(meta.get("aliases", [])),
        value_cues=_words(meta, "value_cues"),
        label_member=meta.get("label_member"),
        value_synonyms={k: tuple(v) for k, v in (meta.get("value_synonyms") or {}).items()},
        value_groups={k: tuple(v) for k, v in (meta.get("value_groups") or {}).items()},
        common_words=bool(meta.get("common_words")),
        time_part=meta.get("time_part"),
        span=tuple(meta.get("span", [])),
        hour_of_day=bool(meta.get("hour_of_day")),
        whole_names=bool(meta.get("whole_names")),
        higher=_words(meta, "higher"),
        lower=_words(meta, "lower"),
        better=meta.get("better"),
        above_zero=_words(meta, "above_zero"),
        below_zero=_words(meta, "below_zero"),
        primary=bool(meta.get("primary")),
        default_agg=str(meta.get("default_agg") or "avg"),
        happened=meta.get("happened"),
        happened_verbs=_words(meta, "happened_verbs"),
    )


def _words(meta: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(word).lower() for word in meta.get(key, []))
