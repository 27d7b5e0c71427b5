"""POST /v1/cache/invalidate (admin): answers and rows computed before now stop being served."""

from __future__ import annotations

from fastapi import APIRouter

from api.auth import AdminDep
from api.deps import CacheDep
from api.schemas import Invalidated, InvalidateRequest

router = APIRouter(prefix="/v1/cache", tags=["cache"])


@router.post("/invalidate", response_model=Invalidated)
async def invalidate(body: InvalidateRequest, cache: CacheDep, admin: AdminDep) -> Invalidated:
    """Needs the admin token; reaches every API and worker process within a second."""
    await cache.invalidate(body.tenant)
    return Invalidated(tenant=body.tenant)
