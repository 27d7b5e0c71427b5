"""Questions generated from a data model, each with the query it must read as (DBPal-style:
templates x members x values x phrasings): a regression set for any model, the starter models
included, written by no one who tuned the agent.

    .venv/bin/python -m bench.generated     # right / asked / wrong on the recorded models

A question is right when the agent's query has the expected measures, groupings and filters
(readable companions such as an airline's name beside its code, and "has a label" filters on a
ranked group, aside), asked when the agent asks, wrong otherwise.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from models.ask import CubeFilter, CubeQuery, Plan
from understanding import offline
from understanding.catalog import Catalog, Member
from understanding.language import plural

AGG_WORDS = {"avg": "average", "sum": "total", "min": "minimum", "max": "maximum"}
Outcome = Literal["right", "asked", "wrong"]


@dataclass(frozen=True)
class Generated:
    template: str
    question: str
    expected: CubeQuery


def generate(catalog: Catalog, per_template: int = 40) -> list[Generated]:
    """Every template over the model's members and sampled values, at most `per_template`
    questions each, in a fixed order (the same model gives the same set)."""
    found: list[Generated] = []
    for template in (_counts, _aggregates, _filtered, _grouped, _ranked, _counted_values):
        found += itertools.islice(template(catalog), per_template)
    return found


def outcome(generated: Generated, catalog: Catalog) -> Outcome:
    try:
        got = offline.understand(generated.question, catalog)
    except offline.NeedsClarification:
        return "asked"
    if isinstance(got, Plan):
        return "wrong"
    return "right" if _same(got, generated.expected, catalog) else "wrong"


def score(catalog: Catalog) -> Counter[Outcome]:
    return Counter(outcome(g, catalog) for g in generate(catalog))


def _same(got: CubeQuery, expected: CubeQuery, catalog: Catalog) -> bool:
    companions = {m.label_member for name in got.dimensions if (m := catalog.members.get(name))}
    dims = [d for d in got.dimensions if d not in companions]
    # "has a value" filters keep a ranking to real groups and figures: no change of meaning
    filters = [f for f in got.filters if f.operator != "set"]
    if got.measures != expected.measures or dims != expected.dimensions:
        return False
    if _filters(filters) != _filters(expected.filters):
        return False
    return not expected.order or (got.order[:1] == expected.order[:1])


def _filters(filters: list[CubeFilter]) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(f.member, f.operator, tuple(sorted(f.values))) for f in filters}


# -- templates ---------------------------------------------------------------------------------


COUNT_PHRASINGS = (
    "How many {} are there?",
    "number of {}",
    "Count the {}.",
    "how many {} do we have",
)
GROUP_PHRASINGS = ("{} by {}", "{} per {}", "Show the {} for each {}.", "break down the {} by {}")


def _counts(catalog: Catalog) -> Iterator[Generated]:
    """ "How many flights are there?", "number of flights", ..."""
    measures = [m for m in catalog.measures() if m.agg == "count" and _noun(m)]
    for measure, phrasing in zip(measures, itertools.cycle(COUNT_PHRASINGS), strict=False):
        for noun in _nouns(measure)[:2]:
            yield Generated(
                "count", phrasing.format(plural(noun)), CubeQuery(measures=[measure.name])
            )


def _aggregates(catalog: Catalog) -> Iterator[Generated]:
    """ "What is the average departure delay?" """
    for measure, column, word in _column_measures(catalog):
        yield Generated(
            "aggregate",
            f"What is the {word} {_phrase(column)}?",
            CubeQuery(measures=[measure.name]),
        )


def _filtered(catalog: Catalog) -> Iterator[Generated]:
    """ "What is the average departure delay of flights to ATL?" """
    for (measure, column, word), (dim, value) in _pairs(catalog):
        count = catalog.count_measure(measure.cube)
        noun = _noun(count) if count else None
        if not noun or not dim.value_cues:
            continue
        yield Generated(
            "aggregate of a value",
            f"What is the {word} {_phrase(column)} of {plural(noun)} {_cued(dim, value)}?",
            _of_value(measure, dim, value),
        )


def _grouped(catalog: Catalog) -> Iterator[Generated]:
    """ "average departure delay by airline" """
    phrasings = itertools.cycle(GROUP_PHRASINGS)
    for measure, column, word in _column_measures(catalog):
        for dim in _groupings(catalog, measure):
            said = _synonym(dim, len(dim.name), catalog)
            yield Generated(
                "grouped",
                next(phrasings).format(f"{word} {_synonym(column, len(said), catalog)}", said),
                CubeQuery(measures=[measure.name], dimensions=[dim.name]),
            )


def _ranked(catalog: Catalog) -> Iterator[Generated]:
    """ "Which airline has the highest average arrival delay?" """
    for measure, column, word in _column_measures(catalog):
        if measure.agg != "avg":
            continue
        for dim in _groupings(catalog, measure):
            yield Generated(
                "ranked",
                f"Which {_phrase(dim)} has the highest {word} {_phrase(column)}?",
                CubeQuery(
                    measures=[measure.name], dimensions=[dim.name], order=[(measure.name, "desc")]
                ),
            )


def _counted_values(catalog: Catalog) -> Iterator[Generated]:
    """ "How many flights went to DEN?" (the value as the data writes it)"""
    for measure in catalog.measures():
        noun = _noun(measure) if measure.agg == "count" else None
        if not noun:
            continue
        for dim, value in _values(catalog, measure.cube):
            if dim.value_cues:
                yield Generated(
                    "count of a value",
                    f"How many {plural(noun)} {_cued(dim, value)}?",
                    _of_value(measure, dim, value),
                )


def _cued(dim: Member, value: str) -> str:
    """A value after the first word the model says introduces it: "to DEN"."""
    return f"{dim.value_cues[0]} {value}"


def _of_value(measure: Member, dim: Member, value: str) -> CubeQuery:
    return CubeQuery(
        measures=[measure.name],
        filters=[CubeFilter(member=dim.name, operator="equals", values=[value])],
    )


# -- the model's words -------------------------------------------------------------------------


def _noun(measure: Member) -> str | None:
    """What one row of a count is called: its first synonym ("flight")."""
    words = _nouns(measure)
    return words[0] if words else None


def _nouns(measure: Member) -> list[str]:
    return [p for p in measure.phrases if p != measure.short_title.lower()]


def _synonym(member: Member, pick: int, catalog: Catalog) -> str:
    """One of the member's names, chosen by `pick` (deterministic): its title or a synonym,
    but not one another column goes by too ("airport": an origin's or a destination's)."""
    others = {
        p for m in catalog.dimensions() if m.name != member.name for p in (*m.phrases, _phrase(m))
    }
    names = sorted({_phrase(member), *member.phrases} - others) or [_phrase(member)]
    return names[pick % len(names)]


def _phrase(member: Member) -> str:
    return member.short_title.lower()


def _column_measures(catalog: Catalog) -> Iterator[tuple[Member, Member, str]]:
    for measure in catalog.measures():
        column = catalog.members.get(measure.of or "")
        if column is None or column.kind != "dimension" or measure.agg not in AGG_WORDS:
            continue
        yield measure, column, AGG_WORDS[measure.agg]


def _groupings(catalog: Catalog, measure: Member) -> list[Member]:
    reach = catalog.reachable(measure.cube)
    return [
        d
        for d in catalog.dimensions()
        if d.cube == measure.cube and d.sample_values and d.type == "string" and d.cube in reach
    ]


def _values(catalog: Catalog, cube: str) -> Iterator[tuple[Member, str]]:
    for name, values in catalog.values.items():
        dim = catalog.members[name]
        if dim.cube == cube and not dim.common_words:
            # a value that begins another ("AIRBUS", "AIRBUS INDUSTRIE") names both: left out
            clear = [v for v in values if not any(o != v and o.startswith(v) for o in values)]
            for value in clear[:3]:
                yield dim, value


def _pairs(catalog: Catalog) -> Iterator[tuple[tuple[Member, Member, str], tuple[Member, str]]]:
    for measure_column in _column_measures(catalog):
        for value in itertools.islice(_values(catalog, measure_column[0].cube), 2):
            yield measure_column, value
