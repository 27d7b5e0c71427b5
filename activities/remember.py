"""The remember activity: what a run's answered clarifications resolved becomes a suggestion in
the tenant's vocabulary (services/vocabulary.py), for an admin to approve.

Idempotent: the store keeps one entry per tenant, phrase and meaning, so a retried or replayed
call records nothing twice; the workflow passes its own time, so every attempt records the same.
"""

from __future__ import annotations

from temporalio import activity

from models.vocabulary import RememberInput, RememberResult
from services.vocabulary import VocabularyStore


class Memory:
    def __init__(self, store: VocabularyStore) -> None:
        self._store = store

    @activity.defn(name="remember")
    async def remember(self, request: RememberInput) -> RememberResult:
        suggested: list[int] = []
        for word in request.words:
            entry = await self._store.suggest(
                request.tenant,
                word,
                run_id=request.run_id,
                question=request.question,
                query=request.query,
                at=request.at,
                by=f"the answer given in run {request.run_id}",
            )
            suggested.append(entry.id)
        return RememberResult(suggested=suggested)
