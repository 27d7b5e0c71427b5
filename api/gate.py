"""The gate: who is asking and whether they may, once per request, before any routing.

A pure ASGI layer (no BaseHTTPMiddleware: a task group and a response stream per request) in
front of `/v1/...` and `/metrics`. It identifies the caller (api/auth.py), and refuses:
- a request without a valid key: 401, or 429 once its client address is over
  UNAUTHENTICATED_PER_SECOND, so a flood of bad keys costs a header look and one Redis call,
  never a route, a body read or a Temporal call;
- a tenant over RATE_LIMIT_PER_SECOND: 429 with Retry-After.
The admin token is exempt from both. Routes read the admitted caller from the scope.

The client address is the TCP peer's. Behind a proxy every request would come from the proxy's
address, so TRUSTED_PROXIES names the proxies whose X-Forwarded-For is believed: the address
is then the right-most one in that header that is not a trusted proxy (the left-most entries
are whatever the client wrote). Off by default: a header anyone can send decides nothing.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping
from typing import Any

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.auth import CALLER_STATE, Caller, identify
from services.rate_limit import RateLimiter

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
GUARDED = ("/v1/", "/metrics")


class GateMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(GUARDED):
            await self.app(scope, receive, send)
            return
        try:
            caller = await admit(Headers(scope=scope), scope, scope["app"].state)
        except HTTPException as refused:
            response = JSONResponse({"detail": refused.detail}, refused.status_code)
            response.headers.update(refused.headers or {})
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})[CALLER_STATE] = caller
        await self.app(scope, receive, send)


async def admit(headers: Mapping[str, str], scope: Scope, state: Any) -> Caller:
    """The caller, once the request limits let it through; HTTPException otherwise."""
    try:
        caller = identify(headers, state.settings, state.api_keys)
    except HTTPException as refused:
        if refused.status_code == 401:
            await _limit(state.anonymous_limiter, client_address(scope, headers, state), "")
        raise
    if not caller.is_admin and state.settings.rate_limit_per_second > 0:
        await _limit(state.rate_limiter, caller.tenant, caller.tenant)
    return caller


async def _limit(limiter: RateLimiter | None, name: str, tenant: str) -> None:
    if limiter is None or (wait := await limiter.retry_after(name)) <= 0:
        return
    if tenant:
        reason = f"tenant {tenant!r} is over its rate limit"
    else:
        reason = "too many requests without a valid API key from this address: over its limit"
    raise HTTPException(429, reason, {"Retry-After": str(math.ceil(wait))})


def client_address(scope: Scope, headers: Mapping[str, str], state: Any) -> str:
    peer = (scope.get("client") or ("unknown", 0))[0]
    proxies: list[Network] = getattr(state, "trusted_proxies", [])
    if not proxies or not _within(peer, proxies):
        return str(peer)
    forwarded = [a.strip() for a in headers.get("x-forwarded-for", "").split(",") if a.strip()]
    for address in reversed(forwarded):
        if not _within(address, proxies):
            return address
    return str(peer)


def trusted_networks(setting: str) -> list[Network]:
    return [ipaddress.ip_network(p.strip(), strict=False) for p in setting.split(",") if p.strip()]


def _within(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
