"""Everyday phrasings on both recorded models: slips of the keyboard, things counted among
the groups' rows, lists put together, "which of the two", talk before a colon, and the
aggregation words a figure must agree with. Each asserts the query (or the question back),
never a number the code under test produced."""

from __future__ import annotations

import pytest

from models.ask import CubeQuery, Plan
from tests.fixtures.catalog import recorded_catalog
from understanding import interpret, offline, spelling, validate

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


def understood_or_asked(question: str, model: str = "flights") -> object:
    """The query or plan, or the question back in words."""
    try:
        return offline.understand(question, CATALOGS[model])
    except offline.NeedsClarification as asked:
        return str(asked)


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


# -- sets named, each of them, and words said twice --------------------------------------------


def test_a_set_after_a_grouping_word_groups_by_what_it_is_about() -> None:
    for question in (
        "Break down Delta's average arrival delay by the New York airport the flight left from.",
        "flights per NYC airport",
    ):
        assert query_for(question).dimensions[0] == "flights.origin", question


def test_the_size_of_a_set_is_not_a_top_n() -> None:
    every = query_for("How many flights left each of the three New York airports in November?")
    assert every.dimensions[0] == "flights.origin" and every.limit is None
    assert query_for("which 2 NYC airports had the most flights").limit == 2


@pytest.mark.parametrize(
    ("question", "model", "limit"),
    [
        (
            "Which three carriers had the most cancellations, and how many did each have?",
            "flights",
            3,
        ),
        ("top 3 carriers by number of flights and how many each", "flights", 3),
        ("Which two countries have the most suppliers, and how many does each have?", "shop", 2),
    ],
)
def test_how_many_each_shows_the_figure_of_the_groups_ranked(
    question: str, model: str, limit: int
) -> None:
    query = query_for(question, model)
    assert query.limit == limit and query.dimensions and query.order[0][1] == "desc"


def test_a_grouping_said_on_both_sides_of_by_is_one() -> None:
    assert query_for("Month by month, how many Delta flights left JFK?").dimensions == [
        "flights.month"
    ]
    assert query_for("carrier by carrier, flights from EWR").dimensions[0] == "flights.carrier"


def test_the_values_between_which_to_choose_are_compared() -> None:
    query = query_for("Between JFK and Newark, which had the higher average departure delay?")
    assert query.dimensions[0] == "flights.origin"
    assert query.filters[0].values == ["EWR", "JFK"]


# -- words and numbers as people write them ---------------------------------------------------


def test_two_words_joined_by_a_hyphen_are_read_as_two() -> None:
    query = query_for("How many furniture-segment customers do we have in Brazil?", "shop")
    assert {f.member for f in query.filters} == {"customer.c_mktsegment", "customer_nation.n_name"}
    engine = query_for("how many flights by turbo-fan planes")  # one word of the data
    assert [f.values for f in engine.filters] == [["Turbo-fan"]]


def test_the_hours_of_a_window_in_the_evening_are_both_evening_hours() -> None:
    query = query_for("average departure delay of flights leaving between 6 and 9 in the evening")
    assert [(f.operator, f.values) for f in query.filters] == [
        ("gte", ["1800"]),
        ("lte", ["2100"]),
    ]


def test_single_after_a_superlative_is_one_rows_extreme_not_the_number_one() -> None:
    query = query_for("which airline had the longest single departure delay")
    assert query.measures == ["flights.max_dep_delay"]
    assert all(f.operator != "equals" for f in query.filters)
    assert [f.values for f in query_for("planes with a single engine").filters] == [["1"]]
    order = query_for("What was the single biggest order ever, in dollars?", "shop")
    assert order.order == [("orders.o_totalprice", "desc")]


def test_the_noun_whose_group_is_asked_after_it_is_accounted_for() -> None:
    query = query_for("Customers from which country spent the most with us in 1997?", "shop")
    assert query.dimensions[0] == "customer_nation.n_name"
    assert query.measures == ["lineitem.revenue"]


def test_which_with_nothing_to_list_is_asked_about() -> None:
    asks("Which Canadian BUILDING-segment accounts have spent more than $4 million?", "shop")


def test_a_year_said_with_a_verb_of_dated_rows_is_their_year() -> None:
    flew = query_for("How many planes flew out of NYC in 2013?")
    assert flew.measures == ["flights.distinct_tailnum"] and flew.timeDimensions
    built = query_for("how many planes were built in 2013")
    assert [(f.member, f.values) for f in built.filters] == [("planes.year_built", ["2013"])]


# -- counts held to a number ------------------------------------------------------------------


def test_a_number_before_a_value_said_as_rows_counts_those_rows() -> None:
    for question in (
        "which airlines had more than 1000 cancellations",
        "which airlines had more than 1000 cancelled flights",
    ):
        query = query_for(question)
        assert ("flights.count", "gt") in [(f.member, f.operator) for f in query.filters]
        assert ("flights.status", "equals") in [(f.member, f.operator) for f in query.filters]


def test_groups_under_a_count_include_those_with_none() -> None:
    plan = offline.understand(
        "Which airlines had fewer than ten cancellations?", CATALOGS["flights"]
    )
    assert isinstance(plan, Plan) and plan.combine == "subtract"
    every, enough = plan.queries
    assert every.filters == [] and every.dimensions[0] == "flights.carrier"
    assert ("flights.count", "gte", ["10"]) in [
        (f.member, f.operator, f.values) for f in enough.filters
    ]
    plain = offline.understand("which destinations had fewer than 10 flights", CATALOGS["flights"])
    assert isinstance(plain, CubeQuery)  # every destination has flights: one query lists them


def test_how_many_times_more_is_the_ratio_of_the_two() -> None:
    plan = offline.understand(
        "How many times more flights did United schedule than Alaska Airlines?", CATALOGS["flights"]
    )
    assert isinstance(plan, Plan) and plan.combine == "ratio"
    assert [q.filters[0].values for q in plan.queries] == [["UA"], ["AS"]]


def test_how_a_thing_fares_is_asked_by_which_figure() -> None:
    assert "figure" in asks("How are sales going?", "shop")
    assert "figure" in asks("How's LaGuardia doing?")
    query_for("how many orders are going to Germany", "shop")  # a count, not a judgement


def test_an_abbreviated_word_of_a_value_is_its_word() -> None:
    query = query_for("How many Brand#23 products come in a medium box?", "shop")
    assert ["MED BOX"] in [f.values for f in query.filters]


