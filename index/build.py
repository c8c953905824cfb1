"""Build (or refresh) the index from the approved articles.

Passage and sentence ids are content hashes, so an unchanged corpus embeds nothing, an edited
article re-embeds only its changed passages, and retired or deleted articles drop out. A build
writes a new generation beside the served one (copying unchanged vectors, embedding only new
text) and flips the manifest at the end, so readers never see a half-built index.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from index.chunk import EMBED_RECIPE, corpus_passages
from index.store import Manifest, Store, ids_digest, sentence_metadata, write_batch

if TYPE_CHECKING:
    from chatbot.settings import Settings
    from index.embed import Embedder
    from index.records import Passage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildReport:
    corpus_version: str
    generation: str
    passages: int
    sentences: int
    embedded: int
    reused: int
    removed: int
    seconds: float
    changed: bool
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.changed:
            return (
                f"index up to date (corpus {self.corpus_version}, {self.passages} passages, "
                f"{self.sentences} sentences) in {self.seconds:.2f}s"
            )
        return (
            f"index built: corpus {self.corpus_version}, {self.passages} passages, "
            f"{self.sentences} sentences; embedded {self.embedded} new texts, reused {self.reused}, "
            f"removed {self.removed} in {self.seconds:.2f}s"
        )


def servable(settings: Settings, today: date | None = None):
    """The approved articles to serve, their corpus version, and warnings (e.g. overdue)."""
    from corpus.articles import corpus_version, load_articles, select_servable

    articles = load_articles(settings.articles_dir)
    chosen, warnings = select_servable(articles, today or date.today(), settings.serve_overdue)
    return chosen, corpus_version(chosen), warnings


def build(
    settings: Settings,
    store: Store | None = None,
    embedder: Embedder | None = None,
    progress: bool = False,
    force: bool = False,
) -> BuildReport:
    started = time.perf_counter()
    store = store or Store(settings)
    articles, version, warnings = servable(settings)
    for w in warnings:
        log.warning(w)
    current = store.manifest()
    if (
        current is not None
        and not force
        and current.corpus_version == version
        and current.recipe == EMBED_RECIPE
        and store.verify(current) is None
    ):
        return BuildReport(
            version, current.generation, current.passages, current.sentences, 0, 0, 0,
            time.perf_counter() - started, False, warnings,
        )  # fmt: skip

    passages = corpus_passages(articles, settings.chunk_max_chars)
    generation = f"{version}-{uuid.uuid4().hex[:8]}"
    old_p = old_s = None
    if current is not None and store.verify(current) is None:
        old_p = store.passages(current.generation)
        old_s = store.sentences(current.generation)

    reuse_ids = set()
    if old_p is not None:
        wanted = [p.id for p in passages]
        reuse_ids = set(old_p.get(ids=wanted, include=[])["ids"]) if wanted else set()
    fresh = [p for p in passages if p.id not in reuse_ids]
    reused = [p for p in passages if p.id in reuse_ids]

    new_p = store.passages(generation, create=True)
    new_s = store.sentences(generation, create=True)
    try:
        import numpy as np

        vectors = []
        if reused:
            vectors.append(_copy(old_p, old_s, new_p, new_s, reused))
        embedded, fresh_vectors = _embed_into(new_p, new_s, fresh, embedder, settings, progress)
        vectors.append(fresh_vectors)
        if passages:
            store.save_centroid(generation, np.concatenate(vectors).mean(axis=0))
        n_sentences = sum(len(p.sentences) for p in passages)
        manifest = Manifest(
            generation=generation,
            corpus_version=version,
            passages=len(passages),
            sentences=n_sentences,
            ids_digest=ids_digest(p.id for p in passages),
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            recipe=EMBED_RECIPE,
        )
        store.publish(manifest)
    except BaseException:
        store.drop_generation(generation)
        raise
    # Old generations (and any left by a build that was killed) are no longer read.
    for gen in store.generations() - {generation}:
        store.drop_generation(gen)
    removed = 0 if current is None else max(0, current.passages - len(reused))
    return BuildReport(
        version, generation, len(passages), n_sentences, embedded, len(reused), removed,
        time.perf_counter() - started, True, warnings,
    )  # fmt: skip


def _copy(old_p, old_s, new_p, new_s, passages: list[Passage]):
    """Copy unchanged records with their vectors; returns the sentence vectors."""
    import numpy as np

    got = old_p.get(ids=[p.id for p in passages], include=["embeddings", "documents", "metadatas"])
    write_batch(new_p, got["ids"], got["embeddings"], got["documents"], got["metadatas"])
    sids = [s.id for p in passages for s in p.sentences]
    got = old_s.get(ids=sids, include=["embeddings", "documents", "metadatas"])
    write_batch(new_s, got["ids"], got["embeddings"], got["documents"], got["metadatas"])
    return np.asarray(got["embeddings"], dtype=np.float32).reshape(-1, 384)


def _embed_into(new_p, new_s, passages: list[Passage], embedder, settings, progress: bool):
    """Embed new passages and their sentences (by ``embedder``, else the one the data folder
    is served with); returns (texts embedded, sentence vectors)."""
    import numpy as np

    if not passages:
        return 0, np.zeros((0, 384), dtype=np.float32)
    if embedder is None:
        from index.embed import Embedder

        embedder = Embedder.for_settings(settings)
    texts = [p.embed_text for p in passages]
    sentences = [s for p in passages for s in p.sentences]
    # One encode call for passages and sentences together keeps the model's batches full.
    vectors = embedder.encode(texts + [s.text for s in sentences], progress=progress)
    pvec, svec = vectors[: len(texts)], vectors[len(texts) :]
    write_batch(
        new_p, [p.id for p in passages], pvec, [p.text for p in passages],
        [p.to_metadata() for p in passages],
    )  # fmt: skip
    write_batch(
        new_s, [s.id for s in sentences], svec, [s.text for s in sentences],
        [m for p in passages for m in sentence_metadata(p)],
    )  # fmt: skip
    return len(texts) + len(sentences), svec
