"""The state database: SQLite files in the data directory, or one PostgreSQL database.

newsmon keeps four stores besides Elasticsearch -- the crawl's state (articles,
aliases, claims), the alert outbox, the story signatures and the scheduler's
jobs and run log.  By default each is an SQLite file in the data directory
(``state.sqlite``, ``stories.sqlite``, ``schedule.sqlite``): embedded, no
server, one machine.  With ``NEWSMON_DATABASE_URL`` (``postgresql://user@host/
newsmon``; the password from the URL, ``PGPASSWORD`` or ``~/.pgpass``) all four
live in that database, and crawl workers and schedulers on several machines
share them.

One code path serves both through SQLAlchemy Core; what differs is how a
transaction keeps other processes out:

- SQLite: every write transaction is ``BEGIN IMMEDIATE`` -- one writer per
  file at a time, so a read-then-write decision is never interleaved with
  another process's (reads are plain deferred transactions, WAL lets them
  run beside a writer);
- PostgreSQL: READ COMMITTED with what each decision needs -- a unique key
  (and :meth:`Database.retry` when a concurrent insert won), ``SELECT ... FOR
  UPDATE [SKIP LOCKED]`` (:attr:`Database.for_update`), or a transaction
  advisory lock (:meth:`Database.lock`) for a decision that reads many rows.

Schemas are versioned Alembic migrations (``crawler/state/migrations``), one branch
per store, applied when a store opens: under the migration lock, so that
workers starting together migrate once.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import bindparam, create_engine, event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.sql.elements import TextClause

from crawler import paths

ENV = "NEWSMON_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"
T = TypeVar("T")
# SQLite's words for a file it cannot use: not a database at all, or a damaged one; and one
# it may not open or write (a missing directory, no permission, a read-only disk)
_DAMAGED_FILE = re.compile(r"file is not a database|disk image is malformed")
_UNUSABLE_FILE = re.compile(r"unable to open database file|readonly database|disk I/O error")

logger = logging.getLogger(__name__)
logging.getLogger("alembic").setLevel(logging.WARNING)  # "Context impl ..." on every start


class DatabaseError(Exception):
    """The database cannot be used: a bad URL, a server that does not answer.  The message
    names the database without its password."""


def masked(url: URL | str) -> str:
    """The URL as it may be shown: ``postgresql://newsmon:***@db:5432/newsmon``."""
    try:
        url = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "(an invalid database URL)"
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def default_location(name: str, data_dir: Path | None = None) -> str:
    """``NEWSMON_DATABASE_URL``, else the SQLite file of store *name* in *data_dir* (default:
    the data directory)."""
    return os.environ.get(ENV) or str((data_dir or paths.data_dir()) / f"{name}.sqlite")


