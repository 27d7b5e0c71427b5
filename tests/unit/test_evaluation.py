"""Grading of eval answers: each kind passes the right answer and fails a wrong one."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cli.evaluation import EvalCase, Expectation, grade
from models.ask import Answer, Column, Scalar

LABEL = Column(member="flights.origin", title="Origin", kind="dimension")
NUMBER = Column(member="flights.count", title="Flights", kind="measure", type="number")


def answer(rows: list[list[Scalar]]) -> Answer:
    """Rows of one number, or of a label then a number."""
    columns = [NUMBER] if rows and len(rows[0]) == 1 else [LABEL, NUMBER]
    return Answer(text="", markdown="", columns=columns, rows=rows)


def case(question: str, **expect: object) -> EvalCase:
    return EvalCase(id="t", question=question, expect=Expectation.model_validate(expect))


def test_scalar_within_tolerance() -> None:
    c = case("avg?", kind="scalar", value=78.73, tolerance=0.01)
    assert grade(c, answer([[78.7349]])).passed
    assert not grade(c, answer([[80.06]])).passed


def test_top_matches_a_month_however_written() -> None:
    c = case("Which month?", kind="top", label="7")
    assert grade(c, answer([["2013-07-01T00:00:00.000", 29425]])).passed
    assert grade(c, answer([[7, 29425]])).passed
    assert not grade(c, answer([[8, 29327]])).passed


def test_rows_with_a_named_limit_reject_extra_rows() -> None:
    c = case("top 2 origins", kind="rows", values={"EWR": 120835, "JFK": 111279})
    good = answer([["EWR", 120835], ["JFK", 111279]])
    assert grade(c, good).passed
    assert not grade(c, answer([*good.rows, ["LGA", 104662]])).passed
    assert not grade(c, answer([["EWR", 1], ["JFK", 111279]])).passed


def test_no_rows_fail() -> None:
    assert not grade(case("q", kind="scalar", value=1), None).passed


def test_labels_are_exactly_the_set_in_any_order() -> None:
    c = case("Which carriers?", kind="labels", labels=["F9", "WN"])
    assert grade(c, answer([["WN", 1], ["F9", 2]])).passed
    assert grade(c, answer([["wn", 1], ["f9", 2]])).passed
    assert not grade(c, answer([["WN", 1]])).passed  # one missing
    assert not grade(c, answer([["WN", 1], ["F9", 2], ["OO", 3]])).passed  # one too many


def test_a_scalar_may_come_as_its_alternative_form() -> None:
    c = case("share?", kind="scalar", value=28.26, alt=[0.2826], tolerance=0.01)
    assert grade(c, answer([[28.262]])).passed
    assert grade(c, answer([[0.28262]])).passed
    assert not grade(c, answer([[2.8262]])).passed


def test_a_label_written_as_a_number_is_read_as_text() -> None:
    c = case("Which year?", kind="top", label=1994)
    assert grade(c, answer([[1994, 5]])).passed
    assert not grade(c, answer([[1995, 5]])).passed


def test_a_month_named_in_words_matches_its_number() -> None:
    c = case("July vs December?", kind="rows", values={"7": 21.7, "12": 16.6})
    assert grade(c, answer([["July", 21.7], ["December 2013", 16.6]])).passed
    assert not grade(c, answer([["June", 21.7], ["December", 16.6]])).passed
    label = case("Which city?", kind="top", label="5")
    assert not grade(label, answer([["May Field", 1]])).passed  # a name, not a month


def test_a_looked_up_number_is_the_answer_of_a_scalar() -> None:
    c = case("How many seats does plane N1 have?", kind="scalar", value=149)
    seats = Column(member="planes.seats", title="Seats", kind="dimension", type="number")
    assert grade(c, Answer(text="", markdown="", columns=[seats], rows=[[149]])).passed
    assert not grade(c, Answer(text="", markdown="", columns=[seats], rows=[[150]])).passed


def test_a_quarter_matches_however_written() -> None:
    c = case("Which quarter?", kind="top", label="Q3")
    assert grade(c, answer([["1994-Q3", 5]])).passed
    assert grade(case("Which quarter?", kind="top", label="3"), answer([["1994-Q3", 5]])).passed
    assert not grade(c, answer([["1994-Q1", 5]])).passed
    assert grade(case("Which quarter?", kind="top", label="3"), answer([["Q3", 5]])).passed
    assert not grade(case("Which quarter?", kind="top", label="3"), answer([["Q1", 5]])).passed


@pytest.mark.parametrize(
    "expect",
    [
        {"kind": "rows", "rows": {"EWR": 1}},  # the key is "values"
        {"kind": "rows", "values": {}},
        {"kind": "scalar", "tolerance": 0},
        {"kind": "labels", "labels": []},
    ],
)
def test_an_expectation_that_expects_nothing_is_refused(expect: dict[str, object]) -> None:
    """Such a case would grade against nothing, and pass."""
    with pytest.raises(ValidationError):
        Expectation.model_validate(expect)


def test_an_answer_to_another_reading_a_case_accepts_passes() -> None:
    """ "alt" may hold a whole expectation: a top label of another reading, say."""
    c = EvalCase.model_validate(
        {
            "id": "x",
            "question": "Which airline?",
            "expect": {"kind": "top", "label": "UA", "alt": [{"kind": "top", "label": "B6"}]},
        }
    )
    assert grade(c, answer([["UA", 5]])).passed
    assert grade(c, answer([["B6", 5]])).passed
    assert not grade(c, answer([["DL", 5]])).passed
