"""Cube agent (fetch): runs a checked Cube query and returns typed rows."""

from __future__ import annotations

from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from services.cube import CubeClient, CubeQueryError, CubeUnavailableError
from workflows.models import Column, FetchInput, FetchResult, Scalar


class CubeAgent:
    def __init__(self, cube: CubeClient, row_limit: int) -> None:
        self._cube = cube
        self._row_limit = row_limit

    @activity.defn(name="fetch")
    async def fetch(self, request: FetchInput) -> FetchResult:
        query = request.query
        if query.limit is None or query.limit > self._row_limit:
            query = query.model_copy(update={"limit": self._row_limit})
        try:
            payload = await self._cube.load(query, request.tenant, on_wait=_heartbeat)
        except CubeQueryError as exc:
            raise ApplicationError(
                f"Cube rejected the query: {exc}", type="InvalidQuery", non_retryable=True
            ) from exc
        except CubeUnavailableError as exc:
            raise ApplicationError(str(exc), type="CubeUnavailable") from exc
        return to_fetch_result(payload)


def _heartbeat() -> None:
    activity.heartbeat("waiting for Cube")


def to_fetch_result(payload: dict[str, Any]) -> FetchResult:
    """Turns Cube's row objects into columns (titled from the annotation) and value lists."""
    annotation = payload.get("annotation") or {}
    query = payload.get("query") or {}
    columns: list[Column] = []
    for td in query.get("timeDimensions") or []:
        if td.get("granularity"):
            member = f"{td['dimension']}.{td['granularity']}"
            info = (annotation.get("timeDimensions") or {}).get(member, {})
            columns.append(_column(member, info, "time"))
    for member in query.get("dimensions") or []:
        columns.append(
            _column(member, (annotation.get("dimensions") or {}).get(member, {}), "dimension")
        )
    for member in query.get("measures") or []:
        columns.append(
            _column(member, (annotation.get("measures") or {}).get(member, {}), "measure")
        )
    rows = [[_number(row.get(c.member), c) for c in columns] for row in payload.get("data") or []]
    return FetchResult(columns=columns, rows=rows)


def _column(member: str, info: dict[str, Any], kind: str) -> Column:
    title = str(info.get("shortTitle") or info.get("title") or member)
    return Column.model_validate(
        {"member": member, "title": title, "kind": kind, "type": info.get("type", "string")}
    )


def _number(value: Any, column: Column) -> Scalar:
    """Cube sends some numbers as strings; measures and numeric dimensions become numbers."""
    if value is None or column.type != "number" or not isinstance(value, str):
        return value  # type: ignore[no-any-return]
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number
