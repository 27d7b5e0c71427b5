"""Limits by cost on the real stack (`quarry up`: Temporal, Redis, Cube, the offline agent):
two API processes share one tenant's new-run limit, and a repeated question, answered from the
cache or joining its run, costs none of it."""

from __future__ import annotations

import time

import httpx
import pytest

from stack.launch import extra_api
from tests.conftest import TEST_PORTS_BASE, Stack

pytestmark = pytest.mark.integration


def test_two_api_processes_share_one_new_run_limit(stack: Stack) -> None:
    limits = {"NEW_RUNS_PER_SECOND": "0.001", "NEW_RUNS_BURST": "2", "RATE_LIMIT_PER_SECOND": "0"}
    tenant = {"X-Quarry-Tenant": f"runs-{time.time_ns()}"}  # limits no other test spent
    ports = (TEST_PORTS_BASE + 60, TEST_PORTS_BASE + 61)
    with extra_api(stack, ports[0], limits) as one, extra_api(stack, ports[1], limits) as two:

        def ask(url: str, dest: str) -> httpx.Response:
            body = {"question": f"How many flights went to {dest} in May?", "wait_seconds": 30}
            return httpx.post(f"{url}/v1/questions", json=body, headers=tenant, timeout=60)

        first = ask(one, "BOS")
        codes = [first.status_code, ask(two, "ORD").status_code]
        refused = ask(one, "SEA")
        codes += [refused.status_code, ask(two, "SEA").status_code]
        again = ask(two, "BOS")  # answered already: no new run
    assert codes == [200, 200, 429, 429]
    assert "NEW_RUNS_PER_SECOND" in refused.json()["detail"]
    assert int(refused.headers["Retry-After"]) >= 1
    assert again.status_code == 200 and again.json()["cached"] is True
