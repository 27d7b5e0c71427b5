"""The format agent: sentences, tables and chart shapes from typed rows."""

from __future__ import annotations

from typing import Any

from activities.format_agent import format_value, render
from models.ask import Column, CubeQuery, FetchResult, Interpretation, Scalar

COUNT = Column(member="flights.count", title="Number of flights", kind="measure", type="number")
DELAY = Column(
    member="flights.avg_arr_delay",
    title="Average arrival delay (minutes)",
    kind="measure",
    type="number",
)
NAME = Column(member="airlines.name", title="Airline", kind="dimension")
CARRIER = Column(member="flights.carrier", title="Carrier", kind="dimension")
MONTH = Column(member="flights.departed_at.month", title="Month", kind="time", type="time")


def test_one_number_is_a_sentence_without_a_chart() -> None:
    answer = render(
        CubeQuery(measures=["flights.count"]), FetchResult(columns=[COUNT], rows=[[336776]])
    )
    assert answer.text == "Number of flights: 336,776."
    assert answer.chart is None
    assert "| 336,776 |" in answer.markdown


def test_an_ordered_ranking_names_the_leader_and_draws_bars() -> None:
    query = CubeQuery(
        measures=[DELAY.member], dimensions=[CARRIER.member], order=[(DELAY.member, "desc")]
    )
    rows: list[list[Scalar]] = [
        ["F9", "Frontier Airlines Inc.", 21.9207],
        ["FL", "AirTran Airways Corporation", 20.1159],
    ]
    answer = render(query, FetchResult(columns=[CARRIER, NAME, DELAY], rows=rows))
    assert (
        answer.text
        == "F9 (Frontier Airlines Inc.) had the highest average arrival delay: 21.92 minutes."
    )
    assert answer.chart is not None and answer.chart["mark"] == "bar"
    assert_fields_are_flat_keys_of_the_data(answer.chart)
    assert [c.title for c in answer.columns] == [
        "Carrier",
        "Airline",
        "Average arrival delay (minutes)",
    ]


def test_a_time_series_draws_a_line() -> None:
    data = FetchResult(
        columns=[MONTH, COUNT],
        rows=[["2013-01-01T00:00:00.000", 27004], ["2013-02-01T00:00:00.000", 24951]],
    )
    answer = render(CubeQuery(measures=[COUNT.member]), data)
    assert answer.chart is not None and answer.chart["mark"] == "line"
    assert_fields_are_flat_keys_of_the_data(answer.chart)
    assert "| 2013-01-01 | 27,004 |" in answer.markdown


def test_no_rows_says_so() -> None:
    answer = render(CubeQuery(measures=[COUNT.member]), FetchResult(columns=[COUNT], rows=[]))
    assert answer.text == "No data matched the question."


def test_numbers_are_formatted_for_people() -> None:
    assert format_value(1234567) == "1,234,567"
    assert format_value(15.10795) == "15.11"
    assert format_value(None) == "-"


def test_rows_ordered_by_their_label_are_listed_not_ranked() -> None:
    query = CubeQuery(
        measures=[COUNT.member], dimensions=[CARRIER.member], order=[(CARRIER.member, "asc")]
    )
    data = FetchResult(columns=[CARRIER, COUNT], rows=[["AA", 32729], ["B6", 54635]])
    answer = render(query, data)
    assert "lowest" not in answer.text
    assert answer.text == "Number of flights by carrier: AA: 32,729; B6: 54,635."


def test_the_sentence_names_the_filters_and_period_it_used() -> None:
    meaning = Interpretation(
        measure="Number of flights",
        filters=["destination SEA (Seattle Tacoma Intl)"],
        period="August 2013",
    )
    answer = render(
        CubeQuery(measures=[COUNT.member]), FetchResult(columns=[COUNT], rows=[[428]]), meaning
    )
    assert answer.text == (
        "Number of flights (destination SEA (Seattle Tacoma Intl); August 2013): 428."
    )
    assert answer.interpretation == (
        "Number of flights · destination SEA (Seattle Tacoma Intl) · August 2013"
    )


def assert_fields_are_flat_keys_of_the_data(chart: dict[str, Any]) -> None:
    """Vega-Lite reads "a.b" as a nested path: a field must be a plain key of every row."""
    fields = [axis["field"] for axis in chart["encoding"].values()]
    for row in chart["data"]["values"]:
        assert all(field in row and "." not in field for field in fields), (fields, row)
