"""The audit tables as the queries see them: the sum of every migration in ``migrations.py``.

A test reflects a migrated database and compares it with these definitions, so a migration
and this file cannot drift apart.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from chatbot.audit.db import UTCDateTime

RATINGS = ("helpful", "wrong", "unsafe")
REVIEW_STATUSES = ("ok", "needs_correction")
# The kiosk button; a crisis reply shown at the kiosk; a safety check-in shown there.
HANDOFF_REASONS = ("requested", "crisis", "check_in")

metadata = MetaData()

interactions = Table(
    "interactions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),  # client-made: replay is idempotent
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("surface", String(32), nullable=False, index=True),
    Column("conversation_id", Text),
    Column("question", Text, nullable=False),  # redacted
    Column("answer", Text, nullable=False),  # redacted
    Column("decision", String(32), nullable=False, index=True),
    Column("reasons", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("citations", JSON, nullable=False),
    Column("retrieval", JSON, nullable=False),
    Column("corpus_version", Text, nullable=False),
    Column("latency_ms", Float, nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "interaction_id",
        Integer,
        ForeignKey("interactions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("rating", String(16), nullable=False),
    Column("comment", Text, nullable=False),  # redacted
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("rating IN ('helpful', 'wrong', 'unsafe')", name="feedback_rating"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "interaction_id",
        Integer,
        ForeignKey("interactions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("status", String(32), nullable=False),
    Column("note", Text, nullable=False),  # redacted
    Column("reviewer", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("status IN ('ok', 'needs_correction')", name="reviews_status"),
)

handoffs = Table(
    "handoffs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("surface", String(32), nullable=False),
    Column("conversation_id", Text),
    Column("note", Text, nullable=False),  # redacted
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("resolved_at", UTCDateTime),
    Column("reason", String(16), nullable=False, server_default="requested"),  # m002
)
