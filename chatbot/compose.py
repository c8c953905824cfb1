"""Compose an extractive answer: pick 1-4 retrieved sentences word for word, merge sentences that
several articles state alike into one sentence citing all of them, and number the citations.

Nothing here writes words of its own: every answer sentence is ``passage.text[start:end]`` of a
passage it cites. Sentences that state an amount of medicine are never served.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from chatbot.dose import states_amount
from chatbot.records import Citation, Composed

if TYPE_CHECKING:
    import numpy as np

    from index.records import Hit, Passage, Sentence

# Weights and gates chosen on tests/eval/answerable.jsonl + out_of_scope.jsonl (see README).
LEXICAL_WEIGHT = 0.3
PASSAGE_WEIGHT = 0.1
DENSE_WEIGHT = 0.2  # the passage's own dense score: its heading names its topic
MIN_SPECIFIC = 0.20  # centred similarity the best sentence needs: the question's own topic
KEEP_WITHIN = 0.2  # a further sentence must score within this of the best one
SAME_CLAIM = 0.82  # cosine above which two sentences say the same thing
MIN_WORDS = 5
MAX_SERVED = 4  # sentences in an answer, the lead-ins of pointing-back sentences included
_META = re.compile(
    r"\b(this (comprehensive )?(guide|article)|we will (explore|discuss|delve))\b", re.IGNORECASE
)
# A sentence that opens by pointing back ("These effects are typically short-lived") means
# what the sentence before it says: it is served after that sentence, or not at all.
POINTS_BACK = re.compile(r"^(This|These|That|Those|Such|It|Its|They|Their)\b")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
        "what",
        "whats",
        "how",
        "does",
        "do",
        "did",
        "can",
        "could",
        "would",
        "should",
        "i",
        "im",
        "me",
        "my",
        "you",
        "your",
        "u",
        "r",
        "we",
        "our",
        "us",
        "about",
        "is",
        "are",
        "am",
        "was",
        "were",
        "been",
        "being",
        "have",
        "has",
        "had",
        "any",
        "some",
        "when",
        "which",
        "who",
        "whom",
        "why",
        "where",
        "there",
        "here",
        "much",
        "many",
        "more",
        "most",
        "tell",
        "explain",
        "please",
        "get",
        "got",
        "know",
        "give",
        "need",
        "want",
        "also",
        "just",
        "its",
        "it's",
        "s",
        "t",
    ]
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
        and not text.rstrip().endswith(("?", ":"))
        and not states_amount(text)
        and not _META.search(text)
    )


@dataclass(frozen=True)
class Candidate:
    passage: Passage
    sentence: Sentence
    vector: np.ndarray
    similarity: float
    specific: float
    score: float


def _unit(v: np.ndarray) -> np.ndarray:
    import numpy as np

    n = float(np.linalg.norm(v))
    return v / n if n else v


def candidates(
    question: str,
    vector: np.ndarray,
    hits: Sequence[Hit],
    sentence_vectors: dict,
    centroid: np.ndarray | None = None,
    idf: Callable[[str], float] = lambda term: 1.0,
) -> list[Candidate]:
    """Every servable sentence of the retrieved passages, best first.

    ``similarity`` is the plain cosine to the question; ``specific`` is the cosine after both
    are centred on the corpus mean, so what every article shares (the word "ketamine") stops
    counting and the question's own topic decides."""
    import numpy as np

    terms = content_terms(question)
    weight = sum(idf(t) for t in terms)
    centred = _unit(vector - centroid) if centroid is not None else vector
    out: list[Candidate] = []
    for rank, hit in enumerate(hits, start=1):
        for sentence in hit.passage.sentences:
            vec = sentence_vectors.get(sentence.id)
            if vec is None or not servable(sentence):
                continue
            similarity = float(np.dot(vector, vec))
            specific = (
                float(np.dot(centred, _unit(vec - centroid)))
                if centroid is not None
                else similarity
            )
            shared = terms & content_terms(sentence.text)
            overlap = sum(idf(t) for t in shared) / weight if weight else 0.0
            score = 0.5 * (similarity + specific) + LEXICAL_WEIGHT * overlap + PASSAGE_WEIGHT / rank
            out.append(Candidate(hit.passage, sentence, vec, similarity, specific, score))
    out.sort(key=lambda c: c.score, reverse=True)
    return out


