"""Each combining step of a plan, on results shaped as Cube returns them."""

from __future__ import annotations

from typing import Any

import pytest

from models.ask import Column, CombineOp, CubeQuery, FetchResult, Plan
from workflows.combine import PlanMismatch, combine

LABEL = Column(member="flights.carrier", title="Airline", kind="dimension")
NAME = Column(member="airlines.name", title="Airline name", kind="dimension")
COUNT = Column(member="flights.count", title="Number of flights", kind="measure")


def groups(*rows: tuple[str, float]) -> FetchResult:
    return FetchResult(columns=[LABEL, COUNT], rows=[[label, n] for label, n in rows])


def number(value: float | None) -> FetchResult:
    return FetchResult(columns=[COUNT], rows=[[value]])


def plan(op: CombineOp, n: int = 2, count: bool = False) -> Plan:
    queries = [CubeQuery(measures=["flights.count"])] * n
    return Plan(queries=queries, combine=op, count=count, description=op, title="Result")


def value(result: FetchResult) -> Any:
    assert len(result.rows) == 1
    return result.rows[0][0]


def test_sets_keep_labels_by_presence_in_the_others() -> None:
    a, b = groups(("DL", 5), ("F9", 1), ("WN", 2)), groups(("DL", 9), ("B6", 3))
    assert combine(plan("subtract"), [a, b]).rows == [["F9"], ["WN"]]
    assert combine(plan("intersect"), [a, b]).rows == [["DL"]]
    assert combine(plan("union"), [a, b]).rows == [["B6"], ["DL"], ["F9"], ["WN"]]
    assert value(combine(plan("subtract", count=True), [a, b])) == 2


def test_intersection_of_three() -> None:
    results = [groups(("DL", 1), ("UA", 1)), groups(("DL", 1)), groups(("DL", 1), ("UA", 1))]
    assert combine(plan("intersect", 3), results).rows == [["DL"]]


def test_a_set_keeps_a_label_companion_but_drops_the_figure() -> None:
    a = FetchResult(columns=[LABEL, NAME, COUNT], rows=[["F9", "Frontier", 3]])
    b = FetchResult(columns=[LABEL, NAME, COUNT], rows=[])
    result = combine(plan("subtract"), [a, b])
    assert result.columns == [LABEL, NAME]
    assert result.rows == [["F9", "Frontier"]]


def test_count_of_groups() -> None:
    assert value(combine(plan("count", 1), [groups(("A", 1), ("B", 2), ("C", 3))])) == 3
    assert value(combine(plan("count", 1), [groups()])) == 0


def test_groups_above_and_below_a_reference() -> None:
    all_groups = groups(("UA", 58665), ("AA", 32729), ("B6", 54635), ("MQ", 26397))
    above = combine(plan("above"), [all_groups, number(32729)])
    assert above.rows == [["UA", 58665], ["B6", 54635]]  # highest first; the reference not
    below = combine(plan("below"), [all_groups, number(32729)])
    assert below.rows == [["MQ", 26397]]


@pytest.mark.parametrize(
    ("op", "first", "second", "expected"),
    [
        ("share", 4366, 15508, 28.1532),
        ("ratio", 3144243655.72, 22909, 137249.2756),
        ("difference", 28834, 24951, 3883),
        ("difference", 24951, 28834, -3883),
        ("change", 110, 100, 10.0),  # grew by 10% of where it started
        ("change", 75, 100, -25.0),
    ],
)
def test_two_numbers(op: CombineOp, first: float, second: float, expected: float) -> None:
    assert value(combine(plan(op), [number(first), number(second)])) == pytest.approx(
        expected, abs=1e-3
    )


def test_nothing_to_divide_by_gives_no_figure() -> None:
    assert value(combine(plan("share"), [number(0), number(0)])) is None
    assert value(combine(plan("change"), [number(5), number(0)])) is None  # from nothing
    assert value(combine(plan("ratio"), [number(5), FetchResult(columns=[COUNT], rows=[])])) is None


def test_results_of_the_wrong_shape_are_refused() -> None:
    with pytest.raises(PlanMismatch):
        combine(plan("subtract"), [number(1), number(2)])  # no labels to compare
    with pytest.raises(PlanMismatch):
        combine(plan("share"), [groups(("A", 1), ("B", 2)), number(3)])  # not one number
    with pytest.raises(PlanMismatch):
        combine(plan("share"), [number(1)])  # a result missing


def test_convert_puts_every_figure_in_the_asked_unit_and_keeps_labels() -> None:
    to_celsius = Plan(
        queries=[CubeQuery(measures=["weather.avg_temp"])],
        combine="convert",
        factor=5 / 9,
        offset=-160 / 9,
        description="in °C",
        title="Average temperature (°C)",
    )
    result = combine(to_celsius, [groups(("JFK", 50.0), ("LGA", "32"), ("EWR", None))])
    assert result.rows == [["JFK", 10.0], ["LGA", 0.0], ["EWR", None]]
    assert result.columns[0] == LABEL
    assert result.columns[1].title == "Average temperature (°C)"
    with pytest.raises(PlanMismatch):
        combine(to_celsius, [FetchResult(columns=[LABEL], rows=[["JFK"]])])


