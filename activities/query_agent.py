"""Query agent (understand): question -> a Cube query checked against /meta, or a question back.

Two providers, chosen by the QUERY_AGENT setting: `offline` (a compositional reader over /meta
and sampled values, no model) and `llm` (an OpenAI-compatible endpoint). Either way the query is
checked against /meta and comes back with its interpretation in words.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.common import HEARTBEAT_SECONDS, circuit_open, heartbeating
from models.ask import (
    Clarification,
    CubeQuery,
    Interpretation,
    Plan,
    UnderstandInput,
    UnderstandResult,
)
from models.vocabulary import LearnedWord, UsedWord, normalize_phrase
from services.breaker import CircuitOpenError
from services.catalogs import CatalogProvider
from services.cube import CubeError, CubeModelError, CubeQueryError, CubeUnavailableError
from services.hints import RunHints
from services.metrics import timed
from services.vocabulary import StoreUnavailable, VocabularyStore
from understanding import interpret, llm, offline, remembered, validate
from understanding.catalog import Catalog
from understanding.letters import plain_letters

log = logging.getLogger("quarry.query_agent")


class QueryAgent:
    def __init__(
        self,
        catalogs: CatalogProvider,
        llm_client: llm.LlmClient | None = None,
        hints: RunHints | None = None,
        vocabulary: VocabularyStore | None = None,
    ) -> None:
        self._catalogs = catalogs
        self._llm = llm_client
        self._hints = hints
        self._vocabulary = vocabulary

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
        if result.interpretation is not None:
            result.interpretation.remembered = [used.note for used in result.remembered]
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

    async def _remembered(self, tenant: str, catalog: Catalog) -> dict[str, UsedWord]:
        """The tenant's approved words, read in the activity so that what a run used is in its
        result (an exact replay); one whose member left the model is set aside, not applied."""
        if self._vocabulary is None:
            return {}
        try:
            approved = await self._vocabulary.approved(tenant)
            words, vanished = remembered.usable(approved, catalog)
            for entry, reason in vanished:
                await self._vocabulary.set_aside(tenant, entry.id, reason, _now())
                log.warning("vocabulary entry %d of %r set aside: %s", entry.id, tenant, reason)
        except StoreUnavailable as exc:
            # remembered words are evidence, not the understanding: without them a question
            # is read as a new tenant's would be (and asked about where it needs them)
            log.warning("answering without remembered words: %s", exc)
            return {}
        return {
            phrase: UsedWord(id=e.id, phrase=e.phrase, meaning=e.meaning, told_on=e.created_at[:10])
            for phrase, e in words.items()
        }

    async def _ask(self, request: UnderstandInput, catalog: Catalog) -> UnderstandResult:
        repair = request.repair
        words = await self._remembered(request.tenant, catalog)
        if self._llm is not None:
            # The model reads the remembered meanings of the question's words as the person's,
            # and look-alike letters as the reader does, not as other words.
            asked = f" {normalize_phrase(request.question)} "
            used = [word for phrase, word in words.items() if f" {phrase} " in asked]
            notes = [f"(By {word.phrase!r} I mean {word.meaning}.)" for word in used]
            question = plain_letters(" ".join([request.question, *request.clarifications, *notes]))
            try:
                result = await llm.understand(self._llm, question, catalog, repair)
                result.remembered = used
                return result
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
            meanings = {phrase: used.meaning for phrase, used in words.items()}
            outcome = remembered.understand(
                request.question, catalog, request.clarifications, meanings
            )
        except Exception as exc:
            # Reading is deterministic: a retry would fail the same way, so the run fails now.
            activity.logger.exception("the offline query agent failed")
            raise ApplicationError(
                f"The question could not be read: {exc}",
                type="UnreadableQuestion",
                non_retryable=True,
            ) from exc
        return _result(outcome, words, catalog)


def _result(
    outcome: remembered.Outcome, words: dict[str, UsedWord], catalog: Catalog
) -> UnderstandResult:
    if outcome.ask is not None:
        ask = Clarification(question=outcome.ask.question, options=outcome.ask.options)
        return UnderstandResult(clarification=ask)
    learned = [
        LearnedWord(phrase=phrase, meaning=answer, members=offline.members_of(answer, catalog))
        for phrase, answer in outcome.learned
    ]
    used = [words[phrase] for phrase in outcome.used]
    if isinstance(outcome.found, Plan):
        return UnderstandResult(plan=outcome.found, remembered=used, learned=learned)
    return UnderstandResult(query=outcome.found, remembered=used, learned=learned)


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
