"""Sizes are capped before anything parses them: bodies (413), the request line and headers
(431), and 422 bodies never carry the input back."""

from __future__ import annotations

import asyncio
import base64
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn

from api.main import create_app
from services.codec import codec_from
from services.settings import Settings
from tests.conftest import Stack
from tests.security.inprocess import client_of, quarry_app

LIMIT = 64 * 1024  # MAX_BODY_BYTES' default


async def test_a_body_over_the_limit_is_refused_by_its_content_length() -> None:
    question = {"question": "How many flights?" + " x" * LIMIT}
    async with client_of(quarry_app()) as client:
        reply = await client.post("/v1/questions", json=question)
    assert reply.status_code == 413
    assert reply.json() == {"detail": f"request body over {LIMIT} bytes"}


async def test_a_chunked_body_over_the_limit_is_cut_off() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"question": "'
        for _ in range(100):
            yield b"x" * 4096

    async with client_of(quarry_app()) as client:
        reply = await client.post(
            "/v1/questions", content=chunks(), headers={"content-type": "application/json"}
        )
    assert reply.status_code == 413
    assert len(reply.content) < 100


async def test_the_limit_is_a_setting() -> None:
    async with client_of(quarry_app(max_body_bytes=2048)) as client:
        reply = await client.post("/v1/questions", json={"question": "x" * 3000})
    assert reply.status_code == 413


def _scope(headers: list[tuple[bytes, bytes]], path: str = "/v1/questions") -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }


async def _drive(
    scope: dict[str, Any], chunk: bytes, most: int
) -> tuple[int, list[dict[str, Any]]]:
    """Runs the app on a client that sends `chunk` after `chunk` (up to `most` bytes): how many
    bytes the app took, and what it answered."""
    taken = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal taken
        taken += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": taken < most}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    app = create_app(Settings(open_mode=True, rate_limit_per_second=0))
    app.state.settings = app.state.api_keys = None  # nothing past the limit may need them
    await app(scope, receive, send)
    return taken, sent


