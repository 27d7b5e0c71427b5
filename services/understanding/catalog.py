"""What a query agent knows of the data: members, phrases and sampled values, from /meta."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_UNITS = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class Member:
    name: str  # "flights.count"
    cube: str
    kind: str  # "measure" | "dimension"
    type: str  # "number" | "string" | "time" | ...
    title: str
    phrases: tuple[str, ...]
    component: int
    agg: str = ""
    value_cues: tuple[str, ...] = ()
    sample_values: bool = False
    sample_measure: str | None = None
    # A readable companion shown beside a code: F9 -> "Frontier Airlines Inc."
    label_member: str | None = None


@dataclass
class Catalog:
    members: dict[str, Member]
    # dimension name -> its known values (sampled through Cube)
    values: dict[str, list[str]] = field(default_factory=dict)

    def measures(self) -> list[Member]:
        return [m for m in self.members.values() if m.kind == "measure"]

    def dimensions(self) -> list[Member]:
        return [m for m in self.members.values() if m.kind == "dimension"]

    def time_dimension(self, cube: str) -> Member | None:
        return next((m for m in self.dimensions() if m.cube == cube and m.type == "time"), None)

    def joinable(self, a: str, b: str) -> bool:
        return self.members[a].component == self.members[b].component


def build_catalog(meta: dict[str, Any]) -> Catalog:
    members: dict[str, Member] = {}
    for index, cube in enumerate(meta.get("cubes", [])):
        component = int(cube.get("connectedComponent") or 1000 + index)
        for kind in ("measures", "dimensions"):
            for raw in cube.get(kind, []):
                member = _member(cube["name"], kind[:-1], raw, component)
                members[member.name] = member
    return Catalog(members=members)


def _member(cube: str, kind: str, raw: dict[str, Any], component: int) -> Member:
    meta = raw.get("meta") or {}
    title = str(raw.get("shortTitle") or raw.get("title") or raw["name"])
    phrases = {_UNITS.sub("", title).lower()}
    phrases.update(str(s).lower() for s in meta.get("synonyms", []))
    return Member(
        name=raw["name"],
        cube=cube,
        kind=kind,
        type=str(raw.get("type", "string")),
        title=title,
        phrases=tuple(sorted(p for p in phrases if p)),
        component=component,
        agg=str(raw.get("aggType") or ""),
        value_cues=tuple(str(c).lower() for c in meta.get("value_cues", [])),
        sample_values=bool(meta.get("sample_values")),
        sample_measure=meta.get("sample_measure"),
        label_member=meta.get("label_member"),
    )
