"""Coalescing under a burst, and the whole OpenAPI surface fuzzed: no input makes a 5xx."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from temporalio.client import Client

from tests.conftest import Stack

pytestmark = pytest.mark.integration


def test_100_identical_concurrent_questions_run_one_workflow(stack: Stack) -> None:
    question = "How many flights went from LGA to ATL in March?"
    replies = asyncio.run(_ask_concurrently(stack.api, question, 100))
    odd = [r.text for r in replies if r.status_code != 200]
    assert not odd, odd[:1]
    bodies = [r.json() for r in replies]
    assert len({b["run_id"] for b in bodies}) == 1
    assert {b["answer"]["rows"][0][-1] for b in bodies} == {bodies[0]["answer"]["rows"][0][-1]}
    executions = asyncio.run(_count_runs(stack.temporal_address, bodies[0]["run_id"]))
    assert executions == 1
    token = (Path(stack.data_dir) / "admin-token").read_text().strip()
    metrics = httpx.get(f"{stack.api}/metrics", headers={"Authorization": f"Bearer {token}"}).text
    coalesced = _metric(metrics, "quarry_coalesced_requests_total")
    cached = sum(b["cached"] for b in bodies)
    assert coalesced + cached >= 99  # every request but the first joined the run or its answer


async def _ask_concurrently(api: str, question: str, n: int) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=n)
    async with httpx.AsyncClient(base_url=api, timeout=60, limits=limits) as client:
        body = {"question": question, "wait_seconds": 30}
        return await asyncio.gather(*(client.post("/v1/questions", json=body) for _ in range(n)))


async def _count_runs(address: str, workflow_id: str) -> int:
    client = await Client.connect(address)
    return len([w async for w in client.list_workflows(f'WorkflowId = "{workflow_id}"')])


def _metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not exported")


@pytest.mark.timeout(300)  # schemathesis generates a few hundred requests
def test_no_input_makes_a_server_error(stack: Stack) -> None:
    """schemathesis generates requests from the OpenAPI spec (valid and invalid ones) against the
    running API; any 5xx fails. A fixed seed keeps CI reproducible."""
    schemathesis = Path(sys.executable).parent / "schemathesis"
    result = subprocess.run(
        [
            str(schemathesis),
            "run",
            f"{stack.api}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "10",
            "--seed",
            "20261125",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert "Tested:" in result.stdout
