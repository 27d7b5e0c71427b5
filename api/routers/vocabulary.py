"""Remembered words: the admin lists, approves, edits and deletes a tenant's entries; anyone may
say whether an answer was right (feedback), and "wrong" takes the entries it used out of use.

A change to an entry in use invalidates the tenant's cached answers (and so the run ids built on
the cache generation): an answer cached before an approval is not served after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from api.auth import AdminDep, CallerDep
from api.deps import CacheDep, CatalogsDep, StoreDep, TemporalDep
from api.run_views import ask_handle, describe, run_status
from models import search_attributes
from models.vocabulary import Entry, EntryStatus, Feedback, Verdict, normalize_phrase
from services.breaker import CircuitOpenError
from services.catalogs import CatalogProvider
from services.cube import CubeError
from services.tenants import TENANT_PATTERN
from services.vocabulary import UnknownEntry
from understanding import offline

router = APIRouter(tags=["vocabulary"])


class EntryEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phrase: str | None = Field(None, min_length=1, max_length=200)
    meaning: str | None = Field(None, min_length=1, max_length=2000)


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Verdict
    note: str = Field("", max_length=2000)


def _tenant(tenant: Annotated[str, Query(description="Whose words.")]) -> str:
    if not TENANT_PATTERN.fullmatch(tenant):
        raise HTTPException(422, "tenant must be 1-64 letters, digits, '-' or '_'")
    return tenant


TenantDep = Annotated[str, Depends(_tenant)]
# SQLite's integers are 64-bit: a larger id is a 422, not a driver error
EntryId = Annotated[int, Path(ge=1, le=2**62, description="The entry's id.")]


@router.get("/v1/vocabulary", response_model=list[Entry])
async def list_entries(
    store: StoreDep, admin: AdminDep, tenant: TenantDep, status: EntryStatus | None = None
) -> list[Entry]:
    """A tenant's entries (admin token): suggestions, approved words and those set aside."""
    return await store.entries(tenant, status)


@router.post("/v1/vocabulary/{entry_id}/approve", response_model=Entry)
async def approve(
    entry_id: EntryId, store: StoreDep, cache: CacheDep, admin: AdminDep, tenant: TenantDep
) -> Entry:
    """Puts the entry in use: the tenant's questions read it as evidence from now on."""
    with _known():
        entry = await store.approve(tenant, entry_id, "admin", _now())
    await cache.invalidate(tenant)
    return entry


@router.patch("/v1/vocabulary/{entry_id}", response_model=Entry)
async def edit(
    entry_id: EntryId,
    body: EntryEdit,
    store: StoreDep,
    cache: CacheDep,
    catalogs: CatalogsDep,
    admin: AdminDep,
    tenant: TenantDep,
) -> Entry:
    """A new meaning is read on the tenant's model, so that the entry is set aside should
    what it names leave the model."""
    if body.phrase is not None and not normalize_phrase(body.phrase):
        raise HTTPException(422, "the phrase has no words")
    members = await _members(catalogs, tenant, body.meaning) if body.meaning else None
    with _known():
        try:
            entry = await store.edit(tenant, entry_id, _now(), body.phrase, body.meaning, members)
        except ValueError as clash:
            raise HTTPException(409, str(clash)) from None
    await cache.invalidate(tenant)
    return entry


@router.delete("/v1/vocabulary/{entry_id}", response_model=Entry)
async def delete(
    entry_id: EntryId, store: StoreDep, cache: CacheDep, admin: AdminDep, tenant: TenantDep
) -> Entry:
    with _known():
        entry = await store.delete(tenant, entry_id)
    await cache.invalidate(tenant)
    return entry


@router.post("/v1/runs/{run_id}/feedback", response_model=Feedback)
async def feedback(
    run_id: str,
    body: FeedbackRequest,
    client: TemporalDep,
    caller: CallerDep,
    store: StoreDep,
    cache: CacheDep,
) -> Feedback:
    """Right, or wrong with a note, on a completed answer; "wrong" on an answer that used
    remembered words sets those entries aside (the admin may approve them again)."""
    handle = ask_handle(client, run_id)
    description = await describe(handle, caller)
    if run_status(description.status) != "completed":
        raise HTTPException(409, f"run {run_id!r} has no answer to judge")
    tenant = description.typed_search_attributes.get(search_attributes.TENANT) or caller.tenant
    used = (await handle.result()).remembered
    given = await store.feedback(tenant, run_id, body.verdict, body.note, used, _now())
    if given.set_aside:
        await cache.invalidate(tenant)
    return given


async def _members(catalogs: CatalogProvider | None, tenant: str, meaning: str) -> list[str] | None:
    """What a meaning reads as on the tenant's model; None when Cube cannot say now (the entry
    is then not checked for vanished members, and its queries are still validated)."""
    if catalogs is None:
        return None
    try:
        return offline.members_of(meaning, await catalogs.get(tenant))
    except (CubeError, CircuitOpenError):
        return None


@contextmanager
def _known() -> Iterator[None]:
    """An entry id the tenant does not have is a 404 (whether or not another tenant has it)."""
    try:
        yield
    except UnknownEntry as exc:
        raise HTTPException(404, str(exc)) from None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
