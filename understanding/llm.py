"""LLM understanding: any OpenAI-compatible chat-completions endpoint, asked for JSON that fits
the Cube query schema. The HTTP client has no retries of its own: Temporal retries the activity.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import httpx
from pydantic import BaseModel, RootModel, ValidationError

from models.ask import Clarification, CubeQuery, Plan, Repair, TokenUsage, UnderstandResult
from services.breaker import CircuitBreaker
from understanding.catalog import Catalog

MAX_VALUES_IN_PROMPT = 40


class LlmError(Exception):
    """The endpoint failed; `retryable` says whether trying again can help."""

    def __init__(self, message: str, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


class QueryReply(BaseModel):
    query: CubeQuery


class PlanReply(BaseModel):
    plan: Plan


class ClarificationReply(BaseModel):
    clarification: Clarification


class LlmReply(RootModel[QueryReply | PlanReply | ClarificationReply]):
    """What the model must answer: a query, a plan of queries, or a clarifying question when
    unsure; exactly one, so that a grammar-constrained model cannot answer neither."""


class LlmClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        model: str,
        api_key: str | None,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self._http = http
        self._model = model
        self._api_key = api_key
        self._breaker = breaker

    async def complete(self, messages: list[dict[str, str]]) -> tuple[str, TokenUsage]:
        if self._breaker is None:
            return await self._complete(messages)
        # Refusals (4xx) mean the endpoint is up; only outages count against it.
        with self._breaker.guard(lambda exc: isinstance(exc, LlmError) and exc.retryable):
            return await self._complete(messages)

    async def _complete(self, messages: list[dict[str, str]]) -> tuple[str, TokenUsage]:
        body = {
            "model": self._model,
            "messages": messages,
            "temperature": 0,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "cube_query", "schema": reply_schema()},
            },
        }
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        try:
            response = await self._http.post("/chat/completions", json=body, headers=headers)
        except httpx.TimeoutException as exc:
            raise LlmError("the LLM endpoint timed out", retryable=True) from exc
        except httpx.HTTPError as exc:
            raise LlmError(f"the LLM endpoint is unreachable ({type(exc).__name__})", True) from exc
        _raise_for_status(response)
        try:
            payload = response.json()
            content = str(payload["choices"][0]["message"]["content"])
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LlmError("the LLM endpoint answered in an unexpected shape", True) from exc
        usage = payload.get("usage") or {}
        return content, TokenUsage(
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
        )


@functools.cache
def reply_schema() -> dict[str, Any]:
    """Built once: pydantic's schema generation is not cheap, and it never changes."""
    return LlmReply.model_json_schema()


def _raise_for_status(response: httpx.Response) -> None:
    code = response.status_code
    if code < 400:
        return
    if code == 429:
        raise LlmError("the LLM endpoint is rate limiting", True, _retry_after(response))
    if code in (400, 401, 403, 404, 422):
        # No retry fixes a bad key, a missing model or a request the endpoint refuses.
        raise LlmError(f"the LLM endpoint refused the request ({code})", retryable=False)
    raise LlmError(f"the LLM endpoint failed ({code})", retryable=True)


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers["retry-after"])
    except (KeyError, ValueError):
        return None


def prompt(question: str, catalog: Catalog, repair: Repair | None) -> list[dict[str, str]]:
    """System prompt from /meta (members, types, known values); the question as the user turn."""
    lines = ["You translate questions about data into Cube REST queries.", "Members:"]
    for member in catalog.members.values():
        known = catalog.values.get(member.name, [])[:MAX_VALUES_IN_PROMPT]
        values = f" values: {', '.join(known)}" if known else ""
        lines.append(f"- {member.name} ({member.kind}, {member.type}): {member.title}.{values}")
    lines += [
        "Answer JSON with `query` (Cube query: measures, dimensions, filters, timeDimensions, "
        "order as [member, 'asc'|'desc'] pairs, limit) or, when the question is ambiguous or "
        "names something unknown, `clarification` with a question and options. Never guess. "
        "A question one query cannot answer gets `plan`: up to 4 `queries` and `combine`, one "
        "of intersect, subtract, union (of the queries' first dimension's labels; `count` true "
        "to count them), count (groups of one query), above, below (groups of the first "
        "against the second's one number), share, ratio, difference (of two numbers), with "
        "`description` in words.",
    ]
    messages = [
        {"role": "system", "content": "\n".join(lines)},
        {"role": "user", "content": question},
    ]
    if repair is not None:
        messages.append({"role": "assistant", "content": repair.query.model_dump_json()})
        messages.append(
            {"role": "user", "content": f"Cube rejected that query: {repair.error}. Fix it."}
        )
    return messages


async def understand(
    client: LlmClient, question: str, catalog: Catalog, repair: Repair | None
) -> UnderstandResult:
    """Asks the model; an answer that is no valid reply gets one repair turn with the reason,
    and a second invalid answer fails for good (asking a third time would cost as much and
    fail the same way)."""
    messages = prompt(question, catalog, repair)
    content, usage = await client.complete(messages)
    reply, problem = _parse(content)
    if reply is None:
        messages += [
            {"role": "assistant", "content": content},
            {
                "role": "user",
                "content": f"That is not a valid answer: {problem}. Answer again "
                "with JSON holding one of `query`, `plan` or `clarification`.",
            },
        ]
        content, more = await client.complete(messages)
        usage = usage.plus(more)
        reply, problem = _parse(content)
    if reply is None:
        raise LlmError(f"the model's answer is not a valid query: {problem}", retryable=False)
    answer = reply.root
    if isinstance(answer, QueryReply):
        return UnderstandResult(query=answer.query, usage=usage)
    if isinstance(answer, PlanReply):
        if answer.plan.combine == "convert":  # a factor is the grammar's, from known units
            raise LlmError("the model's plan converts units, which it may not", retryable=False)
        return UnderstandResult(plan=answer.plan, usage=usage)
    return UnderstandResult(clarification=answer.clarification, usage=usage)


def _parse(content: str) -> tuple[LlmReply | None, str]:
    try:
        return LlmReply.model_validate(json.loads(content)), ""
    except (ValueError, ValidationError) as exc:
        return None, _short(exc)


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200]


def build_http_client(base_url: str, timeout_seconds: float) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url.rstrip("/"),
        timeout=httpx.Timeout(timeout_seconds, connect=5.0),
        transport=httpx.AsyncHTTPTransport(retries=0),
    )
