"""`quarry model init | check | try`: a starter data model from a SQLite database, what in a
model the agent cannot use, and how a question reads on a model with no stack running."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from services.settings import PROJECT_ROOT


def model_folder(name_or_path: str) -> Path:
    """A model by its name (cube/model/NAME) or its folder."""
    path = Path(name_or_path)
    return path if path.is_dir() or "/" in name_or_path else PROJECT_ROOT / "cube" / "model" / path


def init_model(database: Path, out: Path | None, refresh: bool) -> int:
    from stack.starter import CURATION_FILE, ModelError, write_model

    if not database.is_file():
        print(f"quarry model init: no such database file: {database}", file=sys.stderr)
        return 2
    folder = out or PROJECT_ROOT / "cube" / "model" / database.stem
    if any(folder.glob("*.js")) and not refresh:
        print(
            f"quarry model init: {folder} already holds a model; --refresh writes it again "
            f"from the database and applies its {CURATION_FILE}",
            file=sys.stderr,
        )
        return 2
    try:
        written = write_model(database, folder)
    except ModelError as exc:
        print(f"quarry model init: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a file that is no SQLite database, or unreadable
        print(f"quarry model init: cannot read {database}: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} cubes to {folder}: {', '.join(p.stem for p in written)}")
    print(
        f"It compiles with Cube. Try it: quarry model try {folder} --sqlite {database} "
        f'"a question"; curate it in {folder / CURATION_FILE} (kept by --refresh).'
    )
    return 0


def check(name: str) -> int:
    from stack.starter.checking import check_model

    folder = model_folder(name)
    if not folder.is_dir():
        print(f"quarry model check: no model folder {folder}", file=sys.stderr)
        return 2
    problems, notes = check_model(folder)
    for line in problems:
        print(f"problem: {line}")
    for line in notes:
        print(f"note: {line}")
    print(f"{folder}: {len(problems)} problems, {len(notes)} notes")
    return 1 if problems else 0


def try_question(name: str, database: Path, questions: list[str]) -> int:
    from cli.explaining import render
    from stack.starter.trying import LocalModel
    from understanding import offline
    from understanding.explain import explain

    folder = model_folder(name)
    try:
        model = LocalModel(folder, database)
    except (OSError, ValueError) as exc:
        print(f"quarry model try: {exc}", file=sys.stderr)
        return 2
    try:
        catalog = model.catalog()
        for question in questions:
            print(render(explain(question, catalog)))
            try:
                print(f"\n{model.answer(question, catalog).markdown}\n")
            except offline.NeedsClarification:
                print()
    except (ValueError, sqlite3.Error) as exc:  # the model's SQL, or the database, says no
        print(f"quarry model try: {exc}", file=sys.stderr)
        return 1
    return 0
