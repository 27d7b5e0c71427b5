"""Size limits on every request, enforced before anything parses it: the request line and
headers (431), and the body (413), with a short JSON reason.

Plain ASGI, like ObserveMiddleware: it runs on every request, the cached answers' too. A body
with a Content-Length is judged by it at once, and the server (h11 or httptools) frames the body
by that length, so nothing more is counted; a chunked body is read here, counted as it streams,
and cut off at the limit, so the application never holds more than the limit of it.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CODEC_PREFIX = "/codec/"  # the one route that needs more: the Web UI posts whole payloads


class SizeLimits:
    def __init__(
        self, app: ASGIApp, max_body_bytes: int, codec_max_body_bytes: int, max_header_bytes: int
    ) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.codec_max_body = codec_max_body_bytes
        self.max_header = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head, length, chunked = _measure(scope)
        if head > self.max_header:
            await _refuse(send, 431, f"request headers over {self.max_header} bytes")
            return
        limit = self.codec_max_body if scope["path"].startswith(CODEC_PREFIX) else self.max_body
        if chunked:
            await self._streamed(scope, receive, send, limit)
        elif length is None:
            await self.app(scope, receive, send)  # no body
        elif length < 0:
            await _refuse(send, 400, "Content-Length is not a number")
        elif length > limit:
            await _refuse(send, 413, f"request body over {limit} bytes")
        else:
            await self.app(scope, receive, send)

    async def _streamed(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Reads a chunked body up to `limit`, then hands it on whole: refused past it."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left before its body ended: nobody to answer
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _refuse(send, 413, f"request body over {limit} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)


def _measure(scope: Scope) -> tuple[int, int | None, bool]:
    """In one pass over the headers (this runs on every request): the bytes of the request
    line's target and the headers; the Content-Length (None when absent, -1 when not a
    number); whether the body is chunked."""
    head = len(scope.get("raw_path") or b"") + len(scope.get("query_string", b""))
    length: int | None = None
    chunked = False
    for name, value in scope["headers"]:
        head += len(name) + len(value)
        if name == b"content-length":
            length = _length(value)
        elif name == b"transfer-encoding":
            chunked = True
    return head, length, chunked


def _length(value: bytes) -> int:
    if not value.isdigit():
        return -1
    # more digits than any body could have: no need to make (or fail to make) the number
    return int(value) if len(value) <= 18 else 10**18


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, then whatever the server says next (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refuse(send: Send, status: int, reason: str) -> None:
    # `connection: close`: the server stops reading what is left of the body and drops it
    body = json.dumps({"detail": reason}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
