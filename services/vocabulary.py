"""The vocabulary store: each tenant's remembered words, in a SQLite file (VOCABULARY_DB, the
embedded default) or in a PostgreSQL the user runs (VOCABULARY_URL).

Every call takes the tenant and every statement filters on it, so one tenant's entries never
reach another's questions, lists or edits. The API and the worker open the same database; calls
run in a thread with a short connection each (stdlib sqlite3, or psycopg), so processes never
share a handle. Both backends run the same statements (written with `?` placeholders); they
differ only in how they connect, their placeholder and the id column of the schema.
"""

from __future__ import annotations

import asyncio
import functools
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from models.vocabulary import (
    Approved,
    Entry,
    EntryStatus,
    Feedback,
    LearnedWord,
    Verdict,
    normalize_phrase,
)
from services.settings import redact_url

if TYPE_CHECKING:
    from services.settings import Settings

T = TypeVar("T")

# How long opening a PostgreSQL connection may take: an unreachable store is a clear failure
# (a 503 in the API, a retried activity), not a hang. No retries here: the caller decides.
CONNECT_TIMEOUT_SECONDS = 5

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS entries (
    id {id},
    tenant TEXT NOT NULL,
    phrase TEXT NOT NULL,
    meaning TEXT NOT NULL,
    members TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    reason TEXT,
    question TEXT,
    query TEXT,
    run_id TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    approved_at TEXT,
    approved_by TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (tenant, phrase, meaning)
)""",
    "CREATE INDEX IF NOT EXISTS entries_in_use ON entries (tenant, status)",
    """CREATE TABLE IF NOT EXISTS feedback (
    tenant TEXT NOT NULL,
    run_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    note TEXT NOT NULL,
    at TEXT NOT NULL,
    set_aside TEXT NOT NULL
)""",
]
_COLUMNS = [
    "id", "tenant", "phrase", "meaning", "members", "status", "reason", "question", "query",
    "run_id", "created_at", "created_by", "approved_at", "approved_by", "updated_at",
]  # fmt: skip


class UnknownEntry(LookupError):
    """No entry of that id for that tenant (another tenant's ids are unknown too)."""


class StoreUnavailable(RuntimeError):
    """The store cannot be used now (a 503 in the API, a retried activity). The message names
    the store and where it is, never a password."""


class VocabularyStore:
    def __init__(self, where: Path | str) -> None:
        """`where`: a SQLite file, or a `postgresql://` URL."""
        self._backend = _Sqlite(where) if isinstance(where, Path) else _Postgres(where)
        self._ready = False

    @classmethod
    def configured(cls, settings: Settings) -> VocabularyStore:
        """VOCABULARY_URL when it is set, else the SQLite file VOCABULARY_DB."""
        url = settings.vocabulary_url
        return cls(url.get_secret_value() if url else settings.vocabulary_path())

    @property
    def where(self) -> str:
        """The store as it may be shown: "PostgreSQL at postgresql://quarry:***@db/quarry"."""
        return self._backend.where

    async def check(self) -> None:
        """Raises StoreUnavailable when the store cannot be used now."""
        await self._run(lambda db: db.execute("SELECT 1").fetchone())

    # -- recording ---------------------------------------------------------------------------

    async def suggest(
        self, tenant: str, word: LearnedWord, *, run_id: str, question: str,
        query: dict[str, object] | None, at: str, by: str,
    ) -> Entry:  # fmt: skip
        """Records a suggestion; the same phrase and meaning again (a retry, a second run) keeps
        the first entry and its status: recording is idempotent."""

        def insert(db: _Db) -> Entry:
            phrase = normalize_phrase(word.phrase)
            db.execute(
                "INSERT INTO entries (tenant, phrase, meaning, members, status, "
                "question, query, run_id, created_at, created_by, updated_at) "
                "VALUES (?, ?, ?, ?, 'suggested', ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (tenant, phrase, meaning) DO NOTHING",
                (tenant, phrase, word.meaning, json.dumps(word.members), question,
                 json.dumps(query) if query else None, run_id, at, by, at),
            )  # fmt: skip
            row = db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM entries "
                "WHERE tenant = ? AND phrase = ? AND meaning = ?",
                (tenant, phrase, word.meaning),
            ).fetchone()
            return _entry(row)

        return await self._run(insert)

    async def feedback(
        self, tenant: str, run_id: str, verdict: Verdict, note: str, used: list[int], at: str
    ) -> Feedback:
        """Keeps the verdict; "wrong" takes the approved entries the answer used out of use."""

        def record(db: _Db) -> Feedback:
            aside: list[int] = []
            if verdict == "wrong":
                reason = f"an answer that used it (run {run_id}) was marked wrong"
                reason += f": {note}" if note else ""
                for entry_id in used:
                    if _set_aside(db, tenant, entry_id, reason, at, only_approved=True):
                        aside.append(entry_id)
            db.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?)",
                (tenant, run_id, verdict, note, at, json.dumps(aside)),
            )
            return Feedback(
                tenant=tenant, run_id=run_id, verdict=verdict, note=note, at=at, set_aside=aside
            )

        return await self._run(record)

    # -- reading -----------------------------------------------------------------------------

    async def entries(self, tenant: str, status: EntryStatus | None = None) -> list[Entry]:
        def select(db: _Db) -> list[Entry]:
            sql = f"SELECT {', '.join(_COLUMNS)} FROM entries WHERE tenant = ?"
            args: tuple[str, ...] = (tenant,)
            if status is not None:
                sql, args = sql + " AND status = ?", (tenant, status)
            return [_entry(row) for row in db.execute(sql + " ORDER BY id", args)]

        return await self._run(select)

    async def approved(self, tenant: str) -> list[Approved]:
        """The entries in use, lean: every `understand` call reads them."""

        def select(db: _Db) -> list[Approved]:
            rows = db.execute(
                "SELECT id, phrase, meaning, members, created_at FROM entries "
                "WHERE tenant = ? AND status = 'approved' ORDER BY id",
                (tenant,),
            )
            return [Approved(i, p, m, json.loads(ms), at) for i, p, m, ms, at in rows]

        return await self._run(select)

    async def entry(self, tenant: str, entry_id: int) -> Entry:
        return await self._run(lambda db: _one(db, tenant, entry_id))

    # -- administering -----------------------------------------------------------------------

    async def approve(self, tenant: str, entry_id: int, by: str, at: str) -> Entry:
        """In use from now on; another approved meaning of the same phrase is set aside (one
        phrase, one meaning)."""

        def approve(db: _Db) -> Entry:
            entry = _one(db, tenant, entry_id)
            for other in db.execute(
                "SELECT id FROM entries WHERE tenant = ? AND phrase = ? AND status = 'approved' "
                "AND id != ?",
                (tenant, entry.phrase, entry_id),
            ).fetchall():
                _set_aside(db, tenant, other[0], f"replaced by entry {entry_id}", at)
            db.execute(
                "UPDATE entries SET status = 'approved', reason = NULL, approved_at = ?, "
                "approved_by = ?, updated_at = ? WHERE tenant = ? AND id = ?",
                (at, by, at, tenant, entry_id),
            )
            return _one(db, tenant, entry_id)

        return await self._run(approve)

    async def edit(
        self, tenant: str, entry_id: int, at: str, phrase: str | None = None,
        meaning: str | None = None, members: list[str] | None = None,
    ) -> Entry:  # fmt: skip
        """A new meaning comes with the members it reads as (None: not known, not checked)."""

        def edit(db: _Db) -> Entry:
            entry = _one(db, tenant, entry_id)
            if meaning is not None and meaning != entry.meaning:
                entry.members = members or []
            try:
                db.execute(
                    "UPDATE entries SET phrase = ?, meaning = ?, members = ?, updated_at = ? "
                    "WHERE tenant = ? AND id = ?",
                    (normalize_phrase(phrase or entry.phrase), meaning or entry.meaning,
                     json.dumps(entry.members), at, tenant, entry_id),
                )  # fmt: skip
            except self._backend.clash:
                raise ValueError("another entry already has that phrase and meaning") from None
            return _one(db, tenant, entry_id)

        return await self._run(edit)

    async def set_aside(self, tenant: str, entry_id: int, reason: str, at: str) -> Entry:
        def aside(db: _Db) -> Entry:
            _one(db, tenant, entry_id)
            _set_aside(db, tenant, entry_id, reason, at)
            return _one(db, tenant, entry_id)

        return await self._run(aside)

    async def delete(self, tenant: str, entry_id: int) -> Entry:
        def delete(db: _Db) -> Entry:
            entry = _one(db, tenant, entry_id)
            db.execute("DELETE FROM entries WHERE tenant = ? AND id = ?", (tenant, entry_id))
            return entry

        return await self._run(delete)

    # -- plumbing ----------------------------------------------------------------------------

    async def _run(self, work: Callable[[_Db], T]) -> T:
        return await asyncio.to_thread(self._in_transaction, work)

    def _in_transaction(self, work: Callable[[_Db], T]) -> T:
        backend = self._backend
        try:
            with backend.connect() as connection:  # one transaction: committed, or rolled back
                db = _Db(connection, backend.placeholder)
                if not self._ready:
                    for statement in backend.schema:
                        db.execute(statement)
                result = work(db)
        except backend.failure as exc:
            reason = " ".join(str(exc).split())
            if backend.password:
                reason = reason.replace(backend.password, "***")
            raise StoreUnavailable(
                f"the vocabulary store ({backend.where}) cannot be used now: {reason}"
            ) from None
        self._ready = True
        return result