def test_a_change_in_percent_is_the_later_figure_against_the_earlier() -> None:
    plan = offline.understand(
        "By what percent did revenue grow from 1993 to 1994?", CATALOGS["shop"]
    )
    assert isinstance(plan, Plan) and plan.combine == "change"
    later, earlier = plan.queries
    assert later.timeDimensions[0].dateRange == ["1994-01-01", "1994-12-31"]
    assert earlier.timeDimensions[0].dateRange == ["1993-01-01", "1993-12-31"]


def test_a_time_of_day_said_in_the_plural_counts_the_rows() -> None:
    query = query_for("At JFK, which hour of the day had the most scheduled departures?")
    assert query.measures == ["flights.count"] and query.limit is None
    assert query.dimensions[0] == "flights.hour"


def test_a_gloss_in_brackets_after_a_rates_value_is_no_second_filter() -> None:
    query = query_for(
        "What percentage of Alaska Airlines flights arrived early or on time "
        "(arrival delay of zero or less)?"
    )
    assert query.measures == ["flights.on_time_rate"]
    assert [f.member for f in query.filters] == ["flights.carrier"]


@pytest.mark.parametrize(
    "question",
    [
        "how many suppliers are in the red",
        "How many vendors are in the red, with a negative account balance?",
    ],
)
def test_in_the_red_is_a_negative_balance(question: str) -> None:
    query = query_for(question, "shop")
    assert [(f.member, f.operator) for f in query.filters] == [("supplier.s_acctbal", "lt")]


def test_in_the_red_of_things_with_no_balance_is_asked_about() -> None:
    asks("how many orders are in the red", "shop")


def test_what_reads_like_a_phenomenon_but_is_not_stays_as_it_was() -> None:
    route = query_for("Which carriers fly between JFK and LAX?")  # a route, not a choice
    assert route.dimensions[0] == "flights.carrier"
    assert sorted(f.values[0] for f in route.filters) == ["JFK", "LAX"]
    assert query_for("How often are flights going to Denver delayed?").filters  # not vague
    plan = offline.understand(
        "Which customers in the BUILDING segment placed fewer than 5 orders in 1995?",
        CATALOGS["shop"],
    )
    assert isinstance(plan, Plan)  # the groups stay those of the segment named
    assert [f.values for f in plan.queries[0].filters] == [["BUILDING"]]


# -- an attribute said before its owner, light words with their particle, talk ---------------


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("What is the total value of open orders?", "orders.sum_o_totalprice"),
        ("What's the average value of an urgent order?", "orders.avg_o_totalprice"),
        ("What was the number of orders in 1995?", "orders.count"),  # counts, not an attribute
    ],
)
def test_the_head_of_its_owner_names_the_owners_attribute(question: str, measure: str) -> None:
    """ "the value of orders" is the model's "order value"."""
    assert query_for(question, "shop").measures == [measure]


@pytest.mark.parametrize(
    ("question", "model", "values"),
    [
        ("What percentage of United's flights ended up cancelled?", "flights", ["UA"]),
        ("How many orders have been completely fulfilled?", "shop", ["F"]),
    ],
)
def test_light_words_with_their_particle_or_of_degree_add_nothing(
    question: str, model: str, values: list[str]
) -> None:
    assert [f.values for f in query_for(question, model).filters] == [values]


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("Which nation is home to the most suppliers?", "supplier_nation.n_name"),
        ("How is revenue split across the part manufacturers?", "part.p_mfgr"),
        ("Which region's suppliers have the most stock on hand?", "supplier_region.r_name"),
        ("Name the top 3 countries by number of customers.", "customer_nation.n_name"),
    ],
)
def test_idioms_and_asking_verbs_leave_the_question_as_it_is(question: str, group: str) -> None:
    assert query_for(question, "shop").dimensions == [group]


def test_name_before_and_is_still_a_name_asked_for() -> None:
    asks("Name and nation of the customer with the highest balance?", "shop")


def test_the_single_most_expensive_order_is_one_orders_price() -> None:
    query = query_for("Which customer placed the single most expensive order?", "shop")
    assert query.measures == ["orders.max_o_totalprice"]


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        (
            "Which plane logged the single longest flight by time in the air?",
            "flights.max_air_time",
        ),
        ("Which carrier had the longest flights by air time?", "flights.avg_air_time"),
    ],
)
def test_by_a_column_an_adjective_fits_says_what_it_measures(question: str, measure: str) -> None:
    query = query_for(question)
    assert query.measures == [measure]
    assert "flights.air_time" not in query.dimensions


@pytest.mark.parametrize(
    ("question", "happened"),
    [
        ("How many flights took off from Kennedy in the first quarter?", True),
        ("How many distinct Boeing aircraft took off from New York in 2013?", True),
        ("How many flights actually took off on July 4?", True),
        ("How many flights were scheduled to take off in March?", False),
    ],
)
def test_a_verb_only_rows_that_took_place_do_keeps_those(question: str, happened: bool) -> None:
    status = [f for f in query_for(question).filters if f.member == "flights.status"]
    assert len(status) == (1 if happened else 0)
    assert all(f.values == ["not cancelled"] for f in status)


def test_a_month_range_may_wrap_around_the_years_end() -> None:
    query = query_for("How many flights were there from November to January?")
    assert [f.values for f in query.filters] == [["11", "12", "1"]]


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("How long is the average time in the air from JFK to LAX?", "flights.avg_air_time"),
        ("how long was the longest flight in the air?", "flights.max_air_time"),
        ("How far is the average flight from Newark?", "flights.avg_distance"),
    ],
)
def test_how_with_an_adjective_of_the_figure_asks_for_it(question: str, measure: str) -> None:
    query = query_for(question)
    assert query.measures == [measure]
    assert "LGB" not in str(query.filters)  # "how long": no Long Beach


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # a delay is better lower: the worse figure is the higher one, and comes first
        ("How much worse was the average arrival delay in July than in May?", "2013-07-01"),
        ("How much better was the average arrival delay in May than in July?", "2013-07-01"),
    ],
)
def test_worse_and_better_follow_which_way_the_figure_is_better(question: str, first: str) -> None:
    plan = offline.understand(question, CATALOGS["flights"])
    assert isinstance(plan, Plan) and plan.combine == "difference"
    assert plan.queries[0].timeDimensions[0].dateRange[0] == first


def test_worse_of_a_figure_with_no_better_way_is_asked_about() -> None:
    asks("How much worse was the tax amount in 1995 than in 1994?", "shop")


