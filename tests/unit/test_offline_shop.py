"""The same offline agent on a second, business-shaped data model (TPC-H), from its /meta alone:
nothing about orders or revenue is in the agent; it is all in cube/model/shop."""

from __future__ import annotations

import pytest

from models.ask import CubeFilter, CubeQuery, Plan
from tests.fixtures.catalog import recorded_catalog
from understanding import offline, validate
from understanding.catalog import Catalog


@pytest.fixture(scope="module")
def shop() -> Catalog:
    return recorded_catalog("shop")


def ask(question: str, catalog: Catalog) -> CubeQuery:
    query = offline.understand(question, catalog)
    assert validate.problems(query, catalog) == [], question
    return query


def test_revenue_of_a_year_is_by_order_date(shop: Catalog) -> None:
    query = ask("What was the total revenue of orders placed in 1996?", shop)
    assert query.measures == ["lineitem.revenue"]
    assert query.timeDimensions[0].dimension == "lineitem.l_orderdate"
    assert query.timeDimensions[0].dateRange == ["1996-01-01", "1996-12-31"]


def test_a_verb_picks_the_date(shop: Catalog) -> None:
    query = ask("How many line items were shipped in 1995?", shop)
    assert query.timeDimensions[0].dimension == "lineitem.l_shipdate"


def test_a_month_without_a_year_asks_which_year(shop: Catalog) -> None:
    with pytest.raises(offline.NeedsClarification) as asked:
        offline.understand("How many orders were placed in July?", shop)
    assert "1992" in asked.value.question


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "How many urgent orders are there?",
            CubeFilter(member="orders.o_orderpriority", operator="equals", values=["1-URGENT"]),
        ),
        (
            "How many orders are still open?",
            CubeFilter(member="orders.o_orderstatus", operator="equals", values=["O"]),
        ),
        (
            "How many line items were returned?",
            CubeFilter(member="lineitem.l_returnflag", operator="equals", values=["R"]),
        ),
        (
            "How many line items went by rail?",
            CubeFilter(member="lineitem.l_shipmode", operator="equals", values=["RAIL"]),
        ),
    ],
)
def test_codes_by_what_they_mean(shop: Catalog, question: str, expected: CubeFilter) -> None:
    assert ask(question, shop).filters == [expected]


def test_a_nation_is_the_customers_unless_the_supplier_is_named(shop: Catalog) -> None:
    assert ask("Which nation has the most customers?", shop).dimensions == [
        "customer_nation.n_name"
    ]
    suppliers = ask("How many suppliers are in Japan?", shop)
    assert suppliers.filters == [
        CubeFilter(member="supplier_nation.n_name", operator="equals", values=["JAPAN"])
    ]
    assert ask("Revenue by supplier region", shop).dimensions == ["supplier_region.r_name"]


def test_vague_questions_ask_here_too(shop: Catalog) -> None:
    with pytest.raises(offline.NeedsClarification):
        offline.understand("Which customers are the most loyal?", shop)


def test_which_customer_ranks_customers_by_name(shop: Catalog) -> None:
    query = ask("Which customer placed the most orders?", shop)
    assert query.measures == ["orders.count"]
    assert query.dimensions == ["customer.c_name"]
    assert query.order == [("orders.count", "desc")]


@pytest.mark.parametrize(
    ("question", "measure", "filters"),
    [
        ("How many distinct customers are there?", "customer.count", []),
        (
            "How many distinct suppliers are in Asia?",
            "supplier.count",
            [CubeFilter(member="supplier_region.r_name", operator="equals", values=["ASIA"])],
        ),
        ("How many distinct customers placed orders in 1998?", "orders.distinct_o_custkey", []),
    ],
)
def test_distinct_things_are_the_things_unless_the_question_is_about_another_table(
    shop: Catalog, question: str, measure: str, filters: list[CubeFilter]
) -> None:
    """The model's "distinct customers" counts customers with orders: right for customers who
    placed orders, not for how many customers there are."""
    query = ask(question, shop)
    assert query.measures == [measure] and query.filters == filters


