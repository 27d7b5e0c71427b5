"""Nothing about a particular data set lives in the query agent's code: it reads every cube,
member and word of the data from /meta. Its code (not the comments and docstrings, which give
examples) holds no string naming a cube or a member of either data model."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.fixtures.catalog import recorded_catalog

AGENT = Path(__file__).resolve().parents[2] / "understanding"


def _code_strings(path: Path) -> set[str]:
    """Every string the code holds (an identifier such as `part` is a word, not a cube)."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            found.add(node.value.lower())
    return found


@pytest.mark.parametrize("model", ["flights", "shop"])
def test_the_agent_names_no_cube_or_member_of_a_data_model(model: str) -> None:
    catalog = recorded_catalog(model)
    cubes = {m.cube for m in catalog.members.values()}
    members = set(catalog.members)
    sources = sorted(AGENT.rglob("*.py"))
    assert len(sources) > 10
    for path in sources:
        named = _code_strings(path)
        assert not named & cubes, f"{path.name} names cubes {named & cubes}"
        assert not {s for s in named if any(m in s for m in members)}, path.name
