"""`quarry explain`: each word's role, the readings tried in order, and why it answered or asked."""

from __future__ import annotations

from cli.explaining import render
from tests.fixtures.catalog import recorded_catalog
from understanding.explain import explain

CATALOG = recorded_catalog("flights")


def roles(question: str) -> dict[str, str]:
    return {w.text: w.role for w in explain(question, CATALOG).words}


def test_an_answered_plan_names_the_rule_that_read_it() -> None:
    found = explain("Which carriers had more flights than Delta?", CATALOG)
    assert found.outcome == "answered"
    chosen = [c for c in found.candidates if c.outcome == "chosen"]
    assert [c.reading for c in chosen] == [
        "against a named reference, or the difference between two"
    ]
    words = {w.text: w.role for w in found.words}
    assert words["Delta"].startswith("value airline DL")
    assert words["than"].startswith("read by the plan rule")
    assert "above that of DL" in found.result


def test_a_single_query_is_the_reading_after_the_rules_that_did_not_fit() -> None:
    found = explain("How many flights went to Denver in May?", CATALOG)
    assert found.candidates[-1].reading == "one query"
    assert found.candidates[-1].outcome == "chosen"
    assert found.result == "Number of flights · destination DEN (Denver Intl) · May 2013"


def test_an_unknown_word_is_named_and_the_run_would_ask() -> None:
    found = explain("How many flights went to Atlantis?", CATALOG)
    assert found.outcome == "asked"
    assert {w.text: w.role for w in found.words}["Atlantis"] == "not understood"
    assert "Atlantis" in found.result
    assert any(c.outcome == "asks" for c in found.candidates)


def test_the_printed_explanation_lists_words_readings_and_result() -> None:
    text = render(explain("Which carriers only flew out of Newark?", CATALOG))
    assert "Newark" in text and "value origin airport EWR" in text
    assert "chosen" in text and "only: groups with one value and no other" in text
    assert text.splitlines()[-1].startswith("answered: ")


def test_a_slip_is_shown_as_read_and_its_words_as_the_corrected_ones() -> None:
    found = explain("How many flihgts went to Bostn?", CATALOG)
    assert found.outcome == "answered"
    assert found.candidates[0].reading == 'read as "How many flights went to Boston?"'
    assert "flights" in roles("How many flihgts went to Bostn?")


def test_the_words_a_rule_reads_in_its_slots_are_the_rules() -> None:
    for question, word in (
        ("By what percentage did the number of flights grow from February to August?", "grow"),
        ("How many times more flights did United schedule than Alaska Airlines?", "times"),
    ):
        assert roles(question)[word].startswith("read by the plan rule"), question
