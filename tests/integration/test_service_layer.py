"""The service layer on the real stack: coalescing, answer cache, invalidation, metrics, stats."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from services.cache import EPOCH_REFRESH_SECONDS
from stack.launch import extra_api
from tests.conftest import Stack
from tests.polling import eventually

pytestmark = pytest.mark.integration


def test_a_repeated_question_is_answered_from_the_cache(api: httpx.Client) -> None:
    # A question no other test asks: the cache is shared by the whole stack.
    first = api.post("/v1/questions", json={"question": "How many planes were built in 1987?"})
    again = api.post("/v1/questions", json={"question": "  how many PLANES were built in 1987 "})
    first, again = first.json(), again.json()
    assert first["cached"] is False and again["cached"] is True
    assert again["answer"] == first["answer"]
    assert again["trace_id"] and again["trace_id"] != first["trace_id"]


def test_invalidation_needs_the_admin_token_and_drops_answers(
    api: httpx.Client, stack: Stack
) -> None:
    question = {"question": "How many flights did JetBlue operate?"}
    api.post("/v1/questions", json=question)
    assert api.post("/v1/questions", json=question).json()["cached"] is True
    assert api.post("/v1/cache/invalidate", json={}).status_code == 403  # open mode: a tenant
    wrong = {"Authorization": "Bearer nope"}
    assert api.post("/v1/cache/invalidate", json={}, headers=wrong).status_code == 403
    token = (Path(stack.data_dir) / "admin-token").read_text().strip()
    admin = {"Authorization": f"Bearer {token}"}
    assert api.post("/v1/cache/invalidate", json={}, headers=admin).status_code == 200
    assert api.post("/v1/questions", json=question).json()["cached"] is False


def test_an_invalidation_through_one_api_process_reaches_the_others(
    api: httpx.Client, stack: Stack
) -> None:
    question = {"question": "How many flights went to Nashville?"}
    # The invalidation of the test before reaches the stack's other API process within
    # EPOCH_REFRESH_SECONDS; asked sooner, that process could still start a run of the
    # generation before it, which the extra process below would rightly not find.
    time.sleep(EPOCH_REFRESH_SECONDS + 0.2)
    first = api.post("/v1/questions", json=question).json()
    assert api.post("/v1/questions", json=question).json()["cached"] is True  # this one's L1
    with extra_api(stack, 17295, {}) as url, httpx.Client(base_url=url, timeout=60) as other:
        from_l2 = other.post("/v1/questions", json=question)
        assert from_l2.status_code == 200, from_l2.text
        assert from_l2.json()["run_id"] == first["run_id"]
        admin = {"Authorization": f"Bearer {admin_token(stack)}"}
        assert other.post("/v1/cache/invalidate", json={}, headers=admin).status_code == 200
        fresh = other.post("/v1/questions", json=question).json()
        assert fresh["cached"] is False and fresh["run_id"] != first["run_id"]
        # The first process re-reads the epoch in Redis within EPOCH_REFRESH_SECONDS.
        served = eventually(
            lambda: api.post("/v1/questions", json=question).json()["run_id"],
            until=lambda run_id: run_id != first["run_id"],
            timeout=EPOCH_REFRESH_SECONDS + 2,
        )
        assert served == fresh["run_id"]  # the new answer, through the shared L2


def test_two_api_processes_enforce_one_rate_limit(stack: Stack) -> None:
    limits = {"RATE_LIMIT_PER_SECOND": "0.01", "RATE_LIMIT_BURST": "4"}
    tenant = {"X-Quarry-Tenant": f"limited-{time.time_ns()}"}  # a bucket no other test spent
    with extra_api(stack, 17296, limits) as one, extra_api(stack, 17297, limits) as two:
        codes = [httpx.get(f"{url}/v1/runs", headers=tenant).status_code for url in (one, two)]
        codes += [httpx.get(f"{url}/v1/runs", headers=tenant).status_code for url in (one, two)]
        codes += [httpx.get(f"{url}/v1/runs", headers=tenant).status_code for url in (one, two)]
    assert codes == [200, 200, 200, 200, 429, 429]


def test_the_api_processes_share_the_port_and_report_metrics_together(stack: Stack) -> None:
    route = 'quarry_http_request_seconds_count{method="GET",route="/v1/runs",status="200"}'

    def served() -> float:
        admin = {"Authorization": f"Bearer {admin_token(stack)}"}
        lines = httpx.get(f"{stack.api}/metrics", headers=admin).text.splitlines()
        return sum(float(line.split()[-1]) for line in lines if line.startswith(route))

    before = served()
    requests = 40
    with ThreadPoolExecutor(max_workers=20) as pool:  # fresh connections, spread by the kernel
        codes = list(
            pool.map(lambda _: httpx.get(f"{stack.api}/v1/runs").status_code, range(requests))
        )
    assert codes == [200] * requests
    assert served() - before == requests  # every process's count, whichever one answered /metrics
    pids = {stack.pid("api"), stack.pid("api-2")}
    writers = {int(p.stem.rsplit("_", 1)[1]) for p in metric_files(stack)}
    assert pids <= writers  # both processes served requests and wrote their metrics


def metric_files(stack: Stack) -> list[Path]:
    return list((Path(stack.data_dir) / "api-metrics").glob("histogram_*.db"))


def admin_token(stack: Stack) -> str:
    return (Path(stack.data_dir) / "admin-token").read_text().strip()


def test_metrics_and_stats_report_the_work(api: httpx.Client, stack: Stack) -> None:
    api.post("/v1/questions", json={"question": "How many flights went to BOS?"})
    admin = {"Authorization": f"Bearer {admin_token(stack)}"}  # the metrics are the admin's
    api_metrics = api.get("/metrics", headers=admin).text
    assert (
        'quarry_http_request_seconds_count{method="POST",route="/v1/questions",status="200"}'
        in (api_metrics)
    )
    assert "quarry_cache_requests_total" in api_metrics
    worker = httpx.get(f"http://127.0.0.1:{stack.env['WORKER_METRICS_PORT']}/metrics").text
    assert 'quarry_agent_seconds_count{agent="cube",outcome="ok"}' in worker
    # the Temporal SDK's own metrics (the steps of a question are local activities)
    assert "temporal_local_activity_execution_latency" in worker
    assert 'quarry_breaker_state{upstream="cube:flights"} 0.0' in worker  # one per model
    stats = api.get("/v1/stats", headers=admin).json()
    questions = stats["operations"]["POST /v1/questions"]
    assert questions["count"] >= 1 and questions["p50_ms"] <= questions["p99_ms"]
    assert stats["process"]["rss_mb"] > 0
    assert set(stats["task_queue_backlog"]) >= {"quarry-workflows", "quarry-cube-agent"}
