"""Load: 16 concurrent clients against ``POST /api/ask`` on 127.0.0.1 (rate limit off), bounded
in time and in requests: no errors, one audit row per answered request, p95 reported.

CI runs 16 clients for 5 s; ``VETTED_FULL_LOAD=1`` runs the full 30 s form as well.
"""

from __future__ import annotations

import itertools
import os
import statistics
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from chatbot.settings import Settings

pytestmark = pytest.mark.slow
CLIENTS = 16
QUESTIONS = [
    "What are the common side effects of ketamine therapy?",
    "What happens during a ketamine infusion?",
    "How many mg of ketamine should I take?",
    "Is ketamine therapy right for me?",
    "Can I bring my dog to the clinic?",
    "What is the glutamate hypothesis?",
    "How long does a ketamine session last?",
    "Who discovered ketamine?",
]


def audit_rows(data_dir: Path) -> tuple[int, int]:
    """Rows in the audit database and interactions waiting in the spool."""
    from chatbot.audit import AuditLog
    from chatbot.audit.db import dispose_all

    log = AuditLog(Settings(data_dir=data_dir))
    try:
        return log.count(), len(log.spool)
    finally:
        dispose_all()


def run_load(base_url: str, clients: int, seconds: float, max_requests: int) -> dict:
    deadline = time.monotonic() + seconds
    numbers = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors: list[str] = []
    spooled = attempts = 0

    def client() -> None:
        nonlocal spooled, attempts
        with httpx.Client(base_url=base_url, timeout=30) as http:
            while time.monotonic() < deadline:
                n = next(numbers)
                if n >= max_requests:
                    return
                started = time.perf_counter()
                try:
                    r = http.post("/api/ask", json={"question": QUESTIONS[n % len(QUESTIONS)]})
                    body = r.json()
                except (httpx.HTTPError, ValueError) as exc:
                    with lock:
                        attempts += 1
                        errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                elapsed = time.perf_counter() - started
                with lock:
                    attempts += 1
                    statuses[r.status_code] += 1
                    if r.status_code == 200:
                        latencies.append(elapsed)
                        spooled += body.get("interaction_id") is None
                    else:
                        errors.append(f"{r.status_code}: {str(body)[:200]}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    wall = time.monotonic() - started
    ordered = sorted(latencies)
    pct = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else [0] * 99
    return {
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": attempts,
        "ok": statuses[200],
        "errors": len(errors),
        "error_samples": errors[:5],
        "statuses": {str(k): v for k, v in statuses.items()},
        "answered_but_spooled": spooled,
        "p50_ms": round(pct[49] * 1000, 1),
        "p95_ms": round(pct[94] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1) if ordered else 0.0,
        "throughput_rps": round(statuses[200] / wall, 1),
    }


def check_load(staff, server_data, results, name: str, seconds: float, max_requests: int):
    rows_before, spool_before = audit_rows(server_data)
    log_from = staff.log.stat().st_size
    stats = run_load(staff.url, CLIENTS, seconds, max_requests)
    rows_after, spool_after = audit_rows(server_data)
    stats.update(
        audit_rows_written=rows_after - rows_before,
        spooled=spool_after - spool_before,
        bound=f"{seconds:g} s or {max_requests} requests",
    )
    results.section("load")[name] = stats
    assert stats["errors"] == 0, stats["error_samples"]
    assert stats["ok"] > 0
    # one record per answered request: in the database, or (if it was busy) in the spool
    assert stats["audit_rows_written"] + stats["spooled"] == stats["ok"]
    assert stats["spooled"] == 0  # and SQLite kept up: nothing had to wait in the spool
    with staff.log.open("rb") as log:
        log.seek(log_from)
        assert b"Traceback" not in log.read()  # no unexpected error on the server either


def test_sixteen_clients_for_five_seconds(staff, server_data, results):
    check_load(staff, server_data, results, "ci", seconds=5, max_requests=2000)


@pytest.mark.skipif(os.environ.get("VETTED_FULL_LOAD") != "1", reason="VETTED_FULL_LOAD=1 runs it")
def test_sixteen_clients_for_thirty_seconds(staff, server_data, results):
    check_load(staff, server_data, results, "full", seconds=30, max_requests=20_000)
