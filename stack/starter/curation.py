"""The curation a data team keeps beside a generated model (`curation.toml`): what people call
things, what codes mean, joins the database does not declare, measures the business defines,
members to hide. `quarry model init --refresh` writes the model again from the database and
applies it, so curation survives regeneration. An entry naming nothing in the model is an error,
not a silent no-op: a typo would otherwise cost answers without a word.

    [cubes.orders]                   # a cube: its title; what one row is called and does
    title = "Orders"
    synonyms = ["order", "purchase"]

    [members."orders.sales"]         # a member: title, description, hidden, or any meta key
    synonyms = ["revenue", "turnover"]
    unit = "USD"

    [joins.tomatoes.omdb]            # a join: from cube, to cube
    relationship = "one_to_one"
    sql = "${CUBE}.ID = ${omdb}.ID"

    [measures.orders.margin]         # a measure the business defines
    sql = "${CUBE}.Profit / ${CUBE}.Sales"
    type = "avg"
    title = "Profit margin"
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from stack.starter.render import Cube
from stack.starter.words import plural

CURATION_FILE = "curation.toml"
MEMBER_FIELDS = {"title", "description", "sql", "type", "format"}
LIST_META = {"synonyms", "verbs", "aliases", "value_cues", "scope"}
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class CurationError(ValueError):
    """An entry of the curation that names nothing in the model, or is not what it should be."""


def load_curation(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise CurationError(f"{path}: {exc}") from exc


def apply_curation(cubes: list[Cube], curation: dict[str, Any]) -> list[Cube]:
    by_name = {c.name: c for c in cubes}
    unknown = set(curation) - {"cubes", "members", "joins", "measures"}
    if unknown:
        raise CurationError(f"unknown sections {sorted(unknown)}: cubes, members, joins, measures")
    _check_shape(curation)
    for name, entry in curation.get("cubes", {}).items():
        _curate_cube(_cube(by_name, name), entry)
    for source, targets in curation.get("joins", {}).items():
        cube = _cube(by_name, source)
        for target, join in targets.items():
            _cube(by_name, target)
            cube.joins[target] = {"relationship": join.get("relationship", "many_to_one"), **join}
            cube.measures["count"]["meta"].setdefault("joins", []).append(target)
    for name, measures in curation.get("measures", {}).items():
        _cube(by_name, name).measures.update(measures)
    for path, entry in curation.get("members", {}).items():
        cube_name, _, member = path.partition(".")
        cube = _cube(by_name, cube_name)
        found = cube.measures.get(member) or cube.dimensions.get(member)
        if found is None:
            raise CurationError(f'[members."{path}"]: the model has no member {path}')
        _curate_member(found, entry)
    return cubes


def _check_shape(curation: dict[str, Any]) -> None:
    """Tables where tables belong, names that are names, lists where lists are: the curation
    is written into the model's JavaScript, so nothing else gets through."""
    for section, entries in curation.items():
        if not isinstance(entries, dict):
            raise CurationError(f"[{section}] must be a table of entries")
        for name, entry in entries.items():
            if not isinstance(entry, dict):
                raise CurationError(f"[{section}.{name}] must be a table, not {entry!r}")
            if section in ("joins", "measures"):
                for inner, value in entry.items():
                    if not IDENTIFIER.fullmatch(inner) or not isinstance(value, dict):
                        raise CurationError(f"[{section}.{name}.{inner}]: a name, then a table")
                    _check_values(f"{section}.{name}.{inner}", value)
            else:
                _check_values(f"{section}.{name}", entry)


def _check_values(where: str, entry: dict[str, Any]) -> None:
    for key, value in entry.items():
        if not IDENTIFIER.fullmatch(key):
            raise CurationError(f"[{where}]: `{key}` is no key")
        if key in LIST_META and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise CurationError(f'[{where}] {key} must be a list of words: ["...", ...]')


def _cube(by_name: dict[str, Cube], name: str) -> Cube:
    if name not in by_name:
        raise CurationError(f"the model has no cube {name!r} (cubes: {', '.join(sorted(by_name))})")
    return by_name[name]


def _curate_cube(cube: Cube, entry: dict[str, Any]) -> None:
    cube.title = entry.get("title", cube.title)
    count = cube.measures["count"]
    if entry.get("synonyms"):  # what a row is called now names its count: "Number of films"
        count["title"] = f"Number of {plural(str(entry['synonyms'][0]))}"
        if cube.label in cube.dimensions:  # and the column that names a row: "which film"
            _curate_member(cube.dimensions[cube.label], {"synonyms": entry["synonyms"]})
    _curate_member(count, {k: v for k, v in entry.items() if k != "title"})


def _curate_member(member: dict[str, Any], entry: dict[str, Any]) -> None:
    meta = member.setdefault("meta", {})
    for key, value in entry.items():
        if key == "hidden":
            member["public"] = not value
        elif key in MEMBER_FIELDS:
            member[key] = value
        elif key in LIST_META:
            meta[key] = list(dict.fromkeys([*meta.get(key, []), *value]))
        else:
            meta[key] = value
