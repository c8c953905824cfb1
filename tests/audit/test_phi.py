"""No personal data reaches disk: the raw SQLite files, the spool and the exports are scanned."""

from __future__ import annotations

from chatbot.audit import AuditLog
from chatbot.records import Kind
from tests.audit.factories import locked, response

SECRETS = {
    "name": "Quistgaard",
    "first name": "Johanna",
    "email": "johanna.q@example.org",
    "phone": "555-0199",
    "phone digits": "5550199",
    "dob": "04/17/1983",
    "dob words": "April 17, 1983",
    "mrn": "88442211",
}
QUESTION = (
    "Hi, my name is Johanna Quistgaard (johanna.q@example.org, (617) 555-0199), "
    "DOB 04/17/1983, MRN 88442211 - can I drive after esketamine?"
)
COMMENT = "Wrong! This is Johanna Quistgaard, born on April 17, 1983, call +1 617 555 0199"


def scan(paths) -> dict[str, int]:
    blob = b"".join(p.read_bytes() for p in paths)
    return {what: blob.lower().count(secret.lower().encode()) for what, secret in SECRETS.items()}


def test_secrets_never_reach_the_database_spool_or_exports(settings, tmp_path):
    log = AuditLog(settings, busy_timeout_ms=100)
    log.warm_up()
    rid = log.record(
        response(QUESTION, answer=f"You asked: {QUESTION}", conversation_id="c-77"), "kiosk"
    )
    log.feedback(rid, "unsafe", COMMENT)
    log.review(rid, "needs_correction", f"patient said: {COMMENT}", reviewer="rev")
    log.handoff("kiosk", "c-77", QUESTION)
    with locked(settings.sqlite_path):  # one more goes to the spool
        assert log.record(response(QUESTION, Kind.REFUSE_PERSONAL, "No."), "kiosk") is None
    spool_bytes = scan([log.spool.path])
    assert spool_bytes == dict.fromkeys(SECRETS, 0)
    assert log.spool.path.stat().st_size > 0

    log.record(response(COMMENT), "api")  # replays the spooled one too
    assert log.count() == 3
    log.export(tmp_path / "out.csv", "csv")
    log.export(tmp_path / "out.jsonl", "jsonl")

    db_files = sorted(settings.data_dir.glob("audit.sqlite3*"))  # the database, -wal, -shm
    assert settings.sqlite_path in db_files
    for paths in (db_files, [log.spool.path], [tmp_path / "out.csv", tmp_path / "out.jsonl"]):
        assert scan(paths) == dict.fromkeys(SECRETS, 0), paths

    stored = log.get(rid)
    assert stored["question"] == (
        "Hi, my name is [NAME] ([EMAIL], [PHONE]), DOB [DATE], MRN [RECORD] - "
        "can I drive after esketamine?"
    )
    assert stored["feedback_list"][0]["comment"] == (
        "Wrong! This is [NAME], born on [DATE], call [PHONE]"
    )
