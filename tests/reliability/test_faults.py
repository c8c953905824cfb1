"""Faults, injected for real: the Chroma server stopped and started again under a running staff
server, the PostgreSQL audit database stopped with ``-m immediate`` while questions keep coming,
and an index build killed with SIGKILL halfway.

(A build that dies halfway in process, a tampered index, and draft or retired articles are
covered by ``tests/index/test_build.py``; several replicas on one Chroma server by
``tests/index/test_chroma_server.py``.)
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from chatbot.settings import Settings
from tests.conftest import ROOT
from tests.reliability.cases import PHI_QUESTION, SECRETS
from tests.reliability.harness import ChromaServer, wait_for
from tests.servers import AppServer, clean_env

pytestmark = pytest.mark.slow
QUESTION = "What are the common side effects of ketamine therapy?"


@dataclass
class Stack:
    server: AppServer
    chroma: ChromaServer
    pg: object  # tests.audit.conftest.PgServer
    database_url: str
    data_dir: Path

    def ask(self, timeout: float = 15, question: str = QUESTION) -> httpx.Response:
        url = f"{self.server.url}/api/ask"
        return httpx.post(url, json={"question": question}, timeout=timeout)

    def rows(self) -> tuple[int, int]:
        """Interactions in PostgreSQL, and how many distinct uuids they have."""
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as conn:
                sql = "SELECT count(*), count(DISTINCT uuid) FROM interactions"
                total, distinct = conn.execute(text(sql)).one()
        finally:
            engine.dispose()
        return total, distinct

    def spooled(self) -> int:
        path = self.data_dir / "audit-spool.jsonl"
        return (
            sum(1 for line in path.read_text().splitlines() if line.strip()) if path.exists() else 0
        )


@pytest.fixture(scope="module")
def stack(ready_data, tmp_path_factory):
    """A staff server on a ``chroma run`` server (serving a copy of the session's built index)
    with its audit log in a throwaway PostgreSQL cluster."""
    from chatbot.audit import AuditLog
    from chatbot.audit.db import dispose_all
    from tests.audit.conftest import PgServer, pg_bindir

    bindir = pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    base = tmp_path_factory.mktemp("faults")
    shutil.copytree(ready_data / "chroma", base / "chroma")  # `chroma run` reads these files
    pg = PgServer(bindir=bindir)
    chroma = ChromaServer(base / "chroma", base / "chroma.log")
    server = None
    try:
        pg.init()
        chroma.start()
        url = pg.new_database()
        data = base / "data"
        data.mkdir()  # the trained policy model comes from the run's shared VETTED_CACHE_DIR
        AuditLog(Settings(data_dir=data, database_url=url)).warm_up()
        dispose_all()
        env = clean_env(
            VETTED_DATA_DIR=str(data),
            CHROMA_HOST="127.0.0.1",
            CHROMA_PORT=str(chroma.port),
            DATABASE_URL=url,
            VETTED_RATE_LIMIT_PER_MINUTE="0",
        )
        server = AppServer("staff", env, base / "staff.log").start()
        server.wait_ready()
        yield Stack(server, chroma, pg, url, data)
    finally:
        if server is not None:
            server.stop()
        chroma.stop()
        pg.cleanup()


def test_chroma_server_stopped_then_restarted(stack, results):
    record = results.section("faults").setdefault("chroma_stopped", {})
    assert stack.ask().status_code == 200

    stack.chroma.stop()  # terminate the chroma PID
    started = time.monotonic()
    ready = httpx.get(f"{stack.server.url}/readyz", timeout=10)
    down = stack.ask(timeout=10)  # the client timeout proves it does not hang
    record.update(
        readyz_status=ready.status_code,
        readyz_index=ready.json()["checks"]["index"],
        ask_status=down.status_code,
        ask_error=down.json().get("error"),
        answered_in_s=round(time.monotonic() - started, 2),
    )
    assert ready.status_code == 503 and ready.json()["checks"]["index"] != "ok"
    assert down.status_code == 503 and "unavailable" in down.json()["error"]
    assert down.headers.get("retry-after") == "5"
    assert record["answered_in_s"] < 5

    stack.chroma.start()  # same port, same folder
    recovered, waited = wait_for(lambda: stack.ask().status_code == 200, timeout=30)
    record.update(recovered=recovered, recovered_in_s=round(waited, 1))
    assert recovered, stack.server.tail()
    assert httpx.get(f"{stack.server.url}/readyz", timeout=10).status_code == 200
    assert "Traceback" not in stack.server.log.read_text(errors="replace")


def test_audit_database_down_then_back_loses_nothing(stack, results):
    record = results.section("faults").setdefault("postgres_down", {})
    if not stack.chroma.running:
        stack.chroma.start()
        wait_for(lambda: stack.ask().status_code == 200, timeout=30)
    before, _ = stack.rows()
    k, m = 4, 5
    first = [stack.ask() for _ in range(k)]
    assert [r.status_code for r in first] == [200] * k
    assert all(isinstance(r.json()["interaction_id"], int) for r in first)

    stack.pg.stop("immediate")
    try:
        started = time.monotonic()
        during = [stack.ask(question=PHI_QUESTION)] + [stack.ask() for _ in range(m - 1)]
        record.update(answered_while_down=[r.status_code for r in during])
        record.update(seconds_per_answer_while_down=round((time.monotonic() - started) / m, 2))
        assert [r.status_code for r in during] == [200] * m  # answered, not failed
        assert all(r.json()["interaction_id"] is None for r in during)  # spooled
        assert stack.spooled() == m
        spool = (stack.data_dir / "audit-spool.jsonl").read_bytes()  # redacted before spooling
        record.update(personal_details_in_spool=sum(spool.count(x.encode()) for x in SECRETS))
        assert record["personal_details_in_spool"] == 0 and b"[EMAIL]" in spool
        ready = httpx.get(f"{stack.server.url}/readyz", timeout=10)
        record.update(readyz_database=ready.json()["checks"]["database"])
        assert ready.status_code == 503 and ready.json()["checks"]["database"] != "ok"
    finally:
        stack.pg.start()

    replay = subprocess.run(
        [sys.executable, "-m", "chatbot", "audit", "replay"],
        cwd=ROOT,
        env=clean_env(VETTED_DATA_DIR=str(stack.data_dir), DATABASE_URL=stack.database_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    record.update(replay=replay.stdout.strip() or replay.stderr.strip())
    assert replay.returncode == 0, replay.stderr
    assert f"replayed {m} spooled" in replay.stdout
    after = stack.ask()  # the server writes to the database again, and replays nothing twice
    assert after.status_code == 200 and isinstance(after.json()["interaction_id"], int)
    total, distinct = stack.rows()
    record.update(sent=k + m + 1, rows=total - before, duplicates=total - distinct)
    record.update(lost=(k + m + 1) - (total - before), spool_left=stack.spooled())
    assert total - before == k + m + 1  # none lost
    assert total == distinct  # none duplicated
    assert stack.spooled() == 0


def test_index_build_killed_with_sigkill(ready_data, assistant, articles_copy, tmp_path, results):
    """``python -m index build`` SIGKILLed while it builds a new generation (after one article
    changed): the previous generation keeps serving, and the next build completes and sweeps
    the orphan."""
    from index.build import build
    from index.retrieve import HybridRetriever
    from index.store import Store

    settings = Settings(data_dir=tmp_path / "data", articles_dir=articles_copy)
    shutil.copytree(ready_data / "chroma", settings.chroma_dir)  # the served generation
    first = assistant.store.manifest()  # (read from the original, not opened here before the kill)
    article = max(articles_copy.glob("*.md"), key=lambda p: p.stat().st_size)
    head, _, body = article.read_text(encoding="utf-8").partition("\n---\n")
    article.write_text(f"{head}\n---\n{body.replace('ketamine', 'Ketamine')}", encoding="utf-8")

    env = clean_env(VETTED_DATA_DIR=str(settings.data_dir), VETTED_ARTICLES_DIR=str(articles_copy))
    proc = subprocess.Popen(
        [sys.executable, "-m", "index", "build"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    database = settings.chroma_dir / "chroma.sqlite3"

    written = []

    def new_generation_half_written() -> bool:
        """The new generation's sentence collection holds records (the unchanged ones copied),
        while its new text is still being embedded."""
        sql = (
            "SELECT count(*) FROM embeddings_queue q JOIN collections c ON q.topic LIKE '%' || c.id"
            " WHERE c.name LIKE 'vetted-s-%' AND c.name NOT LIKE ?"
        )
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as conn:
            written[:] = [conn.execute(sql, (f"%{first.generation}%",)).fetchone()[0]]
        return written[0] > 0

    seen, waited = wait_for(new_generation_half_written, timeout=120, interval=0.05)
    killed_while_running = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    output = proc.communicate(timeout=30)[0].decode(errors="replace")
    record = results.section("faults").setdefault("build_sigkill", {})
    record.update(
        killed_after_s=round(waited, 1),
        killed_mid_build=seen and killed_while_running,
        new_generation_records_at_kill=written[0] if written else 0,
    )
    assert seen and killed_while_running, f"the build finished before it could be killed:\n{output}"

    store = Store(settings)
    manifest = store.manifest()
    assert manifest.generation == first.generation  # still the previous generation
    assert store.verify(manifest) is None
    retriever = HybridRetriever(store, manifest, assistant.embedder)
    vector = assistant.embedder.embed_question(QUESTION)
    assert retriever.search(QUESTION, vector, 4)  # and it serves
    orphans = store.generations() - {first.generation}

    report = build(settings, embedder=assistant.embedder)
    record.update(previous_served=True, orphans_after_kill=len(orphans))
    record.update(next_build=report.summary())
    assert report.changed and report.generation != first.generation
    assert Store(settings).generations() == {report.generation}  # the orphan was swept
