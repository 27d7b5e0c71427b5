"""The plan grammar: every rule's examples are its tests (on whichever recorded model they are
about), and the choice between one query and a plan."""

from __future__ import annotations

import pytest

from models.ask import CubeQuery, Plan
from tests.fixtures.catalog import recorded_catalog
from understanding import offline
from understanding.catalog import Catalog
from understanding.language import numbers_as_digits
from understanding.plans import RULES, Rule
from understanding.plans.parts import Context, NotThisRule

CATALOGS = {model: recorded_catalog(model) for model in ("flights", "shop")}


def built(rule: Rule, question: str, catalog: Catalog) -> CubeQuery | Plan | None:
    match = rule.pattern.match(numbers_as_digits(question))
    if match is None:
        return None
    ctx = Context(
        compose=lambda q, part=False: offline.compose(q, catalog, part),
        read=lambda q: offline.read(q, catalog),
        catalog=catalog,
    )
    try:
        return rule.build(match, ctx)
    except (NotThisRule, offline.NeedsClarification):
        return None


@pytest.mark.parametrize(
    ("rule", "question"),
    [(rule, example) for rule in RULES for example in rule.examples],
    ids=lambda value: value if isinstance(value, str) else value.combine,
)
def test_every_example_of_a_rule_builds_its_plan(rule: Rule, question: str) -> None:
    plans = [built(rule, question, catalog) for catalog in CATALOGS.values()]
    found = [p for p in plans if p is not None]
    assert found, f"{rule.name}: no plan for {question!r}"
    if rule.combine == "lookup":  # one query: a column of the one thing named
        lookup = found[0]
        assert isinstance(lookup, CubeQuery)
        assert not lookup.measures and len(lookup.dimensions) == 1 and len(lookup.filters) == 1
        return
    if rule.combine == "extreme":  # one query: things listed with a column, ranked by it
        ranked = found[0]
        assert isinstance(ranked, CubeQuery) and not ranked.measures and ranked.limit
        column, _ = ranked.order[0]
        assert column in ranked.dimensions
        return
    if rule.combine == "who":  # one query: the things whose verb it is, by name
        who = found[0]
        assert isinstance(who, CubeQuery) and len(who.dimensions) == 1 and who.measures
        return
    if rule.combine == "peak":  # one query: a figure per period, the highest one
        peak = found[0]
        assert isinstance(peak, CubeQuery) and peak.measures and peak.limit == 1
        assert peak.order[0] == (peak.measures[0], "desc")
        return
    plan = found[0]
    assert isinstance(plan, Plan)
    # the rule of a named reference also gives differences and ratios; of a rise, falls
    assert (
        plan.combine == rule.combine
        or rule.combine == "above"
        or ((rule.combine, plan.combine) == ("rose", "fell"))
    )
    assert 1 <= len(plan.queries) <= 4
    assert plan.description


def test_every_rule_has_examples() -> None:
    assert all(rule.examples for rule in RULES)


def understood(question: str, model: str = "flights") -> CubeQuery | Plan:
    return offline.understand(question, CATALOGS[model])


def test_a_question_one_query_answers_stays_one_query() -> None:
    """A rate the model has is one query, though a share plan could also say it."""
    assert isinstance(understood("What percentage of flights from EWR were cancelled?"), CubeQuery)
    assert isinstance(understood("What was the average distance per flight in May?"), CubeQuery)
    assert isinstance(understood("How many flights were delayed more than 2 hours?"), CubeQuery)


def test_more_than_a_named_airline_compares_with_its_figure() -> None:
    plan = understood("Which airlines flew more flights than JetBlue?")
    assert isinstance(plan, Plan) and plan.combine == "above"
    groups, reference = plan.queries
    assert groups.dimensions[0] == "flights.carrier" and not groups.filters
    assert reference.filters[0].member == "flights.carrier"
    assert reference.filters[0].values == ["B6"]


