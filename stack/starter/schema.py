"""What a SQLite database says of itself, and what its values show: tables, columns with their
kind and how many distinct values they hold, keys, and joins (declared, or guessed from names)."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from stack.starter.words import singular, words_of

NUMERIC = ("INT", "REAL", "FLOA", "DOUB", "NUM", "DEC")
TIME = ("DATE", "TIME")
FEW_VALUES = 20  # a column with at most this many values has them all read
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PEOPLE = {"employee", "employees", "staff", "person", "people", "user", "users", "member"}
# What a column that points to its own table's rows is named for, without its "id".
SELF_ROLES = frozenset({"reports to", "manager", "supervisor", "boss", "parent", "managed by"})


@dataclass
class Column:
    name: str
    kind: str  # number, string, time or boolean
    primary: bool = False
    distinct: int = 0
    filled: int = 0  # rows where it is not NULL
    length: float = 0.0  # average length of its text
    text_date: bool = False  # a date stored as text
    flag: bool = False  # only 0 and 1
    high: float | None = None  # its largest value, where it is a number
    values: list[str] = field(default_factory=list)  # all of them, where there are few

    @property
    def words(self) -> list[str]:
        return words_of(self.name)


@dataclass
class Join:
    column: str  # in the joining table
    target: str  # the table joined
    key: str  # the target's column


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: int = 0
    joins: list[Join] = field(default_factory=list)
    has_rowid: bool = True

    @property
    def key(self) -> str:
        """Its one key column; else SQLite's rowid; else "" (a view: no row is named)."""
        keys = [c.name for c in self.columns if c.primary]
        return keys[0] if len(keys) == 1 else "rowid" if self.has_rowid else ""

    @property
    def prefix(self) -> str:
        """The prefix every column shares ("c_" in TPC-H's customer), or ""."""
        names = [c.name for c in self.columns]
        first = names[0].split("_", 1)[0] + "_" if "_" in names[0] else ""
        return first if first and all(n.startswith(first) for n in names) else ""

    def bare(self, column: str) -> str:
        return column[len(self.prefix) :] if column.startswith(self.prefix) else column

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def join_of(self, column: str) -> Join | None:
        return next((j for j in self.joins if j.column == column), None)

    @property
    def entity(self) -> str:
        """What one row is, singular: "invoice line" for `InvoiceLines` (a name in a script
        the splitter does not know stays as written)."""
        return singular(" ".join(words_of(self.name))) or self.name.lower()


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# Characters that would end or escape the JavaScript the model is written in (a template literal
# or a comment): a table or column named with them is left out of the model, never written.
UNSAFE = ("`", "$", "\\", "\n", "\r")


def safe_name(name: str) -> bool:
    return bool(name) and not any(c in name for c in UNSAFE)


def read_schema(path: Path) -> list[Table]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        tables = [t for name in names if safe_name(name) and (t := _table(conn, name))]
    real = {t.name.lower(): t.name for t in tables}
    for table in tables:
        # a key to a table left out, or named in another case (SQLite ignores case)
        table.joins = [
            Join(j.column, real[j.target.lower()], j.key)
            for j in table.joins
            if j.target.lower() in real
        ]
    _guess_joins(tables)
    return tables


def _table(conn: sqlite3.Connection, name: str) -> Table | None:
    """The table as read, or None where SQLite cannot read it (a view over a dropped column)."""
    try:
        info = list(conn.execute(f"PRAGMA table_info({quote(name)})"))
        columns = [Column(r[1], _kind(r[2]), primary=bool(r[5])) for r in info if safe_name(r[1])]
        if sum(c.primary for c in columns) > 1:  # a composite key: no one column identifies a row
            for c in columns:
                c.primary = False
        table = Table(name, columns)
        table.rows = conn.execute(f"SELECT count(*) FROM {quote(name)}").fetchone()[0]
        table.has_rowid = _has_rowid(conn, name)
        for column in columns:
            _profile(conn, table, column)
        if table.key in ("rowid", ""):
            _infer_key(table)
        keys = list(conn.execute(f"PRAGMA foreign_key_list({quote(name)})"))
    except sqlite3.Error:
        return None
    composite = {r[0] for r in keys if sum(k[0] == r[0] for k in keys) > 1}
    for row in keys:
        target_key = row[4] or _declared_key(conn, row[2])
        if target_key and row[0] not in composite:  # a key of several columns: no one join
            table.joins.append(Join(row[3], row[2], target_key))
    _guess_self_join(conn, table)
    return table


def _guess_self_join(conn: sqlite3.Connection, table: Table) -> None:
    """An undeclared key to the table's own rows, named for the one it points to
    ("ReportsTo", "manager_id", "parent_id"), whose every value is one of the table's keys."""
    if table.key in ("rowid", "") or any(j.target == table.name for j in table.joins):
        return
    joined = {j.column for j in table.joins}
    key_kind = table.column(table.key).kind
    for column in table.columns:
        words = [w for w in column.words if w not in ("id", "key", "no", "number")]
        if column.primary or column.name in joined or column.kind != key_kind:
            continue
        if " ".join(words) not in SELF_ROLES:
            continue
        if words != ["parent"] and not _people(table):
            continue  # a manager, a supervisor: of people
        name, key, source = quote(column.name), quote(table.key), quote(table.name)
        stray = conn.execute(
            f"SELECT count(*) FROM {source} WHERE {name} IS NOT NULL"
            f" AND {name} NOT IN (SELECT {key} FROM {source})"
        ).fetchone()[0]
        if column.filled and not stray:
            table.joins.append(Join(column.name, table.name, table.key))
            return


