"""Both ways into the model give the same vectors, offline."""

from __future__ import annotations

import json
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


def test_onnx_question_encoder_matches_and_starts_without_torch(tmp_path):
    """First start exports a checked graph; the next start answers from it with no torch."""
    cache = tmp_path / "cache"
    first = Embedder(cache)
    first.warm_up()
    graphs = list(cache.glob("minilm-*.onnx"))
    assert len(graphs) == 1 and graphs[0].stat().st_size > 10_000_000
    assert not list(cache.glob("*.tmp"))  # nothing half-written left behind

    code = (
        "import sys, json; from pathlib import Path; from index.embed import Embedder\n"
        f"e = Embedder(Path({str(cache)!r})); e.warm_up()\n"
        f"vecs = [e.embed_question(t).tolist() for t in {TEXTS!r}]\n"
        f"peaks = e.embed_question_and_sentences({TEXTS[1]!r}, {TEXTS[2:4]!r}).peak.tolist()\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'encoder': type(e._encoder).__name__,"
        " 'vecs': vecs, 'peaks': peaks}))"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["encoder"] == "OnnxEncoder" and got["torch"] is False
    reference = Embedder().encode(TEXTS)
    for text, vec, ref in zip(TEXTS, np.array(got["vecs"]), reference):
        assert float(np.dot(vec, ref)) > 0.99999, text
        assert float(np.abs(vec - ref).max()) < 1e-5, text
    # The policy's second reading of the same pass (the peak), batched with padding, as trained.
    peaks = Embedder().encode_pooled(TEXTS[1:4]).peak
    assert float(np.abs(np.array(got["peaks"]) - peaks).max()) < 1e-5


def test_builds_encode_with_the_question_encoder_in_the_reference_order():
    """Many texts with a cache folder (index builds): the question encoder, batched by length,
    each vector back in its text's place and as sentence-transformers gives it."""
    from chatbot.settings import Settings

    embedder = Embedder.for_settings(Settings())  # the session's cache: exported once
    embedder.question_batch_size = 2  # several batches, each sorted by length
    texts = [*TEXTS, *reversed(TEXTS)]
    got = embedder.encode(texts)
    reference = Embedder().encode(texts)
    assert got.shape == (len(texts), DIMENSIONS) and got.dtype == np.float32
    assert float(np.abs(got - reference).max()) < 1e-5
    assert type(embedder._encoder).__name__ == "OnnxEncoder"


def test_the_peak_is_the_largest_token_state_and_padding_never_counts():
    """A short text batched beside a long one reads the same as alone: padding is not a token."""
    embedder = Embedder()
    alone = embedder.encode_pooled([TEXTS[0]])
    padded = embedder.encode_pooled([TEXTS[0], TEXTS[4]])
    assert float(np.abs(alone.peak[0] - padded.peak[0]).max()) < 1e-5
    assert float(np.abs(alone.mean[0] - embedder.encode(TEXTS[:1])[0]).max()) < 1e-5
    assert abs(float(np.linalg.norm(alone.peak[0])) - 1.0) < 1e-5
    assert float(np.dot(alone.peak[0], alone.mean[0])) < 0.99  # a reading of its own


def test_damaged_onnx_graph_falls_back_to_torch_and_is_replaced(tmp_path):
    from index.embed import _offline
    from index.onnx_encoder import graph_path

    cache = tmp_path / "cache"
    cache.mkdir()
    graph = graph_path(_offline(), cache)
    graph.write_bytes(b"not an onnx graph")
    embedder = Embedder(cache)
    vec = embedder.embed_question(TEXTS[0])
    assert float(np.dot(vec, Embedder().encode(TEXTS[:1])[0])) > 0.99999
    assert graph.stat().st_size > 10_000_000  # re-exported for the next start
