"""A query in plain words, from the catalog: what every answer says it answered.

It works on any checked query, whichever provider (offline or LLM) wrote it.
"""

from __future__ import annotations

import calendar
from datetime import date

from models.ask import CubeFilter, CubeQuery, Interpretation
from understanding import language as lang
from understanding.catalog import Catalog, Member

_OPERATORS = {"gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "equals": "=", "notEquals": "≠",
              "contains": "contains", "notContains": "does not contain"}  # fmt: skip
_GRANULARITY = {
    "day": "per day",
    "week": "per week",
    "month": "per month",
    "quarter": "per quarter",
    "year": "per year",
}


def describe(query: CubeQuery, catalog: Catalog) -> Interpretation:
    measures = [_title(catalog, m) + _each_once(m, query, catalog) for m in query.measures]
    grouping = [
        f"by {_title(catalog, d).lower()}"
        for d in query.dimensions
        if not _is_label(d, query, catalog)
    ]
    if not measures:  # a look-up: the columns asked for, of the things the filters name
        columns = [d for d in query.dimensions if not _is_label(d, query, catalog)]
        measures, grouping = [_title(catalog, d) for d in columns], []
    period = None
    for td in query.timeDimensions:
        if td.dateRange:
            period = _period(td.dateRange)
            if not _main_date(td.dimension, query, catalog):
                period = f"{_title(catalog, td.dimension).lower()} {period}"  # "ship date 1997"
        if td.granularity:
            grouping.append(_GRANULARITY[td.granularity])
    return Interpretation(
        measure=" and ".join(measures) or "rows",
        filters=[
            condition(f, catalog)
            for f in query.filters
            # a ranked group that has a label, and a figure that has a value, go without saying
            if not (f.operator == "set" and f.member in (*query.dimensions, *query.measures))
        ],
        period=period,
        grouping=grouping,
        order=_order(query, catalog),
    )


def _each_once(name: str, query: CubeQuery, catalog: Catalog) -> str:
    """A figure of things reached from rows that belong to them ("the seats of the planes
    JetBlue flew") counts each thing once, however many rows reach it: said so."""
    measure = catalog.members.get(name)
    if measure is None:
        return ""
    reach = catalog.reachable(measure.cube)
    others = [
        *query.dimensions,
        *(f.member for f in query.filters),
        *(t.dimension for t in query.timeDimensions),
    ]
    if all(catalog.members[o].cube in reach for o in others if o in catalog.members):
        return ""
    count = catalog.count_measure(measure.cube)
    things = count.short_title.lower().removeprefix("number of ") if count else measure.cube
    return f" (each of the {things} once)"


def _main_date(name: str, query: CubeQuery, catalog: Catalog) -> bool:
    """Whether the dates are the figure's own first ones, which go without saying."""
    measure = catalog.members.get(query.measures[0]) if query.measures else None
    dates = catalog.dates_of(measure.cube) if measure else []
    return bool(dates) and dates[0].name == name  # no dates of its own: whose are said


def _title(catalog: Catalog, name: str) -> str:
    member = catalog.members.get(name)
    return member.short_title if member else name


def _is_label(name: str, query: CubeQuery, catalog: Catalog) -> bool:
    """A readable companion (airline name beside its code) is not a grouping of its own."""
    return any(
        (m := catalog.members.get(d)) is not None and m.label_member == name
        for d in query.dimensions
    )


def condition(f: CubeFilter, catalog: Catalog) -> str:
    """One filter in words: "destination BOS (General Edward Lawrence Logan Intl)"."""
    member = catalog.members.get(f.member)
    title = (member.short_title if member else f.member).lower()
    if f.operator == "notSet":
        return f"{title} not recorded"
    if f.operator == "set":
        return f"{title} recorded"
    if f.operator in ("equals", "notEquals") and member is not None and member.type == "string":
        labels = " or ".join(catalog.label(f.member, v) for v in f.values)
        return f"{title} {'not ' if f.operator == 'notEquals' else ''}{labels}"
    if member is not None and member.time_part == "month" and f.operator == "equals":
        return "months " + ", ".join(calendar.month_name[int(v)] for v in f.values)
    values = ", ".join(_number(v, member) for v in f.values)
    return f"{title} {_OPERATORS.get(f.operator, f.operator)} {values}"


def _number(value: str, member: Member | None) -> str:
    unit = member.unit if member else None
    if unit == "clock":
        hhmm = int(float(value))
        return f"{hhmm // 100:02d}:{hhmm % 100:02d}"
    if unit in (None, "year"):
        return value
    if unit == lang.FRACTION:  # 0.05 of one is said 5%
        return f"{float(value) * 100:g}%"
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}"


def _period(date_range: list[str]) -> str:
    first, last = (date.fromisoformat(d[:10]) for d in date_range)
    if first == last:
        return f"{calendar.month_name[first.month]} {first.day}, {first.year}"
    whole_months = first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]
    if whole_months and first.year == last.year:
        if first.month == 1 and last.month == 12:
            return str(first.year)
        if first.month == last.month:
            return f"{calendar.month_name[first.month]} {first.year}"
        return f"{calendar.month_name[first.month]}-{calendar.month_name[last.month]} {first.year}"
    return f"{first.isoformat()} to {last.isoformat()}"


def _order(query: CubeQuery, catalog: Catalog) -> str | None:
    if not query.order:
        return None
    name, direction = query.order[0]
    member = catalog.members.get(name)
    if name in query.measures:
        words = "highest first" if direction == "desc" else "lowest first"
    elif not query.measures and member is not None and member.type in ("number", "time"):
        # the thing at an extreme of a column: "latest hire date first"
        words = (
            ("latest" if member.type == "time" else "highest")
            if direction == "desc"
            else ("earliest" if member.type == "time" else "lowest")
        )
        words = f"{words} {member.short_title.lower()} first"
    else:
        words = f"in order of {_title(catalog, name).lower()}"
    if query.offset and query.limit == 1:
        return f"number {query.offset + 1}, {words}"
    return f"top {query.limit}, {words}" if query.limit else words
