"""The FastAPI application: clients built once in the lifespan, one router per resource."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from api.routers import cache, health, questions, runs, stats
from services.cache import build_cache, redis_client
from services.cube import build_http_client
from services.metrics import HTTP_REQUEST_SECONDS
from services.settings import Settings, get_settings
from services.stats import StatsCollector
from services.telemetry import setup_tracing
from services.temporal import connect


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # lazy: the API starts (and /healthz can say so) even while Temporal is still coming up.
        app.state.temporal = await connect(settings, lazy=True)
        app.state.redis = redis_client(settings)
        app.state.cache = build_cache(settings, app.state.redis)
        app.state.cube_http = build_http_client(
            settings.cube_api_url, settings.cube_timeout_seconds
        )
        app.state.settings = settings
        app.state.stats = StatsCollector()
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
    for module in (questions, runs, cache, stats, health):
        app.include_router(module.router)
    app.add_exception_handler(Exception, _unexpected)
    app.middleware("http")(_observe)
    FastAPIInstrumentor.instrument_app(app, tracer_provider=setup_tracing(settings, "quarry-api"))
    return app


async def _observe(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Latency by route template and status, for /metrics and /v1/stats."""
    started = time.perf_counter()
    response = await call_next(request)
    elapsed = time.perf_counter() - started
    route = getattr(request.scope.get("route"), "path", "unmatched")
    HTTP_REQUEST_SECONDS.labels(request.method, route, str(response.status_code)).observe(elapsed)
    collector = getattr(request.app.state, "stats", None)
    if collector is not None:
        collector.record(f"{request.method} {route}", elapsed * 1000, response.status_code < 500)
    return response


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """A failure we did not foresee is still a clear message, never a stack trace."""
    return JSONResponse(
        status_code=503,
        content={"detail": f"the service could not complete the request ({type(exc).__name__})"},
    )
