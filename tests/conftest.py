"""The real embedded stack, started once per test session exactly as the README starts it:
`quarry up`, on its own ports and data directory, beside any stack already running. Shared by
the integration and chaos layers; unit tests never ask for it. And a real PostgreSQL server,
started once per session by the first test that asks for it (tests/postgres.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from stack.launch import LaunchedStack, launched_stack, ports
from tests.postgres import PostgresServer, running_postgres

Stack = LaunchedStack
# Another base lets a second test session run beside one already running.
TEST_PORTS_BASE = int(os.environ.get("QUARRY_TEST_PORTS_BASE", "17200"))


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    # Two API processes on any machine (the default is one per core): the shared paths tested.
    env = {**ports(TEST_PORTS_BASE), "API_PROCESSES": "2"}
    with launched_stack(tmp_path_factory.mktemp("stack"), env) as running:
        yield running


@pytest.fixture
def api(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.api, timeout=60) as client:
        yield client


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with running_postgres() as server:
        yield server
