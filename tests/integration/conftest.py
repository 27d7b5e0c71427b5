"""The real embedded stack, started once per test session exactly as the README starts it.

`quarry up` runs on its own ports and data directory, beside any stack already running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PORTS = {
    "TEMPORAL_PORT": 17233,
    "TEMPORAL_UI_PORT": 18233,
    "REDIS_PORT": 16379,
    "CUBE_PORT": 14000,
    "API_PORT": 18000,
    "WORKER_METRICS_PORT": 19464,
}
READY_TIMEOUT_SECONDS = 240


@dataclass(frozen=True)
class Stack:
    api: str
    temporal_address: str
    env: dict[str, str]
    log: Path
    data_dir: Path

    def pid(self, service: str) -> int:
        return int((self.data_dir / "logs" / f"{service}.pid").read_text())


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    work = tmp_path_factory.mktemp("stack")
    env = {
        **os.environ,
        **{k: str(v) for k, v in PORTS.items()},
        "DATA_DIR": str(work / "data"),
    }
    log = work / "quarry-up.log"
    quarry = Path(sys.executable).parent / "quarry"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(quarry), "up"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    api = f"http://127.0.0.1:{PORTS['API_PORT']}"
    try:
        _wait_ready(process, log)
        yield Stack(
            api=api,
            temporal_address=f"127.0.0.1:{PORTS['TEMPORAL_PORT']}",
            env=env,
            log=log,
            data_dir=work / "data",
        )
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_ready(process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"quarry up exited:\n{log.read_text()}")
        if "Quarry is up" in log.read_text():
            return
        time.sleep(0.5)
    raise RuntimeError(f"quarry up not ready in {READY_TIMEOUT_SECONDS}s:\n{log.read_text()}")


@pytest.fixture
def api(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.api, timeout=60) as client:
        yield client
