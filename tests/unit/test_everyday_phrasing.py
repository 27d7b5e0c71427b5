"""Everyday phrasings on both recorded models: slips of the keyboard, things counted among
the groups' rows, lists put together, "which of the two", talk before a colon, and the
aggregation words a figure must agree with. Each asserts the query (or the question back),
never a number the code under test produced."""

from __future__ import annotations

import pytest

from models.ask import CubeQuery, Plan
from tests.fixtures.catalog import recorded_catalog
from understanding import offline, spelling, validate

CATALOGS = {model: recorded_catalog(model) for model in ("flights", "shop")}


def query_for(question: str, model: str = "flights") -> CubeQuery:
    catalog = CATALOGS[model]
    query = offline.understand(question, catalog)
    assert isinstance(query, CubeQuery), question
    assert validate.problems(query, catalog) == [], question
    return query


def asks(question: str, model: str = "flights") -> str:
    with pytest.raises(offline.NeedsClarification) as asked:
        offline.understand(question, CATALOGS[model])
    return asked.value.question


def corrected(question: str, model: str = "flights") -> str:
    return spelling.corrected(question, offline.lexicon_of(CATALOGS[model]))


# -- slips of the keyboard ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("how many flihgts in Decmber", "how many flights in December"),
        ("avrage delay of jetblu", "average delay of jetblue"),
        ("flights to Bostn", "flights to Boston"),
    ],
)
def test_a_slip_is_read_as_the_one_word_it_is_nearest(written: str, read: str) -> None:
    assert corrected(written) == read


@pytest.mark.parametrize(
    "written",
    [
        "How many flights went to Atlantis?",  # a place, two slips from Atlanta: not a slip
        "flights on Saturdays with more than three hundred seats",  # English and numbers
        "flights by XQZ",  # a code in capitals
    ],
)
def test_words_of_english_and_unknown_names_are_left_as_written(written: str) -> None:
    assert corrected(written) == written


def test_a_slip_near_two_words_is_left_to_be_asked() -> None:
    vocabulary = frozenset({"cart", "card", "flights"})
    assert spelling._nearest("carx", vocabulary) is None
    assert spelling._nearest("flihgts", vocabulary) == "flights"


def test_a_corrected_question_is_answered_as_the_right_one() -> None:
    slipped = query_for("how many flihgts from Newark to Orlando in Decmber?")
    assert slipped == query_for("how many flights from Newark to Orlando in December?")


# -- things counted among the rows of the groups ------------------------------------------------


@pytest.mark.parametrize(
    ("question", "measure", "group", "operator"),
    [
        ("Which destinations are served by more than 5 carriers?", "carrier", "dest", "gt"),
        ("Which carriers flew from just one origin airport?", "origin", "carrier", "equals"),
        ("destinations with exactly 1 airline", "carrier", "dest", "equals"),
    ],
)
def test_things_counted_per_group_are_the_different_ones_among_its_rows(
    question: str, measure: str, group: str, operator: str
) -> None:
    query = query_for(question)
    catalog = CATALOGS["flights"]
    counted = catalog.members[query.measures[0]]
    assert counted.agg == "countDistinct" and counted.of == f"flights.{measure}"
    assert query.dimensions[0] == f"flights.{group}"
    assert any(f.member == counted.name and f.operator == operator for f in query.filters)


def test_groups_by_an_amount_are_not_counted_among_rows() -> None:
    """ "Top 3 tin parts by quantity sold" ranks parts by an amount: never grouped by it."""
    asks("Top 3 tin parts by quantity sold", "shop")


def test_only_with_groups_and_no_one_value_is_asked() -> None:
    """ "carriers that flew out of only one of the three airports": never the top 3."""
    assert "only" in asks("Which carriers flew out of only one of the three NYC airports?")


# -- aggregation words agree with the figure --------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "What was the average revenue in 1993?",  # per order, per customer, per line?
        "maximum revenue",
        "average revenue per HOUSEHOLD customer in 1993",
    ],
)
def test_an_aggregation_a_total_is_not_is_asked_about(question: str) -> None:
    asks(question, "shop")


