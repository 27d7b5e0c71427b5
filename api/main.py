"""The FastAPI application: clients built once in the lifespan, one router per resource."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as redis
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.routers import health, questions, runs
from services.cube import build_http_client
from services.settings import Settings, get_settings
from services.temporal import connect


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # lazy: the API starts (and /healthz can say so) even while Temporal is still coming up.
        app.state.temporal = await connect(settings, lazy=True)
        app.state.redis = redis.Redis.from_url(
            settings.redis_url, socket_timeout=2.0, socket_connect_timeout=2.0
        )
        app.state.cube_http = build_http_client(
            settings.cube_api_url, settings.cube_timeout_seconds
        )
        app.state.settings = settings
        try:
            yield
        finally:
            await app.state.cube_http.aclose()
            await app.state.redis.aclose()

    app = FastAPI(
        title="Quarry",
        description="Ask questions about your data; durable AI-agent pipelines on Temporal.",
        version="0.1.0",
        lifespan=lifespan,
    )
    for module in (questions, runs, health):
        app.include_router(module.router)
    app.add_exception_handler(Exception, _unexpected)
    return app


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """A failure we did not foresee is still a clear message, never a stack trace."""
    return JSONResponse(
        status_code=503,
        content={"detail": f"the service could not complete the request ({type(exc).__name__})"},
    )