@pytest.mark.parametrize(
    ("question", "op"),
    [
        ("How many flights left on time in May?", "lte"),
        ("How many flights left JFK early or on time?", "lte"),
        ("How many flights did not leave on time?", "gt"),
    ],
)
def test_on_time_is_not_late(question: str, op: str) -> None:
    """Not late: at most zero on the column the model calls late above zero."""
    query = query_for(question)
    delays = [f for f in query.filters if f.member == "flights.dep_delay"]
    assert [(f.operator, f.values) for f in delays] == [(op, ["0"])]


def test_arrived_on_time_stays_the_models_own_value() -> None:
    query = query_for("How many flights arrived on time?")
    assert [f.member for f in query.filters] == ["flights.punctuality"]


@pytest.mark.parametrize(
    ("question", "model"),
    [
        ("What share of departures from JFK left more than an hour late?", "flights"),
        ("What percentage of December flights left on time or early?", "flights"),
    ],
)
def test_a_share_of_a_condition_on_a_column_is_out_of_the_rows_that_record_it(
    question: str, model: str
) -> None:
    plan = offline.understand(question, CATALOGS[model])
    assert isinstance(plan, Plan) and plan.combine == "share"
    part, whole = plan.queries
    compared = {f.member for f in part.filters if f.operator in ("gt", "lte")}
    assert compared and all(
        any(f.member == c and f.operator == "set" for f in whole.filters) for c in compared
    )


def test_what_is_said_before_a_share_holds_for_the_part_and_the_whole() -> None:
    plan = offline.understand("In 1995, what share of orders were urgent?", CATALOGS["shop"])
    assert isinstance(plan, Plan) and plan.combine == "share"
    assert all(q.timeDimensions and q.timeDimensions[0].dateRange for q in plan.queries)


def test_a_share_ranked_among_groups_is_no_single_share() -> None:
    found = offline.understand(  # a single share would be a confident wrong
        "Among carriers with at least 10,000 flights, which had the highest share of "
        "flights leaving on time?",
        CATALOGS["flights"],
    )
    assert isinstance(found, Plan) and found.combine == "shares"
    part, whole = found.queries
    assert part.dimensions == whole.dimensions and part.dimensions
    # the groups' own condition (10,000 flights) is on the whole, not on the part
    assert ("flights.count", "gte") in [(f.member, f.operator) for f in whole.filters]
    assert "flights.count" not in [f.member for f in part.filters]


@pytest.mark.parametrize(
    ("question", "op"),
    [
        ("What's the average departure delay when it was below freezing at JFK?", "lt"),
        ("How many hours were above freezing at LaGuardia?", "gt"),
    ],
)
def test_freezing_is_a_temperature_of_32_fahrenheit(question: str, op: str) -> None:
    query = query_for(question)
    temps = [f for f in query.filters if f.member == "weather.temp"]
    assert [(f.operator, float(f.values[0])) for f in temps] == [(op, 32.0)]


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("Show monthly cancellations at Newark.", "flights.count"),
        ("cancellations at JFK in May", "flights.count"),
    ],
)
def test_a_value_said_as_a_plural_noun_counts_its_rows(question: str, measure: str) -> None:
    query = query_for(question)
    assert query.measures == [measure]
    assert ("flights.status", ["cancelled"]) in [(f.member, f.values) for f in query.filters]


def test_a_value_before_a_noun_it_cannot_describe_is_asked_about() -> None:
    """ "US state": the airline US names no state; "Delta delays" and "JFK destinations" are
    of their own rows."""
    assert '"US"' in asks("Which US state received the most flights from New York?")
    assert query_for("What was the average Delta delay?").filters[0].values == ["DL"]
    assert query_for("How many JFK destinations are there?").filters[0].values == ["JFK"]


def test_a_cue_of_several_words_says_the_values_role() -> None:
    query = query_for("How many flights bound for Denver left JFK in May?")
    assert sorted((f.member, f.values[0]) for f in query.filters) == [
        ("flights.dest", "DEN"),
        ("flights.origin", "JFK"),
    ]


@pytest.mark.parametrize(
    "question",
    [
        "How many more flights did Delta operate from JFK than United from Newark?",  # two at once
        "How many flights were delayed, in percent?",  # a count asked in percent
        "What is the total distance divided by the number of flights?",  # a division
        "Monthly figures for Delta Air Lines",  # "Lines" is no rows said
    ],
)
def test_what_the_new_readings_must_not_take_is_still_asked_about(question: str) -> None:
    asks(question)


def test_a_name_after_how_is_still_a_name() -> None:
    query = query_for("How Delta did: number of flights in May")
    assert [f.values for f in query.filters] == [["DL"]]


def test_the_peak_of_a_maximum_is_not_a_period_ranked_by_its_total() -> None:
    found = offline.understand(
        "What was the highest temperature on any one day in July?", CATALOGS["flights"]
    )
    assert not (isinstance(found, CubeQuery) and found.limit == 1 and found.order)


def test_a_value_reached_through_the_nouns_rows_describes_it() -> None:
    query = query_for("What is the average FRANCE account balance?", "shop")
    assert query.measures == ["customer.avg_c_acctbal"]
    assert [f.values for f in query.filters] == [["FRANCE"]]


def test_held_up_is_delayed() -> None:
    query = query_for("How many flights were held up more than 2 hours at departure?")
    assert [(f.member, f.operator, f.values) for f in query.filters] == [
        ("flights.dep_delay", "gt", ["120"])
    ]


def _status(query: CubeQuery) -> list[list[str]]:
    return [f.values for f in query.filters if f.member == "flights.status"]


@pytest.mark.parametrize(
    ("question", "measure", "took_place"),
    [
        ("How many flights were flown to Denver in May?", "flights.count", True),
        ("total miles flown by Delta", "flights.sum_distance", True),
        ("How many flights did Delta fly to Denver?", "flights.count", False),
        ("Which airlines flew the most flights?", "flights.count", False),
    ],
)
def test_a_verb_entered_as_a_participle_says_the_rows_took_place(
    question: str, measure: str, took_place: bool
) -> None:
    """ "flown" (meta `happened_verbs`, entered as said) took place; "flew" is of the schedule."""
    query = query_for(question)
    assert query.measures == [measure]
    assert _status(query) == ([["not cancelled"]] if took_place else [])


def test_words_side_by_side_describe_one_value() -> None:
    """ "large plated": a part type with both words; "brass or copper": with either."""
    query = query_for("What is the average quantity for large plated parts?", "shop")
    assert sorted((f.operator, f.values[0]) for f in query.filters) == [
        ("contains", "LARGE"),
        ("contains", "PLATED"),
    ]
    either = query_for("How many brass or copper parts are there?", "shop")
    assert [(f.operator, sorted(f.values)) for f in either.filters] == [
        ("contains", ["BRASS", "COPPER"])
    ]
    assert '"large"' in asks("How many parts are not large plated?", "shop")


