"""A plan's combining step: its queries' results -> one result, as a query's rows would be.

Pure and deterministic (no I/O, no clock), so AskWorkflow runs it in workflow code: a replay
recomputes exactly what the run computed. The operations are described in models/ask.py
(CombineOp); each takes the results in the plan's query order.
"""

from __future__ import annotations

from models.ask import Column, FetchResult, Plan, Scalar

RESULT = "plan.result"
LABEL = "plan.label"


class PlanMismatch(ValueError):
    """The results do not have the shape the plan's step needs (a bug in the plan, not data)."""


def combine(plan: Plan, results: list[FetchResult]) -> FetchResult:
    if len(results) != len(plan.queries):
        raise PlanMismatch(f"{len(plan.queries)} queries but {len(results)} results")
    op = plan.combine
    if op in ("intersect", "subtract", "union"):
        return _sets(plan, results)
    if op == "count":
        return _number(plan, len(results[0].rows))
    if op in ("above", "below"):
        return _against_reference(plan, results)
    if op in ("rose", "fell"):
        return _against_itself(plan, results)
    if op == "shares":
        return _shares(plan, results)
    if op == "least":
        return _with_none(plan, results)
    if op == "convert":
        return _converted(plan, results[0])
    if op == "mean":
        return _mean(plan, results[0])
    if op == "each":
        return _each(plan, results)
    first, second = (_single(r) for r in results[:2])
    if op == "difference":
        return _number(plan, None if first is None or second is None else first - second)
    if second in (None, 0) or first is None:
        return _number(plan, None)  # nothing to divide by: no figure, said as such
    if op == "share":
        return _number(plan, round(100.0 * first / second, 4))
    if op == "change":
        return _number(plan, round(100.0 * (first - second) / second, 4))
    return _number(plan, round(first / second, 4))


def _sets(plan: Plan, results: list[FetchResult]) -> FetchResult:
    """Labels of the first result, filtered by their presence in the others; rows keep the
    first result's columns (the label and its readable name), without its figure."""
    keys = [_labels(r) for r in results]
    first = results[0]
    keep = [i for i, c in enumerate(first.columns) if c.kind != "measure"]
    if not keep:
        raise PlanMismatch("a set operation needs queries that group by a label")
    if plan.combine == "union":
        seen: set[Scalar] = set()
        rows: list[list[Scalar]] = []
        for result, labels in zip(results, keys, strict=True):
            for row, label in zip(result.rows, labels, strict=True):
                if label not in seen:
                    seen.add(label)
                    rows.append([row[i] for i in keep])
    else:
        others = [set(k) for k in keys[1:]]
        if plan.combine == "intersect":
            wanted = [all(label in o for o in others) for label in keys[0]]
        else:
            kept, left = others[: plan.required - 1], others[plan.required - 1 :]
            wanted = [
                all(label in o for o in kept) and not any(label in o for o in left)
                for label in keys[0]
            ]
        rows = [[row[i] for i in keep] for row, w in zip(first.rows, wanted, strict=True) if w]
    rows.sort(key=lambda row: str(row[0]))
    if plan.count:
        return _number(plan, len(rows))
    return FetchResult(columns=[first.columns[i] for i in keep], rows=rows)


def _labels(result: FetchResult) -> list[Scalar]:
    index = next((i for i, c in enumerate(result.columns) if c.kind != "measure"), None)
    if index is None:
        raise PlanMismatch("a set operation needs queries that group by a label")
    return [row[index] for row in result.rows]


def _against_reference(plan: Plan, results: list[FetchResult]) -> FetchResult:
    groups, reference = results[0], _single(results[1])
    measure = _measure_index(groups)
    if reference is None:
        return FetchResult(columns=groups.columns, rows=[])
    above = plan.combine == "above"
    rows = [
        row
        for row in groups.rows
        if (value := _float(row[measure])) is not None
        and (value > reference if above else value < reference)
    ]
    rows.sort(key=lambda row: _float(row[measure]) or 0.0, reverse=above)
    if plan.count:
        return _number(plan, len(rows))
    return FetchResult(columns=groups.columns, rows=rows)


def _against_itself(plan: Plan, results: list[FetchResult]) -> FetchResult:
    """Each group of the first result against its own figure in the second; a group the
    second lacks had none there (0)."""
    later, earlier = results[0], results[1]
    measure, label = _measure_index(later), _labels(later)
    before = dict(
        zip(_labels(earlier), (r[_measure_index(earlier)] for r in earlier.rows), strict=True)
    )
    rose = plan.combine == "rose"
    rows = []
    for key, row in zip(label, later.rows, strict=True):
        now, then = _float(row[measure]), _float(before.get(key)) or 0.0
        if now is not None and (now > then if rose else now < then):
            rows.append([*row, round(now - then, 4)])
    rows.sort(key=lambda row: float(row[-1] or 0.0), reverse=rose)
    change = Column(member=RESULT, title="Change", kind="measure", type="number")
    return FetchResult(columns=[*later.columns, change], rows=rows)


