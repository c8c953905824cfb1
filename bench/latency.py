"""1. Answer latency, warm and in-process: our full pipeline (policy, hybrid retrieval, compose,
audit write) against the textbook LangChain retriever (retrieval only) and the floor (one bare
``model.encode([q])``), the three interleaved question by question so that load from anything
else on the machine falls on all three alike."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from bench import textbook
from bench.common import (
    ARTICLES,
    approved_bodies,
    median,
    real_index,
    summary_ms,
    target,
    temp_dir,
)
from bench.config import Config

TARGET_RATIO = 1.2


def audit_sink(settings) -> tuple[Callable | None, str, object | None]:
    """``AuditLog(settings).record`` when the audit package exists (it writes to SQLite in the
    benchmark's own data folder), else None and why."""
    try:
        from chatbot.audit import AuditLog
    except ImportError as exc:
        return None, f"chatbot.audit.AuditLog not importable ({exc}); timed without audit", None
    log = AuditLog(settings)
    log.warm_up()
    return log.record, "AuditLog(settings).record (SQLite, WAL) in the benchmark's data folder", log


def time_interleaved(
    pipelines: dict[str, Callable[[str], object]], questions: list[str], passes: int, seed: int
) -> dict[str, list[list[float]]]:
    """Seconds per call, per pipeline, per pass; each pass shuffles the questions and rotates
    which pipeline goes first."""
    rng = random.Random(seed)
    names = list(pipelines)
    samples: dict[str, list[list[float]]] = {name: [] for name in names}
    for _ in range(passes):
        order = questions[:]
        rng.shuffle(order)
        current = {name: [] for name in names}
        for i, q in enumerate(order):
            for name in names[i % len(names) :] + names[: i % len(names)]:
                started = time.perf_counter()
                pipelines[name](q)
                current[name].append(time.perf_counter() - started)
        for name in names:
            samples[name].append(current[name])
    return samples


def paired(a: list[list[float]], b: list[list[float]]) -> list[float]:
    """Per-question differences in ms between two pipelines timed in the same passes."""
    return [(x - y) * 1000 for pa, pb in zip(a, b) for x, y in zip(pa, pb)]


def figures(samples: dict[str, list[list[float]]]) -> dict[str, dict]:
    out = {}
    for name, passes in samples.items():
        flat = [s for p in passes for s in p]
        out[name] = summary_ms(flat)
        out[name]["pass_p50_ms"] = [summary_ms(p)["p50_ms"] for p in passes]
        out[name]["pass_p95_ms"] = [summary_ms(p)["p95_ms"] for p in passes]
    return out


def run(cfg: Config) -> dict:
    from bench.profiling import ANSWER_STAGES, profile
    from bench.questions import CATEGORIES, questions
    from chatbot.pipeline import Assistant
    from chatbot.settings import Settings

    qs = questions(cfg.questions)
    with temp_dir("latency", cfg.keep) as tmp:
        settings = Settings(data_dir=tmp / "data", articles_dir=ARTICLES)
        real_index(settings.data_dir)  # built once per run; policy classifier trained
        record, audit_note, log = audit_sink(settings)
        assistant = Assistant(settings, audit=record)
        assistant.warm_up()

        emb = textbook.embeddings()
        store = textbook.build(tmp / "textbook", approved_bodies(ARTICLES), emb)
        retriever = textbook.retriever(store)
        # The floor: the same SentenceTransformer the textbook pipeline loaded, called bare.
        floor_model = emb._client

        pipelines = {
            "ours": lambda q: assistant.ask(q, surface="bench"),
            "textbook": retriever.invoke,
            "floor": lambda q: floor_model.encode([q]),
        }
        decisions: dict[str, int] = {}
        for q in qs:  # the warm pass (untimed): every code path and cache has run once
            kind = assistant.ask(q, surface="bench").decision.value
            decisions[kind] = decisions.get(kind, 0) + 1
            retriever.invoke(q)
            floor_model.encode([q])
        rows_before = log.count() if log is not None else None
        samples = time_interleaved(pipelines, qs, cfg.latency_passes, cfg.seed)
        rows_written = (log.count() - rows_before) if log is not None else None
        result = figures(samples)
        ratios = [
            o / t for o, t in zip(result["ours"]["pass_p50_ms"], result["textbook"]["pass_p50_ms"])
        ]
        ratio = median(ratios)
        out = {
            "status": "ok",
            "questions": len(qs),
            "question_mix": _mix(qs, CATEGORIES),
            "decisions_warm_pass": decisions,
            "passes": cfg.latency_passes,
            "audit": audit_note,
            "audit_rows_written": rows_written,
            "textbook_chunks": store._collection.count(),
            "pipelines": result,
            "ratio_p50_ours_over_textbook": round(ratio, 3),
            "ratio_p50_per_pass": [round(r, 3) for r in ratios],
            # Paired per question (same pass, same question, back to back): what each pipeline
            # adds on top of the bare encode. Robust to the machine being busy, unlike p50s.
            "added_over_floor_ms": {
                name: round(median(paired(samples[name], samples["floor"])), 2)
                for name in ("ours", "textbook")
            },
            "ratio_p50_ours_over_floor": round(
                result["ours"]["p50_ms"] / result["floor"]["p50_ms"], 2
            ),
            "targets": [target("answer p50 ours / textbook p50", ratio, TARGET_RATIO)],
            "samples_ms": {
                name: [round(s * 1000, 2) for one in passes for s in one]
                for name, passes in samples.items()
            },
        }
        if cfg.profile:
            # Where our time goes, per question (one more pass, under pyinstrument).
            stages = profile(
                lambda: [assistant.ask(q, surface="bench") for q in qs],
                ANSWER_STAGES,
                cfg.out / "profile_answer.txt",
            )
            out["profile_ms_per_question"] = {
                k: round(v * 1000 / len(qs), 2) for k, v in stages.items()
            }
            out["profile_file"] = "profile_answer.txt"
        return out


def _mix(qs: list[str], categories: dict[str, str]) -> dict[str, int]:
    mix: dict[str, int] = {}
    for q in qs:
        mix[categories[q]] = mix.get(categories[q], 0) + 1
    return mix
