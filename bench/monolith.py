"""The seed's architecture, for comparison: one FastAPI process calling the three agents in
sequence, in process, with no durability (a crash loses the request) and no cache. It uses
Quarry's own agent code and clients, so the difference measured is the architecture.

    .venv/bin/uvicorn bench.monolith:create_app --factory --port 17380
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from activities.cube_agent import to_fetch_result
from activities.format_agent import render
from services.catalogs import CatalogProvider
from services.cube import CubeClient, build_http_client
from services.settings import get_settings
from understanding import llm

RETRIES = 5  # the seed's retry decorator


class Question(BaseModel):
    question: str
    wait_seconds: float | None = None


@asynccontextmanager
async def agent_clients() -> AsyncIterator[tuple[CubeClient, llm.LlmClient]]:
    """Cube and LLM clients from Quarry's settings, without breakers: the comparison builds'."""
    settings = get_settings()
    assert settings.cube_api_secret is not None
    async with (
        build_http_client(settings.cube_api_url, settings.cube_timeout_seconds) as http,
        llm.build_http_client(settings.llm_base_url, settings.llm_timeout_seconds) as llm_http,
    ):
        cube = CubeClient(http, settings.cube_api_secret.get_secret_value())
        yield cube, llm.LlmClient(llm_http, settings.llm_model, None)


def create_app() -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with agent_clients() as (cube, llm_client):
            app.state.cube, app.state.llm = cube, llm_client
            app.state.catalogs = CatalogProvider(cube)
            yield

    app = FastAPI(lifespan=lifespan)

    @app.post("/v1/questions")
    async def ask(body: Question) -> dict[str, object]:
        catalog = await app.state.catalogs.get("default")
        for attempt in range(RETRIES):
            try:
                understood = await llm.understand(app.state.llm, body.question, catalog, None)
                break
            except llm.LlmError:
                if attempt == RETRIES - 1:
                    raise HTTPException(502, "the LLM failed") from None
                await asyncio.sleep(0.2 * 2**attempt)
        assert understood.query is not None
        data = to_fetch_result(await app.state.cube.load(understood.query, "default"))
        answer = render(understood.query, data)
        return {"status": "completed", "answer": answer.model_dump()}

    return app