def test_an_aggregation_the_figure_is_stays_with_it() -> None:
    assert query_for("total revenue in 1993", "shop").measures == ["lineitem.revenue"]
    plan = offline.understand("What was the average revenue per order in 1995?", CATALOGS["shop"])
    assert isinstance(plan, Plan) and plan.combine == "ratio"


# -- lists, periods and the talk around a question -------------------------------------------


def test_values_put_together_are_one_figure() -> None:
    query = query_for("What was 1995 revenue from customers in the UK and France combined?", "shop")
    assert not query.dimensions
    assert sorted(query.filters[0].values) == ["FRANCE", "UNITED KINGDOM"]


def test_across_all_years_is_the_whole_time() -> None:
    query = query_for("Top 3 part types by revenue across all years", "shop")
    assert query.dimensions == ["part.p_type"] and not query.timeDimensions


def test_things_in_every_period_are_asked_about() -> None:
    question = "How many customers placed orders in every year from 1992 through 1998?"
    assert "every" in asks(question, "shop")
    assert query_for("how many orders in every year", "shop").timeDimensions[0].granularity


def test_words_before_a_colon_that_name_nothing_are_talk() -> None:
    talk = query_for("For the board deck: how many flights did Delta run out of JFK?")
    assert talk == query_for("how many flights did Delta run out of JFK?")
    named = query_for("Delta: how many flights in May?")
    assert any(f.values == ["DL"] for f in named.filters)


def test_which_of_two_named_ranks_them() -> None:
    query = query_for("In June, which had the higher average departure delay: Newark or LGA?")
    assert query.dimensions[0] == "flights.origin"
    assert query.order[0] == ("flights.avg_dep_delay", "desc")


def test_which_of_two_is_grouped_by_the_column_the_figure_reaches() -> None:
    """Weather is by airport, not by a flight's origin: "which was colder, JFK or LGA"."""
    query = query_for("Which was colder in January, JFK or LGA?")
    assert query.measures and query.dimensions
    assert CATALOGS["flights"].members[query.dimensions[0]].cube == "weather"


def test_a_role_of_a_thing_lists_only_things_in_that_role() -> None:
    """ "Which destination airport sits highest": the airports flown to, by their code on the
    flights, not every airport of the table."""
    query = query_for("Which destination airport sits at the highest elevation?")
    assert query.dimensions[0] == "flights.dest"


def test_more_than_a_number_in_words_is_a_threshold() -> None:
    query = query_for("How many flights left more than two hours late in December?")
    assert any(f.operator == "gt" and f.values == ["120"] for f in query.filters)


def test_a_value_led_by_its_rank_is_read_whole() -> None:
    """ "1-URGENT" as the data writes it: the value, not a stray number."""
    query = query_for("sales 1-URGENT 1995 total", "shop")
    assert any(f.values == ["1-URGENT"] for f in query.filters)


def test_the_figure_said_again_adds_nothing() -> None:
    query = query_for("Top 5 customers by revenue in 1997, with their revenue.", "shop")
    assert query.measures == ["lineitem.revenue"] and query.limit == 5


@pytest.mark.parametrize("text", ["❶", "flights on May ❶", "flights at ❶:00", "❶-URGENT orders"])
def test_digits_of_other_scripts_are_no_numbers_here(text: str) -> None:
    """A digit of another script ("❶") is asked about, never read as a day or crashed on."""
    try:
        offline.understand(text, CATALOGS["flights"])
    except offline.NeedsClarification:
        return


def test_what_things_are_worth_is_the_one_amount_they_carry() -> None:
    query = query_for("How many orders are worth more than 400 thousand?", "shop")
    assert [(f.member, f.operator) for f in query.filters] == [("orders.o_totalprice", "gt")]
    asks("flights worth more than 100")  # flights carry no amount