def test_mean_averages_the_figure_over_the_rows() -> None:
    result = combine(plan("mean", n=1), [groups(("2013-01-01", 300.0), ("2013-01-02", 330.0))])
    assert value(result) == 315.0
    assert value(combine(plan("mean", n=1), [groups()])) is None  # no rows: no figure


def test_groups_against_their_own_figure_in_another_period() -> None:
    later = groups(("DL", 120), ("UA", 90), ("B6", 50))
    earlier = groups(("DL", 100), ("UA", 95))  # B6 had none then: 0
    rose = combine(plan("rose"), [later, earlier])
    assert [row[0] for row in rose.rows] == ["B6", "DL"]  # the largest rise first
    assert [row[-1] for row in rose.rows] == [50, 20]
    fell = combine(plan("fell"), [later, earlier])
    assert [(row[0], row[-1]) for row in fell.rows] == [("UA", -5)]


def test_each_groups_share_of_its_own_whole_ranked_as_the_part_is_ordered() -> None:
    part = groups(("DL", 30), ("UA", 10))  # AA had none of the part: 0 %
    whole = groups(("DL", 100), ("UA", 20), ("AA", 50), ("XX", 0))  # no whole: no share
    highest = plan("shares")
    highest.queries[0] = CubeQuery(measures=["flights.count"], order=[("flights.count", "desc")])
    result = combine(highest, [part, whole])
    assert [(row[0], row[-1]) for row in result.rows] == [("UA", 50.0), ("DL", 30.0), ("AA", 0.0)]
    lowest = plan("shares")
    lowest.queries[0] = CubeQuery(measures=["flights.count"], order=[("flights.count", "asc")])
    assert [row[0] for row in combine(lowest, [part, whole]).rows] == ["AA", "DL", "UA"]
    assert [c.kind for c in result.columns] == ["dimension", "measure"]


def test_the_fewest_counts_a_group_with_no_rows_as_zero() -> None:
    counted = groups(("AS", 2), ("DL", 349))
    every = groups(("AS", 714), ("DL", 48110), ("HA", 342))
    fewest = plan("least")
    fewest.queries[0] = CubeQuery(measures=["flights.count"], order=[("flights.count", "asc")])
    result = combine(fewest, [counted, every])
    assert [(row[0], row[-1]) for row in result.rows] == [("HA", 0.0), ("AS", 2.0), ("DL", 349.0)]


def test_groups_of_several_labels_are_matched_on_all_of_them() -> None:
    month = Column(member="flights.month", title="Month", kind="dimension")

    def by_month(*rows: tuple[str, int, float]) -> FetchResult:
        return FetchResult(columns=[LABEL, month, COUNT], rows=[list(r) for r in rows])

    counted = by_month(("AS", 1, 2), ("AS", 2, 5))
    every = by_month(("AS", 1, 60), ("AS", 2, 55), ("AS", 3, 58))
    fewest = plan("least")
    fewest.queries[0] = CubeQuery(measures=["flights.count"], order=[("flights.count", "asc")])
    rows = combine(fewest, [counted, every]).rows
    assert [(r[1], r[-1]) for r in rows] == [(3, 0.0), (1, 2.0), (2, 5.0)]


def test_each_figure_beside_its_label() -> None:
    """ "revenue in 1995 vs 1996": each query's one number, in the plan's order, labelled."""
    side = plan("each").model_copy(update={"labels": ["July", "December"]})
    result = combine(side, [number(21.7), number(16.6)])
    assert result.rows == [["July", 21.7], ["December", 16.6]]
    assert [c.kind for c in result.columns] == ["dimension", "measure"]
    assert result.columns[1] == COUNT  # the figure keeps its own title


def test_each_needs_a_label_per_figure() -> None:
    side = plan("each").model_copy(update={"labels": ["July"]})
    with pytest.raises(PlanMismatch):
        combine(side, [number(1), number(2)])
    with pytest.raises(PlanMismatch):  # a grouped result is no single figure
        combine(
            plan("each").model_copy(update={"labels": ["a", "b"]}),
            [groups(("DL", 1), ("UA", 2)), number(2)],
        )


def test_how_many_groups_are_above_a_reference() -> None:
    above = plan("above").model_copy(update={"count": True})
    assert value(combine(above, [groups(("DL", 5), ("UA", 1), ("AA", 3)), number(2)])) == 2


def test_a_difference_can_require_several_sets_first() -> None:
    """ "to both Boston and Chicago but never to Atlanta": in the first two, in none of the rest."""
    boston = groups(("AA", 1), ("B6", 1), ("DL", 1), ("UA", 1))
    chicago = groups(("AA", 1), ("B6", 1), ("UA", 1), ("OO", 1))
    atlanta = groups(("UA", 1), ("DL", 1))
    both_not = plan("subtract", 3).model_copy(update={"required": 2})
    assert combine(both_not, [boston, chicago, atlanta]).rows == [["AA"], ["B6"]]
    assert combine(plan("subtract", 3), [boston, chicago, atlanta]).rows == []  # in none
