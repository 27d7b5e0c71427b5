"""422 bodies that say what is wrong and where, never what was sent.

FastAPI's own handler repeats each error's `input` (a 100 KB question comes back as a 100 KB
error) and its `ctx`, and cannot answer at all when the input is a NaN (JSON has no NaN, so the
reply failed into a 503). Here each error keeps its type, its location and its message, with
its numeric bounds (`le`, `max_length`); the count and every text are capped.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

MAX_ERRORS = 10
MAX_MESSAGE = 200
MAX_LOCATION_PART = 64  # a location may hold a key the client chose (an unknown field)


async def validation_failed(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # registered for that type only
    errors = exc.errors()
    content: dict[str, Any] = {"detail": [_brief(error) for error in errors[:MAX_ERRORS]]}
    if len(errors) > MAX_ERRORS:
        content["more_errors"] = len(errors) - MAX_ERRORS
    return JSONResponse(status_code=422, content=content)


def _brief(error: Any) -> dict[str, Any]:
    brief: dict[str, Any] = {
        "type": str(error.get("type", "invalid")),
        "loc": [_location_part(part) for part in error.get("loc", ())],
        "msg": _capped(str(error.get("msg", "")), MAX_MESSAGE),
    }
    bounds = {
        name: value
        for name, value in (error.get("ctx") or {}).items()
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    }
    if bounds:
        brief["ctx"] = bounds
    return brief


def _location_part(part: object) -> int | str:
    return part if isinstance(part, int) else _capped(str(part), MAX_LOCATION_PART)


def _capped(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 3] + "..."
