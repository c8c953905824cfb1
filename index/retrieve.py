"""Hybrid retrieval: dense (Chroma, through ``langchain-chroma``) + BM25, fused with reciprocal
rank fusion. The question vector is computed once by the caller and reused here."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from index.bm25 import BM25Index
from index.records import Hit, Passage

if TYPE_CHECKING:
    import numpy as np

    from index.embed import Embedder
    from index.store import Manifest, Store

RRF_K = 60


@contextmanager
def unavailable_on_error(store: Store):
    """Chroma (a server, most likely) failing mid-question is one clear error, not a crash; the
    HTTP client reconnects on the next request, so service comes back with the server."""
    from index.store import IndexUnavailable

    try:
        yield
    except IndexUnavailable:
        raise
    except Exception as exc:
        where = "the Chroma server" if store.settings.chroma_host else "the local index"
        raise IndexUnavailable(f"{where} is not answering: {type(exc).__name__}") from exc


def _document_frequencies(passages) -> dict[str, int]:
    from chatbot.compose import content_terms

    df: dict[str, int] = {}
    for p in passages:
        for term in content_terms(p.embed_text):
            df[term] = df.get(term, 0) + 1
    return df


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], weights: Sequence[float] | None = None, k: int = RRF_K
) -> dict[str, float]:
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, pid in enumerate(ranking, start=1):
            fused[pid] = fused.get(pid, 0.0) + weight / (k + rank)
    return fused


class HybridRetriever:
    """Holds the served generation's passages in memory (for BM25 and composing) and asks
    Chroma for the dense neighbours and the sentence vectors of the passages it returns."""

    def __init__(self, store: Store, manifest: Manifest, embedder: Embedder) -> None:
        from langchain_chroma import Chroma

        self.store = store
        self.manifest = manifest
        self.passages: dict[str, Passage] = {
            p.id: p for p in store.load_passages(manifest.generation)
        }
        ids = list(self.passages)
        self.bm25 = BM25Index(ids, [self.passages[i].embed_text for i in ids])
        self._dense = Chroma(
            client=store.client,
            collection_name=f"{store.prefix}-p-{manifest.generation}",
            embedding_function=embedder,
            create_collection_if_not_exists=False,
        )
        from chatbot.spelling import Speller

        self.speller = Speller(p.embed_text for p in self.passages.values())
        self.centroid = store.centroid(manifest.generation)
        self._df = _document_frequencies(self.passages.values())
        self._sentence_cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def dense(self, vector: Sequence[float], k: int) -> list[tuple[str, float]]:
        with unavailable_on_error(self.store):
            found = self._dense.similarity_search_by_vector_with_relevance_scores(
                list(map(float, vector)), k=min(k, len(self.passages))
            )
        # The collection uses cosine distance; similarity = 1 - distance.
        return [(doc.id, 1.0 - float(dist)) for doc, dist in found if doc.id in self.passages]

    def search(self, text: str, vector: Sequence[float], k: int) -> list[Hit]:
        if not self.passages:
            return []
        depth = max(k * 3, 20)
        dense = self.dense(vector, depth)
        lexical = self.bm25.search(text, depth)
        fused = reciprocal_rank_fusion([[p for p, _ in dense], [p for p, _ in lexical]])
        dense_at = {pid: (rank, score) for rank, (pid, score) in enumerate(dense, start=1)}
        lexical_at = {pid: (rank, score) for rank, (pid, score) in enumerate(lexical, start=1)}
        best = sorted(fused, key=lambda pid: fused[pid], reverse=True)[:k]
        hits = []
        for pid in best:
            d_rank, d_score = dense_at.get(pid, (None, None))
            b_rank, b_score = lexical_at.get(pid, (None, None))
            hits.append(Hit(self.passages[pid], fused[pid], d_score, d_rank, b_score, b_rank))
        return hits

    def idf(self, term: str) -> float:
        """Inverse passage frequency of a stemmed term; terms the corpus never uses weigh most."""
        n = len(self.passages)
        return math.log((n + 1) / (self._df.get(term, 0) + 0.5))

    def sentence_vectors(self, hits: Sequence[Hit]) -> dict[str, np.ndarray]:
        """Sentence vectors computed at index time, fetched once and kept in memory."""
        wanted = [s.id for h in hits for s in h.passage.sentences]
        missing = [sid for sid in wanted if sid not in self._sentence_cache]
        if missing:
            with unavailable_on_error(self.store):
                got = self.store.sentence_vectors(self.manifest.generation, missing)
            with self._lock:
                self._sentence_cache.update(got)
        return {sid: self._sentence_cache[sid] for sid in wanted if sid in self._sentence_cache}