def test_a_reference_that_is_not_one_of_the_groups_is_asked_about() -> None:
    with pytest.raises(offline.NeedsClarification) as asked:
        understood("Which airlines had more flights than Boston?")
    assert "comparison" in asked.value.question


def test_the_figure_compared_is_the_one_the_comparative_names() -> None:
    """ "customers placed more orders than France's": orders are compared, never the count of
    customers who ordered."""
    try:
        plan = offline.understand(
            "Which nations' customers placed more orders than France's?", CATALOGS["shop"]
        )
    except offline.NeedsClarification:
        return
    assert isinstance(plan, Plan)
    assert all(q.measures == ["orders.count"] for q in plan.queries)


def test_by_how_much_one_figure_exceeds_anothers_subtracts_them() -> None:
    plan = understood("By how many minutes did Delta's average arrival delay exceed JetBlue's?")
    assert isinstance(plan, Plan) and plan.combine == "difference"
    assert [q.filters[0].values for q in plan.queries] == [["DL"], ["B6"]]
    assert plan.queries[0].measures == plan.queries[1].measures == ["flights.avg_arr_delay"]


def test_both_of_two_airports_is_an_intersection_not_either() -> None:
    plan = understood("Which carriers fly from both EWR and LGA?")
    assert isinstance(plan, Plan) and plan.combine == "intersect"
    assert [q.filters[0].values for q in plan.queries] == [["EWR"], ["LGA"]]


def test_but_not_is_a_difference_between_two_sets() -> None:
    plan = understood("Which carriers fly to Denver but not to Atlanta?")
    assert isinstance(plan, Plan) and plan.combine == "subtract" and not plan.count
    assert [q.filters[0].values for q in plan.queries] == [["DEN"], ["ATL"]]


def test_how_many_of_a_set_counts_it() -> None:
    plan = understood("How many airlines fly to Denver but not to Atlanta?")
    assert isinstance(plan, Plan) and plan.count


def test_a_difference_between_months_subtracts_the_second() -> None:
    plan = understood("How many more flights departed in August than in January?")
    assert isinstance(plan, Plan) and plan.combine == "difference"
    first, second = (q.timeDimensions[0].dateRange for q in plan.queries)
    assert first == ["2013-08-01", "2013-08-31"] and second == ["2013-01-01", "2013-01-31"]


@pytest.mark.parametrize(
    ("question", "model"),
    [
        ("How many more flights did Newark have than LaGuardia in December?", "flights"),
        ("How many more orders did FRANCE place than GERMANY in 1995?", "shop"),
        ("In 1997, how many more urgent orders were there than low-priority ones?", "shop"),
        ("How much more did we sell to customers in EUROPE than in ASIA in 1997?", "shop"),
    ],
)
def test_a_scope_said_apart_from_the_reference_holds_for_both_sides(
    question: str, model: str
) -> None:
    plan = understood(question, model)
    assert isinstance(plan, Plan) and plan.combine == "difference"
    first, second = plan.queries
    assert first.timeDimensions == second.timeDimensions and first.timeDimensions
    assert first.filters != second.filters


def test_a_share_keeps_the_whole_inside_the_part() -> None:
    plan = understood("What share of the revenue in 1997 came from the MACHINERY segment?", "shop")
    assert isinstance(plan, Plan) and plan.combine == "share"
    part, whole = plan.queries
    assert {f.member for f in whole.filters} < {f.member for f in part.filters}
    assert part.timeDimensions == whole.timeDimensions


def test_a_count_of_groups_needs_a_condition_on_their_figure() -> None:
    plan = understood("How many carriers had fewer than 1000 flights?")
    assert isinstance(plan, Plan) and plan.combine == "count"
    assert plan.queries[0].filters[0].member == "flights.count"
    assert isinstance(understood("How many carriers are there?"), CubeQuery)


