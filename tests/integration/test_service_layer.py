"""The service layer on the real stack: coalescing, answer cache, invalidation, metrics, stats."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import Stack

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
    time.sleep(1.1)  # other processes re-read the cache epoch within a second
    assert api.post("/v1/questions", json=question).json()["cached"] is False


def test_metrics_and_stats_report_the_work(api: httpx.Client, stack: Stack) -> None:
    api.post("/v1/questions", json={"question": "How many flights went to BOS?"})
    api_metrics = api.get("/metrics").text
    assert (
        'quarry_http_request_seconds_count{method="POST",route="/v1/questions",status="200"}'
        in (api_metrics)
    )
    assert "quarry_cache_requests_total" in api_metrics
    worker = httpx.get(f"http://127.0.0.1:{stack.env['WORKER_METRICS_PORT']}/metrics").text
    assert 'quarry_agent_seconds_count{agent="cube",outcome="ok"}' in worker
    assert "temporal_activity_execution_latency" in worker  # the Temporal SDK's own metrics
    assert 'quarry_breaker_state{upstream="cube"} 0.0' in worker
    stats = api.get("/v1/stats").json()
    questions = stats["operations"]["POST /v1/questions"]
    assert questions["count"] >= 1 and questions["p50_ms"] <= questions["p99_ms"]
    assert stats["process"]["rss_mb"] > 0
    assert set(stats["task_queue_backlog"]) >= {"quarry-workflows", "quarry-cube-agent"}
