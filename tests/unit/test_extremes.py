"""The thing at an extreme of its column ("the most recent order", "which airport sits
highest"): one query that lists the things with the column, ranked by it; never a count of
rows ranked in its place."""

from __future__ import annotations

import pytest

from models.ask import CubeQuery
from tests.fixtures.catalog import recorded_catalog
from understanding import interpret, offline, validate
from understanding.plans.extreme import TIES_SHOWN

CATALOGS = {model: recorded_catalog(model) for model in ("flights", "shop")}


def ranked(question: str, model: str) -> CubeQuery:
    catalog = CATALOGS[model]
    query = offline.understand(question, catalog)
    assert isinstance(query, CubeQuery), question
    assert validate.problems(query, catalog) == [], question
    return query


@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("What is the latest order date?", "desc"),
        ("When was the most recent order placed?", "desc"),
        ("What was the earliest ship date?", "asc"),
    ],
)
def test_a_date_at_its_extreme_is_the_date_itself(question: str, direction: str) -> None:
    query = ranked(question, "shop")
    column, way = query.order[0]
    assert (way, query.limit, query.dimensions) == (direction, 1, [column])
    assert CATALOGS["shop"].members[column].type == "time"


def test_the_thing_that_did_the_latest_row_is_listed_by_its_name_with_those_tied() -> None:
    """66 orders share the latest date: the answer shows the next rows too, never one of
    the tied as if it were the only one."""
    query = ranked("Which customer placed the most recent order?", "shop")
    assert query.dimensions == ["customer.c_name", "orders.o_orderdate"]
    assert query.order == [("orders.o_orderdate", "desc")] and query.limit == 1 + TIES_SHOWN


def test_the_second_at_an_extreme_skips_the_first() -> None:
    query = ranked("Which part has the second highest retail price?", "shop")
    assert query.offset == 1 and query.order == [("part.p_retailprice", "desc")]


@pytest.mark.parametrize(
    "question",
    [
        "Who placed the newest order?",  # who did it is not named: not the order's number
        "Which nation has the oldest supplier?",  # no date of suppliers
    ],
)
def test_what_the_extreme_rule_cannot_say_is_asked(question: str) -> None:
    with pytest.raises(offline.NeedsClarification):
        offline.understand(question, CATALOGS["shop"])


@pytest.mark.parametrize(
    ("question", "thing", "column", "limit"),
    [
        ("Which 3 parts have the highest retail price?", "part.p_name", "part.p_retailprice", 3),
        ("Which plane model has the most seats?", "planes.model", "planes.seats", 1),
        (
            "Which airport sits at the highest altitude?",
            "flights.dest",
            "destination_airports.altitude",
            1,
        ),
    ],
)
def test_things_ranked_by_a_column_of_their_own(
    question: str, thing: str, column: str, limit: int
) -> None:
    model = "shop" if "part" in thing else "flights"
    query = ranked(question, model)
    assert query.dimensions[0] == thing and column in query.dimensions
    assert query.order == [(column, "desc")] and query.limit in (limit, limit + TIES_SHOWN)
    assert not query.measures
    words = interpret.describe(query, CATALOGS[model])
    assert words.order is not None and "highest" in words.order


def test_an_adjective_of_a_thing_does_not_rank_its_count() -> None:
    """ "the highest airport" is about altitude; an airport is an origin or a destination, and
    the adjective does not say which: asked, never the airport with the most flights."""
    with pytest.raises(offline.NeedsClarification) as asked:
        offline.understand("What is the highest airport?", CATALOGS["flights"])
    assert "highest" in asked.value.question


def test_a_superlative_of_a_figure_still_ranks_by_it() -> None:
    query = ranked("Which 2 carriers had the lowest average arrival delay?", "flights")
    assert query.order == [("flights.avg_arr_delay", "asc")] and query.measures


def test_a_model_adjective_keeps_its_column() -> None:
    """ "oldest" is given to a plane's year built by the model: not a date ranked."""
    query = ranked("Which manufacturer built the oldest plane?", "flights")
    assert query.measures and "year" in query.measures[0]


def test_words_beyond_the_ranking_are_not_dropped() -> None:
    """A value the reading does not carry ("in BUILDING segment") is not answered unfiltered."""
    try:
        query = offline.understand(
            "Which customer in the BUILDING segment placed the most recent order?",
            CATALOGS["shop"],
        )
    except offline.NeedsClarification:
        return
    assert isinstance(query, CubeQuery)
    assert any(f.member == "customer.c_mktsegment" for f in query.filters)


@pytest.mark.parametrize(
    ("question", "direction"),
    [("What was the biggest order in 1995?", "desc"), ("the smallest single order", "asc")],
)
def test_a_size_said_of_a_thing_is_the_one_amount_it_carries(question: str, direction: str) -> None:
    """An order's size is its total (the one amount summed on its own rows), never the count
    of orders ranked."""
    query = ranked(question, "shop")
    assert query.order == [("orders.o_totalprice", direction)] and not query.measures


def test_a_size_of_a_thing_with_several_amounts_is_asked() -> None:
    """A line item carries a price, a quantity and a discount: "the biggest line item" does
    not say which."""
    with pytest.raises(offline.NeedsClarification):
        offline.understand("What was the biggest line item?", CATALOGS["shop"])


def test_the_rows_ranked_keep_the_period_and_values_the_question_gives() -> None:
    query = ranked("Which customer placed the largest order in 1996?", "shop")
    assert query.order == [("orders.o_totalprice", "desc")]
    assert [t.dateRange for t in query.timeDimensions] == [["1996-01-01", "1996-12-31"]]
    query = ranked("What was the most recent order from a German customer?", "shop")
    assert any(f.values == ["GERMANY"] for f in query.filters)
    assert query.order == [("orders.o_orderdate", "desc")]
