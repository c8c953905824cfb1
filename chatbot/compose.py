"""Compose an extractive answer: pick 1-4 retrieved sentences word for word, merge sentences that
several articles state alike into one sentence citing all of them, and number the citations.

Nothing here writes words of its own: every answer sentence is ``passage.text[start:end]`` of a
passage it cites. Sentences that state an amount of medicine are never served.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from chatbot.dose import states_amount
from chatbot.records import Citation, Composed

if TYPE_CHECKING:
    import numpy as np

    from index.records import Hit, Passage, Sentence

LEXICAL_WEIGHT = 0.15
PASSAGE_WEIGHT = 0.05
KEEP_WITHIN = 0.10  # a further sentence must score within this of the best one
SAME_CLAIM = 0.82  # cosine above which two sentences say the same thing
MIN_WORDS = 5
_META = re.compile(
    r"\b(this (comprehensive )?(guide|article)|we will (explore|discuss|delve))\b", re.IGNORECASE
)
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the their then
    there these they this to was will with what whats how does do did can could would should i im
    me my you your u r we our us about is are am was were been being have has had any some when
    which who whom why where there here much many more most tell explain please get got know
    give need want also just its it's s t""".split()
)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def content_terms(text: str) -> frozenset[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]
    return frozenset(_stemmer().stemWords(words))


def servable(sentence: Sentence) -> bool:
    text = sentence.text
    return (
        len(text.split()) >= MIN_WORDS
        and not text.rstrip().endswith("?")
        and not states_amount(text)
        and not _META.search(text)
    )


@dataclass(frozen=True)
class Candidate:
    passage: Passage
    sentence: Sentence
    vector: np.ndarray
    similarity: float
    score: float


def candidates(
    question: str, vector: np.ndarray, hits: Sequence[Hit], sentence_vectors: dict
) -> list[Candidate]:
    import numpy as np

    terms = content_terms(question)
    top_fused = max((h.fused for h in hits), default=1.0) or 1.0
    out: list[Candidate] = []
    for hit in hits:
        for sentence in hit.passage.sentences:
            vec = sentence_vectors.get(sentence.id)
            if vec is None or not servable(sentence):
                continue
            similarity = float(np.dot(vector, vec))
            overlap = len(terms & content_terms(sentence.text)) / len(terms) if terms else 0.0
            score = (
                similarity + LEXICAL_WEIGHT * overlap + PASSAGE_WEIGHT * hit.fused / top_fused
            )
            out.append(Candidate(hit.passage, sentence, vec, similarity, score))
    out.sort(key=lambda c: c.score, reverse=True)
    return out


def compose(
    question: str,
    vector: np.ndarray,
    hits: Sequence[Hit],
    sentence_vectors: dict,
    max_sentences: int = 3,
    min_relevance: float = 0.42,
) -> Composed | None:
    """The answer, or None when no sentence is relevant enough (the question is not covered)."""
    import numpy as np

    pool = candidates(question, vector, hits, sentence_vectors)
    if not pool or pool[0].similarity < min_relevance:
        return None
    best = pool[0].score
    chosen: list[list[Candidate]] = []  # each: the served sentence, then alike ones elsewhere
    for cand in pool:
        if cand.score < best - KEEP_WITHIN or cand.similarity < min_relevance:
            break
        twin = next(
            (g for g in chosen if float(np.dot(g[0].vector, cand.vector)) >= SAME_CLAIM), None
        )
        if twin is not None:
            if all(c.passage.article_id != cand.passage.article_id for c in twin):
                twin.append(cand)
            continue
        if len(chosen) < max_sentences:
            chosen.append([cand])
    # A claim also stated in another retrieved article cites that article too.
    for group in chosen:
        for cand in pool:
            if all(c.passage.article_id != cand.passage.article_id for c in group) and (
                float(np.dot(group[0].vector, cand.vector)) >= SAME_CLAIM
            ):
                group.append(cand)

    citations: list[Citation] = []
    numbered: dict[str, int] = {}
    sentences: list[tuple[str, tuple[int, ...]]] = []
    for group in chosen:
        markers = []
        for cand in group:
            key = cand.sentence.id
            if key not in numbered:
                numbered[key] = len(citations) + 1
                p, s = cand.passage, cand.sentence
                citations.append(
                    Citation(
                        n=numbered[key], article_id=p.article_id, title=p.title,
                        publisher=p.publisher, section=p.section, quote=s.text,
                        passage_id=p.id, start=s.start, end=s.end, review_due=p.review_due,
                    )  # fmt: skip
                )
            markers.append(numbered[key])
        sentences.append((group[0].sentence.text, tuple(markers)))
    scores = tuple(
        {
            "sentence_id": c.sentence.id,
            "similarity": round(c.similarity, 4),
            "score": round(c.score, 4),
        }
        for c in pool[:8]
    )
    return Composed(tuple(sentences), tuple(citations), pool[0].similarity, scores)
