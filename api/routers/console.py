"""The web console: static files from console/static at `/`, and the chart libraries installed
from npm into console/node_modules (nothing from a CDN: users' machines may be offline)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse
from pydantic import BaseModel

from api.deps import SettingsDep
from services.settings import PROJECT_ROOT

router = APIRouter(include_in_schema=False)
CONSOLE = PROJECT_ROOT / "console"
STATIC = CONSOLE / "static"
# The few files the page loads from npm packages, by the name the page asks for.
VENDOR = {
    "vega.js": CONSOLE / "node_modules/vega/build/vega.min.js",
    "vega-lite.js": CONSOLE / "node_modules/vega-lite/build/vega-lite.min.js",
    "vega-embed.js": CONSOLE / "node_modules/vega-embed/build/vega-embed.min.js",
}
PAGES = {
    "app.js": "text/javascript",
    "style.css": "text/css",
    "vocabulary.html": "text/html",
    "vocabulary.js": "text/javascript",
}


class ConsoleConfig(BaseModel):
    temporal_ui_url: str
    namespace: str
    keys_required: bool


@router.get("/")
async def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/console/config.json")
async def config(settings: SettingsDep) -> ConsoleConfig:
    ui = settings.temporal_ui_url or f"http://127.0.0.1:{settings.temporal_ui_port}"
    return ConsoleConfig(
        temporal_ui_url=ui.rstrip("/"),
        namespace=settings.temporal_namespace,
        keys_required=not settings.open_mode,
    )


@router.get("/console/{name}")
async def page_file(name: str) -> FileResponse:
    if name not in PAGES:
        raise HTTPException(404, f"no console file {name!r}")
    return FileResponse(STATIC / name, media_type=PAGES[name])


@router.get("/console/vendor/{name}")
async def vendor_file(name: str) -> FileResponse:
    path = VENDOR.get(name)
    if path is None:
        raise HTTPException(404, f"no console library {name!r}")
    if not path.exists():
        raise HTTPException(404, f"{name} is not installed: run `make setup` (npm ci in console/)")
    # Versioned by console/package-lock.json: safe to keep for a day.
    return FileResponse(
        path, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"}
    )
