"""Processes die, hang and drop out; every accepted run still completes with the right answer,
and the answer is delivered once (side effects keyed on workflow id + activity id)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.chaos.conftest import PLAN_QUESTION, Chaos
from tests.polling import eventually
from tests.scripted_llm import Reply

pytestmark = pytest.mark.integration


def ask_all(chaos: Chaos, dests: list[str]) -> dict[str, str]:
    return {dest: chaos.ask(dest) for dest in dests}


def check(chaos: Chaos, asked: dict[str, str], timeout: float = 120) -> None:
    views = chaos.wait_done(list(asked.values()), timeout)
    chaos.assert_right(asked, views)
    for run_id in asked.values():
        assert chaos.executions(run_id) == 1
        assert chaos.deliveries(run_id) == 1
    assert chaos.duplicates() == 0


def crash_mid_run(
    chaos: Chaos,
    service: str,
    sig: signal.Signals,
    *,
    llm_delay: float,
    runs: int,
    in_flight: bool = True,
) -> dict[str, str]:
    """Asks `runs` new questions, hits `service` with `sig` once their agent calls are in flight
    (or right after the 202s), and waits until `quarry up` has started it again. Returns
    destination -> run id."""
    chaos.llm.delay = llm_delay  # how long understand stays in flight
    try:
        asked = ask_all(chaos, chaos.fresh(runs))  # wait 0: each got its 202
        if in_flight:
            chaos.wait_in_flight(list(asked.values()))
        gone = chaos.signal(service, sig)
        chaos.wait_restarted(service, gone)
    finally:
        chaos.llm.delay = 0.0
    return asked


def test_worker_killed_mid_activity(chaos: Chaos) -> None:
    check(chaos, crash_mid_run(chaos, "worker", signal.SIGKILL, llm_delay=2, runs=4))


def test_temporal_killed_mid_run_and_restarted_on_its_file(chaos: Chaos) -> None:
    asked = crash_mid_run(chaos, "temporal", signal.SIGKILL, llm_delay=1.5, runs=4)
    check(chaos, asked)


def test_api_killed_after_a_202(chaos: Chaos) -> None:
    asked = crash_mid_run(chaos, "api", signal.SIGKILL, llm_delay=1, runs=2, in_flight=False)
    check(chaos, asked)  # read through the new API process


def test_worker_sigterm_under_load_finishes_in_flight_work(chaos: Chaos) -> None:
    asked = crash_mid_run(chaos, "worker", signal.SIGTERM, llm_delay=0.5, runs=8)
    check(chaos, asked)
    log = (chaos.stack.data_dir / "logs" / "worker.log").read_text()
    assert "shutting down: in-flight activities get" in log


def test_worker_killed_between_a_plans_sub_queries(chaos: Chaos) -> None:
    """Cube is frozen so the plan's fetches are in flight when the worker dies; the new worker
    runs them again and the combined answer is still the one SQL gives."""
    dests = chaos.fresh(3)
    chaos.llm.delay = 1.5  # the agent has its catalog and waits on the model (timeout 2 s)...
    run_id = chaos.ask_text(f"{PLAN_QUESTION}{', '.join(dests)}?")
    chaos.wait_in_flight([run_id])
    time.sleep(1)
    cube = chaos.signal("cube", signal.SIGSTOP)  # ...while Cube freezes: the fetches will hang
    try:

        def steps() -> list[str]:
            view = httpx.get(f"{chaos.stack.api}/v1/runs/{run_id}", timeout=10).json()
            return [s["name"] for s in (view.get("progress") or {}).get("steps", [])]

        eventually(steps, until=lambda names: "fetch 3" in names, timeout=30)
        chaos.wait_restarted("worker", chaos.signal("worker", signal.SIGKILL))
    finally:
        chaos.llm.delay = 0.0
        os.kill(cube, signal.SIGCONT)
    view = chaos.wait_done([run_id], timeout=120)[run_id]
    assert view["status"] == "completed", view.get("error")
    assert view["answer"]["rows"] == [[chaos.carriers_at_all(dests)]]
    assert chaos.executions(run_id) == 1


def test_redis_unresponsive_for_30_seconds(chaos: Chaos) -> None:
    dests = chaos.fresh(6)
    repeat = {"question": f"How many flights went to {dests[0]}?", "wait_seconds": 30}
    # One keep-alive connection, so one API process (of several): the one whose L1 holds it.
    with httpx.Client(base_url=chaos.stack.api, timeout=60) as one_process:
        warm = one_process.post("/v1/questions", json=repeat).json()["run_id"]
        stopped = chaos.signal("redis", signal.SIGSTOP)
        try:
            began = time.monotonic()
            again = one_process.post("/v1/questions", json=repeat).json()
            assert again["cached"] is True and again["run_id"] == warm
            asked = {dest: chaos.ask(dest, wait=30) for dest in dests[1:]}
            time.sleep(max(0.0, 30 - (time.monotonic() - began)))  # the outage lasts 30 s
            metrics = httpx.get(f"{chaos.stack.api}/metrics", headers=admin(chaos)).text
            assert "quarry_redis_up 0.0" in metrics
        finally:
            chaos.signal("redis", signal.SIGCONT)
            assert stopped
    views = chaos.wait_done(list(asked.values()))
    chaos.assert_right(asked, views)

    def redis_up_after_a_question() -> str:
        chaos.ask(chaos.fresh(1)[0], wait=30)  # a use after REDIS_RETRY_SECONDS finds it back
        return httpx.get(f"{chaos.stack.api}/metrics", headers=admin(chaos)).text

    eventually(
        redis_up_after_a_question, lambda m: "quarry_redis_up 1.0" in m, timeout=30, interval=1
    )


def test_cube_unresponsive_for_30_seconds(chaos: Chaos) -> None:
    chaos.signal("cube", signal.SIGSTOP)
    try:
        asked = ask_all(chaos, chaos.fresh(4))
        time.sleep(30)  # the outage lasts 30 s
        pending = [httpx.get(f"{chaos.stack.api}/v1/runs/{r}").json() for r in asked.values()]
        assert {p["status"] for p in pending} == {"running"}  # waiting, not failed
    finally:
        chaos.signal("cube", signal.SIGCONT)
    check(chaos, asked, timeout=150)


def test_llm_503s_and_timeouts_are_retried_away(chaos: Chaos) -> None:
    slow = Reply(content={"query": {"measures": ["flights.count"]}}, delay=3)  # > 2 s timeout
    # Four faults for three runs: even all on one run stay under its five attempts.
    chaos.server.script[:] = [Reply(status=503), Reply(status=503), slow, Reply(status=503)]
    asked = ask_all(chaos, chaos.fresh(3))
    check(chaos, asked, timeout=150)
    assert chaos.server.script == []  # every scripted fault was served


def test_a_hung_worker_is_detected_by_heartbeat_timeout(chaos: Chaos) -> None:
    """The LLM call is an activity on its queue (QUERY_AGENT=llm): the frozen worker stops
    heartbeating and the call is retried on the other worker."""
    chaos.llm.delay = 3.0
    refused_before = chaos.duplicates()
    frozen = 0
    helper: subprocess.Popen[bytes] | None = None
    try:
        asked = ask_all(chaos, chaos.fresh(3))
        chaos.wait_in_flight(list(asked.values()))  # on the only worker
        frozen = chaos.signal("worker", signal.SIGSTOP)
        helper = subprocess.Popen(
            [sys.executable, "worker.py"],
            env={**chaos.stack.service_env(), "WORKER_METRICS_PORT": "17560"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        chaos.llm.delay = 0.0
        views = chaos.wait_done(list(asked.values()), timeout=120)
    finally:
        if frozen:
            chaos.signal("worker", signal.SIGCONT)
        if helper is not None:
            threading.Thread(target=_stop, args=(helper,), daemon=True).start()
    chaos.assert_right(asked, views)
    attempts = [v["progress"]["steps"][0]["attempts"] for v in views.values()]
    assert max(attempts) >= 2  # retried after the heartbeat timeout, on the other worker
    # A window for something that must not happen: the thawed worker's late work is never
    # delivered twice. Nothing signals the absence, so it is a fixed wait. A run whose local
    # steps were under way in the frozen worker's workflow task goes on there once thawed (no
    # server sits between local steps); its delivery is refused by the ledger, at most once a run.
    time.sleep(2)
    for run_id in asked.values():
        assert chaos.deliveries(run_id) == 1
    assert chaos.duplicates() - refused_before <= len(asked)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def admin(chaos: Chaos) -> dict[str, str]:
    """The API's metrics are the admin token's."""
    token = (Path(chaos.stack.data_dir) / "admin-token").read_text().strip()
    return {"Authorization": f"Bearer {token}"}
