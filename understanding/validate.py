"""Checks a Cube query against the catalog before it runs: members exist and filters fit types."""

from __future__ import annotations

import re

from models.ask import CubeQuery
from understanding.catalog import Catalog

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NUMERIC_OPS = {"gt", "gte", "lt", "lte"}


def problems(query: CubeQuery, catalog: Catalog) -> list[str]:
    """Everything wrong with the query, in words a person understands; empty when it is fine."""
    found: list[str] = []
    if not query.measures and not query.dimensions:
        found.append("the query asks for no measure and no dimension")
    found += _members(query.measures, "measure", catalog)
    found += _members(query.dimensions, "dimension", catalog)
    for f in query.filters:
        found += _filter(f.member, f.operator, f.values, catalog)
    for td in query.timeDimensions:
        member = catalog.members.get(td.dimension)
        if member is None or member.type != "time":
            found.append(f"{td.dimension} is not a time dimension")
        if td.dateRange and not all(_DATE.match(d) for d in td.dateRange):
            found.append(f"date range {td.dateRange} is not YYYY-MM-DD")
    for name, _ in query.order:
        if name not in query.measures and name not in query.dimensions:
            found.append(f"cannot order by {name}: it is not in the query")
    if query.limit is not None and query.limit < 1:
        found.append("limit must be at least 1")
    if query.offset is not None and (query.offset < 0 or not query.order):
        found.append("an offset needs an order and must not be negative")
    return found


def _members(names: list[str], kind: str, catalog: Catalog) -> list[str]:
    return [
        f"unknown {kind} {name}"
        for name in names
        if name not in catalog.members or catalog.members[name].kind != kind
    ]


def _filter(name: str, operator: str, values: list[str], catalog: Catalog) -> list[str]:
    member = catalog.members.get(name)
    if member is None:
        return [f"cannot filter on unknown member {name}"]
    if operator in ("set", "notSet"):
        return []
    if not values:
        return [f"filter on {name} ({operator}) has no values"]
    if member.type == "number" and not all(_is_number(v) for v in values):
        return [f"filter on {name} needs numbers, got {values}"]
    if operator in _NUMERIC_OPS and member.type not in ("number", "time"):
        return [f"{operator} needs a number, but {name} is a {member.type}"]
    return []


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
