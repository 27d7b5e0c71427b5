"""`quarry model init`: a starter Cube model from a SQLite schema, joins declared or guessed."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from cli import main
from stack.starter_model import read_schema, write_model


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A small shop: declared keys, TPC-H-style key names, ids, and a table with no key."""
    path = tmp_path / "shop.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            CREATE TABLE region (r_regionkey INTEGER PRIMARY KEY, r_name TEXT);
            CREATE TABLE nation (n_nationkey INTEGER PRIMARY KEY, n_name TEXT, n_regionkey INTEGER);
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, balance REAL);
            CREATE TABLE orders (
                order_id INTEGER PRIMARY KEY,
                customer_id INTEGER REFERENCES customers(id),
                placed_on DATE,
                total REAL
            );
            CREATE TABLE order_lines (order_id INTEGER, quantity INTEGER, price REAL, shipped TEXT);
            INSERT INTO order_lines VALUES (1, 2, 9.5, '2024-01-02');
            """
        )
    conn.close()
    return path


def test_joins_come_from_declared_keys_and_from_key_names(shop: Path) -> None:
    tables = {t.name: t for t in read_schema(shop)}
    assert tables["orders"].joins == {"customer_id": ("customers", "id")}  # declared
    assert tables["nation"].joins == {"n_regionkey": ("region", "r_regionkey")}  # by key name
    assert tables["order_lines"].joins == {"order_id": ("orders", "order_id")}
    assert tables["order_lines"].key == "rowid"  # no primary key declared


def test_the_model_has_measures_per_numeric_column_and_time_dimensions(
    shop: Path, tmp_path: Path
) -> None:
    written = write_model(shop, tmp_path / "model")
    assert sorted(p.stem for p in written) == [
        "customers",
        "nation",
        "order_lines",
        "orders",
        "region",
    ]
    orders = (tmp_path / "model" / "orders.js").read_text()
    assert "Edit before relying on it" in orders  # the comment telling the user what to do
    assert "customers: { relationship: `many_to_one`" in orders
    for agg in ("sum", "avg", "min", "max"):
        assert re.search(rf"{agg}_total: .*type: `{agg}`.*of: `orders.total`", orders)
    assert "placed_on: { sql: `placed_on`, type: `time`" in orders
    assert "distinct_customer_id:" in orders and "type: `count_distinct`" in orders
    lines = (tmp_path / "model" / "order_lines.js").read_text()
    assert "SELECT rowid, * FROM order_lines" in lines
    assert "shipped: { sql: `shipped`, type: `time`" in lines  # an undeclared date, sniffed


def test_the_command_writes_the_model_and_refuses_a_missing_file(
    shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cmd"
    assert main(["model", "init", "--sqlite", str(shop), "--out", str(out)]) == 0
    assert (out / "orders.js").exists()
    assert "wrote 5 cubes" in capsys.readouterr().out
    assert main(["model", "init", "--sqlite", str(tmp_path / "nope.sqlite")]) == 2
    assert "no such database file" in capsys.readouterr().err
