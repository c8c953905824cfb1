"""One scale point in a fresh process (so its peak RSS is its own): build the index, rebuild it
unchanged, open it, answer the questions twice, and print one JSON line of figures.

``python -m bench.scale_worker --articles DIR --data DIR [--chroma-port P] [--replay DIR]``

With ``--replay DIR`` the build's encoder looks every text up in the embedded index already built
in DIR instead of running the model: the Chroma-server build then times only what differs
(chunking, HTTP upserts, the server's HNSW inserts), not a second identical embedding run.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from pathlib import Path

from bench.common import current_rss_mb, du_mb, peak_rss_mb, summary_ms, timed_embedder


def replay_embedder(data_dir: Path):
    """An Embedder answering from the vectors stored in another (embedded) index."""
    import numpy as np

    from chatbot.settings import Settings
    from index.embed import Embedder
    from index.store import Store

    store = Store(Settings(data_dir=data_dir))
    manifest = store.manifest()
    table: dict[str, np.ndarray] = {}
    for kind, key in (("p", lambda d, m: f"{m['section']}. {d}"), ("s", lambda d, m: d)):
        col = (
            store.passages(manifest.generation)
            if kind == "p"
            else store.sentences(manifest.generation)
        )
        for offset in range(0, col.count(), 5000):
            got = col.get(
                include=["documents", "metadatas", "embeddings"], limit=5000, offset=offset
            )
            for doc, meta, vec in zip(got["documents"], got["metadatas"], got["embeddings"]):
                table[key(doc, meta)] = np.asarray(vec, dtype=np.float32)

    class ReplayEmbedder(Embedder):
        seconds = 0.0
        texts = 0
        missed = 0

        def encode(self, texts, progress: bool = False):
            started = time.perf_counter()
            missing = [t for t in texts if t not in table]
            if missing:  # text the embedded build never saw: embed it for real
                self.missed += len(missing)
                table.update(zip(missing, super().encode(missing)))
            out = np.stack([table[t] for t in texts]) if texts else np.zeros((0, 384))
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)
            return out

    return ReplayEmbedder(Settings(data_dir=data_dir).derived_dir), table


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.scale_worker")
    p.add_argument("--articles", type=Path, required=True)
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--chroma-port", type=int)
    p.add_argument("--replay", type=Path, help="embedded data dir whose vectors to reuse")
    p.add_argument("--questions", type=int, default=0, help="0 = all")
    a = p.parse_args(argv)

    from bench.questions import questions
    from chatbot.audit import AuditLog
    from chatbot.pipeline import Assistant
    from chatbot.settings import Settings
    from index.build import build
    from index.embed import Embedder

    kwargs = {"chroma_host": "127.0.0.1", "chroma_port": a.chroma_port} if a.chroma_port else {}
    settings = Settings(data_dir=a.data, articles_dir=a.articles, **kwargs)
    out: dict = {"backend": "server" if a.chroma_port else "embedded"}
    table = None
    if a.replay:
        embedder, table = replay_embedder(a.replay)
        out["replayed_vectors"] = len(table)
    else:
        embedder = timed_embedder(settings.derived_dir)  # the encoder `index build` uses
        embedder.encode(["load the model"])  # model load is not part of the build time
        embedder.seconds = 0.0
    report = build(settings, embedder=embedder)
    out.update(
        passages=report.passages,
        sentences=report.sentences,
        embedded=report.embedded,
        build_s=round(report.seconds, 2),
        encode_s=round(embedder.seconds, 2),
        store_and_chunk_s=round(report.seconds - embedder.seconds, 2),
        texts_per_s=round(report.embedded / report.seconds, 1),
        replay_missed=getattr(embedder, "missed", None),
        build_peak_rss_mb=peak_rss_mb(),
    )
    started = time.perf_counter()
    again = build(settings, embedder=embedder)
    out["noop_rebuild_s"] = round(time.perf_counter() - started, 3)
    assert not again.changed
    del embedder, table
    gc.collect()
    out["rss_after_build_mb"] = current_rss_mb()

    # Model load excluded: open_s is the cost of opening this index. The question encoder is
    # the product's (the ONNX graph, exported here when this data folder has none yet).
    Embedder(settings.derived_dir).warm_up()
    log = AuditLog(settings)
    log.warm_up()
    assistant = Assistant(settings, audit=log.record)
    started = time.perf_counter()
    assistant.warm_up()
    out["open_s"] = round(time.perf_counter() - started, 2)
    qs = questions(a.questions or None)
    for name in ("first_pass", "warm_pass"):  # the first pass fetches sentence vectors
        times = []
        for q in qs:
            t = time.perf_counter()
            assistant.ask(q, surface="bench")
            times.append(time.perf_counter() - t)
        out[name] = summary_ms(times)
    out["serving_rss_mb"] = current_rss_mb()
    out["peak_rss_mb"] = peak_rss_mb()
    if not a.chroma_port:
        out["index_mb"] = du_mb(settings.chroma_dir)
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
