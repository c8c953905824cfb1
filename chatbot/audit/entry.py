"""``Entry``: one interaction, redacted and reduced to plain JSON, ready for the database or spool.

Redaction happens in ``Entry.from_response``, before anything is written anywhere. Citations and
the retrieval trace come from the vetted corpus and are kept verbatim; the question, the answer
and every string in the policy evidence are redacted.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from enum import Enum

from chatbot.audit.redact import redact, redact_json
from chatbot.records import Kind, Response

DECISIONS = tuple(k.value for k in Kind)
_SURFACE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,31}")


def check_surface(surface: str) -> str:
    if not isinstance(surface, str) or not _SURFACE.fullmatch(surface):
        raise ValueError(
            f"audit surface must be 1-32 lower-case letters, digits, '_', '.' or '-' "
            f"(e.g. 'kiosk'; got {surface!r})"
        )
    return surface


def check_decision(decision: str) -> str:
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)} (got {decision!r})")
    return decision


def plain(value: object) -> object:
    """``value`` as plain JSON types (tuples, enums, numpy scalars, paths and dates included)."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def _default(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return value.tolist()
    return str(value)  # Paths, Decimals, ...: a readable record beats a lost one


@dataclass(frozen=True)
class Entry:
    uuid: str
    created_at: datetime
    surface: str
    conversation_id: str | None
    question: str
    answer: str
    decision: str
    reasons: list
    evidence: dict
    citations: list
    retrieval: list
    corpus_version: str
    latency_ms: float

    @classmethod
    def from_response(cls, response: Response, surface: str, now: datetime | None = None) -> Entry:
        decision = response.decision
        return cls(
            uuid=str(uuid.uuid4()),
            created_at=now or datetime.now(UTC),
            surface=check_surface(surface),
            conversation_id=response.conversation_id,
            question=redact(response.question),
            answer=redact(response.answer),
            decision=check_decision(decision.value if isinstance(decision, Kind) else decision),
            reasons=[redact(str(r)) for r in response.reasons],
            evidence=redact_json(plain(response.evidence or {})),
            citations=plain([c.public() for c in response.citations]),
            retrieval=plain(list(response.retrieval)),
            corpus_version=response.corpus_version or "",
            latency_ms=float(response.latency_ms),
        )

    def row(self) -> dict:
        """The column values of ``interactions``."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_json(self) -> str:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> Entry:
        data = json.loads(line)
        data["created_at"] = datetime.fromisoformat(data["created_at"])
        return cls(**data)
