"""The running embedded stack (`quarry up`, as the README starts it), probed as another user
of the machine or a client on the network would: Cube is not reachable from the network, Redis
does nothing without its password, the data directory is the owner's alone, and a token naming
a data model that does not exist gets a short 4xx, not a stack trace."""

from __future__ import annotations

import socket
import stat
import time
from pathlib import Path

import httpx
import jwt
import psutil
import pytest
import redis

from tests.conftest import Stack

pytestmark = pytest.mark.integration


def non_loopback_addresses() -> list[str]:
    return [
        address.address
        for addresses in psutil.net_if_addrs().values()
        for address in addresses
        if address.family == socket.AF_INET and not address.address.startswith("127.")
    ]


def connects(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def test_cube_listens_on_loopback_only(stack: Stack) -> None:
    port = int(stack.env["CUBE_PORT"])
    assert connects("127.0.0.1", port)
    addresses = non_loopback_addresses()
    if not addresses:
        pytest.skip("this machine has no non-loopback IPv4 address to probe from")
    reachable = [a for a in addresses if connects(a, port)]
    assert not reachable, f"Cube answers on {reachable}:{port}"


def test_redis_refuses_commands_without_its_password(stack: Stack) -> None:
    """A forged answer planted under a cache key came back as `cached: true`: no more."""
    with redis.Redis(port=int(stack.env["REDIS_PORT"]), socket_timeout=2) as anyone:
        with pytest.raises(redis.AuthenticationError):
            anyone.set("quarry:answer:forged", b'{"text": "planted"}')
        with pytest.raises(redis.AuthenticationError):
            anyone.keys("quarry:*")


def test_redis_password_reaches_no_log(stack: Stack, api: httpx.Client) -> None:
    password = (stack.data_dir / "redis-password").read_text().strip()
    assert api.get("/healthz").status_code == 200  # the API and worker use Redis with it
    logs = [stack.log, *(stack.data_dir / "logs").glob("*.log")]
    assert logs
    for log in logs:
        assert password not in log.read_text(errors="replace"), log


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_dir_logs_database_and_secrets_are_the_owners_alone(stack: Stack) -> None:
    data = stack.data_dir
    assert mode(data) == 0o700
    assert mode(data / "logs") == 0o700
    owned = [
        *data.glob("temporal.sqlite*"),  # the database and its WAL files
        *(data / "logs").glob("*.log"),
        *(data / name for name in ("cube-secret", "admin-token", "redis-password", "redis.conf")),
    ]
    assert any(p.name == "temporal.sqlite" for p in owned)
    loose = {str(p.relative_to(data)): oct(mode(p)) for p in owned if mode(p) & 0o077}
    assert not loose, f"readable by others: {loose}"


def cube_token(stack: Stack, model: str) -> str:
    secret = (stack.data_dir / "cube-secret").read_text().strip()
    context = {"tenant": "mallory", "model": model, "exp": int(time.time()) + 300}
    return jwt.encode(context, secret, "HS256")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/cubejs-api/v1/meta", None),
        ("POST", "/cubejs-api/v1/load", {"query": {"measures": ["flights.count"]}}),
        (
            "POST",
            "/cubejs-api/v1/quarry/load-batch",
            {"queries": [{"measures": ["flights.count"]}]},
        ),
    ],
)
def test_an_unknown_model_in_a_token_is_a_short_4xx(
    stack: Stack, method: str, path: str, body: dict[str, object] | None
) -> None:
    url = f"http://127.0.0.1:{stack.env['CUBE_PORT']}{path}"
    headers = {"Authorization": cube_token(stack, "no_such_model")}
    response = httpx.request(method, url, json=body, headers=headers, timeout=30)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:500])
    assert "stack" not in response.json(), response.text[:500]
    assert "    at " not in response.text
    assert "no_such_model" in response.json()["error"]


def test_a_forged_token_naming_an_unknown_model_is_still_refused_as_forged(stack: Stack) -> None:
    url = f"http://127.0.0.1:{stack.env['CUBE_PORT']}/cubejs-api/v1/meta"
    forged = jwt.encode({"model": "no_such_model"}, "not-the-secret-" * 4, "HS256")
    response = httpx.get(url, headers={"Authorization": forged}, timeout=30)
    assert response.status_code == 403
    assert "no_such_model" not in response.text


def stack_processes(stack: Stack) -> set[int]:
    pids = {int(p.read_text()) for p in (stack.data_dir / "logs").glob("*.pid")}
    family = set(pids)
    for pid in pids:
        try:
            family |= {c.pid for c in psutil.Process(pid).children(recursive=True)}
        except psutil.NoSuchProcess:
            continue
    return family


def test_no_part_of_the_stack_listens_beyond_loopback(stack: Stack) -> None:
    """Every port any part opens (Temporal's frontend, UI and metrics, Redis, Cube, the API, the
    worker's metrics) is on 127.0.0.1: nothing is reachable from another machine."""
    pids = stack_processes(stack)
    listening = [
        (c.pid, c.laddr.ip, c.laddr.port)
        for c in psutil.net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.pid in pids
    ]
    assert {port for _, _, port in listening} >= {int(stack.env["CUBE_PORT"])}
    wide = [entry for entry in listening if entry[1] not in ("127.0.0.1", "::1")]
    assert not wide, f"listening beyond loopback (pid, address, port): {wide}"
