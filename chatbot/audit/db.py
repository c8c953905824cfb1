"""Engines for the audit log: SQLite (WAL) in the data folder, or the server in ``DATABASE_URL``.

One engine per database URL per process, shared by every thread (SQLAlchemy pools are
thread-safe). On SQLite, ``writing()`` opens ``BEGIN IMMEDIATE`` so a writer waits for the lock
up to the busy timeout at the start of its transaction instead of failing half-way through.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, DateTime, Engine, TypeDecorator, create_engine, event
from sqlalchemy.engine import make_url

from chatbot.settings import Settings

DEFAULT_BUSY_TIMEOUT_MS = 3000  # SQLite: how long a writer waits for a lock before spooling
DEFAULT_CONNECT_TIMEOUT_S = 5  # PostgreSQL: how long to wait for the server before spooling

_engines: dict[tuple, Engine] = {}
_engines_lock = threading.Lock()


class AuditUnavailable(RuntimeError):
    """The audit database cannot be reached (down, locked, or not writable)."""


def database_url(settings: Settings) -> str:
    """``DATABASE_URL`` when set (``postgres://`` means psycopg 3), else SQLite in the data folder."""
    url = settings.database_url
    if not url:
        return f"sqlite:///{settings.sqlite_path}"
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def describe(url: str) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"audit timestamps must be timezone-aware (got {value!r})")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def get_engine(
    url: str,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    connect_timeout_s: int = DEFAULT_CONNECT_TIMEOUT_S,
) -> Engine:
    """The process's engine for ``url`` (created on first use)."""
    key = (os.getpid(), url, busy_timeout_ms, connect_timeout_s)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _create(url, busy_timeout_ms, connect_timeout_s)
            _engines[key] = engine
        return engine


def dispose_all() -> None:
    """Close every pooled connection of this process (tests, shutdown)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _create(url: str, busy_timeout_ms: int, connect_timeout_s: int) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        )
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    connect_args = {}
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = connect_timeout_s
    return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")  # an audit row survives a power cut
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("audit_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction (takes SQLite's write lock up front)."""
    with engine.connect() as conn:
        conn = conn.execution_options(audit_write=True)
        with conn.begin():
            yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction (a consistent snapshot)."""
    with engine.connect() as conn, conn.begin():
        yield conn
