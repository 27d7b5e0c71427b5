"""Who is asking: API keys (stored as SHA-256 hashes) bound to tenants. The gate (api/gate.py)
identifies the caller once per request and applies the request limits; routes read the caller
with `CallerDep` / `AdminDep`."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from services.settings import Settings
from services.tenants import ADMIN as ADMIN
from services.tenants import TENANT_PATTERN, check_tenant

TENANT_HEADER = "X-Quarry-Tenant"
CALLER_STATE = "caller"  # where the gate leaves the caller in the request's scope state


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
    return identify(request.headers, settings_of(request), request.app.state.api_keys)


def identify(headers: Mapping[str, str], settings: Settings, api_keys: dict[str, str]) -> Caller:
    """The caller a request's headers name; HTTPException 401 without a valid key."""
    presented = _presented_key(headers)
    if presented is not None and _is_admin_token(presented, settings):
        return Caller(ADMIN)
    if settings.open_mode:
        return Caller(_open_tenant(headers, settings))
    if presented is None:
        raise HTTPException(401, "an API key is required", {"WWW-Authenticate": "Bearer"})
    tenant = api_keys.get(hash_key(presented))
    if tenant is None:
        raise HTTPException(401, "the API key is not valid", {"WWW-Authenticate": "Bearer"})
    return Caller(tenant)


def _open_tenant(headers: Mapping[str, str], settings: Settings) -> str:
    """In open mode (no keys, development only) a request may name its tenant, so that one
    embedded stack serves every data model: `X-Quarry-Tenant: shop`."""
    named = headers.get(TENANT_HEADER)
    if named is None:
        return settings.tenant
    if not TENANT_PATTERN.fullmatch(named):
        raise HTTPException(422, f"{TENANT_HEADER} must be 1-64 letters, digits, '-' or '_'")
    return named


def _is_admin_token(presented: str, settings: Settings) -> bool:
    if settings.admin_token is None:
        return False
    return hmac.compare_digest(presented.encode(), settings.admin_token.get_secret_value().encode())


def _presented_key(headers: Mapping[str, str]) -> str | None:
    header = headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return headers.get("x-api-key") or None


async def current_caller(request: Request) -> Caller:
    """The caller the gate (api/gate.py) admitted; on a route it does not guard, the same
    checks here."""
    caller = request.scope.get("state", {}).get(CALLER_STATE)
    if isinstance(caller, Caller):
        return caller
    from api.gate import admit  # the gate imports this module

    return await admit(request.headers, request.scope, request.app.state)


async def admin_caller(request: Request) -> Caller:
    caller = await current_caller(request)
    if not caller.is_admin:
        raise HTTPException(403, "this endpoint needs the admin token")
    return caller


CallerDep = Annotated[Caller, Depends(current_caller)]
AdminDep = Annotated[Caller, Depends(admin_caller)]
