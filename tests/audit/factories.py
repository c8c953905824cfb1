"""Response objects built directly (no model), and a way to store one with a chosen timestamp."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import insert

from chatbot.audit import AuditLog
from chatbot.audit.db import writing
from chatbot.audit.entry import Entry
from chatbot.audit.schema import interactions
from chatbot.records import Citation, Kind, Response

CITATION = Citation(
    n=1, article_id="esketamine", title="Esketamine nasal spray", publisher="Clinic",
    section="After the dose", quote="Patients stay at the clinic for 2 hours.",
    passage_id="p-3f9a", start=0, end=40, review_due="2027-01-01",
)  # fmt: skip


def response(
    question: str = "How long do I stay after the spray?",
    decision: Kind = Kind.ANSWER,
    answer: str = "Patients stay at the clinic for 2 hours. [1]",
    similarity: float | None = 0.81,
    conversation_id: str | None = "conv-1",
) -> Response:
    sentences = (
        [] if similarity is None else [{"sentence_id": "p-3f9a:0", "similarity": similarity}]
    )
    return Response(
        question=question,
        decision=decision,
        answer=answer,
        notice=None,
        citations=(CITATION,) if decision is Kind.ANSWER else (),
        corpus_version="cv-2026-01",
        latency_ms=42.5,
        reasons=("policy:clear",) if decision is Kind.ANSWER else (f"rule:{decision.value}",),
        evidence={"rules": [], "classifier": {"answer": 0.9}, "sentences": sentences},
        retrieval=(
            {
                "passage_id": "p-3f9a",
                "article_id": "esketamine",
                "section": "After the dose",
                "dense": 0.71,
                "dense_rank": 1,
                "bm25": 7.2,
                "bm25_rank": 1,
                "fused": 0.03279,
            },
        ),  # fmt: skip
        conversation_id=conversation_id,
    )


def insert_at(log: AuditLog, resp: Response, surface: str, when: datetime) -> int:
    """Store ``resp`` as if it had been recorded at ``when`` (for date filters and purge)."""
    log.warm_up()
    entry = Entry.from_response(resp, surface, now=when)
    with writing(log.engine) as conn:
        stmt = insert(interactions).values(**entry.row()).returning(interactions.c.id)
        return conn.execute(stmt).scalar_one()


@contextmanager
def locked(path):
    """Another connection holding SQLite's write lock (BEGIN EXCLUSIVE)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()