def _shares(plan: Plan, results: list[FetchResult]) -> FetchResult:
    """Each group of the whole (the second result) with its part (the first) in percent of
    it; a group with no part has 0 %. Ranked as the part's query is ordered."""
    part, whole = results[0], results[1]
    got = _figures_by_group(part)
    measure = _measure_index(whole)
    rows = []
    for key, row in zip(_groups(whole), whole.rows, strict=True):
        total = _float(row[measure])
        share = round(100.0 * (_float(got.get(key)) or 0.0) / total, 4) if total else None
        rows.append([*(v for i, v in enumerate(row) if i != measure), share])
    desc = not plan.queries[0].order or plan.queries[0].order[0][1] == "desc"
    rows.sort(key=lambda row: float(row[-1] if row[-1] is not None else "-inf"), reverse=desc)
    rows = [r for r in rows if r[-1] is not None]
    title = Column(member=RESULT, title=plan.title or "Share (%)", kind="measure", type="number")
    columns = [c for i, c in enumerate(whole.columns) if i != measure]
    return FetchResult(columns=[*columns, title], rows=rows)


def _with_none(plan: Plan, results: list[FetchResult]) -> FetchResult:
    """Every group of the second result with its figure in the first, 0 where the first has
    no rows of it, ranked as the first is ordered."""
    counted, groups = results[0], results[1]
    got = _figures_by_group(counted)
    measure = _measure_index(groups)
    rows = [
        [*(v for i, v in enumerate(row) if i != measure), _float(got.get(key)) or 0.0]
        for key, row in zip(_groups(groups), groups.rows, strict=True)
    ]
    desc = bool(plan.queries[0].order) and plan.queries[0].order[0][1] == "desc"
    rows.sort(key=lambda row: float(row[-1] or 0.0), reverse=desc)
    figure = counted.columns[_measure_index(counted)]
    columns = [c for i, c in enumerate(groups.columns) if i != measure]
    return FetchResult(columns=[*columns, figure], rows=rows)


def _groups(result: FetchResult) -> list[tuple[Scalar, ...]]:
    """Each row's group: all its labels ("DL", "2013-05"), not only the first."""
    kept = [i for i, c in enumerate(result.columns) if c.kind != "measure"]
    return [tuple(row[i] for i in kept) for row in result.rows]


def _figures_by_group(result: FetchResult) -> dict[tuple[Scalar, ...], Scalar]:
    measure = _measure_index(result)
    return dict(zip(_groups(result), (row[measure] for row in result.rows), strict=True))


def _single(result: FetchResult) -> float | None:
    """The one number a scalar query returns (no rows: nothing matched, which counts 0)."""
    if not result.rows:
        return 0.0
    if len(result.rows) != 1:
        raise PlanMismatch(f"expected one number, got {len(result.rows)} rows")
    return _float(result.rows[0][_measure_index(result)])


def _measure_index(result: FetchResult) -> int:
    index = next((i for i, c in enumerate(result.columns) if c.kind == "measure"), None)
    if index is None:
        raise PlanMismatch("expected a figure")
    return index


def _float(value: Scalar) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _number(plan: Plan, value: float | None) -> FetchResult:
    column = Column(
        member=RESULT, title=plan.title or plan.description, kind="measure", type="number"
    )
    return FetchResult(columns=[column], rows=[[value]])


def _mean(plan: Plan, result: FetchResult) -> FetchResult:
    """The average of a figure over the query's rows: flights a day, averaged over the days."""
    index = _measure_index(result)
    values = [v for row in result.rows if (v := _float(row[index])) is not None]
    return _number(plan, round(sum(values) / len(values), 4) if values else None)


def _each(plan: Plan, results: list[FetchResult]) -> FetchResult:
    """Each query's one figure beside what it is of: "July", "December"."""
    if len(plan.labels) != len(results):
        raise PlanMismatch(f"{len(results)} figures but {len(plan.labels)} labels")
    label = Column(member=LABEL, title=plan.title or "Of", kind="dimension")
    figure = results[0].columns[_measure_index(results[0])]
    rows: list[list[Scalar]] = [
        [name, _single(result)] for name, result in zip(plan.labels, results, strict=True)
    ]
    return FetchResult(columns=[label, figure], rows=rows)


def _converted(plan: Plan, result: FetchResult) -> FetchResult:
    """Every figure in the asked unit; labels as they are; the figure retitled."""
    measures = {i for i, c in enumerate(result.columns) if c.kind == "measure"}
    if not measures:
        raise PlanMismatch("a conversion needs a figure")
    columns = [
        c.model_copy(update={"title": plan.title}) if i in measures else c
        for i, c in enumerate(result.columns)
    ]
    rows: list[list[Scalar]] = [
        [_in_unit(plan, v) if i in measures else v for i, v in enumerate(row)]
        for row in result.rows
    ]
    return result.model_copy(update={"columns": columns, "rows": rows})


def _in_unit(plan: Plan, value: Scalar) -> Scalar:
    number = _float(value)
    return None if number is None else round(number * plan.factor + plan.offset, 4)
