"""The question encoder as an ONNX graph: the same MiniLM weights, without importing torch.

A kiosk restart waits for the first answer, and most of that wait used to be ``import torch``
and ``transformers`` loading the model (about 4.5 s here). The packaged model is exported once
to ``<data>/cache/minilm-<digest>.onnx`` (by ``index build``, or by the first start that finds
none); from then on questions run with ``onnxruntime`` (already installed with Chroma) and the model's own
``tokenizer.json`` (``tokenizers``): about 0.3 s to load and ~2 ms a question instead of ~7.

The export is checked before it is kept: the graph must give the torch encoder's vectors
(largest difference ≤ ``TOLERANCE``) on probe texts of different lengths, batched with padding;
otherwise it is deleted and the torch encoder stays in use. The digest covers the model's
files, so a new model never meets an old graph.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from index.embed import Pooled

log = logging.getLogger(__name__)
TOLERANCE = 1e-5
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
PROBES = (
    "What is ketamine?",
    "How long does a ketamine infusion session usually take, and can I drive home afterwards?",
    "ketamine",
)


def graph_path(model_dir: Path, cache_dir: Path) -> Path:
    """Where the export of this exact model lives: named by a digest of the model's files."""
    h = hashlib.sha256()
    for name in ("config.json", "tokenizer.json", "modules.json", "sentence_bert_config.json"):
        h.update((model_dir / name).read_bytes())
    weights = model_dir / "model.safetensors"
    h.update(str(weights.stat().st_size).encode())
    with weights.open("rb") as f:
        h.update(f.read(1 << 20))  # the header and first tensors: enough to tell models apart
    return cache_dir / f"minilm-{h.hexdigest()[:16]}.onnx"


class OnnxEncoder:
    """Tokenize -> ONNX transformer -> mean pooling -> L2 normalise (the model's modules.json),
    and the peak beside the mean (``index.embed.pool``)."""

    def __init__(self, graph: Path, model_dir: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "sentence_bert_config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(int(config.get("max_seq_length", 256)))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token
        options = ort.SessionOptions()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.encode_pooled(texts).mean

    def encode_pooled(self, texts: list[str]) -> Pooled:
        import numpy as np

        from index.embed import pool

        encodings = self.tokenizer.encode_batch(list(texts))
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        return pool(self.session.run(None, feed)[0], feed["attention_mask"])


def export(lean, graph: Path, model_dir: Path) -> bool:
    """Export the torch encoder ``lean`` (an ``index.embed.LeanEncoder``) to ``graph``, keep it
    only if it reproduces the torch vectors. Returns whether a checked graph is in place."""
    import numpy as np
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    graph.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=graph.stem + ".", suffix=".tmp", dir=graph.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        batch = lean.tokenizer(list(PROBES[:2]), padding=True, return_tensors="pt")
        axes = {"batch": 0, "tokens": 1}
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # the exporter's notes on tracing
            torch.onnx.export(
                LastHiddenState(lean.model).eval(),
                tuple(batch[name] for name in INPUTS),
                str(tmp),
                input_names=list(INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes={
                    name: {i: n for n, i in axes.items()} for name in (*INPUTS, "last_hidden_state")
                },
                opset_version=17,
                dynamo=False,
            )
        got = OnnxEncoder(tmp, model_dir).encode_pooled(list(PROBES))
        want = lean.encode_pooled(list(PROBES))
        worst = max(float(np.abs(got.mean - want.mean).max()),
                    float(np.abs(got.peak - want.peak).max()))  # fmt: skip
        if worst > TOLERANCE:
            log.warning("ONNX export differs from torch by %.2g; keeping torch", worst)
            return False
        tmp.chmod(0o644)
        tmp.replace(graph)  # atomic: a concurrent reader sees the whole graph or none
        log.info("question encoder exported to %s (max difference %.1g)", graph, worst)
        return True
    except Exception as exc:  # an export problem costs speed, never answers
        log.warning("ONNX export failed (%s: %s); keeping torch", type(exc).__name__, exc)
        return False
    finally:
        tmp.unlink(missing_ok=True)