def test_an_attribute_of_a_named_thing_is_a_look_up_not_a_count() -> None:
    query = understood("Who manufactured the plane with tail number N108UW?")
    assert isinstance(query, CubeQuery) and not query.measures
    assert query.dimensions == ["planes.manufacturer"]
    assert query.filters[0].values == ["N108UW"]
    query = understood("What is the city of the airport with code SEA?")
    assert isinstance(query, CubeQuery) and query.dimensions == ["destination_airports.city"]


def test_a_look_up_with_a_count_or_rank_is_not_a_look_up() -> None:
    query = understood("Which carrier flew the most flights to SEA?")
    assert isinstance(query, CubeQuery) and query.measures == ["flights.count"]


def test_actually_happened_rows_come_from_the_model() -> None:
    query = understood("How many flights actually left LGA in May?")
    assert isinstance(query, CubeQuery)
    assert {(f.member, tuple(f.values)) for f in query.filters} == {
        ("flights.origin", ("LGA",)),
        ("flights.status", ("not cancelled",)),
    }
    with pytest.raises(offline.NeedsClarification):  # the shop model says nothing of it
        understood("How many orders were actually shipped in 1995?", "shop")


def test_groups_that_never_did_it_are_all_groups_minus_those_that_did() -> None:
    plan = understood("Which carriers never flew to Seattle?")
    assert isinstance(plan, Plan) and plan.combine == "subtract"
    every, having = plan.queries
    assert not every.filters
    assert having.filters[0].member == "flights.dest" and having.filters[0].values == ["SEA"]
    neither = understood("Which airlines served neither SEA nor MIA?")
    assert isinstance(neither, Plan)
    assert sorted(neither.queries[1].filters[0].values) == ["MIA", "SEA"]


def test_only_one_value_is_that_value_minus_any_other() -> None:
    plan = understood("Which carriers only fly to Honolulu?")
    assert isinstance(plan, Plan) and plan.combine == "subtract"
    with_it, others = plan.queries
    assert with_it.filters[0].operator == "equals"
    assert others.filters[0].operator == "notEquals"
    assert others.filters[0].values == ["HNL"]


def test_a_number_of_a_named_thing_is_looked_up_not_counted() -> None:
    query = understood("How many seats does the plane with tail number N108UW have?")
    assert isinstance(query, CubeQuery) and query.dimensions == ["planes.seats"]
    assert not query.measures


def test_an_attribute_asked_in_its_own_unit_is_looked_up() -> None:
    query = understood("What is the elevation of the Salt Lake City airport in feet?")
    assert isinstance(query, CubeQuery) and query.dimensions[0].endswith("altitude")
    with pytest.raises(offline.NeedsClarification):
        understood("What is the elevation of the Salt Lake City airport in meters?")


def test_a_count_per_period_on_average_is_averaged_over_the_periods() -> None:
    plan = understood("On average, how many flights a day left LaGuardia in March?")
    assert isinstance(plan, Plan) and plan.combine == "mean"
    daily = plan.queries[0]
    assert [t.granularity for t in daily.timeDimensions] == ["day"]
    assert daily.timeDimensions[0].dateRange == ["2013-03-01", "2013-03-31"]
    assert daily.filters[0].values == ["LGA"]


def test_only_from_one_not_from_the_others_is_their_difference() -> None:
    catalog = recorded_catalog("flights")
    plan = offline.understand(
        "How many destinations were served only from Newark, i.e. not from JFK or LaGuardia?",
        catalog,
    )
    assert isinstance(plan, Plan) and plan.combine == "subtract" and plan.count
    kept, taken = plan.queries
    assert kept.filters[0].values == ["EWR"]
    assert sorted(taken.filters[0].values) == ["JFK", "LGA"]


