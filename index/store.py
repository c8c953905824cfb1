"""Chroma storage: one passage collection and one sentence collection per index generation,
plus a manifest collection that points at the generation being served.

A build writes a new generation beside the served one and then flips the manifest, so a build
killed halfway never disturbs what is being served. Embedded ``PersistentClient`` by default;
``CHROMA_HOST``/``CHROMA_PORT`` switch to a ``chroma run`` server shared by several app replicas.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from index.records import Passage

if TYPE_CHECKING:
    import numpy as np

    from chatbot.settings import Settings

SPACE = {"hnsw": {"space": "cosine"}}
_BATCH = 2000


class IndexUnavailable(RuntimeError):
    """The index (Chroma) cannot be reached or is not built."""


@dataclass(frozen=True)
class Manifest:
    generation: str
    corpus_version: str
    passages: int
    sentences: int
    ids_digest: str
    built_at: str
    recipe: str = ""

    @classmethod
    def from_metadata(cls, meta: dict[str, Any] | None) -> Manifest | None:
        if not meta or "generation" not in meta:
            return None
        return cls(
            generation=str(meta["generation"]),
            corpus_version=str(meta["corpus_version"]),
            passages=int(meta["passages"]),
            sentences=int(meta["sentences"]),
            ids_digest=str(meta["ids_digest"]),
            built_at=str(meta["built_at"]),
            recipe=str(meta.get("recipe", "")),
        )

    def to_metadata(self) -> dict[str, Any]:
        return dict(self.__dict__)


def ids_digest(ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:24]


def open_client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as exc:  # chromadb raises plain ValueError/ConnectionError here
        where = (
            f"Chroma server at {settings.chroma_host}:{settings.chroma_port}"
            if settings.chroma_host
            else f"Chroma files in {settings.chroma_dir}"
        )
        raise IndexUnavailable(f"cannot open the index ({where}): {exc}") from exc


class Store:
    """The served index generation and the operations a build and a question need."""

    def __init__(self, settings: Settings, client=None) -> None:
        self.settings = settings
        self.prefix = settings.collection
        self.client = client or open_client(settings)

    # --- manifest ------------------------------------------------------------------------
    def _manifest_collection(self):
        return self.client.get_or_create_collection(f"{self.prefix}-manifest")

    def manifest(self) -> Manifest | None:
        return Manifest.from_metadata(self._manifest_collection().metadata)

    def publish(self, manifest: Manifest) -> None:
        """Point readers at a finished generation (the atomic step of a build)."""
        self._manifest_collection().modify(metadata=manifest.to_metadata())

    def save_centroid(self, generation: str, centroid) -> None:
        """The mean sentence vector of a generation: what every passage of this corpus shares
        ("ketamine", say). Scoring against it makes the specific topic of a question count."""
        self._manifest_collection().upsert(
            ids=[f"centroid-{generation}"], embeddings=[list(map(float, centroid))]
        )

    def centroid(self, generation: str):
        import numpy as np

        got = self._manifest_collection().get(
            ids=[f"centroid-{generation}"], include=["embeddings"]
        )
        if not len(got["ids"]):
            return None
        return np.asarray(got["embeddings"][0], dtype=np.float32)

    # --- collections of a generation -----------------------------------------------------
    def passages(self, generation: str, create: bool = False):
        name = f"{self.prefix}-p-{generation}"
        if create:
            return self.client.get_or_create_collection(name, configuration=SPACE)
        return self.client.get_collection(name)

    def sentences(self, generation: str, create: bool = False):
        name = f"{self.prefix}-s-{generation}"
        if create:
            return self.client.get_or_create_collection(name, configuration=SPACE)
        return self.client.get_collection(name)

    def generations(self) -> set[str]:
        gens = set()
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            for kind in ("-p-", "-s-"):
                head = f"{self.prefix}{kind}"
                if name.startswith(head):
                    gens.add(name[len(head) :])
        return gens

    def drop_generation(self, generation: str) -> None:
        self._manifest_collection().delete(ids=[f"centroid-{generation}"])
        for kind in ("p", "s"):
            with contextlib.suppress(Exception):  # already gone
                self.client.delete_collection(f"{self.prefix}-{kind}-{generation}")

    # --- reading -------------------------------------------------------------------------
    def load_passages(self, generation: str) -> list[Passage]:
        col = self.passages(generation)
        out: list[Passage] = []
        total = col.count()
        for offset in range(0, total, _BATCH):
            got = col.get(include=["documents", "metadatas"], limit=_BATCH, offset=offset)
            for pid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                out.append(Passage.from_record(pid, doc, meta))
        return out

    def all_ids(self, collection) -> list[str]:
        ids: list[str] = []
        total = collection.count()
        for offset in range(0, total, _BATCH):
            ids.extend(collection.get(include=[], limit=_BATCH, offset=offset)["ids"])
        return ids

    def verify(self, manifest: Manifest) -> str | None:
        """Why the served generation cannot be trusted, or None when it matches its manifest."""
        try:
            pcol = self.passages(manifest.generation)
            scol = self.sentences(manifest.generation)
        except Exception:
            return f"index generation {manifest.generation} is missing"
        if pcol.count() != manifest.passages or scol.count() != manifest.sentences:
            return "index record counts differ from its manifest"
        if ids_digest(self.all_ids(pcol)) != manifest.ids_digest:
            return "index passage ids differ from its manifest (tampered or corrupted)"
        return None

    def sentence_vectors(self, generation: str, ids: Sequence[str]) -> dict[str, np.ndarray]:
        import numpy as np

        if not ids:
            return {}
        got = self.sentences(generation).get(ids=list(ids), include=["embeddings"])
        return {
            sid: np.asarray(vec, dtype=np.float32)
            for sid, vec in zip(got["ids"], got["embeddings"])
        }


def write_batch(collection, ids, embeddings, documents, metadatas) -> None:
    for i in range(0, len(ids), _BATCH):
        collection.upsert(
            ids=list(ids[i : i + _BATCH]),
            embeddings=embeddings[i : i + _BATCH],
            documents=list(documents[i : i + _BATCH]),
            metadatas=list(metadatas[i : i + _BATCH]),
        )


def sentence_metadata(passage: Passage) -> list[dict[str, Any]]:
    return [{"passage_id": passage.id, "i": i} for i, _ in enumerate(passage.sentences)]


def dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True)
