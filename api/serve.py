"""One API process on a listening socket inherited from `quarry up` (`--fd N`).

Not `uvicorn --fd`: uvicorn adopts such a socket as a Unix socket, so asyncio never sets
TCP_NODELAY on its connections and every small reply waits out a delayed ACK (about 40 ms).
`socket.socket(fileno=...)` reads the socket's real family (TCP).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
from typing import Literal

import uvicorn

from services.settings import get_settings

# Not uvicorn's own X-Forwarded-For handling: by default it believes that header from any peer
# on 127.0.0.1, so every local client could choose its address. The gate (api/gate.py) reads
# it only from TRUSTED_PROXIES.
OPTIONS: dict[str, object] = {"proxy_headers": False, "log_level": "warning"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fd", type=int, required=True, help="inherited listening socket")
    args = parser.parse_args()
    listening = socket.socket(fileno=args.fd)
    limit = get_settings().max_header_bytes
    config = uvicorn.Config(
        "api.main:create_app",
        factory=True,
        http=_protocol(limit),
        h11_max_incomplete_event_size=limit,  # used only when httptools is missing
        **OPTIONS,  # type: ignore[arg-type]
    )
    uvicorn.Server(config).run(sockets=[listening])


def _protocol(max_head_bytes: int) -> type[asyncio.Protocol] | Literal["h11"]:
    """httptools (what uvicorn picks when it is installed) with a cap on each request's head;
    h11, which has its own, where httptools is missing."""
    try:
        from api.head_limit import bounded_head_protocol
    except ImportError:
        return "h11"
    return bounded_head_protocol(max_head_bytes)


if __name__ == "__main__":
    main()
