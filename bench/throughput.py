"""5. HTTP throughput: ``python app.py --mode staff`` (FastAPI + uvicorn, one process) on
127.0.0.1, ``POST /api/ask`` from 8 concurrent clients for a bounded time and a bounded number of
requests. Answers/s, latency, errors (must be 0) and audit rows written (must equal requests).

The app is expected to be ``app.py`` calling ``chatbot.web.server.create_app(mode, settings)``
with ``POST /api/ask`` taking ``{"question": ...}`` and answering ``Response.to_dict()``; when
that is missing the benchmark is reported as skipped, with the reason. The per-client rate limit
is switched off (``VETTED_RATE_LIMIT_PER_MINUTE=0``): every client here is 127.0.0.1.
"""

from __future__ import annotations

import importlib.util
import subprocess
import threading
import time

from bench.common import (
    ARTICLES,
    PYTHON,
    ROOT,
    child_env,
    free_port,
    log,
    peak_rss_of,
    real_index,
    stop,
    summary_ms,
    target,
    temp_dir,
)
from bench.config import Config

TARGET_ANSWERS_PER_S = 60.0


def missing_app() -> str | None:
    if not (ROOT / "app.py").exists():
        return "app.py does not exist yet"
    if importlib.util.find_spec("chatbot.web.server") is None:
        return "chatbot.web.server (create_app) does not exist yet"
    return None


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app exited with code {proc.returncode} before it was ready")
        try:
            if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{base}/readyz not ready after {timeout:g} s")


def load(base: str, questions: list[str], clients: int, seconds: float, cap: int) -> dict:
    """``clients`` threads posting questions until the time or the per-client count runs out."""
    import httpx

    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(i: int) -> None:
        mine = []
        with httpx.Client(base_url=base, timeout=60) as http:
            for n in range(cap):
                if time.perf_counter() >= deadline:
                    break
                q = questions[(i * 37 + n) % len(questions)]
                started = time.perf_counter()
                try:
                    status = http.post("/api/ask", json={"question": q}).status_code
                except httpx.HTTPError:
                    status = -1
                mine.append((time.perf_counter() - started, status))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ok = [s for s, status in results if status == 200]
    errors: dict[str, int] = {}
    for _, status in results:
        if status != 200:
            errors[str(status)] = errors.get(str(status), 0) + 1
    return {
        "requests": len(results),
        "ok": len(ok),
        "errors": sum(errors.values()),
        "errors_by_status": errors,
        "wall_s": round(wall, 2),
        "answers_per_s": round(len(ok) / wall, 1),
        "latency": summary_ms(ok),
    }


def run(cfg: Config, extra_env: dict[str, str] | None = None) -> dict:
    why = missing_app()
    if why:
        return {"status": "skipped", "reason": why, "targets": []}
    from bench.questions import questions
    from chatbot.audit import AuditLog
    from chatbot.settings import Settings

    qs = questions(cfg.questions)
    with temp_dir("http", cfg.keep) as tmp:
        settings = Settings(data_dir=tmp / "data", articles_dir=ARTICLES)
        real_index(settings.data_dir)  # built once per run; policy classifier trained
        port = free_port()
        env = child_env(
            VETTED_DATA_DIR=str(settings.data_dir),
            VETTED_ARTICLES_DIR=str(ARTICLES),
            VETTED_RATE_LIMIT_PER_MINUTE="0",
            GRADIO_ANALYTICS_ENABLED="False",
            **(extra_env or {}),
        )
        server_log = open(tmp / "app.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [PYTHON, "app.py", "--mode", "staff", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            started = time.perf_counter()
            wait_ready(base, proc)
            ready_s = time.perf_counter() - started
            log(f"http: app ready in {ready_s:.1f} s")
            load(base, qs, cfg.http_clients, 2.0, 4)  # warm: every thread of the pool once
            audit = AuditLog(settings)
            before = audit.count()
            result = load(base, qs, cfg.http_clients, cfg.http_seconds, cfg.http_max_per_client)
            time.sleep(0.5)
            rows = audit.count() - before
            out = {
                "status": "ok",
                "clients": cfg.http_clients,
                "duration_limit_s": cfg.http_seconds,
                "max_requests_per_client": cfg.http_max_per_client,
                "app_ready_s": round(ready_s, 1),
                **result,
                "audit_rows_written": rows,
                "server_peak_rss_mb": peak_rss_of(proc.pid),
                "targets": [
                    target("answers/s", result["answers_per_s"], TARGET_ANSWERS_PER_S, True),
                    target("errors", result["errors"], 0),
                    target("audit rows - requests", abs(rows - result["requests"]), 0),
                ],
            }
            if cfg.profile and result["answers_per_s"] < TARGET_ANSWERS_PER_S:
                out["profile"] = profile_server(cfg, base, qs, proc.pid)
            return out
        finally:
            stop(proc)
            server_log.close()


def profile_server(cfg: Config, base: str, qs: list[str], pid: int) -> dict:
    """py-spy on the server while the same load runs again (not timed)."""
    from bench.profiling import py_spy

    seconds = min(cfg.http_seconds, 15.0)
    found: dict = {}
    spy = threading.Thread(
        target=lambda: found.update(top=py_spy(pid, seconds, cfg.out / "profile_http_server.txt"))
    )
    spy.start()
    load(base, qs, cfg.http_clients, seconds, cfg.http_max_per_client)
    spy.join()
    return {"py_spy": found.get("top"), "profile_file": "profile_http_server.txt"}