def test_each_month_of_a_season_groups_by_month() -> None:
    each = query_for("average wind speed at LaGuardia in each winter month")
    assert each.dimensions == ["weather.month"]
    across = query_for("average wind speed at LaGuardia in the winter months")
    assert across.dimensions == []
    assert {f.member for f in each.filters} == {f.member for f in across.filters}


def test_nonstop_is_true_of_every_flight() -> None:
    assert query_for("How many nonstop flights went to Denver?") == query_for(
        "How many flights went to Denver?"
    )


def test_the_busiest_hour_of_the_day_ranks_the_hours() -> None:
    query = query_for("What's the busiest hour of the day at LaGuardia?")
    assert query.dimensions == ["flights.hour"]
    assert query.measures == ["flights.count"]
    assert query.order == [("flights.count", "desc")]


@pytest.mark.parametrize(
    "lead",
    ["Counting only", "Considering only", "Among", "Looking only at"],
)
def test_a_restricting_lead_in_says_which_groups_are_compared(lead: str) -> None:
    query = query_for(
        f"{lead} carriers with over 1000 flights, which had the lowest average arrival delay?"
    )
    assert query.dimensions[0] == "flights.carrier"
    assert ("flights.count", "gt", ["1000"]) in [
        (f.member, f.operator, f.values) for f in query.filters
    ]


def test_counting_only_a_value_keeps_only_its_rows() -> None:
    only = query_for("How many flights left JFK in May, counting only the cancelled ones?")
    assert _status(only) == [["cancelled"]]
    kept_in = query_for("How many flights left JFK in May, counting the cancelled ones?")
    assert _status(kept_in) == []


def test_a_code_has_no_plural() -> None:
    """ "days" is no form of the airport code DAY (Dayton)."""
    with pytest.raises(offline.NeedsClarification):
        offline.understand("how many days were there in 2013", CATALOGS["flights"])
    assert query_for("How many flights went to DAY?").filters[0].values == ["DAY"]


def test_a_sign_said_of_a_groups_figure_is_a_condition_on_it() -> None:
    query = query_for("Which airlines had a negative average arrival delay?")
    assert query.dimensions[0] == "flights.carrier"
    assert [(f.member, f.operator) for f in query.filters] == [("flights.avg_arr_delay", "lt")]
    assert "negative" in asks("What was the negative average arrival delay in May?")


def test_a_value_with_its_columns_name_before_a_noun_describes_it() -> None:
    query = query_for("What was the revenue from urgent priority orders?", "shop")
    assert [(f.member, f.values) for f in query.filters] == [
        ("orders.o_orderpriority", ["1-URGENT"])
    ]


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("How many different airports does Southwest fly to from NYC?", "flights.distinct_dest"),
        ("How many airports does JetBlue fly from?", "flights.distinct_origin"),
    ],
)
def test_a_cue_left_at_the_end_says_the_role_of_the_noun_counted(
    question: str, measure: str
) -> None:
    assert query_for(question).measures == [measure]
    assert "several things" in asks("How many different airports are there?")


def test_a_quantity_said_to_be_there_is_above_zero() -> None:
    query = query_for("average departure delay at JFK in hours with precipitation")
    assert ("weather.precip", "gt", ["0"]) in [
        (f.member, f.operator, f.values) for f in query.filters
    ]
    discounted = query_for("How many line items had any discount?", "shop")
    assert [(f.member, f.operator) for f in discounted.filters] == [("lineitem.l_discount", "gt")]


def test_a_duration_between_two_dates_is_the_models_own_column() -> None:
    query = query_for("Which ship mode has the longest average transit time?", "shop")
    assert query.measures == ["lineitem.avg_days_in_transit"]
    in_days = query_for("What is the average shipping time in days?", "shop")
    assert in_days.measures == ["lineitem.avg_days_to_ship"]
    asks("What is the number of orders in days?", "shop")


def test_across_all_of_them_sums_over_them() -> None:
    query = query_for("Which supplier in Peru holds the most stock across all its parts?", "shop")
    assert query.measures == ["partsupp.sum_ps_availqty"]
    assert query.dimensions == ["supplier.s_name"]
    assert query_for("average departure delay across all carriers").dimensions == []
    assert query_for("average departure delay across carriers").dimensions[0] == "flights.carrier"


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("How much did we give away in discounts in 1997?", "lineitem.discount_amount"),
        ("How much tax did we charge on orders placed in 1996?", "lineitem.tax_amount"),
        ("What was the average discount in 1995?", "lineitem.avg_l_discount"),
        ("What is the highest tax rate?", "lineitem.max_l_tax"),
    ],
)
def test_money_taken_off_or_charged_is_a_total_and_a_rate_is_averaged(
    question: str, measure: str
) -> None:
    assert query_for(question, "shop").measures == [measure]


def test_between_two_ends_each_in_its_role() -> None:
    query = query_for("Average air time between JFK and SFO")
    assert sorted((f.member, f.values[0]) for f in query.filters) == [
        ("flights.dest", "SFO"),
        ("flights.origin", "JFK"),
    ]
    assert '"between"' in asks("How many flights between JFK and LaGuardia?")


def test_a_verb_says_which_figure_an_amount_is_of() -> None:
    """ "spent more than $1 million": the revenue of each customer, not a balance."""
    query = query_for(
        "Which customers in the automobile segment spent more than $1 million?", "shop"
    )
    assert ("lineitem.revenue", "gt") in [(f.member, f.operator) for f in query.filters]
    balance = query_for("Which customers have an account balance over $9000?", "shop")
    assert [f.member for f in balance.filters] == ["customer.c_acctbal"]


@pytest.mark.parametrize(
    ("question", "member"),
    [
        ("flights per hour at LGA", "flights.origin"),
        ("cancellations by month for EWR", "flights.origin"),
        ("average wind speed at LGA", "weather.origin"),
    ],
)
def test_a_value_is_of_the_rows_counted_where_they_have_its_column(
    question: str, member: str
) -> None:
    """The flights' own origin, not the weather's airport joined to them (whose missing
    hours would drop flights)."""
    query = query_for(question)
    assert [
        f.member for f in query.filters if f.operator == "equals" and f.member.endswith("origin")
    ] == [member]


