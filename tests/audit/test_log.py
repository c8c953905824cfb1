"""AuditLog on a real SQLite file: record, feedback, reviews, handoffs, search, get, purge, export."""

from __future__ import annotations

import csv
import json
import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import inspect, text

from chatbot.audit import AuditLog, AuditUnavailable
from chatbot.audit.migrations import MIGRATIONS, applied, migrate
from chatbot.audit.schema import metadata
from chatbot.pipeline import Assistant
from chatbot.records import Kind
from chatbot.settings import Settings
from tests.audit.factories import insert_at, response


# --- defaults and set-up -------------------------------------------------------------------
def test_constructor_is_cheap_and_defaults_to_sqlite_in_the_data_folder(settings):
    log = AuditLog(settings)
    assert log.url == f"sqlite:///{settings.sqlite_path}"
    assert not settings.sqlite_path.exists()  # nothing happens before warm_up / first use
    log.warm_up()
    assert settings.sqlite_path.exists()
    assert log.count() == 0


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:pw@db:5432/vetted", "postgresql+psycopg://u:pw@db:5432/vetted"),
        ("postgresql://u@db/vetted", "postgresql+psycopg://u@db/vetted"),
        ("postgresql+psycopg://u@db/vetted", "postgresql+psycopg://u@db/vetted"),
    ],
)
def test_database_url_picks_psycopg_and_hides_passwords(tmp_path, given, used):
    log = AuditLog(Settings(data_dir=tmp_path, database_url=given))
    assert log.url == used
    assert "pw" not in repr(log)


def test_wal_mode_and_busy_timeout(audit):
    with audit.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 3000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_migrations_are_recorded_and_idempotent(audit, settings):
    assert migrate(audit.engine) == []  # warm_up applied them already
    with audit.engine.connect() as conn:
        assert applied(conn) == [m.__name__ for m in MIGRATIONS]
    assert [m.__name__ for m in MIGRATIONS][:2] == ["m001_initial", "m002_handoff_reason"]
    again = AuditLog(settings)  # a restart
    again.warm_up()
    again.warm_up()
    with again.engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM _migrations")).scalar()
    assert rows == len(MIGRATIONS)


def test_a_log_from_the_first_release_is_upgraded_in_place(settings):
    """A database that has only m001 (and rows in it) gains m002 on the next start; the old
    handoff keeps its note and reads as a patient's request."""
    from sqlalchemy import create_engine

    from chatbot.audit.migrations import m001_initial

    settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{settings.sqlite_path}")
    with engine.begin() as conn:
        m001_initial(conn)
        conn.execute(text("CREATE TABLE _migrations (name VARCHAR(100) PRIMARY KEY, applied_at)"))
        conn.execute(text("INSERT INTO _migrations VALUES ('m001_initial', '2026-01-01')"))
        conn.execute(
            text(
                "INSERT INTO handoffs (surface, conversation_id, note, created_at) "
                "VALUES ('kiosk', 'c-1', 'old', '2026-01-01 10:00:00')"
            )
        )
    engine.dispose()
    log = AuditLog(settings)
    log.warm_up()
    with log.engine.connect() as conn:
        assert applied(conn) == ["m001_initial", "m002_handoff_reason"]
    (old,) = log.handoffs()
    assert (old["note"], old["reason"]) == ("old", "requested")
    log.handoff("kiosk", "c-2", reason="crisis")
    log.handoff("kiosk", "c-3", reason="check_in")
    assert [h["reason"] for h in log.handoffs()] == ["check_in", "crisis", "requested"]


def test_migrated_schema_matches_schema_py(audit):
    inspector = inspect(audit.engine)
    for table in metadata.sorted_tables:
        got = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
        want = {c.name: c.nullable for c in table.columns}
        assert got == want, table.name


