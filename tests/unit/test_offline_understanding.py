"""The offline query agent on the real data model's catalog (captured /meta, sampled values)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.understanding import offline, validate
from services.understanding.catalog import Catalog, build_catalog
from workflows.models import CubeFilter, CubeQuery, TimeDimension

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    catalog = build_catalog(json.loads((FIXTURES / "cube_meta.json").read_text()))
    catalog.values = json.loads((FIXTURES / "sampled_values.json").read_text())
    return catalog


def test_a_plain_count_with_a_year(catalog: Catalog) -> None:
    query = offline.understand("How many flights were there in 2013?", catalog)
    assert query.measures == ["flights.count"]
    assert query.dimensions == []
    assert query.timeDimensions == [
        TimeDimension(dimension="flights.departed_at", dateRange=["2013-01-01", "2013-12-31"])
    ]


def test_group_by_with_superlative_orders_descending(catalog: Catalog) -> None:
    query = offline.understand("Which carrier had the highest average departure delay?", catalog)
    assert query.measures == ["flights.avg_dep_delay"]
    assert query.dimensions == ["flights.carrier", "airlines.name"]  # the code, then its name
    assert query.order == [("flights.avg_dep_delay", "desc")]


def test_fewest_orders_ascending_with_a_limit(catalog: Catalog) -> None:
    query = offline.understand("Which 3 destinations had the fewest flights?", catalog)
    assert query.dimensions == ["flights.dest", "destination_airports.name"]
    assert query.order == [("flights.count", "asc")]
    assert query.limit == 3


def test_from_and_to_pick_origin_and_destination(catalog: Catalog) -> None:
    query = offline.understand("How many flights went from JFK to LAX?", catalog)
    assert CubeFilter(member="flights.origin", operator="equals", values=["JFK"]) in query.filters
    assert CubeFilter(member="flights.dest", operator="equals", values=["LAX"]) in query.filters


def test_a_month_name_becomes_a_date_range_on_the_measures_cube(catalog: Catalog) -> None:
    query = offline.understand("What was the average wind speed at LGA in February?", catalog)
    assert query.measures == ["weather.avg_wind_speed"]
    assert query.filters == [CubeFilter(member="weather.origin", operator="equals", values=["LGA"])]
    assert query.timeDimensions[0].dateRange == ["2013-02-01", "2013-02-28"]


def test_an_airline_named_by_its_name(catalog: Catalog) -> None:
    query = offline.understand("How many flights did Delta operate?", catalog)
    assert query.filters == [
        CubeFilter(member="airlines.name", operator="equals", values=["Delta Air Lines Inc."])
    ]


def test_a_specific_measure_beats_the_generic_count(catalog: Catalog) -> None:
    query = offline.understand("How many flights were cancelled per origin?", catalog)
    assert query.measures == ["flights.cancelled_count"]
    assert query.dimensions == ["flights.origin", "origin_airports.name"]


def test_a_vague_question_asks_instead_of_guessing(catalog: Catalog) -> None:
    with pytest.raises(offline.NeedsClarification) as asked:
        offline.understand("show me the best ones", catalog)
    assert "clarification" in asked.value.question
    assert asked.value.options


def test_validation_names_unknown_members_and_bad_filters(catalog: Catalog) -> None:
    query = CubeQuery(
        measures=["flights.nope"],
        filters=[CubeFilter(member="flights.month", operator="equals", values=["July"])],
        order=[("flights.dest", "asc")],
    )
    found = validate.problems(query, catalog)
    assert "unknown measure flights.nope" in found
    assert any("needs numbers" in p for p in found)
    assert any("cannot order by flights.dest" in p for p in found)


def test_every_query_the_agent_builds_passes_validation(catalog: Catalog) -> None:
    for question in (
        "Show the number of flights per month.",
        "Top 5 destinations from LGA by average arrival delay",
        "Which plane manufacturer has the most planes?",
        "What was the average temperature at JFK in July?",
    ):
        assert validate.problems(offline.understand(question, catalog), catalog) == []


def test_a_series_over_time_gets_a_granularity(catalog: Catalog) -> None:
    query = offline.understand("Show the number of flights by week in March", catalog)
    assert query.timeDimensions == [
        TimeDimension(
            dimension="flights.departed_at",
            granularity="week",
            dateRange=["2013-03-01", "2013-03-31"],
        )
    ]