def test_a_name_ends_at_its_possessive() -> None:
    """ "United's February flights": the month after the possessive is no part of the name."""
    query = query_for("What percent of United's February flights got cancelled?")
    assert ("flights.carrier", ["UA"]) in [(f.member, f.values) for f in query.filters]
    assert query.timeDimensions[0].dateRange == ["2013-02-01", "2013-02-28"]


def test_the_two_ends_between_which_take_the_roles_each_can() -> None:
    """LaGuardia may be an origin or a destination; Atlanta only a destination."""
    query = query_for("What's the distance in miles between LaGuardia and Atlanta?")
    said = {(f.member, tuple(f.values)) for f in query.filters}
    assert said == {("flights.origin", ("LGA",)), ("flights.dest", ("ATL",))}
    assert not query.dimensions


@pytest.mark.parametrize(
    "question",
    ["what was the longest departure delay all year", "max arrival delay the whole year"],
)
def test_all_year_is_the_data_s_one_year_not_a_grouping(question: str) -> None:
    query = query_for(question)
    assert not query.dimensions and not any(t.granularity for t in query.timeDimensions)


def test_all_year_over_several_years_is_asked_about() -> None:
    assert "year" in asks("what was the biggest order all year", "shop")


def test_averaged_is_the_average_of_each_group() -> None:
    query = query_for("Which carriers averaged over half an hour of departure delay in June?")
    assert query.dimensions[0] == "flights.carrier"
    assert [(f.member, f.operator, f.values) for f in query.filters] == [
        ("flights.avg_dep_delay", "gt", ["30"])
    ]


def test_a_period_before_things_dates_them() -> None:
    query = query_for("total dollars given away in discounts on 1993 orders", "shop")
    assert query.measures == ["lineitem.discount_amount"]
    assert query.timeDimensions[0].dateRange == ["1993-01-01", "1993-12-31"]


def test_a_date_named_in_parentheses_is_the_period_s_date() -> None:
    query = query_for("Which ship mode had the most line items in 1996 (by ship date)?", "shop")
    assert query.timeDimensions[0].dimension == "lineitem.l_shipdate"
    assert query.dimensions == ["lineitem.l_shipmode"]


def test_an_adjective_that_says_some_is_there_is_above_zero() -> None:
    query = query_for("Average departure delay when it was raining at the departure airport?")
    assert [(f.member, f.operator, f.values) for f in query.filters] == [
        ("weather.precip", "gt", ["0"])
    ]


@pytest.mark.parametrize(
    ("question", "model", "word"),
    [
        ("average delay on windy days", "flights", "windy"),
        ("which month had the most long flights", "flights", "long"),
        ("which carrier flies the most long flights", "flights", "long"),
        ("how many expensive parts are there", "shop", "expensive"),
    ],
)
def test_an_adjective_with_no_threshold_is_asked_about(
    question: str, model: str, word: str
) -> None:
    assert f'what counts as "{word}"' in asks(question, model)


def test_an_adjective_ranked_by_most_still_ranks() -> None:
    query = query_for("which is the most humid airport")
    assert query.order == [("weather.avg_humid", "desc")]


def test_an_adjective_in_lower_case_is_no_name() -> None:
    """ "long" in "how many long flights" is not Long Beach: the adjective is asked about."""
    assert '"long"' in asks("how many long flights were there")
    assert query_for("how many flights went to long beach").filters[0].values == ["LGB"]


@pytest.mark.parametrize(
    "question", ["what was the longest departure delay all day", "the highest wind speed all week"]
)
def test_all_of_a_period_that_is_not_the_data_s_one_year_is_asked_about(question: str) -> None:
    assert "not which" in asks(question)


def test_all_year_with_the_year_said_is_that_year() -> None:
    query = query_for("which customer spent the most all year in 1997", "shop")
    assert query.timeDimensions[0].dateRange == ["1997-01-01", "1997-12-31"]


def test_a_value_of_the_things_or_of_the_rows_reached_back_is_asked_about() -> None:
    """ "American": the airline that flew the planes, or their maker?"""
    assert "different things" in asks("average engines of the planes American flew in March")


def test_a_period_before_things_is_their_date_whatever_a_verb_says_later() -> None:
    orders = query_for("how many 1995 orders shipped by AIR", "shop")
    shipments = query_for("total revenue of 1996 shipments", "shop")
    assert orders.timeDimensions[0].dimension == "lineitem.l_orderdate"
    assert shipments.timeDimensions[0].dimension == "lineitem.l_shipdate"


def test_whose_dates_a_figure_reached_back_is_limited_by_are_said() -> None:
    catalog = CATALOGS["flights"]
    query = query_for("What was the average age of the planes Delta flew in 2013?")
    said = interpret.describe(query, catalog)
    assert "each of the planes once" in said.measure and "departure date" in str(said.period)


@pytest.mark.parametrize(
    ("question", "member", "value"),
    [
        (
            "total available quantity of part 1234 across all its suppliers",
            "part.p_partkey",
            "1234",
        ),
        ("what is the total price of order 5", "orders.o_orderkey", "5"),
    ],
)
def test_a_number_after_a_thing_is_the_number_it_is_known_by(
    question: str, member: str, value: str
) -> None:
    query = query_for(question, "shop")
    assert [(f.member, f.values) for f in query.filters] == [(member, [value])]


def test_things_with_no_name_are_listed_by_their_number() -> None:
    query = query_for("Which orders have more than 6 line items", "shop")
    assert query.dimensions == ["orders.o_orderkey"]
    assert [(f.member, f.operator) for f in query.filters] == [("lineitem.count", "gt")]


def test_a_number_that_is_shared_is_no_thing_s_key() -> None:
    """A flight number is flown every day: "which flights" lists no flight numbers."""
    assert CATALOGS["flights"].key_of("flights") is None
    assert CATALOGS["shop"].key_of("orders") == CATALOGS["shop"].members["orders.o_orderkey"]


def test_best_of_a_figure_the_model_says_is_better_higher_ranks_it_highest_first() -> None:
    query = query_for("Best month for sales in 1997?", "shop")
    assert query.order == [("lineitem.revenue", "desc")]


def test_a_vague_noun_for_the_rows_adds_nothing() -> None:
    query = query_for("what's the average discount on stuff shipped by AIR", "shop")
    assert query.measures == ["lineitem.avg_l_discount"]
    assert [f.values for f in query.filters] == [["AIR"]]


