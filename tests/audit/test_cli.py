"""``python -m chatbot audit ...``: in-process through ``chatbot.__main__.main``, plus one real run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chatbot.__main__ import main
from chatbot.records import Kind
from chatbot.settings import get_settings
from tests.audit.factories import insert_at, locked, response

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["audit", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(audit):
    audit.record(response(), "kiosk")
    audit.record(response("where do I park", Kind.OUT_OF_SCOPE, "Sorry.", None), "kiosk")
    rid = audit.record(response("Where do I park?", Kind.OUT_OF_SCOPE, "Sorry.", None), "api")
    audit.feedback(rid, "wrong")
    insert_at(audit, response("old"), "cli", datetime.now(UTC) - timedelta(days=400))
    return audit


def test_stats(capsys, filled):
    code, out, err = run(capsys, "stats")
    assert code == 0 and err == ""
    assert out.count("\n") == 1
    assert out.startswith("4 interactions; decisions: answer=2, out_of_scope=2; ")
    assert "surfaces: kiosk=2, api=1, cli=1" in out and "wrong=1" in out
    code, out, _ = run(capsys, "stats", "--json")
    assert json.loads(out)["by_decision"] == {"answer": 2, "out_of_scope": 2}


def test_export_both_formats(capsys, filled, tmp_path):
    for fmt in ("csv", "jsonl"):
        target = tmp_path / f"a.{fmt}"
        code, out, _ = run(capsys, "export", "--format", fmt, "--out", str(target))
        assert code == 0
        assert out == f"exported 4 interactions to {target} ({fmt})\n"
    assert len((tmp_path / "a.jsonl").read_text().splitlines()) == 4


def test_purge_uses_the_retention_setting_by_default(capsys, filled, monkeypatch):
    code, out, _ = run(capsys, "purge")
    assert (code, out) == (0, "purged 1 interaction older than 365 days\n")
    code, out, _ = run(capsys, "purge", "--days", "0")
    assert (code, out) == (0, "purged 3 interactions older than 0 days\n")


def test_gaps(capsys, filled):
    code, out, _ = run(capsys, "gaps")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "1 content gap group from 2 questions"
    assert lines[1].split()[0] == "2" and "out_of_scope=2" in lines[1]


def test_replay(capsys, audit, settings):
    with locked(settings.sqlite_path):
        quick = type(audit)(settings, busy_timeout_ms=50)
        assert quick.record(response(), "cli") is None
    code, out, _ = run(capsys, "replay")
    assert (code, out) == (0, "replayed 1 spooled interaction; 0 still spooled\n")
    assert audit.count() == 1


def test_errors_exit_1_with_a_message(capsys, audit, settings, tmp_path, monkeypatch):
    code, out, err = run(capsys, "export", "--format", "csv", "--out", str(tmp_path / "no/x.csv"))
    assert (code, out) == (1, "")
    assert err.startswith("error: export: folder ") and err.count("\n") == 1
    code, _, err = run(capsys, "purge", "--days", "-3")
    assert code == 1 and err == "error: purge needs a number of days >= 0 (got -3)\n"

    with locked(settings.sqlite_path):  # reading works in WAL mode while a writer holds the lock
        code, out, _ = run(capsys, "stats")
    assert code == 0 and out.startswith("0 interactions;")

    blocker = tmp_path / "blocker"
    blocker.write_text("")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{blocker}/audit.db")
    get_settings.cache_clear()
    code, out, err = run(capsys, "stats")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: audit database sqlite:///{blocker}/audit.db is unavailable: ")


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["audit", "export", "--format", "xml", "--out", "x"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["audit"])
    assert exc.value.code == 2


def test_python_dash_m_end_to_end(filled, settings):
    env = {**os.environ, "VETTED_DATA_DIR": str(settings.data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "chatbot", "audit", "stats"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("4 interactions;")