def test_no_quantity_asks_zero_or_unrecorded_and_a_value_after_of_is_equal(shop: Catalog) -> None:
    with pytest.raises(offline.NeedsClarification) as asked:
        offline.understand("How many line items have no discount?", shop)
    assert "0 or not recorded" in asked.value.question
    query = ask("How many line items had a discount of 0?", shop)
    assert query.filters == [
        CubeFilter(member="lineitem.l_discount", operator="equals", values=["0"])
    ]


def test_by_after_a_verb_names_who_did_it(shop: Catalog) -> None:
    """ "placed by customers in Asia": which customers, not one row per customer; "revenue by
    customer" still groups."""
    placed = ask("How many orders were placed by customers in Asia in 1995?", shop)
    assert placed.dimensions == []
    assert placed.filters == [
        CubeFilter(member="customer_region.r_name", operator="equals", values=["ASIA"])
    ]
    assert ask("What was the revenue by customer?", shop).dimensions == ["customer.c_name"]
    later = (
        "How many orders were placed in the second half of 1995 by customers in the HOUSEHOLD"
        " segment?"
    )
    assert ask(later, shop).dimensions == []  # the verb need not stand right before "by"


def test_money_in_thousands_and_millions(shop: Catalog) -> None:
    query = ask("How many orders had a total price over $350k?", shop)
    assert query.filters[0].values == ["350000"]
    query = ask("Which customer nations had revenue over $1.5 million in 1996?", shop)
    assert query.filters[0].values == ["1500000"]


def test_people_of_a_place_name_the_place(shop: Catalog) -> None:
    query = ask("How many Japanese customers are there?", shop)
    assert query.filters[0].values == ["JAPAN"]
    query = ask("How many European suppliers are there?", shop)
    assert query.filters[0].values == ["EUROPE"]


def test_a_year_of_two_digits(shop: Catalog) -> None:
    query = ask("How many orders were placed in '97?", shop)
    assert query.timeDimensions[0].dateRange == ["1997-01-01", "1997-12-31"]


def test_a_word_several_values_share_names_them_all(shop: Catalog) -> None:
    """ "brass parts": every part type with BRASS in it, not one type or a question back."""
    query = ask("What is the average retail price of brass parts?", shop)
    assert query.filters == [
        CubeFilter(member="part.p_type", operator="contains", values=["BRASS"])
    ]
    query = ask("How many parts are not steel?", shop)
    assert query.filters == [
        CubeFilter(member="part.p_type", operator="notContains", values=["STEEL"])
    ]
    whole = ask("How many parts have type ECONOMY ANODIZED BRASS?", shop)
    assert whole.filters[0].operator == "equals"


@pytest.mark.parametrize(
    ("question", "column"),
    [
        ("Which vendor has the lowest account balance?", "supplier.s_acctbal"),
        ("which customer has the highest account balance", "customer.c_acctbal"),
        ("List Romanian suppliers with a negative account balance", "supplier.s_acctbal"),
    ],
)
def test_a_column_two_tables_share_is_the_one_beside_the_things_named(
    shop: Catalog, question: str, column: str
) -> None:
    """Readings by join distance: "account balance" of suppliers is the supplier's."""
    query = ask(question, shop)
    named = [*query.measures, *query.dimensions, *(f.member for f in query.filters)]
    assert any(m.split(".")[0] == column.split(".")[0] and "acctbal" in m for m in named)
    assert not any("acctbal" in m and m.split(".")[0] != column.split(".")[0] for m in named)


def test_which_thing_ranks_things_by_their_own_column(shop: Catalog) -> None:
    query = ask("which supplier has the highest account balance", shop)
    assert query.dimensions == ["supplier.s_name"]
    assert [list(o) for o in query.order] == [["supplier.avg_s_acctbal", "desc"]]


def test_a_superlative_is_no_value_of_its_base_word(shop: Catalog) -> None:
    """ "highest" ranks; it does not name the priority "high"."""
    query = ask("which supplier has the highest account balance", shop)
    assert all(f.member != "orders.o_orderpriority" for f in query.filters)
    high = ask("how many orders have high priority", shop)
    assert high.filters[0].values == ["2-HIGH"]