def test_dates_other_than_the_figure_s_own_are_said_in_its_interpretation() -> None:
    catalog = CATALOGS["shop"]
    shipped = offline.understand("revenue of items shipped in 1997", catalog)
    placed = offline.understand("revenue in 1997", catalog)
    assert isinstance(shipped, CubeQuery) and isinstance(placed, CubeQuery)
    assert "ship date" in str(interpret.describe(shipped, catalog).period)
    assert "date" not in str(interpret.describe(placed, catalog).period)


def test_things_are_told_by_the_rows_that_belong_to_them_each_once() -> None:
    """ "the planes JetBlue flew": planes reached back from their flights, each plane once."""
    catalog = CATALOGS["flights"]
    query = query_for("average number of seats on the planes JetBlue flew in 2013")
    assert query.measures == ["planes.avg_seats"]
    assert [(f.member, f.values) for f in query.filters] == [("flights.carrier", ["B6"])]
    assert query.timeDimensions[0].dimension.startswith("flights.")
    assert "each of the planes once" in interpret.describe(query, catalog).measure


def test_things_not_named_are_not_reached_back_from_other_rows() -> None:
    """ "average seats by carrier" may mean per flight or per plane: asked."""
    asks("average seats by carrier")
    asks("average cruising speed of flights from Newark")


def test_things_then_what_holds_of_them_say_whose_rows_the_condition_is_on() -> None:
    query = query_for("Avg dep delay at each NYC airport during hours with any precipitation")
    assert query.dimensions[0] == "flights.origin"
    assert [(f.member, f.operator) for f in query.filters] == [("weather.precip", "gt")]


@pytest.mark.parametrize(
    "question",
    ["Which California airports got flights from NYC?", "which Texas airports did United fly to"],
)
def test_which_places_of_a_coarser_name_lists_each_of_them(question: str) -> None:
    query = query_for(question)
    assert query.dimensions[0] == "flights.dest"
    assert any(f.member == "flights.dest" and len(f.values) > 1 for f in query.filters)


def test_a_quantity_things_had_with_nothing_ranked_is_above_zero() -> None:
    query = query_for("which airlines had delays")
    assert query.dimensions[0] == "flights.carrier"
    ranked = query_for("which days had the most precipitation")
    assert not any(f.member == "weather.precip" for f in ranked.filters)


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        (
            "On average, how many days pass between an order being placed and an item shipping?",
            "lineitem.avg_days_to_ship",
        ),
        (
            "On average, how many days does it take from shipping to delivery?",
            "lineitem.avg_days_in_transit",
        ),
        (
            "Which ship mode has the longest average transit time from shipping to receipt?",
            "lineitem.avg_days_in_transit",
        ),
    ],
)
def test_two_dates_events_name_the_duration_between_them(question: str, measure: str) -> None:
    assert query_for(question, "shop").measures == [measure]


def test_a_span_between_dates_no_duration_runs_between_is_not_one() -> None:
    """No duration of the model runs from the ship date back to the order date."""
    assert "lineitem.avg_days_to_ship" not in str(
        understood_or_asked("average days between shipping and ordering", "shop")
    )


@pytest.mark.parametrize(
    "question", ["revenue in 1995 (based on ship date)", "revenue in 1995, by ship date"]
)
def test_a_date_named_aside_is_the_period_s_date(question: str) -> None:
    query = query_for(question, "shop")
    assert query.timeDimensions[0].dimension == "lineitem.l_shipdate" and not query.dimensions


def test_how_old_is_the_things_age_where_the_model_has_one() -> None:
    query = query_for("how old were the planes that flew to Denver")
    assert query.measures == ["planes.avg_age"]


def test_a_sign_on_average_is_of_each_group_s_average() -> None:
    query = query_for("Which airlines arrived early on average?")
    assert query.dimensions[0] == "flights.carrier"
    assert [(f.member, f.operator, f.values) for f in query.filters] == [
        ("flights.avg_arr_delay", "lt", ["0"])
    ]


def test_which_periods_had_a_condition_counts_the_rows_of_the_condition() -> None:
    query = query_for("on which days was visibility below 1 mile at LGA")
    assert query.measures == ["weather.count"]
    assert query.timeDimensions[0].granularity == "day"


def test_a_flight_s_speed_is_its_own_not_its_plane_s() -> None:
    query = query_for(
        "What was the average speed, in mph, of flights from Newark to San Francisco?"
    )
    assert query.measures == ["flights.avg_speed"]


def test_the_later_event_after_the_earlier_names_the_duration_between_them() -> None:
    query = query_for("how many items took more than 20 days to arrive after shipping?", "shop")
    assert [(f.member, f.operator, f.values) for f in query.filters] == [
        ("lineitem.days_in_transit", "gt", ["20"])
    ]


def test_one_definite_determiner_stands_for_another_in_a_value_s_phrase() -> None:
    query = query_for(
        "what percentage of line items were received after their commit date?", "shop"
    )
    assert query.measures == ["lineitem.late_delivery_rate"]


@pytest.mark.parametrize(
    ("question", "value"),
    [("how many Embraer-built planes are there", "EMBRAER"), ("Boeing-made planes", "BOEING")],
)
def test_a_name_hyphened_to_a_participle_is_the_name_then_the_verb(
    question: str, value: str
) -> None:
    query = query_for(question)
    assert [(f.member, f.values) for f in query.filters] == [("planes.manufacturer", [value])]


def test_a_word_that_begins_like_an_adjective_is_no_form_of_it() -> None:
    """ "newark" in lower case is the airport, not a form of "new"."""
    query = query_for("how many newark flights got cancelled?")
    assert ("flights.origin", ["EWR"]) in [(f.member, f.values) for f in query.filters]


def test_all_three_of_the_things_limits_nothing() -> None:
    query = query_for("average departure delay across all three airports in May")
    assert not query.dimensions and not [f for f in query.filters if "origin" in f.member]
    asks("average departure delay across all 5 carriers")  # there are 16


def test_for_each_group_the_highest_figure_is_each_group_s_own_maximum() -> None:
    query = query_for("the highest departure delay for each carrier")
    assert query.measures == ["flights.max_dep_delay"] and query.limit is None
    assert query.order == [("flights.carrier", "asc")]


def test_the_top_of_each_group_is_asked_about_not_ranked_together() -> None:
    for question in (
        "for each carrier, which destination had the most flights",
        "the two highest departure delays for each carrier",
        "for each day, which origin had the longest delay",
    ):
        assert "top of each group" in asks(question)