@pytest.mark.parametrize(
    ("question", "model", "op"),
    [
        ("Which carriers had more flights in July than in June?", "flights", "rose"),
        ("Which nations placed fewer orders in 1995 than in 1994?", "shop", "fell"),
        ("Which ship modes grew their revenue from 1995 to 1996?", "shop", "rose"),
        ("Which regions' number of orders declined between 1994 and 1995?", "shop", "fell"),
        ("Which origins went down in flights from May to June?", "flights", "fell"),
        (
            "Which airports had a worse average departure delay in July than in May?",
            "flights",
            "rose",
        ),
    ],
)
def test_groups_against_their_own_figure_in_another_period(
    question: str, model: str, op: str
) -> None:
    plan = understood(question, model)
    assert isinstance(plan, Plan) and plan.combine == op
    later, earlier = plan.queries
    assert later.dimensions == earlier.dimensions and later.dimensions
    assert later.timeDimensions != earlier.timeDimensions


def test_how_many_periods_counts_the_periods_that_meet_the_condition() -> None:
    plan = understood("On how many days did more than 40 flights leave Newark late?")
    assert isinstance(plan, Plan) and plan.combine == "count"
    (days,) = plan.queries
    assert [t.granularity for t in days.timeDimensions] == ["day"]
    assert not days.dimensions
    assert "flights.count" in [f.member for f in days.filters]
    assert isinstance(understood("How many months had more than 25000 flights?"), Plan)


def test_a_change_between_two_ends_is_no_span_of_time() -> None:
    """ "revenue fell from 1995 to 1996" compares 1995 with 1996; never both years as one."""
    found = offline.understand("Which nations' revenue fell from 1995 to 1996?", CATALOGS["shop"])
    assert isinstance(found, Plan) and found.combine == "fell"
    with pytest.raises(offline.NeedsClarification):
        offline.understand("Order count rose from 1994 to 1996", CATALOGS["shop"])


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("How many minutes longer was the average departure delay in July than in May?", True),
        ("How many hours longer was the average departure delay in July than in May?", False),
    ],
)
def test_a_difference_asked_in_a_unit_is_in_the_figures_own(question: str, answers: bool) -> None:
    if answers:
        plan = understood(question)
        assert isinstance(plan, Plan) and plan.combine == "difference"
        return
    with pytest.raises(offline.NeedsClarification):
        understood(question)


def test_things_per_owner_each_is_a_breakdown_and_on_average_a_ratio() -> None:
    each = understood("How many flights did each airline have to Boston?")
    assert isinstance(each, CubeQuery) and each.dimensions[0] == "flights.carrier"
    average = understood("On average, how many flights did each airline have to Boston?")
    assert isinstance(average, Plan) and average.combine == "ratio"
    counted, owners = average.queries
    assert counted.measures == ["flights.count"]
    assert owners.measures == ["flights.distinct_carrier"]
    assert counted.filters == owners.filters


def test_the_overall_average_is_not_taken_for_a_total() -> None:
    with pytest.raises(offline.NeedsClarification):
        understood("Which nations had revenue above the average?", "shop")
    plan = understood("Which airlines had an average departure delay below the overall average?")
    assert isinstance(plan, Plan) and plan.combine == "below"
    groups, overall = plan.queries
    assert groups.dimensions and not overall.dimensions
    assert groups.measures == overall.measures == ["flights.avg_dep_delay"]


def test_both_periods_are_each_a_set() -> None:
    plan = understood("Which carriers flew in both January and December?")
    assert isinstance(plan, Plan) and plan.combine == "intersect"
    assert len(plan.queries) == 2
    assert plan.queries[0].timeDimensions != plan.queries[1].timeDimensions


def test_how_many_different_groups_meet_a_condition() -> None:
    # at least one order: each customer with an order, once, by one query
    query = understood("How many different customers placed at least one order in 1997?", "shop")
    assert isinstance(query, CubeQuery) and query.measures == ["orders.distinct_o_custkey"]
    assert query.timeDimensions[0].dateRange == ["1997-01-01", "1997-12-31"]
    plan = understood("How many customers placed more than 20 orders in 1997?", "shop")
    assert isinstance(plan, Plan) and plan.combine == "count"