# --- writing ---------------------------------------------------------------------------------
def test_record_stores_everything_redacted(audit):
    resp = response(question="My name is Ann Lee, DOB 03/04/1980: how long do I stay?")
    rid = audit.record(resp, "kiosk")
    assert isinstance(rid, int)
    row = audit.get(rid)
    assert row["question"] == "My name is [NAME], DOB [DATE]: how long do I stay?"
    assert row["surface"] == "kiosk" and row["decision"] == "answer"
    assert row["conversation_id"] == "conv-1"
    assert row["reasons"] == ["policy:clear"]
    assert row["citations"][0]["article_id"] == "esketamine"
    assert row["citations"][0]["quote"] == "Patients stay at the clinic for 2 hours."
    assert row["retrieval"][0] == {**resp.retrieval[0]}
    assert row["evidence"]["sentences"][0]["similarity"] == 0.81
    assert row["corpus_version"] == "cv-2026-01" and row["latency_ms"] == 42.5
    assert datetime.fromisoformat(row["created_at"]).tzinfo is not None
    assert row["feedback_list"] == [] and row["reviews"] == [] and row["review_status"] is None


def test_record_accepts_numpy_values_in_evidence(audit):
    resp = response()
    resp = type(resp)(**{**resp.__dict__, "evidence": {"p": np.float32(0.5), "v": np.arange(2)}})
    rid = audit.record(resp, "api")
    assert audit.get(rid)["evidence"] == {"p": 0.5, "v": [0, 1]}


def test_record_is_the_pipeline_sink(audit, settings):
    assistant = Assistant(settings, audit=audit.record)
    assert assistant.audit == audit.record  # Callable[[Response, str], int | None]


def test_record_rejects_a_bad_surface(audit):
    with pytest.raises(ValueError, match="surface.*'Kiosk!'"):
        audit.record(response(), "Kiosk!")


def test_feedback_review_and_their_errors(audit):
    rid = audit.record(response(), "staff")
    audit.feedback(rid, "helpful")
    audit.feedback(rid, "wrong", "my email is a@b.org")
    audit.review(rid, "needs_correction", "call 555-123-4567", reviewer="dr.k")
    audit.review(rid, "ok", "fixed", reviewer="dr.k")
    row = audit.get(rid)
    assert row["feedback"] == {"helpful": 1, "wrong": 1, "unsafe": 0}
    assert [f["comment"] for f in row["feedback_list"]] == ["", "my email is [EMAIL]"]
    assert [r["note"] for r in row["reviews"]] == ["call [PHONE]", "fixed"]
    assert row["review_status"] == "ok"
    with pytest.raises(ValueError, match="helpful, wrong, unsafe.*'meh'"):
        audit.feedback(rid, "meh")
    with pytest.raises(ValueError, match="no interaction with id 999"):
        audit.feedback(999, "helpful")
    with pytest.raises(ValueError, match="ok, needs_correction"):
        audit.review(rid, "fine", "", reviewer="x")
    with pytest.raises(ValueError, match="reviewer"):
        audit.review(rid, "ok", "", reviewer=" ")
    with pytest.raises(ValueError, match="no interaction with id 999"):
        audit.review(999, "ok", "", reviewer="x")


def test_handoffs_open_and_resolved(audit):
    first = audit.handoff("kiosk", "conv-9", "I'm called Tom Baker, 555-123-4567")
    second = audit.handoff("kiosk", None)
    assert [h["id"] for h in audit.handoffs()] == [second, first]
    assert audit.handoffs()[1]["note"] == "I'm called [NAME], [PHONE]"
    assert audit.resolve_handoff(first) is True
    assert audit.resolve_handoff(first) is False
    assert [h["id"] for h in audit.handoffs()] == [second]
    assert {h["id"] for h in audit.handoffs(open_only=False)} == {first, second}
    with pytest.raises(ValueError, match="no handoff with id 77"):
        audit.resolve_handoff(77)
    with pytest.raises(ValueError, match="requested, crisis"):
        audit.handoff("kiosk", None, reason="bored")


def test_eight_threads_record_concurrently(audit):
    ids: list[int | None] = []

    def work() -> None:
        for _ in range(25):
            ids.append(audit.record(response(), "api"))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert audit.count() == 200
    assert None not in ids and len(set(ids)) == 200
    assert len(audit.spool) == 0


