"""Read-side queries of the audit log: search, one interaction in full, export batches, stats.

Every function takes an open ``Connection`` and returns plain, JSON-ready dicts (timestamps as
ISO 8601 strings in UTC), so the API can return them as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, Text, and_, cast, exists, func, or_, select

from chatbot.audit.entry import check_decision, check_surface
from chatbot.audit.schema import RATINGS, REVIEW_STATUSES, feedback, handoffs, interactions, reviews
from chatbot.records import NEAR_CRISIS, NOT_A_QUESTION

SUMMARY_COLUMNS = (
    "id", "uuid", "created_at", "surface", "conversation_id", "decision", "question", "answer",
    "reasons", "latency_ms", "corpus_version",
)  # fmt: skip
FEEDBACK_FILTERS = (*RATINGS, "any", "none")
REVIEW_FILTERS = (*REVIEW_STATUSES, "any", "none")
i = interactions


def as_utc(value: date | datetime | None, end: bool = False) -> datetime | None:
    """A search bound as an aware UTC datetime; a date bound covers that whole day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        start = datetime.combine(value, time(), tzinfo=UTC)
        return start + timedelta(days=1) if end else start
    raise ValueError(f"search bound must be a date or datetime (got {value!r})")


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def search(
    conn: Connection,
    *,
    decision: str | None = None,
    surface: str | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    feedback_filter: str | None = None,
    text: str | None = None,
    review_status: str | None = None,
    check_in: bool | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[dict]:
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must be >= 0 (got limit={limit}, offset={offset})")
    cols = [i.c[name] for name in SUMMARY_COLUMNS]
    stmt = select(*cols).order_by(i.c.created_at.desc(), i.c.id.desc()).limit(limit).offset(offset)
    if decision is not None:
        stmt = stmt.where(i.c.decision == check_decision(decision))
    if surface is not None:
        stmt = stmt.where(i.c.surface == check_surface(surface))
    if since is not None:
        stmt = stmt.where(i.c.created_at >= as_utc(since))
    if until is not None:
        bound = as_utc(until, end=True)
        stmt = stmt.where(i.c.created_at < bound if not isinstance(until, datetime) else
                          i.c.created_at <= bound)  # fmt: skip
    if text:
        needle = text.lower()
        stmt = stmt.where(
            or_(
                func.lower(i.c.question).contains(needle, autoescape=True),
                func.lower(i.c.answer).contains(needle, autoescape=True),
            )
        )
    if feedback_filter is not None:
        stmt = stmt.where(_feedback_clause(feedback_filter))
    if review_status is not None:
        stmt = stmt.where(_review_clause(review_status))
    if check_in is not None:
        stmt = stmt.where(_checked_in() if check_in else ~_checked_in())
    rows = [dict(r._mapping) for r in conn.execute(stmt)]
    return _with_summaries(conn, rows)


def _checked_in():
    """The reply opened with a safety check-in (its reasons name the near-crisis note)."""
    return cast(i.c.reasons, Text).contains(NEAR_CRISIS, autoescape=True)


def _feedback_clause(value: str):
    if value not in FEEDBACK_FILTERS:
        raise ValueError(f"feedback filter must be one of {', '.join(FEEDBACK_FILTERS)} (got {value!r})")  # fmt: skip
    any_feedback = exists().where(feedback.c.interaction_id == i.c.id)
    if value == "any":
        return any_feedback
    if value == "none":
        return ~any_feedback
    return exists().where(and_(feedback.c.interaction_id == i.c.id, feedback.c.rating == value))


def _review_clause(value: str):
    if value not in REVIEW_FILTERS:
        raise ValueError(f"review status must be one of {', '.join(REVIEW_FILTERS)} (got {value!r})")  # fmt: skip
    any_review = exists().where(reviews.c.interaction_id == i.c.id)
    if value == "any":
        return any_review
    if value == "none":
        return ~any_review
    newer = reviews.alias("newer")
    no_newer = ~exists().where(
        and_(newer.c.interaction_id == reviews.c.interaction_id, newer.c.id > reviews.c.id)
    )
    return exists().where(
        and_(reviews.c.interaction_id == i.c.id, reviews.c.status == value, no_newer)
    )


def _with_summaries(conn: Connection, rows: list[dict]) -> list[dict]:
    """Add ``feedback`` (counts per rating) and ``review_status`` (the latest review's)."""
    ids = [r["id"] for r in rows]
    counts: dict[int, dict[str, int]] = {}
    status: dict[int, str] = {}
    if ids:
        q = (
            select(feedback.c.interaction_id, feedback.c.rating, func.count())
            .where(feedback.c.interaction_id.in_(ids))
            .group_by(feedback.c.interaction_id, feedback.c.rating)
        )
        for iid, rating, n in conn.execute(q):
            counts.setdefault(iid, {})[rating] = n
        q = select(reviews.c.interaction_id, reviews.c.status).where(
            reviews.c.interaction_id.in_(ids)
        )
        for iid, st in conn.execute(q.order_by(reviews.c.id)):
            status[iid] = st  # the last one wins
    for r in rows:
        r["created_at"] = iso(r["created_at"])
        r["feedback"] = {rating: counts.get(r["id"], {}).get(rating, 0) for rating in RATINGS}
        r["review_status"] = status.get(r["id"])
    return rows


def get(conn: Connection, interaction_id: int) -> dict | None:
    row = conn.execute(select(i).where(i.c.id == interaction_id)).first()
    if row is None:
        return None
    out = _with_summaries(conn, [dict(row._mapping)])[0]
    _attach_lists(conn, [out])
    return out


def _attach_lists(conn: Connection, rows: list[dict]) -> None:
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r["feedback_list"], r["reviews"] = [], []
    if not by_id:
        return
    q = select(feedback).where(feedback.c.interaction_id.in_(by_id)).order_by(feedback.c.id)
    for f in conn.execute(q):
        by_id[f.interaction_id]["feedback_list"].append(
            {"id": f.id, "rating": f.rating, "comment": f.comment, "created_at": iso(f.created_at)}
        )
    q = select(reviews).where(reviews.c.interaction_id.in_(by_id)).order_by(reviews.c.id)
    for v in conn.execute(q):
        by_id[v.interaction_id]["reviews"].append(
            {"id": v.id, "status": v.status, "note": v.note, "reviewer": v.reviewer,
             "created_at": iso(v.created_at)}
        )  # fmt: skip


def export_batches(conn_factory, batch: int = 500) -> Iterator[list[dict]]:
    """Every interaction in full, oldest id first, ``batch`` rows per transaction."""
    last = 0
    while True:
        with conn_factory() as conn:
            rows = conn.execute(select(i).where(i.c.id > last).order_by(i.c.id).limit(batch))
            out = [dict(r._mapping) for r in rows]
            if not out:
                return
            _attach_lists(conn, out)
        for r in out:
            r["created_at"] = iso(r["created_at"])
        last = out[-1]["id"]
        yield out


def stats(conn: Connection) -> dict:
    def counted(col) -> dict[str, int]:
        q = select(col, func.count()).group_by(col).order_by(func.count().desc(), col)
        return {k: n for k, n in conn.execute(q)}

    ratings, statuses = counted(feedback.c.rating), counted(reviews.c.status)
    return {
        "interactions": conn.execute(select(func.count()).select_from(i)).scalar_one(),
        "by_decision": counted(i.c.decision),
        "by_surface": counted(i.c.surface),
        "check_ins": conn.execute(
            select(func.count()).select_from(i).where(_checked_in())
        ).scalar_one(),
        "feedback": {r: ratings.get(r, 0) for r in RATINGS},
        "reviews": {s: statuses.get(s, 0) for s in REVIEW_STATUSES},
        "open_handoffs": conn.execute(
            select(func.count()).select_from(handoffs).where(handoffs.c.resolved_at.is_(None))
        ).scalar_one(),
    }


def gap_candidates(conn: Connection, low_score: float) -> list[tuple[str, str, datetime]]:
    """(question, decision, created_at) of out-of-scope questions and weakly answered ones.
    A greeting, goodbye or feeling ("thanks, bye", "I'm nervous") asked nothing: no gap."""
    q = select(i.c.question, i.c.decision, i.c.created_at, i.c.evidence, i.c.reasons).where(
        i.c.decision.in_(("out_of_scope", "answer"))
    )
    out = []
    rows = conn.execution_options(yield_per=1000).execute(q)
    for question, decision, created_at, evidence, reasons in rows:
        if isinstance(reasons, list) and not NOT_A_QUESTION.isdisjoint(reasons):
            continue
        if decision == "answer":
            best = best_similarity(evidence)
            if best is None or best >= low_score:
                continue
        out.append((question, decision, created_at))
    return out


def best_similarity(evidence: object) -> float | None:
    """``evidence["sentences"][0]["similarity"]`` when the answer path recorded it."""
    sentences = evidence.get("sentences") if isinstance(evidence, dict) else None
    if not sentences or not isinstance(sentences, list) or not isinstance(sentences[0], dict):
        return None
    value = sentences[0].get("similarity")
    return float(value) if isinstance(value, int | float) else None
