"""Building the apps in-process (no warm-up): modes, the disabled reviewer workspace, and
answers while the assistant is still loading; and what the served surfaces cost when idle."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chatbot.settings import Settings
from chatbot.web.server import create_app
from tests.conftest import run_cli


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def test_unknown_mode_is_refused(settings):
    with pytest.raises(ValueError, match="mode must be one of staff, kiosk, review"):
        create_app("admin", settings)


def test_cli_usage_error_exits_2(tmp_path):
    result = run_cli("app.py", "--mode", "admin", data_dir=tmp_path)
    assert result.returncode == 2 and "invalid choice: 'admin'" in result.stderr


def test_review_without_an_account_is_disabled(settings):
    client = TestClient(create_app("review", settings))  # no `with`: the lifespan never runs
    page = client.get("/", headers={"accept": "text/html"})
    assert page.status_code == 503 and "VETTED_REVIEWER_PASSWORD_HASH" in page.text
    assert "turned off" in client.get("/login").text
    api = client.get("/api/review/interactions")
    assert api.status_code == 503 and "turned off" in api.json()["error"]


def test_not_ready_while_warming_up(settings):
    client = TestClient(create_app("staff", settings))
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"model": "loading", "index": "loading", "database": "loading"}
    assert client.get("/healthz").status_code == 200
    r = client.post("/api/ask", json={"question": "What is ketamine therapy?"})
    assert r.status_code == 503 and r.headers["retry-after"] == "5"
    assert "starting up" in r.json()["error"]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_idle_surfaces_leave_the_cpu_alone(servers):
    """Nobody at the kiosk, nobody at the console: the three surfaces together use a few
    percent of one core (Gradio's queue polling every 1 ms kept each at ~6%; server.py)."""
    time.sleep(1)  # the previous test's last request has finished
    pids = {mode: server.process.pid for mode, server in servers.items()}
    before = {mode: _cpu_seconds(pid) for mode, pid in pids.items()}
    started = time.monotonic()
    time.sleep(4)
    elapsed = time.monotonic() - started
    share = {mode: (_cpu_seconds(pid) - before[mode]) / elapsed for mode, pid in pids.items()}
    assert all(s < 0.04 for s in share.values()), share
