"""A CLI command's call of the API: the reply on a 200, else a reason for the person."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from cli.calling import call_api


class _Api(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        ok = self.path == "/ok"
        self.send_response(200 if ok else 404)
        self.end_headers()
        self.wfile.write(b'{"found": true}' if ok else b'{"detail": "no such thing"}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def api() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_200_is_the_reply(api: str) -> None:
    reply = call_api("explain", "GET", f"{api}/ok")
    assert reply is not None and reply.json() == {"found": True}


def test_another_status_is_reported_with_the_body(
    api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert call_api("vocabulary", "GET", f"{api}/missing") is None
    assert capsys.readouterr().err.startswith("quarry vocabulary: 404 ")


def test_no_answer_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert call_api("explain", "GET", "http://127.0.0.1:9/") is None
    assert "quarry explain: the API did not answer" in capsys.readouterr().err
