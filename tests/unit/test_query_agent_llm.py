"""The LLM provider against a scripted OpenAI-compatible server over real HTTP."""

from __future__ import annotations

import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.query_agent import QueryAgent
from models.ask import CubeQuery, Repair, UnderstandInput, UnderstandResult
from services.cube import CubeUnavailableError
from tests.fixtures.catalog import recorded_catalog
from tests.scripted_llm import Reply, scripted_llm
from understanding import llm
from understanding.catalog import Catalog

GOOD = {"query": {"measures": ["flights.count"], "dimensions": ["flights.origin"]}}


class FixedCatalogs:
    def __init__(self) -> None:
        self.catalog = recorded_catalog()

    async def get(self, tenant: str) -> Catalog:
        return self.catalog


async def ask(url: str, request: UnderstandInput, key: str | None = "sk-test") -> UnderstandResult:
    async with llm.build_http_client(url, timeout_seconds=2) as http:
        agent = QueryAgent(FixedCatalogs(), llm.LlmClient(http, "test-model", key))  # type: ignore[arg-type]
        return await ActivityEnvironment().run(agent.understand, request)


REQUEST = UnderstandInput(question="How many flights per origin?", tenant="t")


async def failure(reply: Reply) -> ApplicationError:
    """The ApplicationError the agent raises when the endpoint answers `reply`."""
    with scripted_llm([reply]) as server:
        try:
            await ask(server.url, REQUEST)
        except ApplicationError as exc:
            return exc
    raise AssertionError("the agent did not fail")


async def test_a_valid_answer_becomes_a_checked_query_with_token_usage() -> None:
    with scripted_llm([Reply(content=GOOD, usage=(321, 12))]) as server:
        result = await ask(server.url, REQUEST)
    assert result.query == CubeQuery.model_validate(GOOD["query"])
    # the model's query is restated in words, as the offline agent's are
    assert result.interpretation is not None
    assert result.interpretation.text == "Number of flights · by origin airport"
    assert result.usage is not None and result.usage.prompt_tokens == 321
    sent = server.requests[0]
    assert sent["headers"]["authorization"] == "Bearer sk-test"
    assert sent["body"]["response_format"]["type"] == "json_schema"
    assert "flights.count" in sent["body"]["messages"][0]["content"]  # prompt built from /meta


async def test_429_is_retryable_after_the_servers_delay() -> None:
    error = await failure(Reply(status=429, headers={"Retry-After": "7"}))
    assert not error.non_retryable
    assert error.next_retry_delay is not None
    assert error.next_retry_delay.total_seconds() == 7


@pytest.mark.parametrize("status", [400, 401, 403])
async def test_client_errors_are_not_retried(status: int) -> None:
    error = await failure(Reply(status=status))
    assert error.non_retryable


@pytest.mark.parametrize("reply", [Reply(status=503), Reply(content=GOOD, delay=3)])
async def test_503_and_timeouts_are_retryable(reply: Reply) -> None:
    error = await failure(reply)
    assert not error.non_retryable
    assert error.type == "LlmUnavailable"


async def test_a_query_naming_unknown_members_never_runs() -> None:
    bad = {"query": {"measures": ["flights.happiness"]}}
    error = await failure(Reply(content=bad))
    assert error.non_retryable
    assert "unknown measure flights.happiness" in error.message


async def test_a_malformed_answer_gets_one_repair_turn() -> None:
    with scripted_llm([Reply(content="this is not json"), Reply(content=GOOD)]) as server:
        result = await ask(server.url, REQUEST)
    assert result.query == CubeQuery.model_validate(GOOD["query"])
    repair = server.requests[1]["body"]["messages"]
    assert repair[-2] == {"role": "assistant", "content": "this is not json"}
    assert "not a valid answer" in repair[-1]["content"]


