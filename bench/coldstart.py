"""2. Cold start: a fresh process, from spawn to the first answer, for our assistant (construct,
``warm_up()``, ``ask()`` once; the index already built in its data folder) and for the textbook
pipeline (imports, model load, open the existing Chroma folder, first retrieval).

Each child prints wall-clock timestamps; the parent subtracts the time it spawned the child, so
interpreter start-up counts and interpreter tear-down does not. Runs alternate ours/theirs.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from bench import textbook
from bench.common import (
    ARTICLES,
    PYTHON,
    ROOT,
    approved_bodies,
    child_env,
    median,
    real_index,
    target,
    temp_dir,
)
from bench.config import Config

TARGET_RATIO = 0.8
QUESTION = "What are the side effects of ketamine therapy?"

OURS = """\
import time; t0 = time.time()
import json, sys
from chatbot.pipeline import Assistant
t1 = time.time()
a = Assistant(); a.warm_up()
t2 = time.time()
r = a.ask(sys.argv[1])
t3 = time.time()
print(json.dumps({"t_main": t0, "t_imports": t1, "t_ready": t2, "t_answer": t3,
                  "decision": r.decision.value}), flush=True)
"""
THEIRS = """\
import json, sys
from bench.textbook import cold_start
print(json.dumps(cold_start(sys.argv[1], sys.argv[2])), flush=True)
"""
# The same start paths without the timing, for -X importtime and pyinstrument.
OURS_PLAIN = "from chatbot.pipeline import Assistant; a = Assistant(); a.warm_up(); a.ask({q!r})"
THEIRS_PLAIN = "from bench.textbook import cold_start; cold_start({d!r}, {q!r})"


def spawn(code: str, args: list[str], env: dict[str, str]) -> dict:
    started = time.time()
    proc = subprocess.run(
        [PYTHON, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"cold-start child failed: {proc.stderr.strip()[-1500:]}")
    got = json.loads([line for line in proc.stdout.splitlines() if line.startswith("{")][-1])
    return {
        "total_s": round(got["t_answer"] - started, 3),
        "interpreter_s": round(got["t_main"] - started, 3),
        "imports_s": round(got["t_imports"] - got["t_main"], 3),
        "ready_s": round(got["t_ready"] - got["t_imports"], 3),
        "first_answer_s": round(got["t_answer"] - got["t_ready"], 3),
    }


def phases(runs: list[dict]) -> dict:
    keys = ("total_s", "interpreter_s", "imports_s", "ready_s", "first_answer_s")
    return {f"median_{k}": round(median([r[k] for r in runs]), 3) for k in keys}


def run(cfg: Config) -> dict:
    from chatbot.settings import Settings

    with temp_dir("cold", cfg.keep) as tmp:
        settings = Settings(data_dir=tmp / "data", articles_dir=ARTICLES)
        real_index(settings.data_dir)  # built once per run; policy classifier trained
        textbook.build(tmp / "textbook", approved_bodies(ARTICLES))
        env = child_env(VETTED_DATA_DIR=str(settings.data_dir), VETTED_ARTICLES_DIR=str(ARTICLES))
        ours_args, theirs_args = [QUESTION], [str(tmp / "textbook"), QUESTION]
        if not cfg.smoke:  # priming (untimed): the page cache is warm for both
            spawn(OURS, ours_args, env)
            spawn(THEIRS, theirs_args, env)
        ours, theirs = [], []
        for i in range(cfg.cold_runs):
            pair = [(OURS, ours_args, ours), (THEIRS, theirs_args, theirs)]
            for code, args, runs in pair if i % 2 == 0 else pair[::-1]:
                runs.append(spawn(code, args, env))
        ratio = median([r["total_s"] for r in ours]) / median([r["total_s"] for r in theirs])
        out = {
            "status": "ok",
            "runs": cfg.cold_runs,
            "question": QUESTION,
            "ours": {**phases(ours), "runs": ours},
            "textbook": {**phases(theirs), "runs": theirs},
            "ratio_ours_over_textbook": round(ratio, 3),
            "targets": [target("cold start ours / textbook", ratio, TARGET_RATIO)],
        }
        if cfg.profile and ratio > TARGET_RATIO:
            out["profile"] = profile_start(cfg, env, tmp / "textbook")
        return out


def profile_start(cfg: Config, env: dict[str, str], textbook_dir: Path) -> dict:
    """What dominates the start: slowest imports of each, and our warm-up split by stage."""
    from bench.profiling import import_time, profile_in_child

    ours_code = OURS_PLAIN.format(q=QUESTION)
    out = cfg.out / "profile_cold_start.txt"
    stages = profile_in_child(ours_code, "bench.profiling:START_STAGES", out, env)
    return {
        "ours_stages_s": stages,
        "ours_slowest_imports": import_time(ours_code, env),
        "textbook_slowest_imports": import_time(
            THEIRS_PLAIN.format(d=str(textbook_dir), q=QUESTION), env
        ),
        "profile_file": "profile_cold_start.txt",
    }