class _Rows(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[tuple[Any, ...]]: ...
    def __iter__(self) -> Iterator[tuple[Any, ...]]: ...


class _Db:
    """One transaction on either backend: every statement is written with `?` placeholders."""

    def __init__(self, connection: Any, placeholder: str) -> None:
        self._connection = connection
        self._placeholder = placeholder

    def execute(self, sql: str, args: Sequence[object] = ()) -> _Rows:
        rows: _Rows = self._connection.execute(sql.replace("?", self._placeholder), args)
        return rows


class _Sqlite:
    """The embedded default: a file that the API and the worker open on one machine."""

    placeholder = "?"
    schema = (
        "PRAGMA journal_mode=wal",
        *(s.format(id="INTEGER PRIMARY KEY AUTOINCREMENT") for s in _SCHEMA),
    )
    clash: type[Exception] = sqlite3.IntegrityError
    failure: type[Exception] = sqlite3.OperationalError  # a file it cannot open, a lock
    password = None

    def __init__(self, path: Path) -> None:
        self._path = path
        self.where = f"SQLite file {path}"

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self._path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()


class _Postgres:
    """A PostgreSQL the user runs (VOCABULARY_URL). The driver, psycopg, is loaded only then."""

    placeholder = "%s"
    schema = (
        # the API and the worker starting side by side create the tables one at a time
        "SELECT pg_advisory_xact_lock(2025120701)",
        *(s.format(id="BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY") for s in _SCHEMA),
    )

    def __init__(self, url: str) -> None:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict

        self.where = f"PostgreSQL at {redact_url(url)}"
        if not url.startswith(("postgresql://", "postgres://")):
            raise ValueError(f"VOCABULARY_URL must be a postgresql:// URL, not {redact_url(url)}")
        try:
            password = conninfo_to_dict(url).get("password")
        except psycopg.Error as exc:
            raise ValueError(f"VOCABULARY_URL ({redact_url(url)}) cannot be read: {exc}") from None
        self.password = str(password) if password else None
        self.clash: type[Exception] = psycopg.IntegrityError
        self.failure: type[Exception] = psycopg.OperationalError  # unreachable, refused, down
        self._connect = functools.partial(
            psycopg.connect, url, connect_timeout=CONNECT_TIMEOUT_SECONDS, application_name="quarry"
        )

    def connect(self) -> AbstractContextManager[Any]:
        # the connection's own context commits (or rolls back on an error) and closes it
        return self._connect()


def _one(db: _Db, tenant: str, entry_id: int) -> Entry:
    row = db.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM entries WHERE tenant = ? AND id = ?",
        (tenant, entry_id),
    ).fetchone()
    if row is None:
        raise UnknownEntry(f"tenant {tenant!r} has no vocabulary entry {entry_id}")
    return _entry(row)


def _set_aside(
    db: _Db, tenant: str, entry_id: int, reason: str, at: str,
    only_approved: bool = False,
) -> bool:  # fmt: skip
    sql = "UPDATE entries SET status = 'set_aside', reason = ?, updated_at = ? "
    sql += "WHERE tenant = ? AND id = ?" + (" AND status = 'approved'" if only_approved else "")
    return db.execute(sql, (reason, at, tenant, entry_id)).rowcount > 0


def _entry(row: tuple[Any, ...]) -> Entry:
    fields = dict(zip(_COLUMNS, row, strict=True))
    fields["members"] = json.loads(fields["members"])
    fields["query"] = json.loads(fields["query"]) if fields["query"] else None
    return Entry.model_validate(fields)