# --- reading ---------------------------------------------------------------------------------
@pytest.fixture
def populated(audit):
    now = datetime.now(UTC)
    ids = {
        "old": insert_at(audit, response("what is tms?"), "kiosk", now - timedelta(days=10)),
        "oos": insert_at(
            audit,
            response("where do I park", Kind.OUT_OF_SCOPE, "Sorry.", None),
            "kiosk",
            now - timedelta(days=2),
        ),  # fmt: skip
        "dose": insert_at(
            audit,
            response("how much ketamine", Kind.REFUSE_DOSING, "No."),
            "staff",
            now - timedelta(days=1),
        ),  # fmt: skip
        "new": insert_at(audit, response("Spravato side effects?"), "api", now),
    }
    audit.feedback(ids["oos"], "wrong")
    audit.feedback(ids["new"], "helpful")
    audit.review(ids["dose"], "needs_correction", "", "rev")
    return ids


def test_search_filters(audit, populated):
    ids = populated

    def found(**kw) -> list[int]:
        return [r["id"] for r in audit.search(**kw)]

    assert found() == [ids["new"], ids["dose"], ids["oos"], ids["old"]]  # newest first
    assert found(decision="out_of_scope") == [ids["oos"]]
    assert found(surface="kiosk") == [ids["oos"], ids["old"]]
    assert found(since=datetime.now(UTC) - timedelta(days=3)) == [
        ids["new"],
        ids["dose"],
        ids["oos"],
    ]  # noqa: E501
    assert found(until=date.today() - timedelta(days=2)) == [ids["oos"], ids["old"]]
    assert found(feedback="any") == [ids["new"], ids["oos"]]
    assert found(feedback="none") == [ids["dose"], ids["old"]]
    assert found(feedback="wrong") == [ids["oos"]]
    assert found(text="KETAMINE") == [ids["dose"]]
    assert found(text="%") == []  # LIKE wildcards are escaped
    assert found(review_status="needs_correction") == [ids["dose"]]
    assert found(review_status="none") == [ids["new"], ids["oos"], ids["old"]]
    assert found(limit=2, offset=1) == [ids["dose"], ids["oos"]]
    summary = audit.search(decision="answer", limit=1)[0]
    assert set(summary) >= {"id", "created_at", "surface", "decision", "question", "answer",
                            "latency_ms", "corpus_version", "feedback", "review_status"}  # fmt: skip
    assert summary["feedback"] == {"helpful": 1, "wrong": 0, "unsafe": 0}


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"decision": "maybe"}, "decision must be one of crisis, .*'maybe'"),
        ({"feedback": "bad"}, "feedback filter must be one of .*'bad'"),
        ({"review_status": "done"}, "review status must be one of .*'done'"),
        ({"surface": "Kiosk"}, "surface"),
        ({"limit": -1}, "limit and offset"),
    ],
)
def test_search_rejects_bad_filters(audit, kw, message):
    with pytest.raises(ValueError, match=message):
        audit.search(**kw)


def test_get_unknown_is_none(audit):
    assert audit.get(12345) is None


def test_safety_check_ins_can_be_found_and_counted(audit):
    now = datetime.now(UTC)
    plain = insert_at(audit, response("when can I leave"), "kiosk", now - timedelta(hours=1))
    near = replace(
        response("won't need my appointments after the weekend"),
        reasons=("policy:clear", "note:near_crisis:+0.29"),
    )
    checked = insert_at(audit, near, "kiosk", now)
    assert [r["id"] for r in audit.search(check_in=True)] == [checked]
    assert [r["id"] for r in audit.search(check_in=False)] == [plain]
    assert audit.search(check_in=True)[0]["reasons"] == ["policy:clear", "note:near_crisis:+0.29"]
    assert audit.stats()["check_ins"] == 1


def test_stats(audit, populated):
    s = audit.stats()
    assert s["interactions"] == 4
    assert s["by_decision"] == {"answer": 2, "out_of_scope": 1, "refuse_dosing": 1}
    assert s["by_surface"] == {"kiosk": 2, "api": 1, "staff": 1}
    assert s["feedback"] == {"helpful": 1, "wrong": 1, "unsafe": 0}
    assert s["spooled"] == 0