def lead_in(passage: Passage, sentence: Sentence) -> tuple[Sentence, ...]:
    """The sentences a pointing-back sentence needs before it, in passage order: the one before
    it, and the one before that when that one points back too (empty when it needs none).
    Raises LookupError when they cannot be served (one states an amount, or the chain is longer
    than two)."""
    at = next((i for i, s in enumerate(passage.sentences) if s.id == sentence.id), 0)
    chain: list[Sentence] = []
    current = sentence
    while POINTS_BACK.match(current.text) and at > 0:  # at 0 its heading names the subject
        if len(chain) == 2:
            raise LookupError(current.id)
        at -= 1
        current = passage.sentences[at]
        if states_amount(current.text) or _META.search(current.text):
            raise LookupError(current.id)
        chain.insert(0, current)
    return tuple(chain)


def compose(
    question: str,
    vector: np.ndarray,
    hits: Sequence[Hit],
    sentence_vectors: dict,
    max_sentences: int = 3,
    min_relevance: float = 0.42,
    centroid: np.ndarray | None = None,
    idf: Callable[[str], float] = lambda term: 1.0,
) -> Composed | None:
    """The answer, or None when no sentence is relevant enough (the question is not covered)."""
    import numpy as np

    pool = candidates(question, vector, hits, sentence_vectors, centroid, idf)
    if not pool or pool[0].similarity < min_relevance or pool[0].specific < MIN_SPECIFIC:
        return None
    best = pool[0].score
    chosen: list[list[Candidate]] = []  # each: the served sentence, then alike ones elsewhere
    chains: dict[str, tuple[Sentence, ...]] = {}  # a chosen sentence's lead-ins (lead_in)
    used = 0  # sentences served so far, lead-ins included
    for cand in pool:
        if cand.score < best - KEEP_WITHIN:
            break
        if cand.similarity < min_relevance or cand.specific < MIN_SPECIFIC:
            continue
        try:
            before = lead_in(cand.passage, cand.sentence)
        except LookupError:
            continue
        if before and (
            (vec := sentence_vectors.get(before[-1].id)) is None
            or float(np.dot(vector, vec)) < min_relevance
        ):
            continue  # what it points back at is not what was asked
        twin = next(
            (g for g in chosen if float(np.dot(g[0].vector, cand.vector)) >= SAME_CLAIM), None
        )
        if twin is not None:
            if all(c.passage.article_id != cand.passage.article_id for c in twin):
                twin.append(cand)
            continue
        cost = 1 + sum(b.id not in chains for b in before)
        if len(chosen) < max_sentences and used + cost <= MAX_SERVED:
            chosen.append([cand])
            chains[cand.sentence.id] = before
            used += cost
    if not chosen:  # the only relevant sentences point back at something not asked about
        return None
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
    served: set[str] = set()
    order: list[str] = []  # sentence ids as served

    def cite(p: Passage, s: Sentence) -> int:
        if s.id not in numbered:
            numbered[s.id] = len(citations) + 1
            citations.append(
                Citation(
                    n=numbered[s.id],
                    article_id=p.article_id,
                    title=p.title,
                    publisher=p.publisher,
                    section=p.section,
                    quote=s.text,
                    passage_id=p.id,
                    start=s.start,
                    end=s.end,
                    review_due=p.review_due,
                )  # fmt: skip
            )
        return numbered[s.id]

    for group in chosen:
        lead = group[0]
        if lead.sentence.id in served:
            continue
        chain = chains[lead.sentence.id]
        done = [b for b in chain if b.id in served]
        if done and (list(chain[: len(done)]) != done or order[-1] != done[-1].id):
            continue  # what it points back at was served, but not right before it
        for before in chain[len(done) :]:
            sentences.append((before.text, (cite(lead.passage, before),)))
            served.add(before.id)
            order.append(before.id)
        markers = tuple(cite(c.passage, c.sentence) for c in group)
        sentences.append((lead.sentence.text, markers))
        served.add(lead.sentence.id)
        order.append(lead.sentence.id)
    scores = tuple(
        {
            "sentence_id": c.sentence.id,
            "similarity": round(c.similarity, 4),
            "specific": round(c.specific, 4),
            "score": round(c.score, 4),
        }
        for c in pool[:8]
    )
    return Composed(tuple(sentences), tuple(citations), pool[0].similarity, scores)
