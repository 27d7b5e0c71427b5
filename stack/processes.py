"""Starting, health-checking and stopping the stack's child processes."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

PR_SET_PDEATHSIG = 1


class StackError(Exception):
    """A clear reason the stack cannot come up."""


@dataclass
class Service:
    name: str
    argv: list[str]
    healthy: Callable[[], bool]
    cwd: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    stop_seconds: float = 15.0
    process: subprocess.Popen[bytes] | None = None
    restarts: list[float] = field(default_factory=list)
    restart_at: float | None = None  # when a dead part is due to start again
    pass_fds: tuple[int, ...] = ()  # e.g. the API's listening socket, held by `quarry up`

    def start(self, log_dir: Path) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        log = (log_dir / f"{self.name}.log").open("ab")
        # Own session: Ctrl-C reaches only `quarry up`, which then stops children in order.
        self.process = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
            pass_fds=self.pass_fds,
        )
        # Written whole or not at all (rename): tests and operators read it while parts restart.
        pid_file = log_dir / f"{self.name}.pid"
        partial = pid_file.with_suffix(".pid.new")
        partial.write_text(str(self.process.pid))
        partial.replace(pid_file)

    @property
    def exited(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def wait_healthy(self, timeout: float, log_dir: Path) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process is not None and self.process.poll() is not None:
                raise StackError(
                    f"{self.name} exited with code {self.process.returncode}; "
                    f"see {log_dir / (self.name + '.log')}"
                )
            if self.healthy():
                return time.monotonic() - started
            time.sleep(0.2)
        raise StackError(f"{self.name} did not become healthy within {timeout:.0f}s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(self.stop_seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM when `quarry up` dies, even by kill -9: no orphans."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: Ctrl-C still stops every child in order


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def tcp_open(port: int, host: str = "127.0.0.1") -> Callable[[], bool]:
    def check() -> bool:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            return False

    return check


def http_ok(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return httpx.get(url, timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    return check


def redis_pong(port: int, password: str) -> Callable[[], bool]:
    """Redis answers an authenticated PING (its password is required, so a bare PING fails)."""
    auth = f"AUTH {password}\r\nPING\r\n".encode()

    def check() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(auth)
                answer = b""
                while answer.count(b"\r\n") < 2 and (chunk := sock.recv(64)):
                    answer += chunk
                return answer == b"+OK\r\n+PONG\r\n"
        except OSError:
            return False

    return check
