"""``AuditLog``: the append-only record of every interaction, from every surface.

    log = AuditLog(settings)      # cheap
    log.warm_up()                 # connects, applies migrations, replays the spool
    assistant = Assistant(settings, audit=log.record)

Everything is redacted (``redact.py``) before it is written anywhere. ``record()`` never fails
the caller because of the database: when the database is down or locked the redacted entry goes
to the spool (``data_dir/audit-spool.jsonl``) and is replayed, in order and exactly once, before
the next interaction that reaches the database (or by ``replay_spool()``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import (
    DataError,
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from chatbot.audit import export, gaps, queries
from chatbot.audit.db import (
    DEFAULT_BUSY_TIMEOUT_MS,
    DEFAULT_CONNECT_TIMEOUT_S,
    AuditUnavailable,
    database_url,
    describe,
    get_engine,
    reading,
    writing,
)
from chatbot.audit.entry import Entry, check_surface
from chatbot.audit.migrations import migrate
from chatbot.audit.redact import redact
from chatbot.audit.schema import (
    HANDOFF_REASONS,
    RATINGS,
    REVIEW_STATUSES,
    feedback,
    handoffs,
    interactions,
    reviews,
)
from chatbot.audit.spool import Rejected, Spool
from chatbot.records import Response
from chatbot.settings import Settings

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)


class AuditLog:
    def __init__(
        self,
        settings: Settings,
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        connect_timeout_s: int = DEFAULT_CONNECT_TIMEOUT_S,
    ) -> None:
        self.settings = settings
        self.url = database_url(settings)
        self.spool = Spool(settings.data_dir)
        self._timeouts = (busy_timeout_ms, connect_timeout_s)
        self._migrated = False
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"AuditLog({describe(self.url)!r})"

    @property
    def engine(self) -> Engine:
        return get_engine(self.url, *self._timeouts)

    # --- start-up ------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Connect, apply pending migrations and replay the spool; AuditUnavailable if down."""
        with self._db(write=False):
            pass
        if self.spool.pending():
            try:
                self._drain()
            except (SQLAlchemyError, OSError) as exc:
                log.warning("audit: spool not replayed yet (%s)", _reason(exc))

    def _migrate(self) -> None:
        if self._migrated:
            return
        with self._lock:
            if not self._migrated:
                applied = migrate(self.engine)
                if applied:
                    log.info("audit: applied %s to %s", ", ".join(applied), describe(self.url))
                self._migrated = True

    @contextmanager
    def _db(self, write: bool = True) -> Iterator[Connection]:
        """A transaction; database failures become AuditUnavailable naming the database."""
        try:
            self._migrate()
            with (writing if write else reading)(self.engine) as conn:
                yield conn
        except (SQLAlchemyError, OSError) as exc:
            raise AuditUnavailable(
                f"audit database {describe(self.url)} {_state(exc)}: {_reason(exc)}"
            ) from exc

    # --- writing -------------------------------------------------------------------------
    def record(self, response: Response, surface: str) -> int | None:
        """Store one interaction (redacted); its row id, or None when it was spooled."""
        entry = Entry.from_response(response, surface)
        try:
            self._migrate()
            if self.spool.pending():
                self._drain()
            with writing(self.engine) as conn:
                stmt = insert(interactions).values(**entry.row()).returning(interactions.c.id)
                return conn.execute(stmt).scalar_one()
        except Exception as exc:  # never fail an answer because of the log
            try:
                self.spool.append(entry)
            except OSError as spool_exc:
                log.error(
                    "audit: interaction %s is lost: database: %s; spool %s: %s",
                    entry.uuid,
                    _reason(exc),
                    self.spool.path,
                    spool_exc,
                )
                return None
            log.warning(
                "audit: database %s unavailable (%s); interaction %s spooled to %s",
                describe(self.url),
                _reason(exc),
                entry.uuid,
                self.spool.path,
            )
            return None

    def replay_spool(self) -> int:
        """Write every spooled interaction not yet in the database; returns how many."""
        try:
            self._migrate()
            return self._drain()
        except (SQLAlchemyError, OSError) as exc:
            raise AuditUnavailable(
                f"audit database {describe(self.url)} {_state(exc)}: {_reason(exc)}; "
                f"{len(self.spool)} interaction(s) stay in {self.spool.path}"
            ) from exc

    def _drain(self) -> int:
        return self.spool.drain(self._deliver)

    def _deliver(self, entry: Entry) -> bool:
        """Insert a spooled entry unless its uuid is already stored (replay is idempotent)."""
        with writing(self.engine) as conn:
            try:
                return conn.execute(_insert_new(conn.dialect.name, entry)).first() is not None
            except (IntegrityError, DataError) as exc:
                raise Rejected(f"interaction {entry.uuid}: {_reason(exc)}") from exc

    def feedback(self, interaction_id: int, rating: str, comment: str = "") -> int:
        if rating not in RATINGS:
            raise ValueError(
                f"feedback rating must be one of {', '.join(RATINGS)} (got {rating!r})"
            )
        with self._db() as conn:
            self._require(conn, interaction_id)
            stmt = insert(feedback).values(
                interaction_id=interaction_id,
                rating=rating,
                comment=redact(comment or ""),
                created_at=datetime.now(UTC),
            )
            return conn.execute(stmt.returning(feedback.c.id)).scalar_one()

    def review(self, interaction_id: int, status: str, note: str, reviewer: str) -> int:
        if status not in REVIEW_STATUSES:
            raise ValueError(
                f"review status must be one of {', '.join(REVIEW_STATUSES)} (got {status!r})"
            )
        if not isinstance(reviewer, str) or not reviewer.strip():
            raise ValueError(f"review needs the reviewer's name (got {reviewer!r})")
        with self._db() as conn:
            self._require(conn, interaction_id)
            stmt = insert(reviews).values(
                interaction_id=interaction_id,
                status=status,
                note=redact(note or ""),
                reviewer=reviewer.strip(),
                created_at=datetime.now(UTC),
            )
            return conn.execute(stmt.returning(reviews.c.id)).scalar_one()

    def handoff(
        self,
        surface: str,
        conversation_id: str | None,
        note: str = "",
        reason: str = "requested",
    ) -> int:
        """A request for a staff member: the kiosk button (``requested``), a crisis reply shown
        at the kiosk (``crisis``) or a safety check-in shown there (``check_in``); its id."""
        check_surface(surface)
        if reason not in HANDOFF_REASONS:
            raise ValueError(
                f"handoff reason must be one of {', '.join(HANDOFF_REASONS)} (got {reason!r})"
            )
        with self._db() as conn:
            stmt = insert(handoffs).values(
                surface=surface,
                conversation_id=conversation_id,
                note=redact(note or ""),
                created_at=datetime.now(UTC),
                reason=reason,
            )
            return conn.execute(stmt.returning(handoffs.c.id)).scalar_one()

    def resolve_handoff(self, handoff_id: int) -> bool:
        """Mark a handoff resolved; False when it already was. ValueError for an unknown id."""
        with self._db() as conn:
            found = conn.execute(select(handoffs.c.resolved_at).where(handoffs.c.id == handoff_id))
            row = found.first()
            if row is None:
                raise ValueError(f"no handoff with id {handoff_id!r} in the audit log")
            if row.resolved_at is not None:
                return False
            conn.execute(
                update(handoffs)
                .where(handoffs.c.id == handoff_id)
                .values(resolved_at=datetime.now(UTC))
            )
            return True

    @staticmethod
    def _require(conn: Connection, interaction_id: int) -> None:
        if not isinstance(interaction_id, int) or isinstance(interaction_id, bool):
            raise ValueError(f"interaction id must be an integer (got {interaction_id!r})")
        found = conn.execute(select(interactions.c.id).where(interactions.c.id == interaction_id))
        if found.first() is None:
            raise ValueError(f"no interaction with id {interaction_id} in the audit log")

    # --- reading -------------------------------------------------------------------------
    def handoffs(self, open_only: bool = True) -> list[dict]:
        """Handoffs, newest first (only unresolved ones unless ``open_only=False``)."""
        stmt = select(handoffs).order_by(handoffs.c.created_at.desc(), handoffs.c.id.desc())
        if open_only:
            stmt = stmt.where(handoffs.c.resolved_at.is_(None))
        with self._db(write=False) as conn:
            rows = [dict(r._mapping) for r in conn.execute(stmt)]
        for r in rows:
            r["created_at"], r["resolved_at"] = (
                queries.iso(r["created_at"]),
                queries.iso(r["resolved_at"]),
            )
        return rows

    def search(
        self,
        *,
        decision: str | None = None,
        surface: str | None = None,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        feedback: str | None = None,
        text: str | None = None,
        review_status: str | None = None,
        check_in: bool | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[dict]:
        """Interaction summaries, newest first. Bounds are inclusive; a date is the whole day.

        ``feedback`` is a rating, ``"any"`` or ``"none"``; ``review_status`` is the latest
        review's status, ``"any"`` or ``"none"``; ``check_in`` keeps only replies that opened
        with a safety check-in (True) or only the others (False). Each dict has ``feedback``
        (counts per rating) and ``review_status``.
        """
        with self._db(write=False) as conn:
            return queries.search(
                conn,
                decision=decision,
                surface=surface,
                since=since,
                until=until,
                feedback_filter=feedback,
                text=text,
                review_status=review_status,
                check_in=check_in,
                limit=limit,
                offset=offset,
            )

    def get(self, interaction_id: int) -> dict | None:
        """One interaction in full, with ``feedback_list`` and ``reviews``; None if unknown."""
        with self._db(write=False) as conn:
            return queries.get(conn, interaction_id)

    def count(self) -> int:
        with self._db(write=False) as conn:
            return conn.execute(select(func.count()).select_from(interactions)).scalar_one()

    def stats(self) -> dict:
        """Counts by decision, surface, feedback rating and review status; spooled entries."""
        with self._db(write=False) as conn:
            out = queries.stats(conn)
        out["spooled"] = len(self.spool)
        return out

    def content_gaps(
        self,
        embed: Callable[[list[str]], np.ndarray] | None = None,
        min_similarity: float = 0.6,
        low_score: float = 0.5,
    ) -> list[dict]:
        """Out-of-scope and weakly answered questions grouped by what they ask, largest first."""
        with self._db(write=False) as conn:
            items = queries.gap_candidates(conn, low_score)
        return gaps.group_questions(items, embed, min_similarity)

    # --- export and retention ------------------------------------------------------------
    def export(self, path: Path, fmt: str) -> int:
        """Write every interaction (as stored, i.e. redacted) as "csv" or "jsonl"; rows written."""
        export.check(path, fmt)
        return export.write(path, fmt, queries.export_batches(lambda: self._db(write=False)))

    def purge(self, older_than_days: int) -> int:
        """Delete interactions older than ``older_than_days`` days with their feedback and
        reviews; returns how many interactions went."""
        if not isinstance(older_than_days, int) or older_than_days < 0:
            raise ValueError(f"purge needs a number of days >= 0 (got {older_than_days!r})")
        cutoff = datetime.now(UTC) - timedelta(days=older_than_days)
        old = select(interactions.c.id).where(interactions.c.created_at < cutoff)
        with self._db() as conn:
            conn.execute(delete(feedback).where(feedback.c.interaction_id.in_(old)))
            conn.execute(delete(reviews).where(reviews.c.interaction_id.in_(old)))
            return conn.execute(
                delete(interactions).where(interactions.c.created_at < cutoff)
            ).rowcount


def _insert_new(dialect: str, entry: Entry):
    """INSERT ... ON CONFLICT (uuid) DO NOTHING RETURNING id: a row only when it was new."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        raise AuditUnavailable(f"the audit log supports SQLite and PostgreSQL, not {dialect}")
    stmt = dialect_insert(interactions).values(**entry.row())
    return stmt.on_conflict_do_nothing(index_elements=["uuid"]).returning(interactions.c.id)


def _state(exc: BaseException) -> str:
    down = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout, OSError)
    return "is unavailable" if isinstance(exc, down) else "failed"


def _reason(exc: BaseException) -> str:
    """The driver's message, without SQLAlchemy's SQL echo and background link."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
