"""Fixtures of the reliability tests, and the small plugin that writes their results.

Servers: one copy of the session's built index (``built_settings``) with its own audit
database serves a staff server (rate limit off, for the load test), a kiosk (5 questions a
minute per client) and a review server (with a reviewer account and a session secret), each a
real ``python app.py`` subprocess whose output is kept for the secrets and PHI scans. The CLI
batch runs start with them so the model loads overlap.

Results: every test of this folder is recorded (outcome, duration, the failure or the known gap)
with what the tests put in the ``results`` fixture (the bad-input table, load numbers, fault
timings). At the end of a run of the whole folder they are written to ``results.json``, from
which ``python -m tests.reliability.report`` renders ``RELIABILITY.md``. A run of part of the
folder writes ``results.partial.json`` instead, so the committed report never mixes runs.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from chatbot.settings import Settings
from tests.conftest import ROOT
from tests.reliability.cases import CASES
from tests.reliability.harness import REVIEWER, SESSION_SECRET
from tests.servers import AppServer, clean_env

HERE = Path(__file__).resolve().parent
PREFIX = "tests/reliability/"
RESULTS_FILE = HERE / "results.json"
KIOSK_RATE_LIMIT = 5


# --- results plugin ------------------------------------------------------------------------
class Results:
    def __init__(self) -> None:
        self.tests: dict[str, dict[str, Any]] = {}
        self.data: dict[str, Any] = {}
        self.deselected = 0
        self.started = time.time()
        self.begun = False

    def begin(self) -> None:
        """The clock starts at this folder's first test, not when the whole suite started."""
        if not self.begun:
            self.begun, self.started = True, time.time()

    def section(self, name: str) -> dict[str, Any]:
        return self.data.setdefault(name, {})


RESULTS = Results()


def pytest_runtest_setup(item) -> None:
    if _mine(item.nodeid):
        RESULTS.begin()


def _mine(nodeid: str) -> bool:
    return nodeid.replace("\\", "/").startswith(PREFIX)


# Scans of what the servers wrote run after everything else, so they see all of it.
RUN_LAST = ("test_personal_details_are_redacted_everywhere", "test_secrets_never_reach_a_log")


def pytest_collection_modifyitems(items) -> None:
    last = [i for i in items if _mine(i.nodeid) and i.name in RUN_LAST]
    items[:] = [i for i in items if i not in last] + last


def pytest_deselected(items) -> None:
    RESULTS.deselected += sum(1 for item in items if _mine(item.nodeid))


def pytest_runtest_logreport(report) -> None:
    if not _mine(report.nodeid):
        return
    entry = RESULTS.tests.setdefault(report.nodeid, {"outcome": "passed", "seconds": 0.0})
    entry["seconds"] = round(entry["seconds"] + report.duration, 2)
    if hasattr(report, "wasxfail"):
        if report.skipped:
            entry.update(outcome="xfailed", reason=report.wasxfail)
        elif report.failed:  # strict xfail that passed
            entry.update(outcome="failed", reason=f"XPASS(strict): {report.wasxfail}")
        return
    if report.failed:
        crash = getattr(report.longrepr, "reprcrash", None)
        message = crash.message if crash else str(report.longrepr).splitlines()[-1]
        entry.update(outcome="failed" if report.when == "call" else "error", reason=message)
    elif report.skipped and entry["outcome"] == "passed":
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        entry.update(outcome="skipped", reason=reason)


def pytest_sessionfinish(session) -> None:
    if not RESULTS.tests:
        return
    files = {nodeid.split("::")[0] for nodeid in RESULTS.tests}
    every_file = {f"{PREFIX}{p.name}" for p in HERE.glob("test_*.py")}
    complete = files == every_file and RESULTS.deselected == 0
    counts: dict[str, int] = {}
    for entry in RESULTS.tests.values():
        counts[entry["outcome"]] = counts.get(entry["outcome"], 0) + 1
    out = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "pytest " + " ".join(session.config.invocation_params.args),
        "complete": complete,
        "seconds": round(time.time() - RESULTS.started, 1),
        "environment": {
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
            "cpus": os.cpu_count(),
            "full_load": os.environ.get("VETTED_FULL_LOAD") == "1",
        },
        "counts": counts,
        "tests": RESULTS.tests,
        **RESULTS.data,
    }
    target = RESULTS_FILE if complete else RESULTS_FILE.with_name("results.partial.json")
    target.write_text(json.dumps(out, indent=1, ensure_ascii=False, sort_keys=False) + "\n")


@pytest.fixture(scope="session")
def results() -> Results:
    return RESULTS


# --- data and servers ----------------------------------------------------------------------
def copy_data(source: Path, target: Path) -> Path:
    """The built index and policy cache of ``source`` with a fresh, migrated audit database."""
    from chatbot.audit import AuditLog
    from chatbot.audit.db import dispose_all

    shutil.copytree(source, target, ignore=shutil.ignore_patterns("audit*"))
    AuditLog(Settings(data_dir=target)).warm_up()
    dispose_all()
    return target


