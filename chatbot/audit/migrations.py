"""Numbered schema migrations (``m001_initial``, ``m002_...``), applied in order, each once.

Applied names are recorded in ``_migrations``. ``migrate()`` runs in one transaction that holds
the database's write lock (SQLite ``BEGIN IMMEDIATE``; a PostgreSQL advisory lock), so replicas
starting together do not race, and a restart applies nothing twice. A migration defines the
tables it creates itself (frozen), never by importing ``schema.py``, which describes the latest
state. To change the schema add ``m002_...`` here and the same change to ``schema.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
    text,
)

from chatbot.audit.db import UTCDateTime, reading, writing

Migration = Callable[[Connection], None]
MIGRATIONS: list[Migration] = []
_LOCK_KEY = 7_404_117  # pg_advisory_xact_lock key of the audit migrations

_meta = MetaData()
_applied = Table(
    "_migrations",
    _meta,
    Column("name", String(100), primary_key=True),
    Column("applied_at", UTCDateTime, nullable=False),
)


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(conn: Connection) -> None:
    meta = MetaData()
    Table(
        "interactions",
        meta,
        Column("id", Integer, primary_key=True),
        Column("uuid", String(36), nullable=False, unique=True),
        Column("created_at", UTCDateTime, nullable=False, index=True),
        Column("surface", String(32), nullable=False, index=True),
        Column("conversation_id", Text),
        Column("question", Text, nullable=False),
        Column("answer", Text, nullable=False),
        Column("decision", String(32), nullable=False, index=True),
        Column("reasons", JSON, nullable=False),
        Column("evidence", JSON, nullable=False),
        Column("citations", JSON, nullable=False),
        Column("retrieval", JSON, nullable=False),
        Column("corpus_version", Text, nullable=False),
        Column("latency_ms", Float, nullable=False),
    )
    Table(
        "feedback",
        meta,
        Column("id", Integer, primary_key=True),
        Column(
            "interaction_id",
            Integer,
            ForeignKey("interactions.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        Column("rating", String(16), nullable=False),
        Column("comment", Text, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        CheckConstraint("rating IN ('helpful', 'wrong', 'unsafe')", name="feedback_rating"),
    )
    Table(
        "reviews",
        meta,
        Column("id", Integer, primary_key=True),
        Column(
            "interaction_id",
            Integer,
            ForeignKey("interactions.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        Column("status", String(32), nullable=False),
        Column("note", Text, nullable=False),
        Column("reviewer", Text, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        CheckConstraint("status IN ('ok', 'needs_correction')", name="reviews_status"),
    )
    Table(
        "handoffs",
        meta,
        Column("id", Integer, primary_key=True),
        Column("surface", String(32), nullable=False),
        Column("conversation_id", Text),
        Column("note", Text, nullable=False),
        Column("created_at", UTCDateTime, nullable=False, index=True),
        Column("resolved_at", UTCDateTime),
    )
    meta.create_all(conn)


@migration
def m002_handoff_reason(conn: Connection) -> None:
    """Why a staff member is wanted: ``requested`` (the kiosk button) or ``crisis`` (a crisis
    reply was shown at the kiosk), so the staff console can put the urgent ones first."""
    conn.execute(
        text("ALTER TABLE handoffs ADD COLUMN reason VARCHAR(16) NOT NULL DEFAULT 'requested'")
    )


def applied(conn: Connection) -> list[str]:
    """Names of the migrations already applied, in the order they ran."""
    if not conn.dialect.has_table(conn, "_migrations"):
        return []
    rows = conn.execute(select(_applied.c.name).order_by(_applied.c.applied_at, _applied.c.name))
    return [name for (name,) in rows]


def migrate(engine: Engine) -> list[str]:
    """Apply every pending migration; returns the names applied now (empty when up to date)."""
    names = [fn.__name__ for fn in MIGRATIONS]
    with reading(engine) as conn:  # the usual case needs no write lock (a busy log stays readable)
        if set(applied(conn)) >= set(names):
            return []
    done: list[str] = []
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        _applied.create(conn, checkfirst=True)
        already = set(applied(conn))
        for fn in MIGRATIONS:
            if fn.__name__ in already:
                continue
            fn(conn)
            conn.execute(_applied.insert().values(name=fn.__name__, applied_at=datetime.now(UTC)))
            done.append(fn.__name__)
    return done
