"""Both ways into the model give the same vectors, offline."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

from index.embed import DIMENSIONS, Embedder
from tests.conftest import ROOT

TEXTS = [
    "What is the glutamate hypothesis?",
    "wat r the side efects of ketamin",
    "Ketamine works primarily as an NMDA receptor antagonist.",
    "",
    "a " * 400,  # longer than the model's 256 tokens: truncated the same way
    "¿Cuánto dura una sesión de infusión?",
    "🙂 <script>alert(1)</script>",
]


def test_question_path_matches_sentence_transformers():
    embedder = Embedder()
    reference = embedder.encode(TEXTS)
    for text, ref in zip(TEXTS, reference):
        vec = embedder.embed_question(text)
        assert vec.shape == (DIMENSIONS,)
        assert abs(float(np.linalg.norm(vec)) - 1.0) < 1e-5
        assert float(np.dot(vec, ref)) > 0.99999, text


def test_model_loads_with_the_hub_offline():
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HOME": "/nonexistent",
    }
    code = "from index.embed import Embedder; print(Embedder().embed_question('hello').shape)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert "(384,)" in out.stdout