def resolve_url(name: str, location: str | Path | None = None) -> URL:
    """The database of store *name*: *location* (an SQLite file path or a URL) if given, else
    :func:`default_location`."""
    location = str(location or default_location(name))
    if "://" not in location:
        return URL.create("sqlite", database=str(Path(location).expanduser().resolve()))
    where = ENV if location == os.environ.get(ENV) else "database URL"
    try:
        url = make_url(location)
    except ArgumentError:
        raise DatabaseError(
            f"{where}: not a database URL (expected postgresql://user@host/"
            "database or sqlite:///path)"
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and url.database:
        return url
    raise DatabaseError(
        f"{where}: {masked(url)}: unsupported database (expected "
        "postgresql://user@host/database or sqlite:///path)"
    )


class Database:
    """One store's engine, opened (and migrated) by the store that owns it."""

    def __init__(self, name: str, location: str | Path | None = None):
        self.url = resolve_url(name, location)
        self.shown = masked(self.url)
        self.sqlite = self.url.get_backend_name() == "sqlite"
        if self.sqlite:
            try:
                Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"database {self.shown}: its directory: {exc}") from None
            self.engine = create_engine(self.url)
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = create_engine(
                self.url, pool_pre_ping=True, pool_size=2, connect_args={"connect_timeout": 10}
            )

    def __repr__(self) -> str:
        return f"Database({self.shown})"

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction: committed at the end, rolled back on an exception."""
        with self._errors(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only transaction (never blocks, nor is blocked by, a writer on SQLite)."""
        with self._errors(), self.engine.connect().execution_options(newsmon_read=True) as conn:
            yield conn

    def rows(self, sql: str | TextClause, **params) -> list:
        with self.reading() as conn:
            return conn.execute(text(sql) if isinstance(sql, str) else sql, params).all()

    def locking(self, clause: str = "FOR UPDATE") -> str:
        """*clause*, to append to a SELECT that decides a write: it locks the rows on
        PostgreSQL; nothing on SQLite, whose write transaction holds the whole file."""
        return "" if self.sqlite else " " + clause

    def retry(self, work: Callable[[Connection], T], attempts: int = 8) -> T:
        """Run *work* in a write transaction; again when a concurrent one won a unique key or
        PostgreSQL broke a deadlock (the next attempt sees what the other one committed)."""
        for attempt in range(attempts):
            try:
                with self.transaction() as conn:
                    return work(conn)
            except (IntegrityError, OperationalError) as exc:
                if attempt == attempts - 1 or not _retryable(exc):
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def lock(self, conn: Connection, name: str) -> None:
        """Hold *name* until the transaction ends: one process at a time past this point
        (PostgreSQL; an SQLite write transaction is already alone)."""
        if not self.sqlite:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})

    def migrate(self, *branches: str) -> None:
        """Bring the tables of *branches* (``state``, ``alerts``, ``stories``, ``schedule``) to
        their newest version, once per process and database."""
        todo = [b for b in branches if (str(self.url), b) not in _migrated]
        if not todo:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.transaction() as conn:
            self.lock(conn, "newsmon:migrations")
            config.attributes["connection"] = conn
            for branch in todo:
                command.upgrade(config, f"{branch}@head")
        _migrated.update((str(self.url), b) for b in todo)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """A server that cannot be reached becomes a DatabaseError naming it (no password)."""
        try:
            yield
        except OperationalError as exc:
            if exc.connection_invalidated or "connect" in str(exc.orig).lower():
                raise DatabaseError(
                    f"database {self.shown} not reachable: {str(exc.orig).strip().splitlines()[0]}"
                ) from None
            if self.sqlite and _UNUSABLE_FILE.search(str(exc.orig)):
                raise DatabaseError(f"database {self.shown}: {exc.orig}") from None
            raise
        except SQLAlchemyDatabaseError as exc:
            if self.sqlite and _DAMAGED_FILE.search(str(exc.orig)):
                raise DatabaseError(
                    f"database {self.shown}: {exc.orig}: move the file away (a new one is "
                    "made, and the crawl state starts over) or restore it from a backup"
                ) from None
            raise


_migrated: set[tuple[str, str]] = set()


def expanding(sql: str, *names: str) -> TextClause:
    """*sql* whose ``IN :name`` parameters take a list (empty too)."""
    return text(sql).bindparams(*(bindparam(name, expanding=True) for name in names))


def lock_key(name: str) -> int:
    """A stable key (a signed 32-bit number) for PostgreSQL's advisory locks."""
    return zlib.crc32(name.encode()) - 2**31


def _retryable(exc: DBAPIError) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    code = getattr(exc.orig, "sqlstate", None)
    return code in ("40001", "40P01")  # serialization failure, deadlock detected


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin
    dbapi_connection.execute("PRAGMA busy_timeout=30000")  # first: other processes share the file
    _write_ahead_log(dbapi_connection)
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


def _write_ahead_log(dbapi_connection, wait: float = 30.0) -> None:
    """Turn the file to WAL, once: it stays so.  While another process writes to a new
    file (two scheduled crawls starting together), SQLite refuses the change at once,
    busy timeout or not ("database is locked"): wait for that writer as the timeout would."""
    deadline = time.monotonic() + wait
    while True:
        try:
            if dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                dbapi_connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_begin(conn: Connection) -> None:
    read = conn.get_execution_options().get("newsmon_read")
    conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")
