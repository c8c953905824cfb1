"""The benchmark's own measuring helpers."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_a_worker_reports_its_own_peak_memory_not_its_parents():
    """Scale points run in child processes; each must report the memory it used, not the size
    of the benchmark process that spawned it (Linux carries ``ru_maxrss`` across exec)."""
    from bench.common import peak_rss_mb

    ballast = b"x" * (600 * 2**20)  # every page written: the parent's peak is now > 600 MB
    assert peak_rss_mb() > 600
    out = subprocess.run(
        [sys.executable, "-c", "from bench.common import peak_rss_mb; print(peak_rss_mb())"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    assert float(out.stdout) < 200, out.stdout
    del ballast
