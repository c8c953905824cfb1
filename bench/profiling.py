"""Profiles for the benchmarks that miss a target: pyinstrument in-process (split into named
stages), ``python -X importtime`` for start-up, and py-spy for a running server."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.common import PYTHON, ROOT

_LINE = re.compile(r":\d+\)$")
# (stage, function names separated by "|", path fragment): the outermost matching frame's time
# counts once. Stages that no longer exist in the code simply read 0.
Stage = tuple[str, str, str]

ANSWER_STAGES: tuple[Stage, ...] = (
    ("clean question", "clean_question", "chatbot/validate.py"),
    ("spelling", "correct", "chatbot/spelling.py"),
    ("embed question", "embed_question_and_sentences|embed_question|encode", "index/embed.py"),
    ("policy", "screen", "chatbot/policy/screen.py"),
    ("dense search (Chroma via langchain-chroma)", "dense", "index/retrieve.py"),
    ("BM25", "search", "index/bm25.py"),
    ("sentence vectors", "sentence_vectors", "index/retrieve.py"),
    ("compose", "compose", "chatbot/compose.py"),
    ("audit write", "record", "chatbot/audit/log.py"),
)
START_STAGES: tuple[Stage, ...] = (
    ("load model", "_load_model|_lean_model|_reference_model", "index/embed.py"),
    ("read + check articles (servable)", "servable", "index/build.py"),
    ("open Chroma client", "open_client", "index/store.py"),
    ("verify index", "verify", "index/store.py"),
    ("load passages from Chroma", "load_passages", "index/store.py"),
    ("BM25 index", "__init__", "index/bm25.py"),
    ("spelling vocabulary", "__init__", "chatbot/spelling.py"),
    ("document frequencies", "_document_frequencies", "index/retrieve.py"),
    ("policy classifier", "warm_up", "chatbot/policy/classifier.py"),
    ("first ask", "ask", "chatbot/pipeline.py"),
)


def profile_in_child(
    code: str, stages: str, out: Path, env: dict[str, str], timeout: int = 600
) -> dict:
    """``profile()`` of ``code`` in a fresh interpreter (so imports count), writing the text
    profile to ``out``. ``stages`` names the stage table as ``module:NAME``."""
    import json

    module, name = stages.split(":")
    child = (
        "from pathlib import Path\n"
        "from bench.profiling import profile\n"
        f"from {module} import {name} as STAGES\n"
        f"s = profile(lambda: exec({code!r}), STAGES, Path({str(out)!r}))\n"
        "import json; print(json.dumps(s))\n"
    )
    proc = subprocess.run(
        [PYTHON, "-c", child], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": proc.stderr[-800:]}


def profile(
    func: Callable[[], object], stages: Sequence[Stage], text_path: Path | None = None
) -> dict:
    """Run ``func`` under pyinstrument; seconds per stage (plus total and the rest)."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    try:
        func()
    finally:
        profiler.stop()
    root = profiler.last_session.root_frame()
    totals = {name: 0.0 for name, _, _ in stages}

    def walk(frame, active: frozenset[str]) -> None:
        for name, function, path in stages:
            if (
                name not in active
                and frame.function in function.split("|")
                and path in (frame.file_path or "")
            ):
                totals[name] += frame.time
                active = active | {name}
        for child in frame.children:
            walk(child, active)

    if root is not None:
        walk(root, frozenset())
        total = root.time
    else:
        total = 0.0
    if text_path is not None:
        text_path.write_text(
            profiler.output_text(unicode=False, color=False, show_all=False), encoding="utf-8"
        )
    out = {name: round(t, 4) for name, t in totals.items()}
    out["(total)"] = round(total, 4)
    return out


def import_time(code: str, env: dict[str, str], top: int = 15) -> list[dict]:
    """The slowest top-level imports of ``python -X importtime -c code`` (cumulative ms)."""
    proc = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    rows = []
    pattern = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")
    for line in proc.stderr.splitlines():
        m = pattern.match(line)
        if m and len(m.group(3)) <= 1:  # top level: imported by our own code
            rows.append({"module": m.group(4), "cumulative_ms": round(int(m.group(2)) / 1000, 1)})
    rows.sort(key=lambda r: r["cumulative_ms"], reverse=True)
    return rows[:top]


def py_spy(pid: int, seconds: float, out: Path) -> dict | None:
    """Sample a running process with py-spy; the functions with the most own samples."""
    exe = shutil.which("py-spy") or str(Path(PYTHON).with_name("py-spy"))
    if not Path(exe).exists():
        return None
    proc = subprocess.run(
        [exe, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--format", "raw",
         "--output", str(out), "--nonblocking", "--threads"],
        capture_output=True, text=True, timeout=seconds + 60,
    )  # fmt: skip
    if proc.returncode != 0 or not out.exists():
        return None
    return collapsed_top(out)


def collapsed_top(path: Path, top: int = 12) -> dict:
    """From a collapsed-stack file: the functions burning the most samples themselves (``own``)
    and our own functions (chatbot/, index/) by inclusive share (``app``)."""
    leaf: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = [
            _LINE.sub(")", f)  # one row per function, not per line
            for f in stack.split(";")
            if f and not f.startswith(("thread ", "process "))
        ]
        if not frames:
            continue
        total += n
        leaf[frames[-1]] = leaf.get(frames[-1], 0) + n
        for f in set(frames):  # inclusive: once per sample however deep the recursion
            inclusive[f] = inclusive.get(f, 0) + n

    def share(counts: dict[str, int], keep: Callable[[str], bool]) -> list[dict]:
        rows = sorted(((n, f) for f, n in counts.items() if keep(f)), reverse=True)[:top]
        return [{"function": f, "pct": round(100 * n / total, 1)} for n, f in rows]

    if not total:
        return {"samples": 0, "own": [], "app": []}
    return {
        "samples": total,
        "own": share(leaf, lambda f: True),
        "app": share(inclusive, lambda f: "chatbot/" in f or "index/" in f),
    }
