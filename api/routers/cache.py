"""POST /v1/cache/invalidate (admin): answers and rows computed before now stop being served."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException

from api.deps import CacheDep, SettingsDep
from api.schemas import Invalidated, InvalidateRequest

router = APIRouter(prefix="/v1/cache", tags=["cache"])


@router.post("/invalidate", response_model=Invalidated)
async def invalidate(
    body: InvalidateRequest,
    cache: CacheDep,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Invalidated:
    """Needs `Authorization: Bearer <ADMIN_TOKEN>`; reaches every API and worker process."""
    expected = settings.admin_token.get_secret_value() if settings.admin_token else None
    if expected is None:
        raise HTTPException(403, "admin endpoints are off: set ADMIN_TOKEN")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "a valid admin token is required", {"WWW-Authenticate": "Bearer"})
    await cache.invalidate(body.tenant)
    return Invalidated(tenant=body.tenant)
