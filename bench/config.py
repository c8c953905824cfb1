"""How big and how often: the full run's sizes and the smoke run's (seconds, for CI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parent / "results"
BENCHMARKS = ("latency", "cold_start", "index_build", "scale", "http")


@dataclass
class Config:
    out: Path = DEFAULT_OUT
    smoke: bool = False
    only: tuple[str, ...] = BENCHMARKS
    keep: bool = False  # keep the temp folders (for debugging)
    update: bool = False  # keep the other sections of an existing latest.json
    seed: int = 0
    # 1. answer latency: timed passes over the question set (after one untimed warm pass)
    latency_passes: int = 3
    questions: int | None = None  # None = all of bench/questions.py
    # 2. cold start: fresh processes per pipeline (after one untimed priming run each)
    cold_runs: int = 5
    # 3. index build: repetitions of (full build, raw encoder) per corpus
    build_runs: int = 3
    build_synthetic: int = 20  # synthetic articles in the second build corpus (0 = none)
    rebuild_runs: int = 5
    # 4. scale: article counts (5 = the real articles; other sizes are synthetic)
    scale: tuple[int, ...] = (5, 500, 2000)
    server_scale: tuple[int, ...] | None = None  # None = same as scale
    sections: int = 24
    scale_questions: int | None = None
    # 5. HTTP throughput
    http_clients: int = 8
    http_seconds: float = 20.0
    http_max_per_client: int = 1000
    profile: bool = True  # profile where a target is missed
    notes: list[str] = field(default_factory=list)

    @classmethod
    def smoke_config(cls, **overrides) -> Config:
        base = cls(
            smoke=True,
            latency_passes=1,
            questions=24,
            cold_runs=1,
            build_runs=1,
            build_synthetic=0,
            rebuild_runs=1,
            scale=(5, 20),
            server_scale=(5,),
            sections=3,
            scale_questions=12,
            http_seconds=3.0,
            http_max_per_client=15,
            profile=False,
        )
        for key, value in overrides.items():
            setattr(base, key, value)
        return base

    @property
    def servers(self) -> tuple[int, ...]:
        return self.scale if self.server_scale is None else self.server_scale
