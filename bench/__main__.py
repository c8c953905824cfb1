"""``python -m bench [--smoke] [--only NAME[,NAME]] [--out DIR] [--scale 5,500,2000]``

Benchmarks of Vetted, each in its own temporary data folder (the real ``data/`` is never
touched): 1. answer latency vs the textbook LangChain retriever, 2. cold start, 3. index build,
4. scale (embedded and server Chroma), 5. HTTP throughput. Writes ``latest.json``, ``latest.md``
and PNG plots to the output folder, and the table into ``BENCHMARKS.md`` for a full run into the
default folder. Exit 1 when a benchmark failed to run (a missed target is not a failure).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.config import BENCHMARKS, DEFAULT_OUT, Config

ALIASES = {"cold": "cold_start", "build": "index_build", "throughput": "http"}


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        msg = f"expected article counts like 5,500,2000 (got {text!r})"
        raise argparse.ArgumentTypeError(msg) from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"article counts must be 1 or more (got {text!r})")
    return sizes


def parse(argv: list[str] | None) -> Config:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    p.add_argument("--smoke", action="store_true", help="tiny sizes, one repetition (CI)")
    p.add_argument("--only", help=f"comma-separated subset of: {', '.join(BENCHMARKS)}")
    p.add_argument("--out", type=Path, help=f"output folder (default {DEFAULT_OUT})")
    p.add_argument("--scale", type=_sizes, help="article counts for 4. (5 = the real articles)")
    p.add_argument("--server-scale", type=_sizes, help="article counts for the Chroma server")
    p.add_argument("--sections", type=int, help="sections per synthetic article (default 24)")
    p.add_argument("--questions", type=int, help="use only the first N questions")
    p.add_argument("--passes", type=int, help="timed passes over the questions")
    p.add_argument("--http-seconds", type=float, help="HTTP load duration (default 20)")
    p.add_argument("--no-profile", action="store_true", help="skip the profiles")
    p.add_argument("--keep", action="store_true", help="keep the temporary folders")
    p.add_argument(
        "--update", action="store_true",
        help="re-run only --only and keep the other sections of OUT/latest.json",
    )  # fmt: skip
    a = p.parse_args(argv)
    cfg = Config.smoke_config() if a.smoke else Config()
    if a.only:
        names = tuple(ALIASES.get(n.strip(), n.strip()) for n in a.only.split(","))
        unknown = [n for n in names if n not in BENCHMARKS]
        if unknown:
            p.error(f"--only: unknown benchmark {', '.join(unknown)} (choose from "
                    f"{', '.join(BENCHMARKS)})")  # fmt: skip
        cfg.only = names
    for key, value in (
        ("out", a.out), ("scale", a.scale), ("server_scale", a.server_scale),
        ("sections", a.sections), ("questions", a.questions), ("latency_passes", a.passes),
        ("http_seconds", a.http_seconds),
    ):  # fmt: skip
        if value is not None:
            setattr(cfg, key, value)
    if a.questions is not None:
        cfg.scale_questions = a.questions
    cfg.profile = cfg.profile and not a.no_profile
    cfg.keep = a.keep
    cfg.update = a.update
    return cfg


def _modules():
    from bench import coldstart, indexing, latency, scale, throughput

    return {
        "latency": latency,
        "cold_start": coldstart,
        "index_build": indexing,
        "scale": scale,
        "http": throughput,
    }


def _write_json(path: Path, results: dict) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    cfg = parse(argv)
    for key, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                       ("TOKENIZERS_PARALLELISM", "false"), ("ANONYMIZED_TELEMETRY", "False")):  # fmt: skip
        os.environ.setdefault(key, value)
    for key in [k for k in os.environ if k.startswith(("VETTED_", "CHROMA_"))]:
        del os.environ[key]  # settings come from each benchmark's own temp folder, never data/
    from bench import report
    from bench.common import cpu_seconds, load_average, log, machine

    cfg.out.mkdir(parents=True, exist_ok=True)
    command = "python -m bench" + (" " + " ".join(argv if argv is not None else sys.argv[1:]))
    results: dict = {
        "meta": {
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "finished": None,
            "command": command.strip(),
            "smoke": cfg.smoke,
            "sections": list(cfg.only),
            "machine": machine(),
            "config": {k: v for k, v in asdict(cfg).items() if k != "notes"},
        }
    }
    previous = cfg.out / "latest.json"
    if cfg.update and previous.exists():
        old = json.loads(previous.read_text(encoding="utf-8"))
        for name in BENCHMARKS:
            if name not in cfg.only and name in old:
                results[name] = old[name]
        results["meta"]["sections"] = [n for n in BENCHMARKS if n in results or n in cfg.only]
    failed = False
    for name in cfg.only:
        log(f"{name} ...")
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        before, started, cpu = load_average(), time.perf_counter(), cpu_seconds()
        try:
            section = _modules()[name].run(cfg)
        except Exception as exc:  # one benchmark failing must not lose the others' figures
            failed = True
            section = {
                "status": "error",
                "reason": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(limit=8),
                "targets": [],
            }
        section["seconds"] = round(time.perf_counter() - started, 1)
        section["cpu_s"] = round(cpu_seconds() - cpu, 1)  # this process + its children
        section["load_average"] = {"before": before, "after": load_average()}
        section["run"] = {"started": stamp, "command": results["meta"]["command"]}
        results[name] = section
        log(f"{name}: {section['status']} in {section['seconds']} s")
        _write_json(cfg.out / "latest.json", results)
    results["meta"]["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["meta"]["plots"] = report.plots(results, cfg.out)
    _write_json(cfg.out / "latest.json", results)
    table = report.markdown(results)
    (cfg.out / "latest.md").write_text(table, encoding="utf-8")
    everything = set(results["meta"]["sections"]) == set(BENCHMARKS)
    if everything and not cfg.smoke and cfg.out.resolve() == DEFAULT_OUT.resolve():
        root = DEFAULT_OUT.parent.parent
        report.update_benchmarks_md(
            root / "BENCHMARKS.md", table, "bench/results/latency_vs_corpus.png"
        )
    print(table)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
