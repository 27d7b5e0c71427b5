"""Who is asking: API keys (stored as SHA-256 hashes) bound to tenants, and per-tenant limits
(kept in Redis, services/rate_limit.py, so that every API process enforces the same one)."""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from services.rate_limit import RateLimiter
from services.settings import Settings
from services.tenants import ADMIN as ADMIN
from services.tenants import TENANT_PATTERN, check_tenant

TENANT_HEADER = "X-Quarry-Tenant"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def load_keys(settings: Settings) -> dict[str, str]:
    """sha256 -> tenant, from API_KEYS and API_KEYS_FILE."""
    keys: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in settings.api_keys.split(","))):
        tenant, _, digest = pair.partition(":")
        keys[digest.strip().lower()] = tenant.strip()
    if settings.api_keys_file is not None and settings.api_keys_file.exists():
        lines = settings.api_keys_file.read_text().splitlines()
        for number, line in enumerate(lines, start=1):
            if line.strip():
                entry = json.loads(line)
                keys[str(entry["sha256"]).lower()] = _file_tenant(entry, number, settings)
    return keys


def _file_tenant(entry: dict[str, object], line: int, settings: Settings) -> str:
    """A key file written by hand (or by an older `quarry keys add`) may name `*`: refused at
    start, since such a key would be as powerful as the admin token."""
    try:
        return check_tenant(str(entry["tenant"]))
    except ValueError as bad:
        raise ValueError(f"{settings.api_keys_file} line {line}: {bad}") from None


@dataclass(frozen=True)
class Caller:
    tenant: str

    @property
    def is_admin(self) -> bool:
        return self.tenant == ADMIN


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def authenticate(request: Request) -> Caller:
    settings = settings_of(request)
    presented = _presented_key(request)
    if presented is not None and _is_admin_token(presented, settings):
        return Caller(ADMIN)
    if settings.open_mode:
        return Caller(_open_tenant(request, settings))
    if presented is None:
        raise HTTPException(401, "an API key is required", {"WWW-Authenticate": "Bearer"})
    tenant = request.app.state.api_keys.get(hash_key(presented))
    if tenant is None:
        raise HTTPException(401, "the API key is not valid", {"WWW-Authenticate": "Bearer"})
    return Caller(tenant)


def _open_tenant(request: Request, settings: Settings) -> str:
    """In open mode (no keys, development only) a request may name its tenant, so that one
    embedded stack serves every data model: `X-Quarry-Tenant: shop`."""
    named = request.headers.get(TENANT_HEADER)
    if named is None:
        return settings.tenant
    if not TENANT_PATTERN.fullmatch(named):
        raise HTTPException(422, f"{TENANT_HEADER} must be 1-64 letters, digits, '-' or '_'")
    return named


def _is_admin_token(presented: str, settings: Settings) -> bool:
    if settings.admin_token is None:
        return False
    return hmac.compare_digest(presented.encode(), settings.admin_token.get_secret_value().encode())


def _presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.headers.get("x-api-key") or None


async def current_caller(request: Request) -> Caller:
    caller = authenticate(request)
    limiter: RateLimiter = request.app.state.rate_limiter
    if caller.is_admin or settings_of(request).rate_limit_per_second <= 0:
        return caller
    if (wait := await limiter.retry_after(caller.tenant)) > 0:
        raise HTTPException(
            429,
            f"tenant {caller.tenant!r} is over its rate limit",
            {"Retry-After": str(math.ceil(wait))},
        )
    return caller


async def admin_caller(request: Request) -> Caller:
    caller = authenticate(request)
    if not caller.is_admin:
        raise HTTPException(403, "this endpoint needs the admin token")
    return caller


CallerDep = Annotated[Caller, Depends(current_caller)]
AdminDep = Annotated[Caller, Depends(admin_caller)]
