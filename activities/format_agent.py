"""Format agent (present): rows -> an answer sentence, a Markdown table and a Vega-Lite chart."""

from __future__ import annotations

from temporalio import activity

from models.ask import (
    Answer,
    Column,
    CubeQuery,
    FetchResult,
    Interpretation,
    Plan,
    PresentInput,
    Scalar,
)
from models.pipeline import CompareInput, Comparison
from services.ledger import DeliveryLedger
from services.metrics import timed

MAX_SENTENCE_ITEMS = 5


class FormatAgent:
    def __init__(self, ledger: DeliveryLedger | None = None) -> None:
        self._ledger = ledger or DeliveryLedger(None)

    @activity.defn(name="present")
    async def present(self, request: PresentInput) -> Answer:
        with timed("format"):
            answer = render(request.query, request.data, request.interpretation, request.plan)
            info = activity.info()
            await self._ledger.once(
                info.workflow_id or "", info.workflow_run_id or "", info.activity_id, answer.text
            )
            return answer


def render(
    query: CubeQuery,
    data: FetchResult,
    interpretation: Interpretation | None = None,
    plan: Plan | None = None,
) -> Answer:
    kinds = [c.kind for c in data.columns]
    table = [[_cell(v, kind) for v, kind in zip(row, kinds, strict=False)] for row in data.rows]
    if plan is not None:
        text = plan_sentence(plan, data)
    else:
        text = sentence(query, data, interpretation.scope if interpretation else [])
    return Answer(
        text=text,
        interpretation=interpretation.text if interpretation else "",
        markdown=markdown([c.title for c in data.columns], table, text),
        columns=data.columns,
        rows=data.rows,
        chart=chart(data),
    )


def format_value(value: Scalar) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return value.removesuffix("T00:00:00.000")


def sentence(query: CubeQuery, data: FetchResult, scope: list[str] | None = None) -> str:
    """One sentence that names what it counted and where: the filters and the period."""
    measures = [(i, c) for i, c in enumerate(data.columns) if c.kind == "measure"]
    labels = [i for i, c in enumerate(data.columns) if c.kind != "measure"]
    where = f" ({'; '.join(scope)})" if scope else ""
    if data.rows and labels and not measures:
        return f"{_labels_sentence(data, labels)}{where}."
    if not data.rows or not measures:
        return f"No data matched the question{where}."
    m_index, measure = measures[0]
    name, unit = split_unit(measure.title)
    first = data.rows[0]
    if not labels:
        return f"{name}{where}: {_amount(first[m_index], unit)}."
    if query.order and query.order[0][0] in query.measures and len(data.rows) > 1:
        word = "highest" if query.order[0][1] == "desc" else "lowest"
        value = _amount(first[m_index], unit)
        return f"{_label(first, labels)} had the {word} {_lower(name)}{where}: {value}."
    by = _lower(data.columns[labels[0]].title)
    return f"{name} by {by}{where}: {_figures(data, labels, m_index, unit)}."


def plan_sentence(plan: Plan, data: FetchResult) -> str:
    """A plan's combined result, said with what was combined: its description first."""
    labels = [i for i, c in enumerate(data.columns) if c.kind != "measure"]
    measure = next((i for i, c in enumerate(data.columns) if c.kind == "measure"), None)
    if not data.rows:
        return f"None: {plan.description}."
    if measure is not None and not labels:
        _, unit = split_unit(data.columns[measure].title)
        value = data.rows[0][measure]
        if value is None:
            return f"{plan.description}: no figure (nothing to divide by)."
        return f"{plan.description}: {_amount(value, unit)}."
    if measure is None:
        return f"{plan.description}: {_labels_sentence(data, labels)}."
    _, unit = split_unit(data.columns[measure].title)
    return f"{plan.description}: {_figures(data, labels, measure, unit)}."


def _figures(data: FetchResult, labels: list[int], measure: int, unit: str) -> str:
    """The first rows as "label: figure", and how many more there are."""
    return _listed(
        [f"{_label(row, labels)}: {_amount(row[measure], unit)}" for row in data.rows],
        "; ",
    )


