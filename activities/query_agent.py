"""Query agent (understand): question -> a Cube query checked against /meta, or a question back."""

from __future__ import annotations

from temporalio import activity
from temporalio.exceptions import ApplicationError

from services.cube import CubeQueryError, CubeUnavailableError
from services.understanding import offline, validate
from services.understanding.provider import CatalogProvider
from workflows.models import Clarification, UnderstandInput, UnderstandResult


class QueryAgent:
    def __init__(self, catalogs: CatalogProvider) -> None:
        self._catalogs = catalogs

    @activity.defn(name="understand")
    async def understand(self, request: UnderstandInput) -> UnderstandResult:
        try:
            catalog = await self._catalogs.get(request.tenant)
        except CubeUnavailableError as exc:
            raise ApplicationError(str(exc), type="CubeUnavailable") from exc
        except CubeQueryError as exc:
            raise ApplicationError(str(exc), type="Unauthorized", non_retryable=True) from exc
        question = " ".join([request.question, *request.clarifications])
        try:
            query = offline.understand(question, catalog)
        except offline.NeedsClarification as ask:
            return UnderstandResult(
                clarification=Clarification(question=ask.question, options=ask.options)
            )
        if found := validate.problems(query, catalog):
            raise ApplicationError(
                "The question led to a query Cube cannot run: " + "; ".join(found),
                type="InvalidQuery",
                non_retryable=True,
            )
        return UnderstandResult(query=query)
