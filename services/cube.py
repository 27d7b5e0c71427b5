"""Cube REST client: one pooled httpx.AsyncClient, JWT per tenant, "Continue wait" polling."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from models.ask import CubeQuery
from services.breaker import CircuitBreaker

TOKEN_LIFETIME_SECONDS = 3600


class CubeError(Exception):
    """Cube answered, but not with data."""


class CubeQueryError(CubeError):
    """Cube rejected the query (4xx): retrying the same query cannot help."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class CubeUnavailableError(CubeError):
    """Cube failed or could not be reached (5xx, timeout, connection): worth retrying."""


class CubeModelError(CubeQueryError):
    """The tenant's data model does not compile (or is not served): every question of that
    model fails alike until the model is fixed, so nothing is retried and no breaker trips."""


# What Cube says when a model cannot be compiled or is not served (cube/cube.js).
MODEL_FAILURES = ("Error: Compile errors", "Compile errors:", "Error: no data model named")
# What Cube says when it cannot build SQL for one query (a programming error in its query
# builder, the same on every try): that query's failure, not Cube's.
QUERY_FAILURES = ("TypeError:", "ReferenceError:", "RangeError:")
# Quarry's Cube server refuses a token naming a model it does not serve with a 400 (server.js).
NOT_SERVED = "no data model named"


class CubeClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        secret: str,
        poll_interval_seconds: float = 0.2,
        breaker: CircuitBreaker | Callable[[str], CircuitBreaker] | None = None,
        model_of: Callable[[str], str] = lambda tenant: "flights",
    ) -> None:
        """`breaker`: one for every model, or a factory of one per model (so that one
        tenant's failing model does not stop the others' questions)."""
        self._http = http
        self._secret = secret
        self._model_of = model_of
        self.poll_interval = poll_interval_seconds
        self._breaker = breaker
        self._breakers: dict[str, CircuitBreaker] = {}
        self._tokens: dict[str, tuple[str, float]] = {}

    def token(self, tenant: str) -> str:
        """A JWT whose security context names the tenant and its data model (which Cube reads
        to pick the model and database); reused until close to expiry."""
        cached = self._tokens.get(tenant)
        now = time.time()
        if cached and cached[1] - now > 60:
            return cached[0]
        expires = now + TOKEN_LIFETIME_SECONDS
        context = {"tenant": tenant, "model": self._model_of(tenant), "exp": int(expires)}
        token = jwt.encode(context, self._secret, "HS256")
        self._tokens[tenant] = (token, expires)
        return token

    async def meta(self, tenant: str) -> dict[str, Any]:
        return await self._send("GET", "/cubejs-api/v1/meta", tenant, None)

    async def load(self, query: CubeQuery, tenant: str) -> dict[str, Any]:
        """Runs a query, polling while Cube says "Continue wait"."""
        body = {"query": cube_json(query)}
        while True:
            payload = await self._send("POST", "/cubejs-api/v1/load", tenant, body)
            if not is_continue_wait(payload):
                return payload
            await asyncio.sleep(self.poll_interval)

    async def load_batch(self, queries: list[CubeQuery], tenant: str) -> list[BatchItem]:
        """Several queries in one request (Quarry's batch route on the Cube server); each comes
        back with its own status: a result, an error, or "Continue wait"."""
        body = {"queries": [cube_json(q) for q in queries]}
        payload = await self._send("POST", "/cubejs-api/v1/quarry/load-batch", tenant, body)
        results = payload.get("results")
        if not isinstance(results, list) or len(results) != len(queries):
            raise CubeUnavailableError("Cube's batch answer does not match the batch")
        return [
            BatchItem(status=int(r.get("status", 500)), body=r.get("body") or {}) for r in results
        ]

    async def model_health(self, model: str, seconds: float = 5.0) -> str:
        """ "" when Cube compiles and serves the model, else why not (a broken model names its
        file and Cube's message). Never counts against a breaker: it asks, it does not use."""
        context = {"tenant": "healthz", "model": model, "exp": int(time.time()) + 300}
        headers = {"Authorization": jwt.encode(context, self._secret, "HS256")}
        try:
            response = await self._http.get("/cubejs-api/v1/meta", headers=headers, timeout=seconds)
        except httpx.HTTPError as exc:
            return f"Cube unreachable: {type(exc).__name__}"
        if response.status_code < 400:
            return ""
        if response.status_code >= 500:
            return str(_server_error(response, model))
        if (refused := _not_served(response, model)) is not None:
            return str(refused)
        return f"Cube answered {response.status_code}"

    async def ready(self) -> bool:
        try:
            response = await self._http.get("/readyz", timeout=2.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def breaker_of(self, tenant: str) -> CircuitBreaker | None:
        if self._breaker is None or isinstance(self._breaker, CircuitBreaker):
            return self._breaker
        model = self._model_of(tenant)
        if model not in self._breakers:
            self._breakers[model] = self._breaker(model)
        return self._breakers[model]

    async def _send(
        self, method: str, path: str, tenant: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        breaker = self.breaker_of(tenant)
        if breaker is None:
            return await self._request(method, path, tenant, body)
        # A 4xx is Cube answering, a model that does not compile is the model's: only an
        # outage counts against Cube.
        with breaker.guard(lambda exc: isinstance(exc, CubeUnavailableError)):
            return await self._request(method, path, tenant, body)

    async def _request(
        self, method: str, path: str, tenant: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        headers = {"Authorization": self.token(tenant)}
        try:
            response = await self._http.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise CubeUnavailableError(f"Cube unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise _server_error(response, self._model_of(tenant))
        try:
            payload = _json_object(response)
        except CubeUnavailableError:
            if response.status_code >= 400:
                message = f"Cube refused the request ({response.status_code})"
                raise CubeQueryError(message, response.status_code) from None
            raise
        if response.status_code >= 400:
            if (refused := _not_served(response, self._model_of(tenant))) is not None:
                raise refused
            message = str(payload.get("error") or f"HTTP {response.status_code}")
            raise CubeQueryError(message, response.status_code)
        return payload


@dataclass(frozen=True)
class BatchItem:
    status: int
    body: dict[str, Any]


def _server_error(response: httpx.Response, model: str) -> CubeError:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    return server_error(response.status_code, error, model)


def _not_served(response: httpx.Response, model: str) -> CubeModelError | None:
    """A model Cube does not serve fails every question of its tenants alike: not retried."""
    try:
        error = str(response.json().get("error") or "")
    except (ValueError, AttributeError):
        return None
    if not error.startswith(NOT_SERVED):
        return None
    return CubeModelError(f"the data model {model!r} is not served: {error}", response.status_code)


def server_error(status: int, error: object, model: str = "") -> CubeError:
    """A 5xx: the model's own failure (it does not compile), or Cube's (worth retrying)."""
    text = str(error or "")
    if text.startswith(MODEL_FAILURES):
        named = f"the data model {model!r}" if model else "the data model"
        return CubeModelError(f"{named} does not compile: {text.removeprefix('Error: ')}", status)
    if text.startswith(QUERY_FAILURES):
        return CubeQueryError(f"Cube cannot build this query: {text.splitlines()[0]}", status)
    return CubeUnavailableError(f"Cube answered {status}")


def cube_json(query: CubeQuery) -> dict[str, Any]:
    return query.model_dump(exclude_none=True, exclude_defaults=True)


def is_continue_wait(payload: dict[str, Any]) -> bool:
    return payload.get("error") == "Continue wait"


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError as exc:
        raise CubeUnavailableError(f"Cube answered {response.status_code} without JSON") from exc
    if not isinstance(payload, dict):
        raise CubeUnavailableError("Cube answered with JSON that is not an object")
    return payload


def build_http_client(base_url: str, timeout_seconds: float) -> httpx.AsyncClient:
    """The one pooled client a process uses for Cube. Retries stay off: Temporal owns them."""
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout_seconds, connect=5.0),
        transport=httpx.AsyncHTTPTransport(
            retries=0, limits=httpx.Limits(max_connections=100, max_keepalive_connections=20)
        ),
    )