async def test_the_app_never_reads_past_the_limit_of_a_chunked_body() -> None:
    """What kept six 100 MB bodies in memory: the body read whole before anything judged it."""
    headers = [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")]
    taken, sent = await _drive(_scope(headers), b"x" * 1024, most=8 * 2**20)
    assert sent[0]["status"] == 413
    assert taken <= LIMIT + 1024


async def test_a_declared_length_over_the_limit_reads_nothing() -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", b"104857600")]
    taken, sent = await _drive(_scope(headers), b"x" * 1024, most=8 * 2**20)
    assert (sent[0]["status"], taken) == (413, 0)


async def test_the_codec_takes_a_larger_body_than_the_rest() -> None:
    """The Web UI posts a run's payloads to the codec: up to Temporal's own 4 MB message."""
    body = json.dumps({"payloads": [{"data": "a" * 3 * 2**20}]})
    async with client_of(quarry_app()) as client:
        codec = await client.post("/codec/decode", content=body)
        other = await client.post("/v1/questions", content=body)
    assert codec.status_code == 404  # past the limit: encryption is off in this app
    assert other.status_code == 413
    async with client_of(quarry_app(codec_max_body_bytes=2**20)) as client:
        assert (await client.post("/codec/decode", content=body)).status_code == 413


@pytest.mark.parametrize(
    "headers",
    [
        {"authorization": "Bearer " + "a" * 10 * 2**20},
        {"x-anything": "b" * 20_000},
        {f"x-h{i}": "c" * 1000 for i in range(20)},
    ],
    ids=["10 MB bearer", "one long header", "many headers"],
)
async def test_headers_over_the_limit_are_refused(headers: dict[str, str]) -> None:
    async with client_of(quarry_app()) as client:
        reply = await client.get("/v1/runs", headers=headers)
    assert reply.status_code == 431
    assert len(reply.content) < 100


async def test_a_long_target_counts_with_the_headers() -> None:
    async with client_of(quarry_app()) as client:
        reply = await client.get("/v1/runs", params={"q": "x" * 20_000})
    assert reply.status_code == 431


@pytest.mark.parametrize(
    "body",
    [
        {"question": "x" * 50_000},
        {"question": "How many flights?", "y" * 50_000: 1},
        {"question": ["x" * 1000] * 40},
    ],
    ids=["long question", "long unknown field", "many long values"],
)
async def test_a_422_is_short_and_does_not_repeat_the_input(body: dict[str, object]) -> None:
    async with client_of(quarry_app()) as client:
        reply = await client.post("/v1/questions", json=body)
    assert reply.status_code == 422
    assert len(reply.content) < 1000
    assert "x" * 100 not in reply.text and "y" * 100 not in reply.text
    detail = reply.json()["detail"]
    assert detail[0]["msg"] and detail[0]["loc"][0] == "body"
    assert all("input" not in error for error in detail)


async def test_a_422_keeps_the_bounds_it_names() -> None:
    async with client_of(quarry_app()) as client:
        reply = await client.post("/v1/questions", json={"question": "x" * 2001})
    (error,) = reply.json()["detail"]
    assert error == {
        "type": "string_too_long",
        "loc": ["body", "question"],
        "msg": "String should have at most 2000 characters",
        "ctx": {"max_length": 2000},
    }


async def test_the_number_of_errors_shown_is_capped() -> None:
    steps = [{"name": f"B{i}", "agent": "x" * 50} for i in range(20)]
    async with client_of(quarry_app()) as client:
        reply = await client.post("/v1/pipelines/runs", json={"spec": {"steps": steps}})
    assert reply.status_code == 422
    assert len(reply.json()["detail"]) == 10 and reply.json()["more_errors"] == 30


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("path", ["/v1/questions", "/v1/pipelines/runs"])
async def test_wait_seconds_must_be_a_finite_number(path: str, value: str) -> None:
    """JSON has no NaN, but Python's parser takes one: it gave a 503, not a 422."""
    body = f'{{"question": "How many flights?", "wait_seconds": {value}}}'
    if path.endswith("pipelines/runs"):
        step = {"name": "a", "agent": "ask", "inputs": {"question": "How many flights?"}}
        body = f'{{"spec": {{"steps": [{json.dumps(step)}]}}, "wait_seconds": {value}}}'
    async with client_of(quarry_app()) as client:
        reply = await client.post(path, content=body, headers={"content-type": "application/json"})
    assert reply.status_code == 422
    (error,) = reply.json()["detail"]
    assert error["loc"] == ["body", "wait_seconds"]
    assert "finite" in error["msg"]


# The real server: uvicorn, in this process and under `quarry up` as deployed.


def _exchange(port: int, head: bytes, chunks: int = 0) -> tuple[bytes, int]:
    """Sends a request over a raw socket (sizes and framings no client library would make) in
    64 KB pieces, the head's too, until the server answers: its status line, and how many
    bytes went out before it did."""
    piece = 65536
    pieces = [head[i : i + piece] for i in range(0, len(head), piece)]
    pieces += [b"%x\r\n%s\r\n" % (piece, b"x" * piece)] * chunks
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        for each in pieces:
            if _answered(conn):
                break
            try:
                conn.sendall(each)
            except (BrokenPipeError, ConnectionResetError):
                break  # it answered and closed while we were still sending
            sent += len(each)
        conn.settimeout(30)
        reply = conn.recv(4096)
    return reply.split(b"\r\n", 1)[0], sent


def _answered(conn: socket.socket) -> bool:
    conn.settimeout(0.002)
    try:
        return bool(conn.recv(1, socket.MSG_PEEK))
    except TimeoutError:
        return False
    finally:
        conn.settimeout(30)


async def test_the_server_stops_reading_a_head_past_the_limit() -> None:
    """httptools, uvicorn's parser here, has no limit: a 10 MB header was read whole and parsed
    before any application code could judge it."""
    from api.head_limit import bounded_head_protocol

    called = 0

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        nonlocal called
        called += 1
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    listening = socket.create_server(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    config = uvicorn.Config(
        app, http=bounded_head_protocol(16384), log_level="error", lifespan="off"
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[listening]))
    try:  # the socket listens already: a client may connect before the server serves
        bearer = b"GET / HTTP/1.1\r\nHost: q\r\nAuthorization: Bearer " + b"a" * 10 * 2**20
        status, sent = await asyncio.to_thread(_exchange, port, bearer + b"\r\n\r\n")
        assert status == b"HTTP/1.1 431 Request Header Fields Too Large"
        assert sent < 2**20 and called == 0
        # a head within the limit, with a body in the same chunk, is served
        small = b"POST / HTTP/1.1\r\nHost: q\r\nContent-Length: 60000\r\n\r\n" + b"x" * 60000
        status, _ = await asyncio.to_thread(_exchange, port, small)
        assert status == b"HTTP/1.1 204 No Content" and called == 1
    finally:
        server.should_exit = True
        await serving


@pytest.mark.integration
def test_the_real_server_refuses_before_reading(stack: Stack) -> None:
    port = int(stack.env["API_PORT"])
    post = b"POST /v1/questions HTTP/1.1\r\nHost: q\r\nContent-Type: application/json\r\n"
    declared, _ = _exchange(port, post + b"Content-Length: 104857600\r\n\r\n{")
    assert declared == b"HTTP/1.1 413 Request Entity Too Large"
    streamed, sent = _exchange(port, post + b"Transfer-Encoding: chunked\r\n\r\n", chunks=1600)
    assert streamed == b"HTTP/1.1 413 Request Entity Too Large"
    assert sent < 10 * 2**20  # cut off, not read to the end (100 MB)
    bearer = b"GET /v1/runs HTTP/1.1\r\nHost: q\r\nAuthorization: Bearer " + b"a" * 10 * 2**20
    status, sent = _exchange(port, bearer + b"\r\n\r\n")
    assert status == b"HTTP/1.1 431 Request Header Fields Too Large"
    assert sent < 2**20


async def test_the_codec_refuses_a_bad_body_without_repeating_it() -> None:
    app = quarry_app()
    app.state.codec = codec_from(Settings(encryption_key=base64.b64encode(b"k" * 32).decode()))
    async with client_of(app) as client:
        reply = await client.post("/codec/decode", content=json.dumps({"z" * 100_000: 1}))
    assert reply.status_code == 422
    assert len(reply.content) < 1000 and "z" * 300 not in reply.text
