"""One API process on a listening socket inherited from `quarry up` (`--fd N`).

Not `uvicorn --fd`: uvicorn adopts such a socket as a Unix socket, so asyncio never sets
TCP_NODELAY on its connections and every small reply waits out a delayed ACK (about 40 ms).
`socket.socket(fileno=...)` reads the socket's real family (TCP).
"""

from __future__ import annotations

import argparse
import socket

import uvicorn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fd", type=int, required=True, help="inherited listening socket")
    args = parser.parse_args()
    listening = socket.socket(fileno=args.fd)
    config = uvicorn.Config("api.main:create_app", factory=True, log_level="warning")
    uvicorn.Server(config).run(sockets=[listening])


if __name__ == "__main__":
    main()
