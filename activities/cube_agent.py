"""Cube agent (fetch): runs a checked Cube query and returns typed rows, through the rows cache."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.common import HEARTBEAT_SECONDS, circuit_open, heartbeating
from models.ask import Column, CubeQuery, FetchInput, FetchResult, Scalar
from services.breaker import CircuitOpenError
from services.cache import TwoLevelCache, normalize_query
from services.cube import CubeModelError, CubeQueryError, CubeUnavailableError
from services.metrics import timed

T = TypeVar("T")


class QueryLoader(Protocol):
    """CubeClient (one request per query) or CubeBatcher (concurrent queries share requests)."""

    async def load(self, query: CubeQuery, tenant: str) -> dict[str, Any]: ...


class CubeAgent:
    def __init__(
        self,
        loader: QueryLoader,
        row_limit: int,
        cache: TwoLevelCache | None = None,
        plan_row_limit: int = 50_000,
        cache_ttl_seconds: float = 600.0,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
    ) -> None:
        self._loader = loader
        self._row_limit = row_limit
        self._plan_row_limit = plan_row_limit
        self._cache = cache
        self._ttl = cache_ttl_seconds
        self._heartbeat_seconds = heartbeat_seconds

    @activity.defn(name="fetch")
    async def fetch(self, request: FetchInput) -> FetchResult:
        with timed("cube"):
            query = request.query
            most = self._plan_row_limit if request.whole else self._row_limit
            if query.limit is None or query.limit > most:
                query = query.model_copy(update={"limit": most})
            key = normalize_query(query)
            if self._cache and (hit := await self._cache.get("rows", request.tenant, key)):
                return FetchResult.model_validate_json(hit)
            result = to_fetch_result(await self._load(query, request.tenant))
            if request.whole and request.query.limit is None and len(result.rows) >= most:
                # a set or a count over rows cut at the limit would be a wrong figure
                raise ApplicationError(
                    f"A step of the plan has more than {most} rows; ask about fewer things "
                    "(a period, a value) so that it can be combined.",
                    type="TooManyRows",
                    non_retryable=True,
                )
            if self._cache:
                await self._cache.set(
                    "rows", request.tenant, key, result.model_dump_json().encode(), self._ttl
                )
            return result

    async def _load(self, query: CubeQuery, tenant: str) -> dict[str, Any]:
        try:
            return await heartbeating(self._loader.load(query, tenant), self._heartbeat_seconds)
        except CubeModelError as exc:
            raise ApplicationError(str(exc), type="BrokenModel", non_retryable=True) from exc
        except CubeQueryError as exc:
            raise ApplicationError(
                f"Cube rejected the query: {exc}", type="InvalidQuery", non_retryable=True
            ) from exc
        except CubeUnavailableError as exc:
            raise ApplicationError(str(exc), type="CubeUnavailable") from exc
        except CircuitOpenError as exc:
            raise circuit_open(exc) from exc


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
        info = (annotation.get("dimensions") or {}).get(member, {})
        columns.append(_column(member, info, "dimension"))
    for member in query.get("measures") or []:
        columns.append(
            _column(member, (annotation.get("measures") or {}).get(member, {}), "measure")
        )
    rows = [[_value(row.get(c.member), c) for c in columns] for row in payload.get("data") or []]
    return FetchResult(columns=columns, rows=rows)


def _value(value: Any, column: Column) -> Scalar:
    if column.kind == "time" and isinstance(value, str):
        return time_label(value, column.member.rsplit(".", 1)[-1])
    return _number(value, column)


def time_label(value: str, granularity: str) -> str:
    """Cube's "2013-11-28T00:00:00.000" as people write the period: 2013-11-28, 2013-11,
    2013-Q4, 2013; a week by the date it starts on."""
    day = value[:10]
    if granularity == "month":
        return day[:7]
    if granularity == "quarter":
        return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"
    if granularity == "year":
        return day[:4]
    return day


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
