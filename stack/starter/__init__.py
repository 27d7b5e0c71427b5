"""`quarry model init`: a starter Cube data model that answers, read from a SQLite database.

`schema` reads tables, keys, joins and what the values show; `naming` guesses what each column
means to people (titles, other names, named values, money, display names); `render` builds the
cubes (a cube per role a table plays twice) and writes them; `curation` applies the curation
kept beside the model; `compiling` compiles it with Cube before anything is written.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from stack.starter.compiling import compile_model
from stack.starter.curation import CURATION_FILE, CurationError, apply_curation, load_curation
from stack.starter.render import build, to_javascript
from stack.starter.schema import read_schema


class ModelError(Exception):
    """The model could not be written: the database, the curation or Cube says why."""


def generate(database: Path, curation: Path | None = None) -> dict[str, str]:
    """File name -> JavaScript of the starter model, curated where a curation file exists."""
    cubes = build(read_schema(database))
    if curation is not None and curation.exists():
        try:
            cubes = apply_curation(cubes, load_curation(curation))
        except CurationError as exc:
            raise ModelError(f"{curation}: {exc}") from exc
    return {f"{c.name}.js": to_javascript(c, database.name) for c in cubes}


def write_model(database: Path, out: Path) -> list[Path]:
    """Writes the model into `out` once Cube compiles it, replacing the files an earlier run
    wrote there (its curation.toml is kept and applied). Raises ModelError saying why not."""
    files = generate(database, out / CURATION_FILE)
    with tempfile.TemporaryDirectory(prefix="quarry-model-") as scratch:
        for name, text in files.items():
            (Path(scratch) / name).write_text(text)
        compiled = compile_model(Path(scratch))
    if not compiled.ok:
        raise ModelError(f"Cube cannot compile the model: {compiled.error}")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.js"):
        if old.name not in files and "quarry model init" in old.read_text()[:200]:
            old.unlink()  # a cube the database no longer has
    written = []
    for name, text in files.items():
        (out / name).write_text(text)
        written.append(out / name)
    return written


__all__ = ["CURATION_FILE", "ModelError", "generate", "write_model"]
