"""Compiling a data model folder with Cube's own compiler (`cube/compile.js`), without a server:
whether it compiles, Cube's message where it does not, and its cubes as /v1/meta lists them."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CUBE_DIR = Path(__file__).resolve().parents[2] / "cube"
COMPILE_SECONDS = 120


@dataclass
class Compiled:
    ok: bool
    error: str = ""
    cubes: list[dict[str, Any]] = field(default_factory=list)

    sql: list[Any] = field(default_factory=list)  # per query: [statement, params] or {error}
    untitled: list[str] = field(default_factory=list)  # members written without a title


def compile_model(folder: Path, queries: list[dict[str, Any]] | None = None) -> Compiled:
    """Compiles the folder; with `queries`, also the SQLite statement of each."""
    node = shutil.which("node")
    if node is None:
        return Compiled(False, "node is not installed: Cube needs it to compile a model")
    if not (CUBE_DIR / "node_modules").is_dir():
        return Compiled(False, f"Cube is not installed: run `npm ci` in {CUBE_DIR}")
    command = [node, str(CUBE_DIR / "compile.js"), str(folder.resolve())]
    try:
        done = subprocess.run(
            command + (["--sql"] if queries is not None else []),
            input=json.dumps(queries or []),
            capture_output=True,
            text=True,
            timeout=COMPILE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Compiled(False, f"Cube's compiler did not finish in {COMPILE_SECONDS} s")
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return Compiled(False, (done.stderr or done.stdout).strip()[-2000:] or "no output")
    return Compiled(
        bool(result.get("ok")),
        str(result.get("error", "")),
        result.get("cubes", []),
        result.get("sql", []),
        result.get("untitled", []),
    )
