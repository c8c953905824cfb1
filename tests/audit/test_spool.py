"""No interaction is lost: a locked or unreachable database spools, and replay is exactly-once."""

from __future__ import annotations

import threading
import time

import pytest

from chatbot.audit import AuditLog, AuditUnavailable
from chatbot.audit.entry import Entry
from chatbot.settings import Settings
from tests.audit.factories import locked, response


def uuids(log: AuditLog) -> list[str]:
    return [r["uuid"] for r in log.search(limit=10_000)]


def test_locked_database_spools_and_next_write_replays_in_order(settings):
    log = AuditLog(settings, busy_timeout_ms=100)
    log.warm_up()
    assert log.record(response("before"), "cli") is not None
    with locked(settings.sqlite_path):
        started = time.monotonic()
        spooled = [log.record(response(f"while locked {n}"), "cli") for n in range(3)]
        assert time.monotonic() - started < 3  # each waits ~busy_timeout, then spools
    assert spooled == [None, None, None]
    assert len(log.spool) == 3 and log.spool.path == settings.data_dir / "audit-spool.jsonl"

    rid = log.record(response("after"), "cli")  # replays the spool first, then writes
    assert rid is not None and len(log.spool) == 0
    rows = sorted(log.search(limit=100), key=lambda r: r["id"])
    assert [r["question"] for r in rows] == [
        "before", "while locked 0", "while locked 1", "while locked 2", "after",
    ]  # fmt: skip
    assert rows[-1]["id"] == rid
    assert log.replay_spool() == 0
    assert log.count() == 5


def test_unreachable_database_spools_then_replay_spool_restores(tmp_path):
    db_dir = tmp_path / "db"
    db_dir.write_text("a file where the database folder should be")
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{db_dir}/audit.db")
    log = AuditLog(settings)
    assert [log.record(response(f"q{n}"), "kiosk") for n in range(4)] == [None] * 4
    assert len(log.spool) == 4
    with pytest.raises(AuditUnavailable, match="4 interaction.*stay in"):
        log.replay_spool()
    assert len(log.spool) == 4

    db_dir.unlink()  # the folder comes back
    db_dir.mkdir()
    assert log.replay_spool() == 4
    assert log.count() == 4 and len(log.spool) == 0
    assert sorted(r["question"] for r in log.search()) == ["q0", "q1", "q2", "q3"]
    assert len(set(uuids(log))) == 4


def test_replay_is_idempotent_after_a_crash_between_insert_and_rewrite(audit):
    entries = [Entry.from_response(response(f"q{n}"), "cli") for n in range(3)]
    for e in entries:
        audit.spool.append(e)
    audit.replay_spool()
    for e in entries:  # as if the spool had not been rewritten before a crash
        audit.spool.append(e)
    assert audit.replay_spool() == 0
    assert audit.count() == 3
    assert sorted(uuids(audit)) == sorted(e.uuid for e in entries)


def test_a_torn_spool_line_is_set_aside_not_blocking(audit):
    good = Entry.from_response(response("good"), "cli")
    audit.spool.path.write_text('{"uuid": "torn", "created_')  # a crash mid-write
    audit.spool.append(good)  # starts on a new line
    assert audit.replay_spool() == 1
    assert [r["question"] for r in audit.search()] == ["good"]
    assert "torn" in audit.spool.rejected_path.read_text()
    assert len(audit.spool) == 0


def test_warm_up_replays_a_spool_left_by_an_earlier_run(settings):
    first = AuditLog(settings)
    first.spool.append(Entry.from_response(response("left over"), "cli"))
    second = AuditLog(settings)
    second.warm_up()
    assert second.count() == 1 and len(second.spool) == 0


def test_threads_writing_while_the_spool_drains_store_everything_once(audit):
    spooled = [Entry.from_response(response(f"spooled {n}"), "cli") for n in range(20)]
    for e in spooled:
        audit.spool.append(e)

    def work() -> None:
        for _ in range(10):
            assert audit.record(response("live"), "api") is not None

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert audit.count() == 100 and len(audit.spool) == 0
    assert len(set(uuids(audit))) == 100
    first = sorted(audit.search(limit=200), key=lambda r: r["id"])[:20]
    assert [r["question"] for r in first] == [f"spooled {n}" for n in range(20)]  # in order
