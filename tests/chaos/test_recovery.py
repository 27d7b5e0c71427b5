"""Recovery in seconds: each part killed (SIGKILL) under load and restarted, then every accepted
run completes with the SQL-checked answer, the slowest within the outage plus 10 seconds.

Each case asks 40 new questions (wait 0), kills the part after the 11th is accepted, keeps
asking, and times every run from its submission to the moment the API shows it done. The outage
is from the kill until the part answers its health check again. The figures are printed and
written to .data/recovery.md (the README's operations section quotes them).
"""

from __future__ import annotations

import signal
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis

from services.settings import PROJECT_ROOT
from stack.processes import http_ok, tcp_open
from tests.chaos.conftest import DONE, Chaos
from tests.polling import eventually

pytestmark = pytest.mark.timeout(240)

RUNS = 40
KILL_AFTER = 11
SLACK_SECONDS = 10.0
LLM_DOWN_SECONDS = 2.5  # about what Cube takes to come back: the endpoint the test restarts
PARTS = ["worker", "temporal", "redis", "cube", "api", "llm"]
REPORT = PROJECT_ROOT / ".data" / "recovery.md"
WORKER_POLLING = "worker polling"  # worker.py logs it once its workers run


@dataclass
class Recovery:
    part: str
    outage: float
    slowest: float
    p50: float
    runs: int

    @property
    def row(self) -> str:
        return (
            f"| {self.part} | {self.outage:.1f} s | {self.slowest:.1f} s | {self.p50:.1f} s "
            f"| {self.runs}/{RUNS} |"
        )


RESULTS: list[Recovery] = []


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    if RESULTS:
        header = "| part killed | outage | slowest run | p50 run | right |\n|---|---|---|---|---|"
        table = "\n".join([header, *(r.row for r in RESULTS)])
        print(f"\nrecovery under load ({RUNS} runs, killed after the {KILL_AFTER}th):\n{table}")
        REPORT.parent.mkdir(exist_ok=True)
        REPORT.write_text(table + "\n")


@pytest.mark.parametrize("part", PARTS)
def test_a_killed_part_delays_no_run_beyond_its_outage_plus_10_seconds(
    chaos: Chaos, part: str
) -> None:
    invalidate_caches(chaos)  # a cached answer or row set would hide the outage
    dests = chaos.destinations[:RUNS]
    chaos.llm.delay = 0.5  # runs stay in flight while the part goes down
    submitted: dict[str, float] = {}
    asked: dict[str, str] = {}
    outage: list[float] = []
    try:
        for i, dest in enumerate(dests):
            run_id = submit(chaos, f"Recovery of the {part}, check {i}: flights to {dest}?")
            submitted.setdefault(run_id, time.monotonic())
            asked[dest] = run_id
            if i + 1 == KILL_AFTER:
                threading.Thread(target=lambda: outage.append(kill(chaos, part))).start()
        done = wait_done(chaos, list(submitted))
    finally:
        chaos.llm.delay = 0.0
    assert outage, f"{part} did not come back"
    durations = [done[r][0] - submitted[r] for r in submitted]
    result = Recovery(
        part,
        outage[0],
        max(durations),
        statistics.median(durations),
        right(chaos, asked, {r: v for r, (_, v) in done.items()}),
    )
    RESULTS.append(result)
    print(result.row)
    assert result.runs == RUNS
    assert result.slowest <= result.outage + SLACK_SECONDS, result


def submit(chaos: Chaos, question: str) -> str:
    """The run id, once the API accepts the question (retrying while the API itself is down)."""
    body = {"question": question, "wait_seconds": 0}

    def post() -> httpx.Response | None:
        try:
            return httpx.post(f"{chaos.stack.api}/v1/questions", json=body, timeout=10)
        except httpx.HTTPError:
            return None

    reply = eventually(post, lambda r: r is not None and r.status_code in (200, 202), 60, 0.1)
    assert reply is not None
    return str(reply.json()["run_id"])


def kill(chaos: Chaos, part: str) -> float:
    """Kills the part, waits until it is back and healthy, and returns the outage in seconds."""
    began = time.monotonic()
    if part == "llm":
        chaos.server.stop()
        time.sleep(LLM_DOWN_SECONDS)  # the outage itself: the endpoint is gone this long
        chaos.server.start()
        return time.monotonic() - began
    healthy = probe(chaos, part)
    old = chaos.signal(part, signal.SIGKILL)
    eventually(lambda: chaos.stack.pid(part) != old and healthy(), bool, 60, 0.05)
    return time.monotonic() - began


def probe(chaos: Chaos, part: str) -> Callable[[], bool]:
    env = chaos.stack.env
    if part == "redis":
        return lambda: redis_pong(chaos.stack.redis_url)
    if part == "worker":  # back when it polls its task queues again
        log = chaos.stack.data_dir / "logs" / "worker.log"
        polled = log.read_text().count(WORKER_POLLING)
        return lambda: log.read_text().count(WORKER_POLLING) > polled
    probes = {
        "temporal": tcp_open(int(env["TEMPORAL_PORT"])),
        "cube": http_ok(f"http://127.0.0.1:{env['CUBE_PORT']}/readyz"),
        "api": http_ok(f"{chaos.stack.api}/healthz"),
    }
    return probes[part]


def redis_pong(url: str) -> bool:
    try:
        with redis.Redis.from_url(url, socket_timeout=0.5) as client:
            return bool(client.ping())
    except redis.RedisError:
        return False


def wait_done(
    chaos: Chaos, run_ids: list[str], timeout: float = 150
) -> dict[str, tuple[float, dict[str, object]]]:
    """When each run was first seen done, and its view."""
    done: dict[str, tuple[float, dict[str, object]]] = {}
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=chaos.stack.api, timeout=5) as api:
        while len(done) < len(run_ids):
            assert time.monotonic() < deadline, f"not done: {set(run_ids) - set(done)}"
            for run_id in set(run_ids) - set(done):
                try:
                    view = api.get(f"/v1/runs/{run_id}").json()
                except (httpx.HTTPError, ValueError):
                    break  # the API is down: look again shortly
                if view.get("status") in DONE:
                    done[run_id] = (time.monotonic(), view)
            time.sleep(0.1)
    return done


def right(chaos: Chaos, asked: dict[str, str], views: dict[str, dict[str, object]]) -> int:
    correct = 0
    for dest, run_id in asked.items():
        view = views[run_id]
        answer = view.get("answer")
        if view["status"] == "completed" and isinstance(answer, dict):
            correct += answer["rows"][0][-1] == chaos.truth(dest)
    return correct


def invalidate_caches(chaos: Chaos) -> None:
    token = (Path(chaos.stack.data_dir) / "admin-token").read_text().strip()
    reply = httpx.post(
        f"{chaos.stack.api}/v1/cache/invalidate",
        json={},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert reply.status_code == 200
