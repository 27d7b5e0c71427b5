"""`quarry model check`: what in a model the agent cannot use as written. Cube compiles any
`meta` key and any synonym, so a typo (`synonym:`, `sample_value:`) or a word two cubes claim
costs answers without a word; this says so."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from stack.starter.compiling import compile_model
from understanding.catalog import META_KEYS


def check_model(folder: Path) -> tuple[list[str], list[str]]:
    """Problems (none for a model the agent reads as written) and notes, one line each."""
    compiled = compile_model(folder)
    if not compiled.ok:
        return [f"does not compile: {compiled.error}"], []
    problems = [f"{name}: no title (Cube makes one from its name)" for name in compiled.untitled]
    problems += _unknown_keys(compiled.cubes)
    return problems, _colliding_synonyms(compiled.cubes)


def _members(cubes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for cube in cubes for kind in ("measures", "dimensions") for m in cube.get(kind, [])]


def _unknown_keys(cubes: list[dict[str, Any]]) -> list[str]:
    found = []
    for member in _members(cubes):
        for key in sorted(set(member.get("meta") or {}) - META_KEYS):
            found.append(f"{member['name']}: meta key `{key}` means nothing to the agent")
    return found


def _colliding_synonyms(cubes: list[dict[str, Any]]) -> list[str]:
    """A synonym given to members of two cubes: the agent then goes by the question's other
    words (the nearest join), or asks; worth a look, not an error."""
    claimed: dict[str, set[str]] = defaultdict(set)
    for member in _members(cubes):
        for word in (member.get("meta") or {}).get("synonyms", []):
            claimed[str(word).lower()].add(member["name"].split(".")[0])
    return [
        f"synonym `{word}` is shared by cubes {', '.join(sorted(owners))}: the question's other"
        " words choose, or the agent asks"
        for word, owners in sorted(claimed.items())
        if len(owners) > 1
    ]