def test_the_fewest_of_a_described_count_includes_groups_with_none() -> None:
    plan = understood("Which carrier had the fewest cancellations at JFK?")
    assert isinstance(plan, Plan) and plan.combine == "least"
    counted, every = plan.queries
    assert ("flights.status", ["cancelled"]) in [(f.member, f.values) for f in counted.filters]
    assert [f.values for f in every.filters if f.operator == "equals"] == [["JFK"]]  # at JFK
    assert isinstance(understood("Which month had the fewest flights?"), CubeQuery)


@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("List the 3 most expensive parts", "desc"),
        ("the least expensive part", "asc"),
        ("the priciest part", "desc"),
    ],
)
def test_an_adjective_ranks_the_column_of_the_things_named(question: str, direction: str) -> None:
    """ "expensive" is said of an order's price and a part's: the parts' is ranked."""
    query = understood(question, "shop")
    assert isinstance(query, CubeQuery)
    assert query.order == [("part.p_retailprice", direction)]


@pytest.mark.parametrize(
    "question",
    [
        "Which airlines had at least 500 cancelled flights?",  # "at least" is no fewest
        "Which plane with more than 300 seats flew the fewest flights?",  # the planes' own
    ],
)
def test_what_is_not_the_fewest_of_a_described_count_stays_one_query(question: str) -> None:
    assert isinstance(understood(question), CubeQuery)


def test_a_share_by_group_keeps_the_period_for_the_whole_and_asks_of_a_value() -> None:
    plan = understood(
        "Which airline had the highest share of flights delayed by more than an hour in July?"
    )
    assert isinstance(plan, Plan) and plan.combine == "shares"
    part, whole = plan.queries
    assert part.timeDimensions == whole.timeDimensions and part.timeDimensions
    with pytest.raises(offline.NeedsClarification):  # JFK's share, or its part of all?
        understood(
            "Which airline had the highest share of flights delayed by more than an hour at JFK?"
        )
    within = understood("Which airport had the highest share of JetBlue flights?")
    assert isinstance(within, Plan) and within.combine == "shares"  # within each airport


def test_the_overall_average_and_a_change_between_periods_name_no_value() -> None:
    for question in (
        "Which airlines had an average departure delay above Delta's average?",
        "Which carriers increased their flights from JFK to Miami in 2013?",
    ):
        with pytest.raises(offline.NeedsClarification):
            understood(question)


def test_two_periods_compared_are_each_one_figure_side_by_side() -> None:
    plan = offline.understand("revenue in 1995 vs 1996", CATALOGS["shop"])
    assert isinstance(plan, Plan) and plan.combine == "each" and plan.labels == ["1995", "1996"]
    ranges = [q.timeDimensions[0].dateRange for q in plan.queries]
    assert ranges == [["1995-01-01", "1995-12-31"], ["1996-01-01", "1996-12-31"]]


def test_values_compared_are_no_periods_side_by_side() -> None:
    found = offline.understand(
        "Compare the average departure delay at JFK with Newark.", CATALOGS["flights"]
    )
    assert isinstance(found, CubeQuery) and found.dimensions[0] == "flights.origin"


def test_a_destination_set_told_by_that_neither_is_the_first_minus_the_others() -> None:
    plan = offline.understand(
        "Which destinations does LaGuardia serve that neither JFK nor Newark fly to?",
        CATALOGS["flights"],
    )
    assert isinstance(plan, Plan) and plan.combine == "subtract"
    assert plan.queries[0].filters[0].values == ["LGA"]
    assert sorted(plan.queries[1].filters[0].values) == ["EWR", "JFK"]


def test_how_many_things_above_the_average_of_all_counts_them_against_everyone() -> None:
    plan = offline.understand(
        "How many Canadian suppliers have an account balance above the average of all suppliers?",
        CATALOGS["shop"],
    )
    assert isinstance(plan, Plan) and plan.combine == "above" and plan.count
    groups, overall = plan.queries
    assert [f.values for f in groups.filters] == [["CANADA"]] and not overall.filters
    plan = offline.understand(
        "How many Canadian suppliers have an above-average account balance?", CATALOGS["shop"]
    )
    assert isinstance(plan, Plan) and plan.queries[1].filters == plan.queries[0].filters


