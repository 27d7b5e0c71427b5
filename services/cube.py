"""Cube REST client: one pooled httpx.AsyncClient, JWT per tenant, "Continue wait" polling."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import jwt

from workflows.models import CubeQuery

TOKEN_LIFETIME_SECONDS = 3600


class CubeError(Exception):
    """Cube answered, but not with data."""


class CubeQueryError(CubeError):
    """Cube rejected the query (4xx): retrying the same query cannot help."""


class CubeUnavailableError(CubeError):
    """Cube failed or could not be reached (5xx, timeout, connection): worth retrying."""


class CubeClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        secret: str,
        poll_interval_seconds: float = 0.2,
    ) -> None:
        self._http = http
        self._secret = secret
        self._poll_interval = poll_interval_seconds
        self._tokens: dict[str, tuple[str, float]] = {}

    def token(self, tenant: str) -> str:
        """A JWT whose security context names the tenant; reused until close to expiry."""
        cached = self._tokens.get(tenant)
        now = time.time()
        if cached and cached[1] - now > 60:
            return cached[0]
        expires = now + TOKEN_LIFETIME_SECONDS
        token = jwt.encode({"tenant": tenant, "exp": int(expires)}, self._secret, "HS256")
        self._tokens[tenant] = (token, expires)
        return token

    async def meta(self, tenant: str) -> dict[str, Any]:
        return await self._get_json("/cubejs-api/v1/meta", tenant)

    async def load(
        self,
        query: CubeQuery,
        tenant: str,
        on_wait: Callable[[], Awaitable[None] | None] | None = None,
    ) -> dict[str, Any]:
        """Runs a query, polling while Cube says "Continue wait". `on_wait` runs at each poll."""
        body = {"query": query.model_dump(exclude_none=True, exclude_defaults=True)}
        while True:
            payload = await self._post_json("/cubejs-api/v1/load", tenant, body)
            if payload.get("error") != "Continue wait":
                return payload
            if on_wait is not None:
                maybe = on_wait()
                if maybe is not None:
                    await maybe
            await asyncio.sleep(self._poll_interval)

    async def ready(self) -> bool:
        try:
            response = await self._http.get("/readyz", timeout=2.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def _get_json(self, path: str, tenant: str) -> dict[str, Any]:
        return await self._send("GET", path, tenant, None)

    async def _post_json(self, path: str, tenant: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._send("POST", path, tenant, body)

    async def _send(
        self, method: str, path: str, tenant: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        headers = {"Authorization": self.token(tenant)}
        try:
            response = await self._http.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise CubeUnavailableError(f"Cube unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise CubeUnavailableError(f"Cube answered {response.status_code}")
        payload = _json_object(response)
        if response.status_code >= 400:
            raise CubeQueryError(str(payload.get("error") or f"HTTP {response.status_code}"))
        return payload


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