def _labels_sentence(data: FetchResult, labels: list[int]) -> str:
    return _listed([_label(row, labels) for row in data.rows], ", ")


def _listed(items: list[str], separator: str) -> str:
    extra = len(items) - MAX_SENTENCE_ITEMS
    more = f" (and {extra} more)" if extra > 0 else ""
    return separator.join(items[:MAX_SENTENCE_ITEMS]) + more


def split_unit(title: str) -> tuple[str, str]:
    """'Average arrival delay (minutes)' -> ('Average arrival delay', 'minutes')."""
    if title.endswith(")") and " (" in title:
        name, unit = title[:-1].rsplit(" (", 1)
        return name, unit
    return title, ""


def _amount(value: Scalar, unit: str) -> str:
    if not unit:
        return format_value(value)
    return f"{format_value(value)}{unit}" if unit == "%" else f"{format_value(value)} {unit}"


def _label(row: list[Scalar], labels: list[int]) -> str:
    """A code with its readable names beside it: 'F9 (Frontier Airlines Inc.)'."""
    first, *rest = (_cell(row[i], "dimension") for i in labels)
    return f"{first} ({', '.join(rest)})" if rest else first


def _cell(value: Scalar, kind: str) -> str:
    """Numbers that are amounts get separators; numbers that name things (flight 1510, the
    year 2005, hour 17) are written as they are."""
    if kind != "measure" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return format_value(value)


def _lower(title: str) -> str:
    return title[:1].lower() + title[1:]


def markdown(columns: list[str], table: list[list[str]], text: str) -> str:
    if not columns:
        return text
    lines = [text, "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(row) + " |" for row in table]
    return "\n".join(lines)


def chart(data: FetchResult) -> dict[str, object] | None:
    """A Vega-Lite spec chosen by shape: time -> line, categories -> bar, one number -> none."""
    measure = next((c for c in data.columns if c.kind == "measure"), None)
    label = next((c for c in data.columns if c.kind != "measure"), None)
    if measure is None or label is None or len(data.rows) < 2:
        return None
    values = [{_field(c): v for c, v in zip(data.columns, row, strict=True)} for row in data.rows]
    is_time = label.kind == "time"
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": values},
        "mark": "line" if is_time else "bar",
        "encoding": {
            "x": _axis(label, _time_type(label) if is_time else _category_type(label), is_time),
            "y": _axis(measure, "quantitative", False),
        },
    }


def _field(column: Column) -> str:
    """Vega-Lite reads a dot in a field name as a nested path ("flights.count" would look for
    {"flights": {"count": ...}}): the chart's own names have none."""
    return column.member.replace(".", "__")


def _time_type(column: Column) -> str:
    """Quarters read as "2013-Q4", which is no date: ordered labels instead."""
    return "ordinal" if column.member.endswith(".quarter") else "temporal"


def _category_type(column: Column) -> str:
    return "ordinal" if column.type == "number" else "nominal"


def _axis(column: Column, kind: str, is_time: bool) -> dict[str, object]:
    axis: dict[str, object] = {"field": _field(column), "type": kind, "title": column.title}
    if not is_time and kind == "nominal":
        axis["sort"] = None
    return axis


class CompareAgent:
    @activity.defn(name="compare")
    async def compare(self, request: CompareInput) -> Comparison:
        with timed("format"):
            return compare(request)


def compare(request: CompareInput) -> Comparison:
    """Two answers side by side; when both are one number, how they relate."""
    first, second = request.first.answer, request.second.answer
    text = f"{request.first.question} {first.text} {request.second.question} {second.text}"
    a, b = _single_number(first), _single_number(second)
    if a is not None and b is not None and a != 0:
        text += f" The second is {b / a:,.2f}x the first ({b - a:+,.2f})."
    return Comparison(text=text, first=first, second=second)


def _single_number(answer: Answer) -> float | None:
    if len(answer.rows) != 1:
        return None
    numbers = [v for v in answer.rows[0] if isinstance(v, int | float) and not isinstance(v, bool)]
    return float(numbers[-1]) if numbers else None