@pytest.fixture(scope="session")
def ready_data(built_settings, assistant) -> Path:
    """The session's built index with the policy cache written (by warming ``assistant``)."""
    RESULTS.section("timing")["index_and_model_ready_s"] = round(time.time() - RESULTS.started, 1)
    return built_settings.data_dir


@dataclass
class CliRun:
    """A real ``python -m chatbot ask --json -`` process fed ``stdin``."""

    process: subprocess.Popen
    stdout: Path
    stderr: Path
    data_dir: Path

    def wait(self, timeout: float = 300) -> tuple[int, list[str], str]:
        code = self.process.wait(timeout=timeout)
        out = self.stdout.read_text(encoding="utf-8", errors="replace").splitlines()
        return code, out, self.stderr.read_text(encoding="utf-8", errors="replace")


def stdin_lines(text: str) -> list[str]:
    """How the CLI's ``for line in sys.stdin`` splits ``text`` (universal newlines)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def cli_batch_input() -> tuple[bytes, list[tuple[str, int]]]:
    """One stdin for every text case that goes through the CLI: the bytes and, per case, how
    many output lines it produces (in order)."""
    chunks, layout = [], []
    for case in CASES:
        if case.text is not None and "cli" in case.surfaces:
            lines = stdin_lines(case.text)
            chunks.append("\n".join(lines) + "\n")
            layout.append((case.kind, len(lines)))
    return "".join(chunks).encode("utf-8"), layout


def start_cli(data_dir: Path, stdin: bytes, logs: Path, name: str) -> CliRun:
    stdout, stderr = logs / f"{name}.out", logs / f"{name}.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "chatbot", "ask", "--json", "-"],
            cwd=ROOT,
            env=clean_env(VETTED_DATA_DIR=str(data_dir)),
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
        )
    assert process.stdin is not None
    process.stdin.write(stdin)
    process.stdin.close()
    return CliRun(process, stdout, stderr, data_dir)


@pytest.fixture(scope="session")
def cli_runs(ready_data, tmp_path_factory) -> dict[str, CliRun]:
    """The CLI batch over every text case, and a batch with undecodable bytes; started at once,
    read by the bad-input test."""
    base = tmp_path_factory.mktemp("cli")
    batch, _ = cli_batch_input()
    bad_bytes = next(c.body for c in CASES if c.kind == "invalid-utf8-stdin")
    runs = {
        "cli": start_cli(copy_data(ready_data, base / "data"), batch, base, "cli"),
        "cli_bytes": start_cli(copy_data(ready_data, base / "data-b"), bad_bytes, base, "bytes"),
    }
    yield runs
    for run in runs.values():
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait(timeout=10)


@pytest.fixture(scope="session")
def reviewer_hash() -> str:
    from chatbot.web.auth import hash_password

    return hash_password(REVIEWER[1])


@pytest.fixture(scope="session")
def servers(ready_data, cli_runs, reviewer_hash, tmp_path_factory) -> dict[str, AppServer]:
    """Staff (rate limit off), kiosk and review servers sharing one data folder and one audit
    database, each logging at INFO (the review server at DEBUG) into ``server.log``."""
    base = tmp_path_factory.mktemp("servers")
    data = copy_data(ready_data, base / "data")
    common = {"VETTED_DATA_DIR": str(data), "VETTED_SESSION_SECRET": SESSION_SECRET}
    started = {
        "staff": AppServer(
            "staff", clean_env(**common, VETTED_RATE_LIMIT_PER_MINUTE="0"), base / "staff.log"
        ),
        "kiosk": AppServer(
            "kiosk",
            clean_env(**common, VETTED_RATE_LIMIT_PER_MINUTE=str(KIOSK_RATE_LIMIT)),
            base / "kiosk.log",
        ),
        "review": AppServer(
            "review",
            clean_env(
                **common,
                VETTED_RATE_LIMIT_PER_MINUTE="0",
                VETTED_REVIEWER_USER=REVIEWER[0],
                VETTED_REVIEWER_PASSWORD_HASH=reviewer_hash,
            ),
            base / "review.log",
            log_level="debug",
        ),
    }
    try:
        for server in started.values():
            server.start()
        for server in started.values():
            server.wait_ready()
        RESULTS.section("timing")["servers_ready_s"] = round(time.time() - RESULTS.started, 1)
        yield started
    finally:
        for server in started.values():
            server.stop()


@pytest.fixture(scope="session")
def staff(servers) -> AppServer:
    return servers["staff"]


@pytest.fixture(scope="session")
def kiosk(servers) -> AppServer:
    return servers["kiosk"]


@pytest.fixture(scope="session")
def review(servers) -> AppServer:
    return servers["review"]


@pytest.fixture(scope="session")
def server_data(servers) -> Path:
    return Path(servers["staff"].env["VETTED_DATA_DIR"])
