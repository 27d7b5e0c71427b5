"""One API process on a listening socket inherited from `quarry up` (`--fd N`).

Not `uvicorn --fd`: uvicorn adopts such a socket as a Unix socket, so asyncio never sets
TCP_NODELAY on its connections and every small reply waits out a delayed ACK (about 40 ms).
`socket.socket(fileno=...)` reads the socket's real family (TCP).
"""

from __future__ import annotations

import argparse
import socket

import uvicorn

# Not uvicorn's own X-Forwarded-For handling: by default it believes that header from any peer
# on 127.0.0.1, so every local client could choose its address. The gate (api/gate.py) reads
# it only from TRUSTED_PROXIES.
OPTIONS: dict[str, object] = {"proxy_headers": False, "log_level": "warning"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fd", type=int, required=True, help="inherited listening socket")
    args = parser.parse_args()
    listening = socket.socket(fileno=args.fd)
    config = uvicorn.Config("api.main:create_app", factory=True, **OPTIONS)  # type: ignore[arg-type]
    uvicorn.Server(config).run(sockets=[listening])


if __name__ == "__main__":
    main()