@pytest.mark.parametrize(
    "bad", ["this is not json", {"query": None, "clarification": None}, {"nothing": 1}]
)
async def test_an_answer_still_invalid_after_the_repair_is_not_retried(bad: object) -> None:
    error = await failure(Reply(content=bad))  # type: ignore[arg-type]
    assert error.non_retryable
    assert "not a valid query" in error.message


def test_the_reply_schema_requires_a_query_or_a_question() -> None:
    schema = llm.reply_schema()
    variants = schema["anyOf"]
    assert sorted(v["$ref"].rsplit("/", 1)[-1] for v in variants) == [
        "ClarificationReply",
        "PlanReply",
        "QueryReply",
    ]
    for name in ("ClarificationReply", "PlanReply", "QueryReply"):
        assert schema["$defs"][name]["required"]  # neither can be left out


def origin_count(origin: str) -> dict[str, object]:
    return {
        "measures": ["flights.count"],
        "dimensions": ["flights.carrier"],
        "filters": [{"member": "flights.origin", "operator": "equals", "values": [origin]}],
    }


async def test_the_model_may_answer_a_plan_checked_like_a_query() -> None:
    plan = {
        "queries": [origin_count("LGA"), origin_count("JFK")],
        "combine": "subtract",
        "description": "airlines at LGA but not at JFK",
    }
    with scripted_llm([Reply(content={"plan": plan})]) as server:
        result = await ask(server.url, REQUEST)
    assert result.plan is not None and result.plan.combine == "subtract"
    assert result.interpretation is not None
    assert result.interpretation.measure == "airlines at LGA but not at JFK"
    bad = {**plan, "queries": [origin_count("LGA"), {"measures": ["flights.happiness"]}]}
    error = await failure(Reply(content={"plan": bad}))
    assert error.non_retryable and "unknown measure flights.happiness" in error.message
    too_many = {**plan, "queries": [origin_count("LGA")] * 5}
    error = await failure(Reply(content={"plan": too_many}))
    assert "not a valid query" in error.message  # more than four queries: no valid plan
    scaled = {**plan, "queries": [origin_count("LGA")], "combine": "convert", "factor": 1000}
    error = await failure(Reply(content={"plan": scaled}))
    assert error.non_retryable and "converts units" in error.message


async def test_the_model_may_ask_for_clarification() -> None:
    reply = {"clarification": {"question": "Which measure?", "options": ["flights", "delay"]}}
    with scripted_llm([Reply(content=reply)]) as server:
        result = await ask(server.url, REQUEST)
    assert result.query is None
    assert result.clarification is not None
    assert result.clarification.options == ["flights", "delay"]


async def test_a_repair_shows_the_model_cubes_error() -> None:
    repair = Repair(query=CubeQuery(measures=["flights.count"]), error="no such member x")
    with scripted_llm([Reply(content=GOOD)]) as server:
        await ask(server.url, REQUEST.model_copy(update={"repair": repair}))
    messages = server.requests[0]["body"]["messages"]
    assert "no such member x" in messages[-1]["content"]


async def test_no_key_sends_no_authorization_header() -> None:
    with scripted_llm([Reply(content=GOOD)]) as server:
        await ask(server.url, REQUEST, key=None)
    assert "authorization" not in server.requests[0]["headers"]


class CountingCatalogs(FixedCatalogs):
    def __init__(self, error: Exception | None = None) -> None:
        super().__init__()
        self.error = error
        self.built = 0

    async def get(self, tenant: str) -> Catalog:
        self.built += 1
        if self.error is not None:
            raise self.error
        return self.catalog


async def test_warming_builds_the_catalog_before_work_and_a_dead_cube_does_not_stop_it() -> None:
    catalogs = CountingCatalogs()
    assert await QueryAgent(catalogs).warm("default")  # type: ignore[arg-type]
    assert catalogs.built == 1
    down = CountingCatalogs(CubeUnavailableError("Cube answered 502"))
    assert not await QueryAgent(down).warm("default")  # type: ignore[arg-type]
