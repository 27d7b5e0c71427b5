"""Outside the embedded dev stack, the worker and the API refuse to start without the payload
encryption key: one clear line, a non-zero exit, and no stack trace. The real entry points run
as subprocesses (`python worker.py`, uvicorn's factory call as the compose file makes it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from services.settings import PROJECT_ROOT

EXIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def base_env(**extra: str) -> dict[str, str]:
    """A production-shaped environment with nothing reachable: what a process does first."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "VIRTUAL_ENV")}
    return {
        **keep,
        "TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        "CUBE_API_URL": f"http://127.0.0.1:{free_port()}",
        "CUBE_API_SECRET": "s" * 48,
        "ADMIN_TOKEN": "a" * 48,
        "OPEN_MODE": "true",
        "DATA_DIR": "/nonexistent-quarry-data",
        **extra,
    }


def api_argv(port: int) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip


def worker_argv() -> list[str]:
    return [sys.executable, str(PROJECT_ROOT / "worker.py")]


def refused(argv: list[str], env: dict[str, str]) -> str:
    """Runs the entry point; returns its stderr once it has exited non-zero."""
    process = subprocess.Popen(
        argv, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        _, err = process.communicate(timeout=EXIT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError("it started (still running) without an encryption key") from None
    assert process.returncode != 0, "it exited 0: a refusal must be visible to a supervisor"
    return err


def assert_one_clear_line(err: str, names: str) -> None:
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and names in lines[-1], err
    assert "refuses to start" in lines[-1], err


def test_the_worker_refuses_to_start_without_an_encryption_key() -> None:
    err = refused(worker_argv(), base_env())
    assert_one_clear_line(err, "QUARRY_ENCRYPTION_KEY")


def test_the_api_refuses_to_start_without_an_encryption_key() -> None:
    err = refused(api_argv(free_port()), base_env())
    assert_one_clear_line(err, "QUARRY_ENCRYPTION_KEY")


def test_a_malformed_key_is_refused_without_repeating_it() -> None:
    secret = "not-a-key-but-a-secret-all-the-same"
    err = refused(worker_argv(), base_env(QUARRY_ENCRYPTION_KEY=secret))
    assert_one_clear_line(err, "QUARRY_ENCRYPTION_KEY")
    assert secret not in err


def test_a_client_certificate_without_its_key_is_refused_by_name() -> None:
    env = base_env(
        QUARRY_ENCRYPTION_KEY="A" * 43 + "=",
        TEMPORAL_TLS_CERT_FILE=str(PROJECT_ROOT / "README.md"),
    )
    err = refused(worker_argv(), env)
    assert_one_clear_line(err, "TEMPORAL_TLS_KEY_FILE")


@contextmanager
def running(argv: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        argv, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(30)


def serves(url: str, process: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + EXIT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx.get(url, timeout=2)
            return True  # any answer: it started (its parts are unreachable here)
        except httpx.HTTPError:
            time.sleep(0.2)
    return False


def test_the_api_starts_without_a_key_in_the_embedded_dev_stack_and_with_one_elsewhere() -> None:
    for extra in ({"EMBEDDED_DEV_STACK": "true"}, {"QUARRY_ENCRYPTION_KEY": "A" * 43 + "="}):
        port = free_port()
        with running(api_argv(port), base_env(**extra)) as process:
            assert serves(f"http://127.0.0.1:{port}/healthz", process), extra