def test_a_sales_nation_is_the_customer_s_unless_the_supplier_is_said() -> None:
    query = query_for("1998 sales: Egypt vs Iran", "shop")
    assert query.dimensions == ["customer_nation.n_name"]
    query = query_for("total quantity supplied by Japan in 1996", "shop")
    assert [f.member for f in query.filters] == ["supplier_nation.n_name"]
    query = query_for("1998 sales of suppliers in Egypt", "shop")
    assert [f.member for f in query.filters] == ["supplier_nation.n_name"]


def test_a_threshold_in_percent_after_the_verb_of_a_fraction_limits_the_fraction() -> None:
    query = query_for("Total 1994 revenue from line items discounted by more than 8%", "shop")
    assert [(f.member, f.operator, f.values) for f in query.filters] == [
        ("lineitem.l_discount", "gt", ["0.08"])
    ]


def test_distinct_things_after_per_with_a_value_are_the_ratio_s_both_sides() -> None:
    plan = offline.understand("average number of orders per AUTOMOBILE customer", CATALOGS["shop"])
    assert isinstance(plan, Plan) and plan.combine == "ratio"
    assert all(f.values == ["AUTOMOBILE"] for q in plan.queries for f in q.filters)
    assert all(len(q.filters) == 1 for q in plan.queries)


def test_worse_at_one_or_another_ranks_the_two_by_what_is_worse() -> None:
    query = query_for("In August, was the average departure delay worse at JFK or at Newark?")
    assert query.dimensions[0] == "flights.origin"
    assert query.order == [("flights.avg_dep_delay", "desc")]  # delays are better lower


def test_words_in_quotes_after_things_are_one_of_their_names_as_written() -> None:
    query = query_for("total revenue from the part 'midnight cornflower puff sandy coral'", "shop")
    assert [(f.member, f.values) for f in query.filters] == [
        ("part.p_name", ["midnight cornflower puff sandy coral"])
    ]
    assert "could not match" in asks("total revenue from 'midnight cornflower puff'", "shop")
    query = query_for("how many flights did the airline 'Delta' operate")  # a name it knows
    assert [f.values for f in query.filters] == [["DL"]]


def test_periods_with_a_quantity_said_to_be_there_count_the_rows_of_that_quantity() -> None:
    query = query_for("which days had precipitation at Newark")
    assert query.measures == ["weather.count"]
    assert ("weather.precip", "gt") in [(f.member, f.operator) for f in query.filters]


def test_a_time_zone_is_named_as_people_name_it_or_in_full_but_not_by_its_city() -> None:
    query = query_for("how many flights went to airports in the mountain time zone")
    assert [(f.member, f.values) for f in query.filters] == [
        ("destination_airports.tzone", ["America/Denver"])
    ]
    query = query_for("flights to America/Denver")
    assert [f.member for f in query.filters] == ["destination_airports.tzone"]
    query = query_for("flights to Denver")  # the city's airport, not its zone
    assert [f.member for f in query.filters] == ["flights.dest"]


def test_airports_in_a_time_zone_may_be_either_end_and_are_asked_about() -> None:
    """ "airports" may be origins or destinations; the zone alone does not say which are
    counted ("How many airports had flights to the Pacific time zone" counts origins)."""
    assert "several things" in asks("How many airports are in the Pacific time zone?")


def test_things_that_really_did_it_through_the_rows_that_belong_to_them() -> None:
    """The planes have no status; the flights they flew have, and the query reaches both."""
    query = query_for("average seats of the planes that actually flew for Delta")
    assert query.measures == ["planes.avg_seats"]
    assert ("flights.status", ["not cancelled"]) in [(f.member, f.values) for f in query.filters]


def test_things_dated_by_the_event_of_rows_that_belong_to_them() -> None:
    """Orders have no ship date; their line items have. "placed" is the orders' own date."""
    query = query_for("how many orders shipped in 1995", "shop")
    assert query.measures == ["orders.count"]
    assert query.timeDimensions[0].dimension == "lineitem.l_shipdate"
    query = query_for("how many orders were placed in 1995", "shop")
    assert query.timeDimensions[0].dimension == "orders.o_orderdate"


def test_a_ratio_s_scope_said_before_or_after_holds_for_both_sides() -> None:
    for question in (
        "For 1997 orders, what's the ratio of revenue from 1-URGENT orders to 5-LOW orders?",
        "what is the ratio of revenue from 1-URGENT orders to revenue from 5-LOW orders in 1997",
    ):
        plan = offline.understand(question, CATALOGS["shop"])
        assert isinstance(plan, Plan) and plan.combine == "ratio"
        assert all(
            q.timeDimensions and q.timeDimensions[0].dateRange[0] == "1997-01-01"
            for q in plan.queries
        )


@pytest.mark.parametrize(
    ("question", "column", "start"),
    [
        (
            "How many flights were scheduled to leave LGA in the 6 pm hour?",
            "flights.sched_dep_time",
            "1800",
        ),
        ("How many flights arrived in the 11 pm hour?", "flights.arr_time", "2300"),
        ("how many flights departed in the 7 am hour", "flights.dep_time", "700"),
    ],
)
def test_a_clock_hour_is_its_minutes_of_the_time_the_verb_says(
    question: str, column: str, start: str
) -> None:
    said = [(f.member, f.operator, f.values[0]) for f in query_for(question).filters]
    assert (column, "gte", start) in said and (column, "lte", str(int(start) + 59)) in said


@pytest.mark.parametrize(
    "question",
    [
        "flights in the 6 pm hour",
        "How many flights landed from 11 pm to 5 am?",
        "flights that departed between 9 pm and 2 am",
    ],
)
def test_a_clock_hour_of_no_event_or_past_midnight_is_asked_about(question: str) -> None:
    asks(question)


def test_a_range_of_clock_times_bounds_the_time() -> None:
    query = query_for("how many flights were scheduled to depart 18:00 to 18:59")
    said = [(f.member, f.operator, f.values) for f in query.filters]
    assert said == [
        ("flights.sched_dep_time", "gte", ["1800"]),
        ("flights.sched_dep_time", "lte", ["1859"]),
    ]


def test_unique_things_glossed_in_brackets_are_counted_once() -> None:
    assert query_for(
        "How many unique aircraft (unique tail numbers) did ExpressJet use?"
    ).measures == ["flights.distinct_tailnum"]


def test_a_degree_sign_is_the_word_degrees() -> None:
    query = query_for("What was the hottest temperature recorded at Newark in 2013 (°F)?")
    assert query.measures == ["weather.max_temp"]


def test_degrees_alone_may_be_a_temperature_or_a_direction() -> None:
    assert "limits" in asks("how many hours at JFK were above 90 degrees")


