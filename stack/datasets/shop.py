"""TPC-H at scale factor 0.1 in SQLite: business data (customers, orders, line items, parts,
suppliers, nations, regions), generated offline by DuckDB's TPC-H extension (PyPI `duckdb` and
`duckdb-extension-tpch`), deterministic, in a few seconds.

Dates are stored as ISO text with a time (Cube compares date ranges as strings, as for the
flights), and each line item carries its order's date, so revenue has a date of its own.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb

VERSION = 1
SCALE_FACTOR = 0.1

# table -> its columns, in the order SQLite gets them; dates become ISO text
TABLES: dict[str, str] = {
    "region": "r_regionkey, r_name, r_comment",
    "nation": "n_nationkey, n_name, n_regionkey, n_comment",
    "customer": "c_custkey, c_name, c_address, c_nationkey, c_phone, c_acctbal, c_mktsegment,"
    " c_comment",
    "supplier": "s_suppkey, s_name, s_address, s_nationkey, s_phone, s_acctbal, s_comment",
    "part": "p_partkey, p_name, p_mfgr, p_brand, p_type, p_size, p_container, p_retailprice,"
    " p_comment",
    "partsupp": "ps_partkey, ps_suppkey, ps_availqty, ps_supplycost, ps_comment",
    "orders": "o_orderkey, o_custkey, o_orderstatus, o_totalprice, o_orderdate, o_orderpriority,"
    " o_clerk, o_shippriority, o_comment",
    "lineitem": "l_orderkey, l_partkey, l_suppkey, l_linenumber, l_quantity, l_extendedprice,"
    " l_discount, l_tax, l_returnflag, l_linestatus, l_shipdate, l_commitdate, l_receiptdate,"
    " l_shipinstruct, l_shipmode, l_comment",
}
DATES = ("o_orderdate", "l_shipdate", "l_commitdate", "l_receiptdate")
INDEXES = (
    ("orders", "o_custkey"),
    ("orders", "o_orderdate"),
    ("lineitem", "l_orderkey"),
    ("lineitem", "l_orderdate"),
    ("customer", "c_nationkey"),
    ("supplier", "s_nationkey"),
)


def build(conn: sqlite3.Connection) -> None:
    source = duckdb.connect()
    source.execute(f"LOAD '{_extension()}'")
    source.execute(f"CALL dbgen(sf={SCALE_FACTOR})")
    for table, columns in TABLES.items():
        _copy(source, conn, table, [c.strip() for c in columns.split(",")])
    conn.execute("ALTER TABLE lineitem ADD COLUMN l_orderdate DATE")
    conn.execute(
        "UPDATE lineitem SET l_orderdate ="
        " (SELECT o_orderdate FROM orders WHERE o_orderkey = lineitem.l_orderkey)"
    )
    for table, column in INDEXES:
        conn.execute(f"CREATE INDEX {table}_{column} ON {table}({column})")
    source.close()


def _copy(
    source: duckdb.DuckDBPyConnection, conn: sqlite3.Connection, table: str, columns: list[str]
) -> None:
    """One table, dates as ISO text and decimals as floats. Tables keyed by one column get it
    as primary key; the others keep SQLite's rowid, which their Cube model uses."""
    kinds = dict(
        source.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
            [table],
        ).fetchall()
    )
    selected = ", ".join(_as_stored(c, str(kinds[c])) for c in columns)
    declared = ", ".join(f"{c} {_sqlite_type(c, str(kinds[c]))}" for c in columns)
    keyed = table not in ("partsupp", "lineitem")
    key = f", PRIMARY KEY ({columns[0]})" if keyed else ""
    conn.execute(f"CREATE TABLE {table} ({declared}{key})")
    rows = source.execute(f"SELECT {selected} FROM {table}").fetchall()
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _sqlite_type(column: str, kind: str) -> str:
    if column in DATES:
        return "DATE"
    if "INT" in kind:
        return "INTEGER"
    if kind.startswith(("DECIMAL", "DOUBLE", "FLOAT")):
        return "REAL"
    return "TEXT"


def _as_stored(column: str, kind: str) -> str:
    if column in DATES:
        return f"strftime({column}, '%Y-%m-%dT00:00:00.000') AS {column}"
    if kind.startswith("DECIMAL"):
        return f"CAST({column} AS DOUBLE) AS {column}"
    return column


def _extension() -> Path:
    """The TPC-H extension file the PyPI package ships (no download at run time)."""
    import duckdb_extension_tpch

    folder = Path(duckdb_extension_tpch.__file__).parent
    found = next(folder.rglob("tpch.duckdb_extension"), None)
    if found is None:
        raise RuntimeError(f"the tpch extension is missing from {folder}")
    return found