def test_a_difference_restated_in_brackets_must_go_the_way_the_question_does() -> None:
    question = (
        "By how many flights did ExpressJet's monthly count go up or down from March to April?"
    )
    plan = offline.understand(f"{question} (April minus March)", CATALOGS["flights"])
    assert isinstance(plan, Plan) and plan.combine == "difference"
    assert plan.queries[0].timeDimensions[0].dateRange == ["2013-04-01", "2013-04-30"]
    with pytest.raises(offline.NeedsClarification):
        offline.understand(f"{question} (March minus April)", CATALOGS["flights"])


def test_who_is_the_one_kind_of_named_thing_whose_verb_it_is() -> None:
    query = offline.understand("Who placed the single most expensive order?", CATALOGS["shop"])
    assert isinstance(query, CubeQuery) and query.dimensions == ["customer.c_name"]
    assert query.limit == 1 and query.order == [("orders.max_o_totalprice", "desc")]
    with pytest.raises(offline.NeedsClarification):  # flights have no one who flies them
        offline.understand("who flew the most flights to Denver", CATALOGS["flights"])


def test_both_of_two_values_but_never_a_third_keeps_both_sets() -> None:
    plan = understood("Which carriers flew to both Boston and Chicago O'Hare but never to Atlanta?")
    assert isinstance(plan, Plan) and plan.combine == "subtract" and plan.required == 2
    assert [q.filters[-1].values for q in plan.queries] == [["BOS"], ["ORD"], ["ATL"]]


def test_a_restatement_of_all_the_values_in_brackets_is_the_set_again() -> None:
    plan = understood(
        "Which destinations were served from all three NYC airports (EWR, JFK and LGA)?"
    )
    assert isinstance(plan, Plan) and plan.combine == "intersect"
    assert sorted(q.filters[0].values[0] for q in plan.queries) == ["EWR", "JFK", "LGA"]


@pytest.mark.parametrize(
    "question",
    [
        "destinations United serves from both Newark and JFK",
        "carriers with fewer than 10 cancelled flights all year?",
        "airlines that never flew to Atlanta",
    ],
)
def test_set_questions_without_a_question_word_list_the_things(question: str) -> None:
    plan = understood(question)
    assert isinstance(plan, Plan) and plan.combine in ("intersect", "subtract")
    assert all(q.dimensions for q in plan.queries)


def test_a_share_s_period_said_after_its_condition_is_the_whole_s_too() -> None:
    plan = understood("What fraction of orders were marked urgent in 1996?", "shop")
    assert isinstance(plan, Plan) and plan.combine == "share"
    part, whole = plan.queries
    assert part.timeDimensions == whole.timeDimensions and part.timeDimensions
    alone = understood("what share of flights were in July")
    assert isinstance(alone, Plan) and not alone.queries[1].timeDimensions


def test_a_possessive_owner_is_the_whole_of_a_share() -> None:
    plan = understood("what share of American's flights go to DFW? (pct)")
    assert isinstance(plan, Plan) and plan.combine == "share"
    part, whole = plan.queries
    assert [f.values for f in whole.filters] == [["AA"]]
    assert ["DFW"] in [f.values for f in part.filters]


@pytest.mark.parametrize(
    "question",
    ["avg discount (in %) on lines shipped by AIR in 1997", "avg discount by return flag, as pct"],
)
def test_a_fraction_asked_in_percent_is_converted(question: str) -> None:
    plan = understood(question, "shop")
    assert isinstance(plan, Plan) and plan.combine == "convert" and plan.factor == 100
    assert plan.queries[0].measures == ["lineitem.avg_l_discount"]


