"""One call of the running API from a CLI command: the reply when it is a 200, else None with
the reason printed for the person ("quarry explain: the API did not answer: ...")."""

from __future__ import annotations

import sys
from typing import Any

import httpx


def call_api(command: str, method: str, url: str, **request: Any) -> httpx.Response | None:
    try:
        reply = httpx.request(method, url, timeout=30, **request)
    except httpx.HTTPError as exc:
        print(f"quarry {command}: the API did not answer: {exc}", file=sys.stderr)
        return None
    if reply.status_code != 200:
        print(f"quarry {command}: {reply.status_code} {reply.text}", file=sys.stderr)
        return None
    return reply
