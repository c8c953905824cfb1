"""The audit log on a real PostgreSQL server (started by ``conftest.pg_server``)."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, text

from chatbot.audit import AuditLog
from chatbot.audit.migrations import MIGRATIONS, applied, migrate
from chatbot.audit.schema import metadata
from chatbot.records import Kind
from tests.audit.factories import insert_at, response

pytestmark = pytest.mark.pg


def test_migrations_idempotent_and_schema_matches(pg_settings):
    log = AuditLog(pg_settings)
    log.warm_up()
    assert log.engine.dialect.name == "postgresql"
    assert migrate(log.engine) == []
    restarted = AuditLog(pg_settings)
    restarted.warm_up()
    with restarted.engine.connect() as conn:
        assert applied(conn) == [m.__name__ for m in MIGRATIONS]
        assert conn.execute(text("SELECT count(*) FROM _migrations")).scalar() == len(MIGRATIONS)
    inspector = inspect(log.engine)
    for table in metadata.sorted_tables:
        got = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
        assert got == {c.name: c.nullable for c in table.columns}, table.name


def test_record_search_get_feedback_purge(pg_settings):
    log = AuditLog(pg_settings)
    log.warm_up()
    rid = log.record(response("My name is Ann Lee, what is TMS?"), "staff")
    oos = log.record(response("where do I park", Kind.OUT_OF_SCOPE, "Sorry.", None), "kiosk")
    old = insert_at(log, response("old one"), "cli", datetime.now(UTC) - timedelta(days=40))
    log.feedback(oos, "wrong", "email me: x@y.org")
    log.review(rid, "ok", "", "rev")
    assert [r["id"] for r in log.search()] == [oos, rid, old]
    assert [r["id"] for r in log.search(decision="out_of_scope", feedback="wrong")] == [oos]
    assert [r["id"] for r in log.search(text="tms", review_status="ok")] == [rid]
    assert [r["id"] for r in log.search(until=datetime.now(UTC) - timedelta(days=1))] == [old]
    near = replace(response("won't need them after sunday"), reasons=("note:near_crisis:+0.1",))
    checked = log.record(near, "kiosk")
    assert [r["id"] for r in log.search(check_in=True)] == [checked]  # JSON cast to text
    assert checked not in [r["id"] for r in log.search(check_in=False)]
    row = log.get(rid)
    assert row["question"] == "My name is [NAME], what is TMS?"
    assert row["retrieval"][0]["fused"] == 0.03279 and row["citations"][0]["n"] == 1
    assert datetime.fromisoformat(row["created_at"]).utcoffset() == timedelta(0)
    assert log.get(oos)["feedback_list"][0]["comment"] == "email me: [EMAIL]"
    assert log.content_gaps()[0]["example"] == "where do I park"
    assert log.purge(30) == 1 and log.count() == 3


def test_concurrent_writers(pg_settings):
    log = AuditLog(pg_settings)
    log.warm_up()

    def work() -> None:
        for _ in range(25):
            assert log.record(response(), "api") is not None

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert log.count() == 200


def test_server_killed_and_restored_loses_nothing(pg_server, pg_settings):
    if not pg_server.managed:
        pytest.skip("VETTED_TEST_PG_URL points at a server these tests cannot stop")
    log = AuditLog(pg_settings, connect_timeout_s=2)
    log.warm_up()
    for n in range(3):
        assert log.record(response(f"before {n}"), "api") is not None

    pg_server.stop("immediate")
    try:
        for n in range(5):
            started = time.monotonic()
            assert log.record(response(f"during {n}"), "api") is None
            assert time.monotonic() - started < 3
        assert len(log.spool) == 5
    finally:
        pg_server.start()

    assert log.replay_spool() == 5
    assert log.count() == 8 and len(log.spool) == 0
    assert log.replay_spool() == 0
    assert log.record(response("after"), "api") is not None
    rows = sorted(log.search(), key=lambda r: r["id"])
    assert [r["question"] for r in rows] == [
        *(f"before {n}" for n in range(3)), *(f"during {n}" for n in range(5)), "after",
    ]  # fmt: skip
    assert len({r["uuid"] for r in rows}) == 9
