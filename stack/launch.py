"""Starts `quarry up` as a child process and waits until it is ready: for tests and benchmarks,
which run the stack exactly the way the README does, on their own ports and data directory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from services.settings import Settings
from stack.processes import http_ok
from stack.up import child_env

READY_TIMEOUT_SECONDS = 240.0


@dataclass(frozen=True)
class LaunchedStack:
    env: dict[str, str]
    data_dir: Path
    log: Path

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.env['API_PORT']}"

    @property
    def temporal_address(self) -> str:
        return f"127.0.0.1:{self.env['TEMPORAL_PORT']}"

    @property
    def redis_url(self) -> str:
        """The embedded Redis with its password (generated into the data dir)."""
        return self.service_env()["REDIS_URL"]

    def pid(self, service: str) -> int:
        return int((self.data_dir / "logs" / f"{service}.pid").read_text())

    def service_env(self) -> dict[str, str]:
        """What `quarry up` gives its worker and API: for more processes on this stack."""
        settings = Settings(
            data_dir=self.data_dir,
            temporal_port=int(self.env["TEMPORAL_PORT"]),
            redis_port=int(self.env["REDIS_PORT"]),
            cube_port=int(self.env["CUBE_PORT"]),
        )
        keyless = not (settings.api_keys or settings.api_keys_file)  # as `quarry up` decides
        return {**self.env, **child_env(settings.model_copy(update={"open_mode": keyless}))}


def ports(base: int) -> dict[str, str]:
    """A full set of port settings, `base` + small offsets, so stacks can run side by side."""
    offsets = {
        "TEMPORAL_PORT": 0,
        "TEMPORAL_UI_PORT": 1,
        "REDIS_PORT": 2,
        "CUBE_PORT": 3,
        "API_PORT": 4,
        "WORKER_METRICS_PORT": 5,  # and +6 for the Temporal SDK's metrics
        "TEMPORAL_METRICS_PORT": 7,
        "SUPERVISOR_METRICS_PORT": 8,
    }
    return {name: str(base + offset) for name, offset in offsets.items()}


@contextmanager
def launched_stack(work: Path, env: dict[str, str]) -> Iterator[LaunchedStack]:
    work.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, "DATA_DIR": str(work / "data"), **env}
    log = work / "quarry-up.log"
    quarry = Path(sys.executable).parent / "quarry"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(quarry), "up"], env=full_env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_ready(process, log)
        yield LaunchedStack(env=full_env, data_dir=Path(full_env["DATA_DIR"]), log=log)
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
        time.sleep(0.3)
    raise RuntimeError(f"quarry up not ready in {READY_TIMEOUT_SECONDS:.0f}s:\n{log.read_text()}")


@contextmanager
def extra_api(stack: LaunchedStack, port: int, env: dict[str, str]) -> Iterator[str]:
    """Another API process on the same stack (as when scaling the API), with its own settings."""
    full_env = {**stack.service_env(), "API_PORT": str(port), **env}
    log = stack.data_dir / "logs" / f"api-{port}.log"
    # Owner-only, like every log `quarry up` writes into the data dir.
    with open(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "api.main:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not http_ok(f"{url}/healthz")():
            if process.poll() is not None:
                raise RuntimeError(f"API exited:\n{log.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(30)
