"""The full benchmark run's profilers (the smoke run skips them): installed and splitting time."""

from __future__ import annotations

import time

from bench.profiling import profile


def _busy(seconds: float) -> None:
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        pass


def test_profile_splits_a_run_into_its_named_stages(tmp_path):
    # `make bench` profiles the answer path with pyinstrument; it comes with requirements.txt,
    # so a fresh checkout's full run does not stop at an import.
    text = tmp_path / "profile.txt"
    out = profile(lambda: _busy(0.08), [("busy", "_busy", "test_profiling.py")], text)
    assert 0.05 <= out["busy"] <= out["(total)"]
    assert "_busy" in text.read_text(encoding="utf-8")