def test_a_verb_the_model_gives_a_measure_names_it(shop: Catalog) -> None:
    """meta `verbs` on revenue: what customers spend."""
    query = ask("Which customer spent the most overall?", shop)
    assert query.measures == ["lineitem.revenue"]
    assert query.dimensions == ["customer.c_name"]
    counted = ask("How many different suppliers sold parts in 1993?", shop)
    assert counted.measures != ["lineitem.revenue"]


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("Which country is Supplier#000000123 based in?", "Supplier#000000123"),
        ("which nation is supplier #77 in", "Supplier#000000077"),
        ("revenue of Customer#000149999 in 1996", "Customer#000149999"),
    ],
)
def test_a_value_is_known_by_the_shape_its_values_share(
    shop: Catalog, question: str, value: str
) -> None:
    """Names too many to list ("Customer#000000001", ...) have one shape; a number in that
    shape names one, whether or not the sample held it."""
    sampled = set(shop.values["customer.c_name"]) | set(shop.values["supplier.s_name"])
    query = ask(question, shop)
    assert [f.values for f in query.filters if f.member.endswith("_name")] == [[value]]
    assert value != "Customer#000149999" or value not in sampled


@pytest.mark.parametrize(
    ("question", "member", "value"),
    [
        ("How many orders had a total over $300k?", "orders.o_totalprice", "300000"),
        ("orders over $400k from MACHINERY customers - how many?", "orders.o_totalprice", "400000"),
        ("how many suppliers have a balance below 100 dollars", "supplier.s_acctbal", "100"),
        ("how many parts over 2,000 USD are there", "part.p_retailprice", "2000"),
    ],
)
def test_an_amount_of_money_limits_the_money_column_of_what_is_named(
    shop: Catalog, question: str, member: str, value: str
) -> None:
    """Currencies are units ($ before the number, dollars after it); meta `unit: USD` says
    which columns are money; of those, the one of the things the question names."""
    query = ask(question, shop)
    assert [f.values for f in query.filters if f.member == member] == [[value]]
    assert query.measures[0].endswith(".count")


@pytest.mark.parametrize(
    "question",
    [
        "Asian suppliers with account balance above $9.7k",
        "List Romanian suppliers with a negative account balance",
    ],
)
def test_things_named_on_their_own_are_listed(shop: Catalog, question: str) -> None:
    """A question that is only things in the plural, with what they are, lists them."""
    assert ask(question, shop).dimensions == ["supplier.s_name"]


def test_a_plans_parts_are_figures_not_lists(shop: Catalog) -> None:
    plan = offline.understand("What percentage of our customers are in Europe?", shop)
    assert isinstance(plan, Plan)
    assert all(q.dimensions == [] for q in plan.queries)


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("Total quantity shipped via FOB on orders placed between 1994 and 1996", "l_orderdate"),
        ("Total quantity of items shipped in 1995", "l_shipdate"),
        ("What was the second most used ship mode for shipments in 1997?", "l_shipdate"),
        ("Which ship mode had the most revenue in 1996?", "l_orderdate"),
    ],
)
def test_a_period_is_of_the_role_word_nearest_before_it(
    shop: Catalog, question: str, dates: str
) -> None:
    """The verb (or noun of the things counted) nearest before the period says which date;
    a word inside another name ("ship mode") says nothing."""
    assert ask(question, shop).timeDimensions[0].dimension == f"lineitem.{dates}"


def test_per_one_of_thousands_asks_each_or_the_average(shop: Catalog) -> None:
    with pytest.raises(offline.NeedsClarification) as asked:
        offline.understand("revenue per customer in the HOUSEHOLD segment, 1996", shop)
    assert "average per customer name" in asked.value.options
    assert ask("revenue per nation in 1996", shop).dimensions == ["customer_nation.n_name"]


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("How many line items shipped in 1997 arrived after their commit date?", "lineitem.count"),
        ("percentage of items shipped in 1995 that arrived late", "lineitem.late_delivery_rate"),
    ],
)
def test_late_deliveries_are_the_models_words(shop: Catalog, question: str, measure: str) -> None:
    query = ask(question, shop)
    assert query.measures == [measure]
    assert query.timeDimensions[0].dimension == "lineitem.l_shipdate"


