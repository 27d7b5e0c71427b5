"""The data sets of the embedded stack, one SQLite file and one Cube data model each.

Each is built once, when `quarry up` finds its file missing or of an older version: built beside
and renamed, so a crash mid-load never leaves a half-filled file that looks done.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stack.datasets import flights, shop


@dataclass(frozen=True)
class Dataset:
    model: str  # its data model's folder in cube/model, and the name tenants are mapped to
    file: str  # its SQLite file in DATA_DIR
    title: str
    version: int  # bumped whenever the build changes, so an old file is rebuilt
    build: Callable[[sqlite3.Connection], None]

    def path(self, data_dir: Path) -> Path:
        return data_dir / self.file


DATASETS = (
    Dataset(
        "flights", "nycflights13.sqlite", "nycflights13", flights.SCHEMA_VERSION, flights.build
    ),
    Dataset("shop", "tpch.sqlite", "TPC-H at scale factor 0.1", shop.VERSION, shop.build),
)


def ensure_datasets(data_dir: Path) -> list[Dataset]:
    """Builds every data set whose file is missing or old; returns those it built."""
    return [d for d in DATASETS if ensure(d.path(data_dir), d.version, d.build)]


def ensure(path: Path, version: int, build: Callable[[sqlite3.Connection], None]) -> bool:
    if _version(path) == version:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(partial) as conn:
        build(conn)
        conn.execute("ANALYZE")
        conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    partial.replace(path)
    return True


def _version(path: Path) -> int | None:
    if not path.exists():
        return None
    try:
        with sqlite3.connect(path) as conn:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return int(version)
