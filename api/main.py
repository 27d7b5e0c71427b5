"""The FastAPI application: clients built once in the lifespan, one router per resource."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from temporalio.client import Client
from temporalio.service import RPCError

from api.auth import load_keys
from api.cost_limits import build_limiters
from api.deps import Services
from api.errors import validation_failed
from api.gate import GateMiddleware
from api.limits import SizeLimits
from api.routers import (
    cache,
    codec,
    console,
    health,
    pipelines,
    questions,
    runs,
    stats,
    vocabulary,
)
from api.routers.stats import BacklogCache
from services.cache import build_cache, redis_client
from services.catalogs import CatalogProvider
from services.codec import codec_from
from services.cube import CubeClient, build_http_client
from services.hints import RunHints
from services.metrics import HTTP_REQUEST_SECONDS
from services.settings import Settings, get_settings
from services.startup import refuse_unsafe_start
from services.stats import StatsCollector
from services.telemetry import setup_tracing
from services.temporal import connect
from services.visibility import register_search_attributes
from services.vocabulary import StoreUnavailable, VocabularyStore

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    if settings is None:
        # A process's start (uvicorn's factory call): it refuses to run in an unsafe posture.
        # An app built in-process by a test is handed the settings the test chose.
        settings = get_settings()
        refuse_unsafe_start(settings, "api")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # lazy: the API starts (and /healthz can say so) even while Temporal is still coming up.
        app.state.temporal = await connect(settings, lazy=True)
        app.state.redis = redis_client(settings)
        app.state.cache = build_cache(settings, app.state.redis)
        app.state.hints = RunHints(app.state.redis, app.state.cache.guard)
        app.state.cube_http = build_http_client(
            settings.cube_api_url, settings.cube_timeout_seconds
        )
        app.state.settings = settings
        app.state.catalogs = _catalogs(app.state.cube_http, settings)
        app.state.stats = StatsCollector()
        app.state.api_keys = load_keys(settings)
        app.state.codec = codec_from(settings)
        app.state.stats_backlogs = BacklogCache(settings.stats_cache_seconds)
        build_limiters(app.state, settings)
        app.state.vocabulary = VocabularyStore.configured(settings)
        app.state.services = Services(
            temporal=app.state.temporal,
            settings=settings,
            cache=app.state.cache,
            stats=app.state.stats,
            hints=app.state.hints,
            catalogs=app.state.catalogs,
            run_limiter=app.state.run_limiter,
            vocabulary=app.state.vocabulary,
        )
        registering = asyncio.create_task(_register_when_ready(app.state.temporal, settings))
        try:
            yield
        finally:
            registering.cancel()
            await app.state.cube_http.aclose()
            await app.state.redis.aclose()

    app = FastAPI(
        title="Quarry",
        description="Ask questions about your data; durable AI-agent pipelines on Temporal.",
        version="0.1.0",
        lifespan=lifespan,
    )
    for module in (questions, runs, pipelines, cache, stats, health, codec, console, vocabulary):
        app.include_router(module.router)
    app.add_exception_handler(Exception, _unexpected)
    app.add_exception_handler(StoreUnavailable, _store_unavailable)
    app.add_exception_handler(RequestValidationError, validation_failed)
    app.add_middleware(GateMiddleware)  # inside ObserveMiddleware: its refusals are observed
    app.add_middleware(
        SizeLimits,  # inside CORS, so that the Web UI can read a refusal of the codec's
        max_body_bytes=settings.max_body_bytes,
        codec_max_body_bytes=settings.codec_max_body_bytes,
        max_header_bytes=settings.max_header_bytes,
    )
    app.add_middleware(ObserveMiddleware)
    app.add_middleware(
        CORSMiddleware,  # for the Temporal Web UI calling the codec endpoint
        allow_origins=[o.strip() for o in settings.codec_cors_origins.split(",") if o.strip()],
        allow_methods=["POST", "OPTIONS"],
        allow_headers=["authorization", "content-type", "x-namespace"],
        allow_credentials=True,
    )
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=setup_tracing(settings, "quarry-api"),
        exclude_spans=["receive", "send"],  # a span per ASGI message costs more than it tells
    )
    return app


class ObserveMiddleware:
    """Latency by route template and status, for /metrics and /v1/stats.

    Plain ASGI rather than BaseHTTPMiddleware, which costs a task group and a response stream
    per request: on a cached answer that was a third of the API's CPU.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def observe_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observe_send)
        finally:
            _record(scope, status, time.perf_counter() - started)


def _catalogs(http: httpx.AsyncClient, settings: Settings) -> CatalogProvider | None:
    """What the query agent knows of each tenant's data, for explanations (built on first use)."""
    if settings.cube_api_secret is None:
        return None
    secret = settings.cube_api_secret.get_secret_value()
    return CatalogProvider(CubeClient(http, secret, model_of=settings.model_of))


async def _register_when_ready(client: Client, settings: Settings) -> None:
    """Registers the search attributes once Temporal answers (the worker does so too)."""
    while True:
        try:
            await register_search_attributes(client, settings.temporal_namespace)
            return
        except RPCError:
            await asyncio.sleep(2)


def _record(scope: Scope, status: int, elapsed: float) -> None:
    route = getattr(scope.get("route"), "path", "unmatched")
    method = scope["method"]
    HTTP_REQUEST_SECONDS.labels(method, route, str(status)).observe(elapsed)
    collector = getattr(scope["app"].state, "stats", None)
    if collector is not None:
        collector.record(f"{method} {route}", elapsed * 1000, status < 500)


async def _store_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The vocabulary store cannot be reached: a 503 that says which store and why (its
    message never holds a password)."""
    log.warning("%s", exc)
    return JSONResponse(status_code=503, content={"detail": str(exc)})


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """A failure we did not foresee is still a clear message, never a stack trace."""
    return JSONResponse(
        status_code=503,
        content={"detail": f"the service could not complete the request ({type(exc).__name__})"},
    )