def test_a_value_in_capitals_before_its_columns_noun_is_the_value(shop: Catalog) -> None:
    query = ask("Total quantity of Brand#44 merchandise shipped by SHIP mode in 1998", shop)
    assert query.dimensions == []
    assert ("lineitem.l_shipmode", ["SHIP"]) in [(f.member, f.values) for f in query.filters]
    grouped = ask("Total quantity shipped in 1998 by ship mode", shop)
    assert grouped.dimensions == ["lineitem.l_shipmode"]


def test_country_short_names_and_plurals_no_dictionary_knows(shop: Catalog) -> None:
    query = ask("Which UK supplier has the most units available?", shop)
    assert ("supplier_nation.n_name", ["UNITED KINGDOM"]) in [
        (f.member, f.values) for f in query.filters
    ]
    skus = ask("How many SKUs in LG BOX containers have a retail price over $1,500?", shop)
    assert skus.measures == ["part.count"]


def test_a_change_between_two_periods_is_the_later_minus_the_earlier(shop: Catalog) -> None:
    drop = offline.understand("By how much did revenue drop from Q1 to Q2 1996?", shop)
    assert isinstance(drop, Plan) and drop.combine == "difference"
    assert [q.timeDimensions[0].dateRange[0] for q in drop.queries] == ["1996-01-01", "1996-04-01"]
    change = offline.understand("How did 1996 revenue change versus 1995?", shop)
    assert isinstance(change, Plan)
    assert [q.timeDimensions[0].dateRange[0] for q in change.queries] == [
        "1996-01-01",
        "1995-01-01",
    ]
    with pytest.raises(offline.NeedsClarification):  # the data is in dollars
        offline.understand(
            "How did 1996 revenue change versus 1995? Give me the difference in euros.", shop
        )


def test_the_share_of_values_said_of_a_noun_is_of_the_noun_without_them(shop: Catalog) -> None:
    plan = offline.understand("share of urgent orders in 1996", shop)
    assert isinstance(plan, Plan) and plan.combine == "share"
    part, whole = plan.queries
    assert [f.values for f in part.filters] == [["1-URGENT"]] and whole.filters == []
    assert part.timeDimensions == whole.timeDimensions


def test_a_nouns_count_ranks_and_ranked_by_puts_the_highest_first(shop: Catalog) -> None:
    bottom = ask("bottom 3 nations by customer count", shop)
    assert bottom.measures == ["customer.count"]
    assert bottom.dimensions == ["customer_nation.n_name"]
    ranked = ask("market segments ranked by revenue", shop)
    assert [list(o) for o in ranked.order] == [["lineitem.revenue", "desc"]]


def test_held_out_shapes_in_other_words(shop: Catalog) -> None:
    ranked = ask("Which 5 suppliers sold the most in 1995, going by revenue?", shop)
    assert ranked.dimensions == ["supplier.s_name"] and ranked.limit == 5
    shipped = ask("How many units did we ship by RAIL in 1994?", shop)
    assert [f.values for f in shipped.filters] == [["RAIL"]]
    inclusive = ask("total quantity of items shipped on or before 1 March 1998", shop)
    assert inclusive.timeDimensions[0].dateRange[1] == "1998-03-01"
    share = offline.understand(
        "What percentage of the revenue from items shipped in May 1996 came from SMALL part types?",
        shop,
    )
    assert isinstance(share, Plan)
    assert share.queries[0].timeDimensions == share.queries[1].timeDimensions


@pytest.mark.parametrize(
    ("question", "filtered"),
    [
        ("How many customers placed an urgent order in 1996?", "orders.o_orderpriority"),
        ("How many German customers had an order with status F?", "orders.o_orderstatus"),
    ],
)
def test_things_counted_among_the_rows_that_reach_a_value(
    shop: Catalog, question: str, filtered: str
) -> None:
    """The model calls its count of different customers on orders "Distinct customers": the
    customers are counted among the orders that meet the condition, whatever the title's
    wording."""
    query = ask(question, shop)
    assert query.measures == ["orders.distinct_o_custkey"]
    assert any(f.member == filtered for f in query.filters)
