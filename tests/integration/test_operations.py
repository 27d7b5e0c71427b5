"""Operating Quarry over REST: keys and tenants, rate limits, listing, events, cancel."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.auth import hash_key
from stack.launch import extra_api
from tests.conftest import Stack
from tests.polling import eventually

pytestmark = pytest.mark.integration
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pipelines"
KEYS = {"acme": "acme-key-0123456789", "globex": "globex-key-0123456789"}


@pytest.fixture(scope="module")
def keyed(stack: Stack) -> Iterator[str]:
    pairs = ",".join(f"{tenant}:{hash_key(key)}" for tenant, key in KEYS.items())
    with extra_api(stack, 17290, {"API_KEYS": pairs, "OPEN_MODE": "false"}) as url:
        yield url


def client(url: str, tenant: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {KEYS[tenant]}"} if tenant else {}
    return httpx.Client(base_url=url, headers=headers, timeout=60)


def ask(url: str, tenant: str, question: str, wait: float = 30) -> dict[str, object]:
    with client(url, tenant) as http:
        reply = http.post("/v1/questions", json={"question": question, "wait_seconds": wait})
        assert reply.status_code in (200, 202), reply.text
        body: dict[str, object] = reply.json()
        return body


def test_missing_or_wrong_keys_are_401(keyed: str) -> None:
    body = {"question": "How many flights?"}
    assert httpx.post(f"{keyed}/v1/questions", json=body).status_code == 401
    wrong = {"Authorization": "Bearer not-a-key"}
    reply = httpx.post(f"{keyed}/v1/questions", json=body, headers=wrong)
    assert reply.status_code == 401 and reply.json()["detail"] == "the API key is not valid"
    assert httpx.get(f"{keyed}/v1/runs").status_code == 401


def test_a_tenant_sees_only_its_own_runs(keyed: str) -> None:
    mine = ask(keyed, "acme", "How many flights went to DEN?")
    with client(keyed, "acme") as acme, client(keyed, "globex") as globex:
        assert acme.get(f"/v1/runs/{mine['run_id']}").status_code == 200
        assert globex.get(f"/v1/runs/{mine['run_id']}").status_code == 404
        assert globex.get(f"/v1/runs/{mine['run_id']}/events").status_code == 404
        assert globex.post(f"/v1/runs/{mine['run_id']}/cancel").status_code == 404
        theirs = [r["run_id"] for r in globex.get("/v1/runs").json()["runs"]]
        assert mine["run_id"] not in theirs
        ours = acme.get("/v1/runs").json()["runs"]
        assert mine["run_id"] in [r["run_id"] for r in ours]
        assert {r["tenant"] for r in ours} == {"acme"}
        assert globex.get("/v1/runs", params={"tenant": "acme"}).status_code == 403


def test_a_pipelines_child_runs_belong_to_its_tenant(keyed: str) -> None:
    example = json.loads((EXAMPLES / "compare.json").read_text())
    with client(keyed, "acme") as acme, client(keyed, "globex") as globex:
        started = acme.post("/v1/pipelines/runs", json=example)
        assert started.status_code in (200, 202), started.text
        child = f"{started.json()['run_id']}-first"
        deadline = time.monotonic() + 30
        while (view := acme.get(f"/v1/runs/{child}")).status_code != 200:
            assert time.monotonic() < deadline, view.text
            time.sleep(0.2)
        assert view.json()["run_id"] == child
        assert globex.get(f"/v1/runs/{child}").status_code == 404


def test_the_same_question_from_two_tenants_runs_twice(keyed: str) -> None:
    question = "How many flights went to MSP?"
    assert ask(keyed, "acme", question)["run_id"] != ask(keyed, "globex", question)["run_id"]


def test_listing_filters_and_pages(keyed: str, stack: Stack) -> None:
    for dest in ("PHX", "SAN", "SLC"):
        ask(keyed, "acme", f"How many flights went to {dest}?")
    with client(keyed, "acme") as acme:
        found = eventually(  # visibility is eventually consistent
            lambda: acme.get("/v1/runs", params={"q": "SAN"}).json()["runs"],
            until=lambda runs: len(runs) > 0 and runs[0]["status"] == "completed",
            timeout=15,
        )
        assert [r["question"] for r in found] == ["How many flights went to SAN?"]
        done = acme.get("/v1/runs", params={"status": "completed"}).json()["runs"]
        assert len(done) >= 3 and {r["status"] for r in done} == {"completed"}
        live = acme.get("/v1/runs", params={"status": "running"}).json()["runs"]
        assert not {r["run_id"] for r in live} & {r["run_id"] for r in done}
        # Closed runs only: visibility orders running runs first, and a run that closes
        # between two pages moves (Temporal's paging is not a snapshot).
        paged = {"page_size": 2, "status": "completed"}
        first = acme.get("/v1/runs", params=paged).json()
        second = acme.get(
            "/v1/runs", params={**paged, "page_token": first["next_page_token"]}
        ).json()
        assert len(first["runs"]) == 2 and first["next_page_token"]
        assert not {r["run_id"] for r in first["runs"]} & {r["run_id"] for r in second["runs"]}
        future = acme.get("/v1/runs", params={"since": "2100-01-01T00:00:00Z"}).json()
        assert future["runs"] == []
        assert acme.get("/v1/runs", params={"page_token": "%%%"}).status_code == 422
        assert acme.get("/v1/runs", params={"status": "sleepy"}).status_code == 422
    token = (stack.data_dir / "admin-token").read_text().strip()
    admin = {"Authorization": f"Bearer {token}"}
    # Other tests share this stack and add runs: ask visibility for each tenant's own.
    for tenant in ("acme", "globex"):
        theirs = httpx.get(f"{keyed}/v1/runs", headers=admin, params={"tenant": tenant})
        assert theirs.json()["runs"] and {r["tenant"] for r in theirs.json()["runs"]} == {tenant}


def test_events_stream_progress_until_the_end(keyed: str) -> None:
    run = ask(keyed, "acme", "How many flights went to IAH?", wait=0)
    events: list[str] = []
    with client(keyed, "acme") as acme, acme.stream("GET", f"/v1/runs/{run['run_id']}/events") as s:
        assert s.headers["content-type"].startswith("text/event-stream")
        for line in s.iter_lines():
            if line.startswith("event: "):
                events.append(line.removeprefix("event: "))
    assert events[-1] == "end"
    assert events.count("end") == 1


def test_cancel_stops_a_waiting_run(keyed: str) -> None:
    run = ask(keyed, "acme", "show me the best ones", wait=5)
    assert run["status"] == "needs_clarification"
    with client(keyed, "acme") as acme:
        assert acme.post(f"/v1/runs/{run['run_id']}/cancel").status_code == 202
        deadline = time.monotonic() + 20
        while (view := acme.get(f"/v1/runs/{run['run_id']}").json())["status"] != "cancelled":
            assert time.monotonic() < deadline, view
            time.sleep(0.2)
        assert acme.post(f"/v1/runs/{run['run_id']}/cancel").status_code == 409


def test_a_tenant_over_its_rate_limit_gets_429_with_retry_after(stack: Stack) -> None:
    pairs = f"acme:{hash_key(KEYS['acme'])}"
    limits = {"API_KEYS": pairs, "OPEN_MODE": "false", "RATE_LIMIT_PER_SECOND": "1"}
    with extra_api(stack, 17291, {**limits, "RATE_LIMIT_BURST": "3"}) as url:
        with client(url, "acme") as acme:
            codes = [acme.get("/v1/runs").status_code for _ in range(5)]
            assert codes[:3] == [200, 200, 200]
            limited = acme.get("/v1/runs")
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) >= 1
        assert "rate limit" in limited.json()["detail"]
