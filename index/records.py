"""The records that cross stage boundaries: passages, their sentences, and retrieval hits."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Sentence:
    """One sentence of a passage; ``start``/``end`` are offsets into ``Passage.text``."""

    id: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    """One section (or part of a long section) of one approved article."""

    id: str
    article_id: str
    title: str
    publisher: str
    section: str
    heading_path: tuple[str, ...]
    text: str
    sentences: tuple[Sentence, ...]
    reviewed_on: str | None = None
    review_due: str | None = None
    order: int = 0

    @property
    def embed_text(self) -> str:
        """What the dense index embeds: the heading gives a passage its topic."""
        return f"{self.section}. {self.text}"

    def to_metadata(self) -> dict[str, str | int]:
        """Flatten into Chroma metadata (scalars only)."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "publisher": self.publisher,
            "section": self.section,
            "heading_path": json.dumps(list(self.heading_path)),
            "sentences": json.dumps([[s.id, s.start, s.end] for s in self.sentences]),
            "reviewed_on": self.reviewed_on or "",
            "review_due": self.review_due or "",
            "order": self.order,
        }

    @classmethod
    def from_record(cls, pid: str, text: str, meta: dict) -> Passage:
        sentences = tuple(
            Sentence(id=sid, text=text[start:end], start=start, end=end)
            for sid, start, end in json.loads(str(meta["sentences"]))
        )
        return cls(
            id=pid,
            article_id=str(meta["article_id"]),
            title=str(meta["title"]),
            publisher=str(meta["publisher"]),
            section=str(meta["section"]),
            heading_path=tuple(json.loads(str(meta["heading_path"]))),
            text=text,
            sentences=sentences,
            reviewed_on=str(meta.get("reviewed_on") or "") or None,
            review_due=str(meta.get("review_due") or "") or None,
            order=int(meta.get("order", 0)),
        )

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Hit:
    """A passage found for a question, with every score that put it there (for the audit trail)."""

    passage: Passage
    fused: float
    dense: float | None = None
    dense_rank: int | None = None
    bm25: float | None = None
    bm25_rank: int | None = None

    def trace(self) -> dict:
        return {
            "passage_id": self.passage.id,
            "article_id": self.passage.article_id,
            "section": self.passage.section,
            "dense": None if self.dense is None else round(self.dense, 4),
            "dense_rank": self.dense_rank,
            "bm25": None if self.bm25 is None else round(self.bm25, 4),
            "bm25_rank": self.bm25_rank,
            "fused": round(self.fused, 5),
        }
