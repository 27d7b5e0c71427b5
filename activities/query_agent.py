"""Query agent (understand): question -> a Cube query checked against /meta, or a question back.

Two providers, chosen by the QUERY_AGENT setting: `offline` (a compositional reader over /meta
and sampled values, no model) and `llm` (an OpenAI-compatible endpoint). Either way the query is
checked against /meta and comes back with its interpretation in words.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.common import HEARTBEAT_SECONDS, circuit_open, heartbeating
from models.ask import Clarification, CubeQuery, Interpretation, UnderstandInput, UnderstandResult
from services.breaker import CircuitOpenError
from services.catalogs import CatalogProvider
from services.cube import CubeError, CubeModelError, CubeQueryError, CubeUnavailableError
from services.hints import RunHints
from services.metrics import timed
from understanding import interpret, llm, offline, validate
from understanding.catalog import Catalog
from understanding.letters import plain_letters

log = logging.getLogger("quarry.query_agent")


class QueryAgent:
    def __init__(
        self,
        catalogs: CatalogProvider,
        llm_client: llm.LlmClient | None = None,
        hints: RunHints | None = None,
    ) -> None:
        self._catalogs = catalogs
        self._llm = llm_client
        self._hints = hints

    async def warm(self, tenant: str, timeout_seconds: float = 15.0) -> bool:
        """Builds the tenant's catalog before the worker takes work, so the first questions
        after a (re)start do not each wait for it. Best effort: False when Cube cannot say."""
        try:
            await asyncio.wait_for(self._catalogs.get(tenant), timeout_seconds)
        except (TimeoutError, CubeError, CircuitOpenError) as exc:
            log.warning("catalog of %r not warmed (%s): built on first use", tenant, exc)
            return False
        return True

    @activity.defn(name="understand")
    async def understand(self, request: UnderstandInput) -> UnderstandResult:
        with timed("query"):
            result = await heartbeating(self._understand(request), HEARTBEAT_SECONDS)
        if result.clarification is not None and self._hints is not None:
            # Wakes API clients waiting on this run (see services/hints.py).
            await self._hints.mark_asking(activity.info().workflow_id or "")
        return result

    async def _understand(self, request: UnderstandInput) -> UnderstandResult:
        catalog = await self._catalog(request.tenant)
        result = await self._ask(request, catalog)
        if result.plan is not None:
            for query in result.plan.queries:
                _check(query, catalog)
            result.interpretation = Interpretation(measure=result.plan.description)
        elif result.query is not None:
            _check(result.query, catalog)
            result.interpretation = interpret.describe(result.query, catalog)
        return result

    async def _catalog(self, tenant: str) -> Catalog:
        try:
            return await self._catalogs.get(tenant)
        except CubeUnavailableError as exc:
            raise ApplicationError(str(exc), type="CubeUnavailable") from exc
        except CubeModelError as exc:
            raise ApplicationError(str(exc), type="BrokenModel", non_retryable=True) from exc
        except CubeQueryError as exc:
            raise ApplicationError(str(exc), type="Unauthorized", non_retryable=True) from exc
        except CircuitOpenError as exc:
            raise circuit_open(exc) from exc

    async def _ask(self, request: UnderstandInput, catalog: Catalog) -> UnderstandResult:
        repair = request.repair
        if self._llm is not None:
            # the model reads look-alike letters as the reader does, not as other words
            question = plain_letters(" ".join([request.question, *request.clarifications]))
            try:
                return await llm.understand(self._llm, question, catalog, repair)
            except llm.LlmError as exc:
                raise _llm_failure(exc) from exc
            except CircuitOpenError as exc:
                raise circuit_open(exc) from exc
        if repair is not None:
            # The offline provider is deterministic: asking again would build the same query.
            raise ApplicationError(
                f"Cube rejected the query: {repair.error}", type="InvalidQuery", non_retryable=True
            )
        try:
            found = offline.understand(request.question, catalog, request.clarifications)
            if isinstance(found, CubeQuery):
                return UnderstandResult(query=found)
            return UnderstandResult(plan=found)
        except offline.NeedsClarification as ask:
            return UnderstandResult(
                clarification=Clarification(question=ask.question, options=ask.options)
            )
        except Exception as exc:
            # Reading is deterministic: a retry would fail the same way, so the run fails now.
            activity.logger.exception("the offline query agent failed")
            raise ApplicationError(
                f"The question could not be read: {exc}",
                type="UnreadableQuestion",
                non_retryable=True,
            ) from exc


def _check(query: CubeQuery, catalog: Catalog) -> None:
    if found := validate.problems(query, catalog):
        raise ApplicationError(
            "The question led to a query Cube cannot run: " + "; ".join(found),
            type="InvalidQuery",
            non_retryable=True,
        )


def _llm_failure(exc: llm.LlmError) -> ApplicationError:
    delay = timedelta(seconds=exc.retry_after) if exc.retry_after else None
    return ApplicationError(
        str(exc),
        type="LlmUnavailable" if exc.retryable else "BadRequest",
        non_retryable=not exc.retryable,
        next_retry_delay=delay,
    )
