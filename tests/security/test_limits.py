"""Limits by cost, per tenant, as a malicious tenant or an outsider would probe them: new runs
per second and open runs (429 with Retry-After), event streams per run and per tenant and how
long one lasts, floods without a valid key (per client address), and the admin-only
observability endpoints. Real Temporal (dev server), real Redis, Quarry's API in process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from tests.security.limit_stack import (
    ADMIN_TOKEN,
    KEYS,
    VAGUE,
    serve_api,
    temporal_with_workers,
)
from tests.unit.conftest import running_redis

NO_REFILL = 0.001  # per second: nothing comes back while a test runs


@pytest.fixture(scope="module")
async def temporal() -> AsyncIterator[WorkflowEnvironment]:
    async with temporal_with_workers() as env:
        yield env


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with running_redis() as server:
        yield server.url


async def _ask(client: httpx.AsyncClient, question: str, wait: float = 5) -> httpx.Response:
    return await client.post("/v1/questions", json={"question": question, "wait_seconds": wait})


async def test_new_runs_beyond_the_tenant_limit_get_429_and_cached_answers_cost_none(
    temporal: WorkflowEnvironment, redis_url: str
) -> None:
    limits = {"new_runs_per_second": NO_REFILL, "new_runs_burst": 3}
    async with serve_api(temporal, redis_url, **limits) as api, api.client(KEYS["acme"]) as acme:
        codes = [
            (await _ask(acme, f"How many flights went to place {i}?")).status_code for i in range(3)
        ]
        assert codes == [200, 200, 200]
        refused = await _ask(acme, "How many flights went to place 3?")
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) >= 1
        assert "NEW_RUNS_PER_SECOND" in refused.json()["detail"]
        again = await _ask(acme, "How many flights went to place 0?")  # the answer cache's
        assert again.status_code == 200 and again.json()["cached"] is True
        async with api.client(KEYS["globex"]) as globex:  # another tenant's limit is its own
            assert (await _ask(globex, "How many flights went to place 3?")).status_code == 200
        async with api.client(ADMIN_TOKEN) as admin:  # the admin token is exempt
            assert (await _ask(admin, "How many flights went to place 4?")).status_code == 200


async def test_open_runs_beyond_the_limit_get_429_until_one_ends(
    temporal: WorkflowEnvironment, redis_url: str
) -> None:
    async with (
        serve_api(temporal, redis_url, open_runs_max=2) as api,
        api.client(KEYS["acme"]) as acme,
    ):
        waiting = [await _ask(acme, f"show me the {VAGUE} ones {i}", wait=3) for i in range(2)]
        assert [r.json()["status"] for r in waiting] == ["needs_clarification"] * 2
        refused = await _ask(acme, f"show me the {VAGUE} ones 2", wait=3)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) >= 1
        assert "not yet finished" in refused.json()["detail"]
        joined = await _ask(acme, f"show me the {VAGUE} ones 0", wait=0)  # its run is open
        assert joined.status_code == 202
        run_id = waiting[0].json()["run_id"]
        assert (await acme.post(f"/v1/runs/{run_id}/cancel")).status_code == 202
        for _ in range(100):  # the API sees it end
            if (await acme.get(f"/v1/runs/{run_id}")).json()["status"] == "cancelled":
                break
            await asyncio.sleep(0.1)
        assert (await _ask(acme, f"show me the {VAGUE} ones 2", wait=3)).status_code == 202


async def test_event_streams_are_capped_per_run_and_per_tenant(
    temporal: WorkflowEnvironment, redis_url: str
) -> None:
    caps = {"streams_per_run_max": 2, "streams_per_tenant_max": 3}
    async with serve_api(temporal, redis_url, **caps) as api, api.client(KEYS["acme"]) as acme:
        runs = [
            (await _ask(acme, f"{VAGUE} stream {i}", wait=3)).json()["run_id"] for i in range(2)
        ]
        async with (
            acme.stream("GET", f"/v1/runs/{runs[0]}/events") as one,
            acme.stream("GET", f"/v1/runs/{runs[0]}/events") as two,
        ):
            assert one.status_code == two.status_code == 200
            third = await acme.get(f"/v1/runs/{runs[0]}/events")
            assert third.status_code == 429 and "on run" in third.json()["detail"]
            assert int(third.headers["Retry-After"]) >= 1
            async with acme.stream("GET", f"/v1/runs/{runs[1]}/events") as other:
                assert other.status_code == 200
                over = await acme.get(f"/v1/runs/{runs[1]}/events")
                assert over.status_code == 429 and "for tenant" in over.json()["detail"]


async def test_an_event_stream_ends_after_its_longest_duration(
    temporal: WorkflowEnvironment, redis_url: str
) -> None:
    async with (
        serve_api(temporal, redis_url, stream_max_seconds=1) as api,
        api.client(KEYS["acme"]) as acme,
    ):
        run_id = (await _ask(acme, f"{VAGUE} long stream", wait=3)).json()["run_id"]

        async def events() -> list[str]:
            async with acme.stream("GET", f"/v1/runs/{run_id}/events") as stream:
                return [line async for line in stream.aiter_lines() if line.startswith("event:")]

        seen = await asyncio.wait_for(events(), timeout=10)  # the run waits for a day
        assert seen[-1] == "event: reconnect"
        # Its slot came back: as many streams again as the cap allows.
        again = await asyncio.wait_for(events(), timeout=10)
        assert again[-1] == "event: reconnect"


async def test_requests_without_a_valid_key_are_limited_per_client_address(
    temporal: WorkflowEnvironment, redis_url: str
) -> None:
    limits = {"unauthenticated_per_second": NO_REFILL, "unauthenticated_burst": 3}
    async with serve_api(temporal, redis_url, **limits) as api:
        async with api.client("qk_wrong") as wrong, api.client() as none:
            codes = [(await wrong.get("/v1/runs")).status_code for _ in range(2)]
            codes += [(await none.get("/v1/runs")).status_code for _ in range(2)]
            assert codes == [401, 401, 401, 429]
            limited = await wrong.post("/v1/questions", json={"question": "x"})
            assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
            # A forwarded-for header from an untrusted peer changes nothing.
            spoofed = await wrong.get("/v1/runs", headers={"X-Forwarded-For": "203.0.113.9"})
            assert spoofed.status_code == 429
        async with api.client(KEYS["acme"]) as acme:  # a valid key is not this limit's
            assert (await acme.get("/v1/runs")).status_code == 200


async def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(
    temporal: WorkflowEnvironment, redis_url: str
) -> None:
    limits = {
        "unauthenticated_per_second": NO_REFILL,
        "unauthenticated_burst": 1,
        "trusted_proxies": "127.0.0.1/32",
    }
    async with serve_api(temporal, redis_url, **limits) as api, api.client("qk_wrong") as wrong:

        async def from_(address: str) -> int:
            forwarded = {"X-Forwarded-For": f"{address}, 127.0.0.1"}
            return (await wrong.get("/v1/runs", headers=forwarded)).status_code

        assert [await from_("198.51.100.1"), await from_("198.51.100.1")] == [401, 429]
        assert await from_("198.51.100.2") == 401  # another client behind the same proxy


@pytest.mark.parametrize("path", ["/v1/stats", "/metrics"])
async def test_stats_and_metrics_are_for_the_admin_token_only(
    temporal: WorkflowEnvironment, redis_url: str, path: str
) -> None:
    async with serve_api(temporal, redis_url) as api:
        async with api.client() as anonymous, api.client(KEYS["acme"]) as acme:
            assert (await anonymous.get(path)).status_code == 401
            assert (await acme.get(path)).status_code == 403
        async with api.client(ADMIN_TOKEN) as admin:
            assert (await admin.get(path)).status_code == 200


async def test_stats_read_temporal_once_however_many_ask(
    temporal: WorkflowEnvironment, redis_url: str
) -> None:
    async with serve_api(temporal, redis_url) as api, api.client(ADMIN_TOKEN) as admin:
        replies = await asyncio.gather(*(admin.get("/v1/stats") for _ in range(20)))
        assert {r.status_code for r in replies} == {200}
        assert "quarry-workflows" in replies[0].json()["task_queue_backlog"]
        assert api.app.state.stats_backlogs.reads == 1
