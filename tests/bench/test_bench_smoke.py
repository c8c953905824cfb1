"""``python -m bench --smoke`` runs every benchmark at tiny sizes and writes figures + plot."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from bench.config import BENCHMARKS
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _positive(value) -> bool:
    return _number(value) and value > 0


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench-out")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VETTED_")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONPATH=str(ROOT))
    # The session's cache already holds the trained classifier and the ONNX encoder: the smoke
    # run copies them instead of training and exporting again (about 30 s of a ~160 s run).
    env["BENCH_SEED_CACHE"] = os.environ["VETTED_CACHE_DIR"]
    md = ROOT / "BENCHMARKS.md"
    before = md.read_bytes() if md.exists() else None
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-4000:]
    after = md.read_bytes() if md.exists() else None
    assert before == after, "a smoke run must not rewrite BENCHMARKS.md"
    return out, json.loads((out / "latest.json").read_text(encoding="utf-8"))


def test_every_section_ran_and_judged_its_targets(smoke):
    _, data = smoke
    assert data["meta"]["smoke"] is True
    assert data["meta"]["machine"]["cores"] >= 1 and data["meta"]["machine"]["cpu_model"]
    assert data["meta"]["machine"]["libraries"]["torch"]
    for name in BENCHMARKS:
        section = data[name]
        if name == "http" and section["status"] == "skipped":
            assert section["reason"]
            continue
        assert section["status"] == "ok", (name, section.get("reason"), section.get("traceback"))
        assert section["targets"], name
        for t in section["targets"]:
            assert _number(t["value"]) and isinstance(t["met"], bool), (name, t)
        assert _positive(section["seconds"])


def test_figures_are_numbers(smoke):
    _, data = smoke
    lat = data["latency"]
    for pipeline in ("ours", "textbook", "floor"):
        assert _positive(lat["pipelines"][pipeline]["p50_ms"])
        assert _positive(lat["pipelines"][pipeline]["p95_ms"])
    assert lat["questions"] >= 20 and _positive(lat["ratio_p50_ours_over_textbook"])
    assert lat["audit_rows_written"] == lat["questions"] * lat["passes"]

    cold = data["cold_start"]
    assert _positive(cold["ours"]["median_total_s"])
    assert _positive(cold["textbook"]["median_total_s"])

    build = data["index_build"]
    real = build["corpora"]["real-5"]
    assert _positive(real["build_texts_per_s"]) and _positive(real["raw_texts_per_s"])
    assert _number(real["noop_rebuild_in_process_s"])
    assert _positive(build["cli_noop_rebuild"]["median_s"])

    points = data["scale"]["points"]
    assert {(p["backend"], p["articles"]) for p in points} >= {("embedded", 5), ("embedded", 20)}
    assert any(p["backend"] == "server" for p in points)
    for p in points:
        assert p["passages"] > 0 and p["sentences"] > 0
        for key in ("build_s", "index_mb", "peak_rss_mb", "open_s"):
            assert _positive(p[key]), (p["backend"], p["articles"], key)
        assert _positive(p["interleaved"]["p50_ms"]) and _positive(p["first_pass"]["p50_ms"])

    http = data["http"]
    if http["status"] == "ok":
        assert http["requests"] > 0 and http["errors"] == 0
        assert http["audit_rows_written"] == http["requests"]
        assert _positive(http["answers_per_s"])


def test_table_and_plot_are_written(smoke):
    out, _ = smoke
    png = out / "latency_vs_corpus.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 1000
    table = (out / "latest.md").read_text(encoding="utf-8")
    assert "| Benchmark |" in table and "Scale points" in table