@pytest.mark.parametrize(
    ("question", "member", "operator"),
    [
        ("flights with dep_delay >= 60 from JFK", "flights.dep_delay", "gte"),
        ("how many planes have seats < 50", "planes.seats", "lt"),
    ],
)
def test_comparison_symbols_are_comparisons(question: str, member: str, operator: str) -> None:
    query = query_for(question)
    assert (member, operator) in [(f.member, f.operator) for f in query.filters]


def test_an_arrow_between_airports_is_no_comparison() -> None:
    query = query_for("avg arr delay EWR->ATL Q4")
    assert {"flights.origin", "flights.dest"} <= {f.member for f in query.filters}


def test_a_condition_said_twice_is_one_filter() -> None:
    query = query_for("avg departure delay by NYC airport when it's raining (precip > 0)")
    assert len(query.filters) == len({f.model_dump_json() for f in query.filters}) == 1


@pytest.mark.parametrize(
    ("question", "model", "member"),
    [
        ("avg acct balance of suppliers in Japan", "shop", "supplier.avg_s_acctbal"),
        ("avg qty per line in 1994", "shop", "lineitem.avg_l_quantity"),
    ],
)
def test_everyday_short_forms_are_their_words(question: str, model: str, member: str) -> None:
    assert query_for(question, model).measures == [member]


def test_a_short_form_in_capitals_stays_a_code() -> None:
    from understanding.language import numbers_as_digits

    assert (
        numbers_as_digits("avg QTY") == "average QTY"
        and numbers_as_digits("pct late") == "percent late"
    )


def test_avg_before_a_word_of_a_total_and_a_column_is_the_column_s_average() -> None:
    assert query_for("avg discount in 1997", "shop").measures == ["lineitem.avg_l_discount"]
    assert query_for("total discount in 1997", "shop").measures == ["lineitem.discount_amount"]


def test_top_groups_by_a_verb_rank_by_its_figure() -> None:
    query = query_for("top 3 customers in france by spend in 1996", "shop")
    assert query.measures == ["lineitem.revenue"] and query.limit == 3


def test_a_column_named_beside_its_comparison_is_what_it_limits() -> None:
    query = query_for(
        "average departure delay when visibility at the origin airport was under 1 mile"
    )
    assert [(f.member, f.operator) for f in query.filters] == [("weather.visib", "lt")]


def test_by_a_column_in_brackets_says_which_column_is_compared() -> None:
    query = query_for(
        "How many flights actually departed before 6 in the morning (by actual departure time)?"
    )
    assert not query.dimensions
    assert ("flights.dep_time", "lt", ["600"]) in [
        (f.member, f.operator, f.values) for f in query.filters
    ]


def test_late_or_more_is_at_least_that_late() -> None:
    query = query_for("how many JFK flights left 15 minutes late or more")
    assert ("flights.dep_delay", "gte", ["15"]) in [
        (f.member, f.operator, f.values) for f in query.filters
    ]


@pytest.mark.parametrize(
    ("question", "weekday"),
    [
        ("how many orders were placed on sundays in 1994", "orders.o_weekday"),
        ("how many orders shipped on Sundays in 1995", "lineitem.l_shipweekday"),
    ],
)
def test_a_weekday_is_of_the_date_its_verb_says(question: str, weekday: str) -> None:
    query = query_for(question, "shop")
    assert (weekday, ["Sunday"]) in [(f.member, f.values) for f in query.filters]


def test_not_a_single_one_is_none_at_all() -> None:
    plan = offline.understand(
        "How many customers have never placed a single order?", CATALOGS["shop"]
    )
    assert isinstance(plan, Plan) and plan.combine == "difference"
    assert plan.queries[1].measures == ["orders.distinct_o_custkey"]
    with pytest.raises(offline.NeedsClarification):
        offline.understand("customers who placed a single order", CATALOGS["shop"])


def test_at_least_one_of_a_count_is_each_thing_once() -> None:
    query = query_for(
        "How many orders had at least one line item that was received after its commit date?",
        "shop",
    )
    assert query.measures == ["lineitem.distinct_l_orderkey"] and not query.dimensions


@pytest.mark.parametrize(
    "question",
    [
        "windiest NYC airport on avg in winter",
        "the windiest NYC airport",
        "busiest NYC airport in July",
    ],
)
def test_a_ranked_scope_ranks_the_things_it_is_about(question: str) -> None:
    query = query_for(question)
    assert query.dimensions[0] in ("weather.origin", "flights.origin")
    assert query.order and query.order[0][1] == "desc"


def test_the_busiest_part_of_the_day_groups_by_it() -> None:
    query = query_for("busiest hour at laguardia")
    assert query.dimensions == ["flights.hour"] and query.measures == ["flights.count"]


def test_a_scale_names_the_model_s_primary_column_of_it() -> None:
    query = query_for("hours at JFK above 90°F")
    assert ("weather.temp", "gt", ["90"]) in [
        (f.member, f.operator, f.values) for f in query.filters
    ]


def test_stock_value_is_what_the_stock_cost() -> None:
    query = query_for("total value of the stock Supplier#000000123 holds", "shop")
    assert query.measures == ["partsupp.stock_value"]


def test_things_listed_are_of_the_counted_things_role() -> None:
    query = query_for("nations with more than 46 suppliers", "shop")
    assert query.dimensions == ["supplier_nation.n_name"]


def test_a_plain_verb_of_getting_is_light() -> None:
    query = query_for("how many destinations get flights from Delta")
    assert query.measures == ["flights.distinct_dest"]


def test_day_parts_in_the_plural_are_the_same_hours() -> None:
    assert "which hours" in asks("how many flights left in the mornings")


@pytest.mark.parametrize(
    "question",
    ["How many line items were delivered on weekends?", "What was the revenue on Sundays?"],
)
def test_a_weekday_of_no_date_said_is_asked_about(question: str) -> None:
    assert "which of these" in asks(question, "shop")


def test_a_negation_elsewhere_leaves_a_single_alone() -> None:
    asks("How many customers not in Germany placed a single order?", "shop")


def test_a_contraction_is_no_slip_of_the_keyboard() -> None:
    assert corrected("which destinations does Delta serve that American doesn't") == (
        "which destinations does Delta serve that American doesn't"
    )


def test_the_most_of_a_unit_is_of_a_column_that_adds_up() -> None:
    query = query_for("Which plane (tail number) logged the most miles in 2013?")
    assert query.measures == ["flights.sum_distance"]
