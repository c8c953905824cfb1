"""4. Scale: the 5 real articles and seeded synthetic corpora (``bench/synth.py``), each built and
served in its own process (build time, index size, peak RSS, answer latency), with embedded
Chroma and with a ``chroma run`` server. Latency across sizes is then measured once more in one
process, all indexes interleaved question by question, so the size ratio is not skewed by what
else the machine was doing while each size ran."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from bench.common import (
    ARTICLES,
    ChromaServer,
    child_env,
    du_mb,
    log,
    median,
    run_json,
    seed_policy_cache,
    summary_ms,
    target,
    temp_dir,
)
from bench.config import Config
from bench.synth import write_corpus

TARGET_RATIO = 1.5
REAL = 5  # scale point 5 is the real corpus; every other size is synthetic
BIG = 50_000


def corpus(tmp: Path, n: int, cfg: Config) -> Path:
    if n == REAL:
        return ARTICLES
    folder = tmp / f"articles-{n}"
    if not folder.exists():
        write_corpus(folder, n, cfg.seed, cfg.sections)
    return folder


def worker(args: list[str], label: str) -> dict:
    log(f"scale: {label} ...")
    started = time.perf_counter()
    got = run_json(["-m", "bench.scale_worker", *args], child_env(), timeout=6 * 3600)
    got["worker_wall_s"] = round(time.perf_counter() - started, 1)
    log(f"scale: {label}: build {got['build_s']} s, {got['passages']} passages")
    return got


def run(cfg: Config) -> dict:
    sizes, servers = sorted(set(cfg.scale)), sorted(set(cfg.servers))
    questions = ["--questions", str(cfg.scale_questions or 0)]
    points: list[dict] = []
    with temp_dir("scale", cfg.keep) as tmp, contextlib.ExitStack() as stack:
        for n in sizes:
            data = tmp / f"embedded-{n}"
            seed_policy_cache(data)
            args = ["--articles", str(corpus(tmp, n, cfg)), "--data", str(data), *questions]
            got = worker(args, f"{n} articles, embedded Chroma")
            points.append({"articles": n, "real": n == REAL, **got, "data": data, "dir": args[1]})
        for n in servers:
            server = stack.enter_context(ChromaServer(tmp / f"server-{n}" / "chroma"))
            data = tmp / f"server-{n}" / "data"
            seed_policy_cache(data)
            args = ["--articles", str(corpus(tmp, n, cfg)), "--data", str(data), *questions]
            args += ["--chroma-port", str(server.port)]
            if (tmp / f"embedded-{n}").exists():
                args += ["--replay", str(tmp / f"embedded-{n}")]
            got = worker(args, f"{n} articles, Chroma server")
            got["server_peak_rss_mb"] = server.peak_rss_mb
            got["index_mb"] = du_mb(server.path)
            got.update(data=data, dir=args[1], port=server.port)
            points.append({"articles": n, "real": n == REAL, **got})
        interleaved = measure_together(points, cfg)
    for p in points:
        p["interleaved"] = interleaved[_label(p)]
        for key in ("data", "dir", "port"):
            p.pop(key, None)
    return {
        "status": "ok",
        "sections_per_article": cfg.sections,
        "seed": cfg.seed,
        "points": points,
        "targets": targets(points),
        "notes": [
            "Scale point 5 is the 5 real articles; the others are bench/synth.py corpora.",
            "Chroma-server builds replay the vectors of the embedded build of the same corpus "
            "(build_s = chunking + HTTP upserts + server inserts; the embedding time is the "
            "embedded build's encode_s).",
            "interleaved.p50_ms is measured with every index open in one process, questions "
            "interleaved across indexes after a warm pass; the targets use it.",
        ],
    }


def _label(p: dict) -> str:
    return f"{p['backend']}-{p['articles']}"


def measure_together(points: list[dict], cfg: Config) -> dict[str, dict]:
    from bench.latency import time_interleaved
    from bench.questions import questions
    from chatbot.audit import AuditLog
    from chatbot.pipeline import Assistant
    from chatbot.settings import Settings

    log("scale: interleaved latency across all indexes ...")
    pipelines = {}
    for p in points:
        extra = {"chroma_host": "127.0.0.1", "chroma_port": p["port"]} if "port" in p else {}
        settings = Settings(data_dir=p["data"], articles_dir=p["dir"], **extra)
        audit = AuditLog(settings)
        audit.warm_up()
        assistant = Assistant(settings, audit=audit.record)
        assistant.warm_up()
        pipelines[_label(p)] = lambda q, a=assistant: a.ask(q, surface="bench")
    qs = questions(cfg.scale_questions)
    for q in qs:  # warm pass
        for ask in pipelines.values():
            ask(q)
    samples = time_interleaved(pipelines, qs, cfg.latency_passes, cfg.seed)
    out = {}
    for name, passes in samples.items():
        flat = [s for one in passes for s in one]
        out[name] = {
            **summary_ms(flat),
            "pass_p50_ms": [summary_ms(one)["p50_ms"] for one in passes],
        }
    return out


def targets(points: list[dict]) -> list[dict]:
    out = []
    for backend in ("embedded", "server"):
        mine = [p for p in points if p["backend"] == backend]
        base = next((p for p in mine if p["real"]), None)
        big = max(mine, key=lambda p: p["passages"], default=None)
        if base is None or big is None or big is base:
            continue
        ratios = [
            b / s
            for b, s in zip(big["interleaved"]["pass_p50_ms"], base["interleaved"]["pass_p50_ms"])
        ]
        name = f"{backend}: answer p50 at {big['passages']:,} passages / 5-article p50"
        if big["passages"] < BIG:
            name += f" (largest run is below {BIG:,} passages)"
        out.append(target(name, median(ratios), TARGET_RATIO))
    return out