def _people(table: Table) -> bool:
    """A table of people: their first and last names, or a "person"/"employee"/"staff" name."""
    words = {w for c in table.columns for w in c.words}
    return {"first", "last"} <= words or bool(
        set(words_of(table.name))
        & {
            "employee",
            "employees",
            "staff",
            "person",
            "people",
            "user",
            "users",
            "member",
            "members",
        }
    )


def _has_rowid(conn: sqlite3.Connection, name: str) -> bool:
    try:
        conn.execute(f"SELECT rowid FROM {quote(name)} LIMIT 1").fetchall()
    except sqlite3.Error:
        return False  # a view, or a table WITHOUT ROWID
    return True


def _infer_key(table: Table) -> None:
    """A column named as an id of the table ("id", "OrderId", "order_id") whose values are all
    there and all different is its key, declared or not."""
    own = {"id", f"{table.entity} id".replace(" ", ""), f"{table.entity} id"}
    for column in table.columns:
        named = " ".join(column.words) in own or "".join(column.words) in own
        if named and column.distinct == column.filled == table.rows > 0:
            column.primary = True
            return


def _kind(declared: str) -> str:
    upper = (declared or "").upper()
    if "BOOL" in upper:
        return "boolean"
    if any(t in upper for t in TIME):
        return "time"
    if any(t in upper for t in NUMERIC) and "CHAR" not in upper and "TEXT" not in upper:
        return "number"
    return "string" if upper else ""


def _profile(conn: sqlite3.Connection, table: Table, column: Column) -> None:
    """Distinct values, filled rows and text length; the kind from the values where the declared
    type says none or says text (dates are often stored as ISO text, numbers as text)."""
    name, source = quote(column.name), quote(table.name)
    distinct, filled, length, low, high = conn.execute(
        f"SELECT count(DISTINCT {name}), count({name}), avg(length({name})), min({name}),"
        f" max({name}) FROM {source}"
    ).fetchone()
    column.distinct, column.filled, column.length = distinct, filled, float(length or 0)
    column.high = high if isinstance(high, int | float) else None
    if column.kind == "time":  # declared a date: kept as ISO text, or as numbers
        sample = [
            r[0]
            for r in conn.execute(f"SELECT {name} FROM {source} WHERE {name} IS NOT NULL LIMIT 50")
        ]
        column.text_date = bool(sample) and all(
            isinstance(v, str) and ISO_DATE.match(v) for v in sample
        )
    if column.kind in ("", "string"):
        sample = [
            r[0]
            for r in conn.execute(f"SELECT {name} FROM {source} WHERE {name} IS NOT NULL LIMIT 50")
        ]
        if sample and all(isinstance(v, int | float) for v in sample):
            column.kind = "number"
        elif sample and all(isinstance(v, str) and ISO_DATE.match(v) for v in sample):
            column.kind, column.text_date = "time", True
        else:
            column.kind = "string"
    if column.kind == "number" and distinct <= 2 and {low, high} <= {0, 1} and not column.primary:
        column.flag = True
    if column.kind == "string" and 0 < distinct <= FEW_VALUES:
        rows = conn.execute(f"SELECT DISTINCT {name} FROM {source} WHERE {name} IS NOT NULL")
        column.values = sorted(str(r[0]) for r in rows)


def _declared_key(conn: sqlite3.Connection, table: str) -> str | None:
    keys = [r[1] for r in conn.execute(f"PRAGMA table_info({quote(table)})") if r[5]]
    return keys[0] if len(keys) == 1 else None


def _guess_joins(tables: list[Table]) -> None:
    """Joins from key-like names where the database declares none: `c_nationkey` -> the table
    whose key is `n_nationkey`; `customer_id` or `CustomerId` -> the table `customer(s)`; a
    column named as another table's key."""
    by_key = {t.bare(t.key).lower(): t for t in tables if t.key not in ("rowid", "")}
    by_name = {" ".join(words_of(t.name)): t for t in tables}
    by_name.update({singular(k): t for k, t in list(by_name.items())})
    for table in tables:
        if table.joins:
            continue
        for column in table.columns:
            if column.primary:
                continue
            target = _guessed_target(table, column, by_key, by_name)
            if target is not None and target is not table:
                table.joins.append(Join(column.name, target.name, target.key))


def _guessed_target(
    table: Table, column: Column, by_key: dict[str, Table], by_name: dict[str, Table]
) -> Table | None:
    bare = table.bare(column.name)
    suffix = re.search(r"_?(key|id)$", bare, re.IGNORECASE)
    if suffix is None or suffix.start() == 0:
        return None
    target = by_key.get(bare.lower())
    stem = " ".join(words_of(bare[: suffix.start()]))
    if target is None and stem:
        target = by_name.get(stem) or by_name.get(singular(stem))
    if target is not None and target.key in ("rowid", ""):
        return None
    return target
