"""A cap on a request's head (request line and headers) in the server itself, before it parses.

uvicorn's default HTTP parser here is httptools, which has no limit of its own: a 10 MB
Authorization header is read, joined and handed to the application whole (h11, the fallback,
stops at `h11_max_incomplete_event_size`, 16 KB by default). The ASGI layer (api/limits.py)
refuses such a request, but only after the server has held all of it. This protocol counts the
bytes of each head as they arrive and answers 431 once they pass the limit, without feeding
them to the parser.
"""

from __future__ import annotations

import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_END = b"\r\n\r\n"


class BoundedHeadProtocol(HttpToolsProtocol):
    max_head_bytes = 16 * 1024  # set per server by bounded_head_protocol()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True  # until the parser has the whole head of the current request
        self._head_bytes = 0
        self._tail = b""  # the head's last bytes so far: its end may span two chunks

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            if self._head_bytes + len(data) > self.max_head_bytes and not self._ends_in(data):
                self._refuse()
                return
            self._head_bytes += len(data)
            self._tail = data[-3:]
        super().data_received(data)

    def _ends_in(self, data: bytes) -> bool:
        """Whether the head ends within the limit in this chunk (a body may follow it)."""
        room = self.max_head_bytes - self._head_bytes
        seen = self._tail + data
        return seen.find(HEAD_END, 0, max(room, 0) + len(self._tail) + len(HEAD_END)) != -1

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_head, self._head_bytes, self._tail = True, 0, b""  # the connection's next
        super().on_message_complete()

    def _refuse(self) -> None:
        self.logger.warning("request head over %d bytes: refused", self.max_head_bytes)
        body = json.dumps({"detail": f"request headers over {self.max_head_bytes} bytes"})
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: application/json\r\n"
            + f"content-length: {len(body)}\r\n".encode()
            + b"connection: close\r\n\r\n"
            + body.encode()
        )
        self.transport.close()


def bounded_head_protocol(max_head_bytes: int) -> type[BoundedHeadProtocol]:
    """The protocol class for one server, with its limit (uvicorn instantiates the class)."""
    return type("BoundedHeadProtocol", (BoundedHeadProtocol,), {"max_head_bytes": max_head_bytes})
