"""Content gaps: the questions the corpus does not answer well, grouped by what they ask.

``group_questions`` is pure: with an ``embed`` function it clusters greedily on the cosine
similarity of the (redacted) questions' embeddings (most frequent wordings first, each joins the
group whose centroid is most similar if that similarity is at least ``min_similarity``, else
starts a new one); without one it groups questions whose normalised text is equal.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

MAX_QUESTIONS = 20  # distinct wordings listed per group


def normalise(question: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a question."""
    text = unicodedata.normalize("NFKD", question.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"\[[a-z]+\]|\w+", text))


@dataclass
class _Group:
    members: list[tuple[str, str, datetime]] = field(default_factory=list)

    def to_dict(self) -> dict:
        wordings = Counter(q for q, _, _ in self.members)
        return {
            "example": wordings.most_common(1)[0][0],
            "count": len(self.members),
            "questions": [q for q, _ in wordings.most_common(MAX_QUESTIONS)],
            "decisions": dict(Counter(d for _, d, _ in self.members).most_common()),
            "last_seen": max(t for _, _, t in self.members).isoformat(),
        }


def group_questions(
    items: Sequence[tuple[str, str, datetime]],
    embed: Callable[[list[str]], np.ndarray] | None = None,
    min_similarity: float = 0.6,
) -> list[dict]:
    """Groups of ``(question, decision, created_at)`` items, largest (then latest) first."""
    by_text: dict[str, _Group] = {}
    for item in items:
        by_text.setdefault(normalise(item[0]), _Group()).members.append(item)
    exact = sorted(by_text.values(), key=lambda g: -len(g.members))
    groups = exact if embed is None or len(exact) < 2 else _cluster(exact, embed, min_similarity)
    out = [g.to_dict() for g in groups]
    out.sort(key=lambda g: (-g["count"], _neg_time(g["last_seen"])))
    return out


def _cluster(exact: list[_Group], embed, min_similarity: float) -> list[_Group]:
    import numpy as np

    texts = [Counter(q for q, _, _ in g.members).most_common(1)[0][0] for g in exact]
    vectors = np.asarray(embed(texts), dtype=np.float64)
    if vectors.shape[0] != len(texts):
        raise ValueError(f"embed returned {vectors.shape[0]} vectors for {len(texts)} questions")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)
    clusters: list[_Group] = []
    sums: list[np.ndarray] = []
    for group, vector in zip(exact, vectors, strict=True):
        if sums:
            centroids = np.stack(sums)
            centroids /= np.linalg.norm(centroids, axis=1, keepdims=True).clip(min=1e-12)
            sims = centroids @ vector
            best = int(np.argmax(sims))
            if sims[best] >= min_similarity:
                clusters[best].members.extend(group.members)
                sums[best] = sums[best] + vector * len(group.members)
                continue
        clusters.append(_Group(list(group.members)))
        sums.append(vector * len(group.members))
    return clusters


def _neg_time(iso: str) -> float:
    return -datetime.fromisoformat(iso).timestamp()
