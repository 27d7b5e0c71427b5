"""Language apart from data: the flights model with every cube, member, title, synonym, verb
and code renamed (tests/fixtures/renamed.py) is read as well as the original, side by side."""

from __future__ import annotations

from collections import Counter

from models.ask import CubeQuery
from tests.fixtures.catalog import recorded_catalog
from tests.fixtures.renamed import renamed, renamed_catalog
from understanding import offline
from understanding.generate import generate, outcome


def test_the_renamed_model_is_read_as_well_as_the_original() -> None:
    original, renamed = recorded_catalog("flights"), renamed_catalog()
    scores = {}
    for name, catalog in (("original", original), ("renamed", renamed)):
        questions = generate(catalog)
        scores[name] = Counter(outcome(g, catalog) for g in questions)
        if name == "renamed":  # the renaming reached the questions
            text = " ".join(g.question.lower() for g in questions)
            assert "flight" not in text and "delay" not in text and "harbor" in text
    assert scores["renamed"]["wrong"] == 0
    assert scores["renamed"]["right"] >= scores["original"]["right"] - 2, scores


def test_questions_in_the_renamed_words_and_codes() -> None:
    catalog = renamed_catalog()
    query = offline.understand("How many voyages sailed from KGL to BUM in May?", catalog)
    assert isinstance(query, CubeQuery)
    assert query.measures == [renamed("flights.count")]
    assert {(f.member, f.values[0]) for f in query.filters} == {
        (renamed("flights.origin"), "KGL"),
        (renamed("flights.dest"), "BUM"),
    }
    ranked = offline.understand("Which company had the highest average docking lag?", catalog)
    assert isinstance(ranked, CubeQuery)
    assert ranked.measures == [renamed("flights.avg_arr_delay")]
    assert ranked.dimensions[0] == renamed("flights.carrier")
