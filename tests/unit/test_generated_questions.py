"""Questions generated from each recorded model's /meta (understanding/generate.py), with the
query each must read as: a regression set no one tuned the agent on, per model."""

from __future__ import annotations

import pytest

from tests.fixtures.catalog import recorded_catalog
from understanding.generate import generate, outcome


@pytest.mark.parametrize("model", ["flights", "shop"])
def test_generated_questions_are_read_as_generated_and_never_wrongly(model: str) -> None:
    catalog = recorded_catalog(model)
    questions = generate(catalog)
    assert len(questions) >= 100
    assert len({g.question for g in questions}) == len(questions)
    outcomes = [(g, outcome(g, catalog)) for g in questions]
    wrong = [g.question for g, o in outcomes if o == "wrong"]
    right = sum(o == "right" for _, o in outcomes)
    assert wrong == []
    assert right >= 0.95 * len(questions), [g.question for g, o in outcomes if o != "right"]


def test_a_different_reading_counts_as_wrong() -> None:
    """The check itself can fail: a question paired with another question's query."""
    catalog = recorded_catalog("flights")
    questions = generate(catalog)
    first = questions[0]
    other = next(g for g in questions if g.expected != first.expected)
    swapped = type(first)(first.template, first.question, other.expected)
    assert outcome(first, catalog) == "right"
    assert outcome(swapped, catalog) == "wrong"