def test_the_change_in_a_figure_said_as_a_noun_is_the_later_minus_the_earlier() -> None:
    plan = understood("What was the change in revenue from 1995 to 1996 (1996 minus 1995)?", "shop")
    assert isinstance(plan, Plan) and plan.combine == "difference"
    assert [q.timeDimensions[0].dateRange for q in plan.queries] == [
        ["1996-01-01", "1996-12-31"],
        ["1995-01-01", "1995-12-31"],
    ]
    with pytest.raises(offline.NeedsClarification):
        offline.understand(
            "What was the change in revenue from 1995 to 1996 (1995 minus 1996)?", CATALOGS["shop"]
        )


def test_a_ratio_of_one_figure_in_two_periods() -> None:
    plan = understood("ratio of flights in august vs february")
    assert isinstance(plan, Plan) and plan.combine == "ratio"
    assert [q.measures for q in plan.queries] == [["flights.count"], ["flights.count"]]
    assert plan.queries[0].timeDimensions != plan.queries[1].timeDimensions


def test_a_difference_said_in_brackets() -> None:
    plan = understood("which destinations can you only reach from JFK (not from EWR or LGA)?")
    assert isinstance(plan, Plan) and plan.combine == "subtract"
    assert [q.filters[0].values for q in plan.queries] == [["JFK"], ["EWR", "LGA"]]


def test_values_of_the_groups_said_with_the_noun_are_not_what_they_lack() -> None:
    plan = understood("How many customers in Germany never placed an order?", "shop")
    assert isinstance(plan, Plan)
    assert all(["GERMANY"] in [f.values for f in q.filters] for q in plan.queries)


def test_a_whole_said_to_be_all_keeps_no_period() -> None:
    plan = understood("What share of all orders were urgent orders placed in 1996?", "shop")
    assert isinstance(plan, Plan) and plan.combine == "share" and not plan.queries[1].timeDimensions


def test_a_name_s_word_is_no_verb_of_a_share() -> None:
    plan = understood("What share of JetBlue flights to Long Beach go out of JFK?")
    assert isinstance(plan, Plan)
    assert ["LGB"] in [f.values for f in plan.queries[1].filters]


@pytest.mark.parametrize(
    "question",
    [
        "What was the increase in flights from JFK to LAX?",
        "What was the change in revenue from 1995 to 1996 in Germany?",
    ],
)
def test_a_change_said_as_a_noun_needs_two_periods_alone(question: str) -> None:
    model = "shop" if "revenue" in question else "flights"
    with pytest.raises(offline.NeedsClarification):
        offline.understand(question, CATALOGS[model])


def test_all_of_a_period_but_not_another_is_a_difference() -> None:
    plan = understood("How many customers ordered in all of 1995 but not in 1996?", "shop")
    assert isinstance(plan, Plan) and plan.combine == "subtract" and plan.required == 1


def test_both_with_other_limits_and_a_never_is_asked_about() -> None:
    with pytest.raises(offline.NeedsClarification):
        understood("Which airlines flew to Nashville from both JFK and LGA but never to Atlanta?")


def test_at_least_one_each_day_is_not_one_query() -> None:
    found = offline.understand
    try:
        result = found(
            "How many destinations got at least one flight each day?", CATALOGS["flights"]
        )
    except offline.NeedsClarification:
        return
    assert not isinstance(result, CubeQuery) or not result.dimensions


@pytest.mark.parametrize(
    "question",
    [
        "How many destinations did JFK serve that LaGuardia never did?",
        "which destinations does Delta serve that American doesn't?",
    ],
)
def test_what_one_did_that_another_never_did_is_a_difference(question: str) -> None:
    plan = understood(question)
    assert isinstance(plan, Plan) and plan.combine == "subtract"
    assert plan.queries[0].filters != plan.queries[1].filters


def test_a_possessive_owner_stays_with_the_whole_of_a_share() -> None:
    plan = understood(
        "What percentage of United's Newark flights arrived more than 15 minutes late?"
    )
    assert isinstance(plan, Plan) and plan.combine == "share"
    assert {"UA", "EWR"} <= {v for f in plan.queries[1].filters for v in f.values}