# --- content gaps ----------------------------------------------------------------------------
def _words(texts: list[str]) -> np.ndarray:
    """A tiny real embedding: bag of words over a fixed vocabulary."""
    vocab = ["park", "parking", "car", "insurance", "cover", "pay", "tms", "hours"]
    return np.array([[float(w in t.lower()) for w in vocab] + [0.01] for t in texts])


def test_content_gaps_group_out_of_scope_and_weak_answers(audit):
    oos = Kind.OUT_OF_SCOPE
    for q in ["Where do I park?", "where do i park", "Where do I park my car?",
              "Does insurance cover it?", "does insurance cover this"]:  # fmt: skip
        audit.record(response(q, oos, "Sorry.", None), "kiosk")
    audit.record(response("What are TMS hours?", similarity=0.3), "kiosk")  # weak answer
    audit.record(response("What is TMS?", similarity=0.9), "kiosk")  # a good answer: no gap
    audit.record(response("how much to take", Kind.REFUSE_DOSING, "No."), "kiosk")

    by_text = audit.content_gaps()
    assert [g["count"] for g in by_text] == [2, 1, 1, 1, 1]
    assert by_text[0]["example"] in ("Where do I park?", "where do i park")
    assert "What is TMS?" not in [q for g in by_text for q in g["questions"]]

    by_meaning = audit.content_gaps(embed=_words, min_similarity=0.6)
    assert [g["count"] for g in by_meaning] == [3, 2, 1]
    park, insurance, tms = by_meaning
    assert set(park["questions"]) == {
        "Where do I park?",
        "where do i park",
        "Where do I park my car?",
    }  # noqa: E501
    assert park["decisions"] == {"out_of_scope": 3}
    assert insurance["example"] in ("Does insurance cover it?", "does insurance cover this")
    assert tms["decisions"] == {"answer": 1}
    assert datetime.fromisoformat(park["last_seen"]) <= datetime.now(UTC)
    assert audit.content_gaps(low_score=0.95)[0]["count"] == 2  # now both TMS answers count


# --- retention and export -------------------------------------------------------------------
def test_purge_removes_old_interactions_with_their_feedback(audit, populated):
    audit.feedback(populated["old"], "unsafe")
    audit.review(populated["old"], "ok", "", "rev")
    assert audit.purge(5) == 1
    assert audit.get(populated["old"]) is None
    assert audit.count() == 3
    with audit.engine.connect() as conn:
        orphans = conn.execute(
            text(
                "SELECT count(*) FROM feedback WHERE interaction_id NOT IN (SELECT id FROM interactions)"
            )  # noqa: E501
        ).scalar()
    assert orphans == 0
    assert audit.purge(5) == 0
    assert audit.purge(0) == 3
    with pytest.raises(ValueError, match="days >= 0"):
        audit.purge(-1)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_round_trips(audit, populated, tmp_path, fmt):
    out = tmp_path / f"audit.{fmt}"
    assert audit.export(out, fmt) == 4
    if fmt == "csv":
        with open(out, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        parsed = [json.loads(r["citations"]) for r in rows]
    else:
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        parsed = [r["citations"] for r in rows]
    assert len(rows) == audit.count()
    assert [int(r["id"]) for r in rows] == sorted(populated.values())
    assert parsed[0][0]["article_id"] == "esketamine"
    assert {r["question"] for r in rows} == {r["question"] for r in audit.search()}


def test_export_errors_name_the_problem(audit, tmp_path):
    with pytest.raises(ValueError, match="csv, jsonl.*'xml'"):
        audit.export(tmp_path / "x.xml", "xml")
    with pytest.raises(FileNotFoundError, match="missing"):
        audit.export(tmp_path / "missing" / "x.csv", "csv")


def test_unreachable_database_names_itself(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings = Settings(data_dir=tmp_path / "d", database_url=f"sqlite:///{blocker}/audit.db")
    with pytest.raises(AuditUnavailable, match="not-a-folder"):
        AuditLog(settings).warm_up()
