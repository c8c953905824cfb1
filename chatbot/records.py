"""The records at the seams of the answer pipeline."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Kind(str, Enum):
    """Every decision the assistant can take, in priority order."""

    CRISIS = "crisis"
    REFUSE_DOSING = "refuse_dosing"
    REFUSE_PERSONAL = "refuse_personal"
    OUT_OF_SCOPE = "out_of_scope"
    ANSWER = "answer"


# Out-of-scope topics answered with a short reply of their own (messages.toml, [out_of_scope]),
# decided by policy/screen.py's short_reply() under the reason ``short_reply_reason(topic)``.
SHORT_REPLIES = frozenset({"courtesy", "visit", "feelings"})


def short_reply_reason(topic: str) -> str:
    return f"rule:scope.{topic}"


# The reasons of a message that asked nothing (a greeting or goodbye, a feeling: "I'm a bit
# nervous"): the console and kiosk show its reply without a decision badge, and content gaps
# leave it out. Visit logistics ("when can I leave") are asked, so they keep their badge and may
# show the clinic a gap.
NOT_A_QUESTION = frozenset(short_reply_reason(t) for t in ("courtesy", "feelings"))

# The reason added when a message that was not decided as a crisis still reads close to one:
# its reply opens with a safety check-in (messages.toml, [crisis] check_in).
NEAR_CRISIS = "note:near_crisis"


def near_crisis_notes(reasons) -> tuple[str, ...]:
    """The near-crisis notes among a reply's reasons (empty when it did not check in)."""
    return tuple(str(r) for r in reasons or () if str(r).startswith(NEAR_CRISIS))


def checks_in(reasons) -> bool:
    return bool(near_crisis_notes(reasons))


@dataclass(frozen=True)
class Decision:
    """What the policy decided and why; ``evidence`` is what the audit trail shows a reviewer."""

    kind: Kind
    reasons: tuple[str, ...] = ()
    evidence: dict = field(default_factory=dict)
    topic: str | None = None  # e.g. "poisoning" picks the poison-control wording
    crisis_line: bool = False  # the reply, whatever it is, also shows the crisis line
    check_in: bool = False  # the reply opens with a safety check-in (read close to a crisis)


@dataclass(frozen=True)
class Citation:
    n: int
    article_id: str
    title: str
    publisher: str
    section: str
    quote: str
    passage_id: str
    start: int
    end: int
    review_due: str | None = None

    def public(self) -> dict:
        """The CLI/API contract fields plus where the quote sits in its passage."""
        return asdict(self)


@dataclass(frozen=True)
class Composed:
    """An extractive answer: sentences (verbatim) each with the citation numbers backing it."""

    sentences: tuple[tuple[str, tuple[int, ...]], ...]
    citations: tuple[Citation, ...]
    best_score: float
    scores: tuple[dict, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(f"{s} {''.join(f'[{n}]' for n in ns)}" for s, ns in self.sentences)


@dataclass(frozen=True)
class Response:
    question: str
    decision: Kind
    answer: str
    notice: str | None
    citations: tuple[Citation, ...]
    corpus_version: str
    latency_ms: float
    reasons: tuple[str, ...] = ()
    evidence: dict = field(default_factory=dict)
    retrieval: tuple[dict, ...] = ()
    conversation_id: str | None = None
    interaction_id: int | None = None  # the audit log's row id, when one was written
    check_in: str | None = None  # shown before the answer: crisis help for a near-crisis message

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "decision": self.decision.value,
            "answer": self.answer,
            "check_in": self.check_in,
            "notice": self.notice,
            "citations": [c.public() for c in self.citations],
            "corpus_version": self.corpus_version,
            "latency_ms": round(self.latency_ms, 1),
            "reasons": list(self.reasons),
            "evidence": self.evidence,
            "retrieval": list(self.retrieval),
            "conversation_id": self.conversation_id,
            "interaction_id": self.interaction_id,
        }
