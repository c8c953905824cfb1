"""Real servers for the app tests: the shipped corpus is indexed once (``built_settings``), the
policy cache and the audit database are made ready, then the staff, kiosk and review servers
start as ``python app.py --mode ...`` subprocesses on free ports and are awaited on /readyz.
Headless Chromium (Debian's, through Playwright) drives the pages."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, free_port

REVIEWER = ("reviewer", "correct horse battery staple")
KIOSK_IDLE_SECONDS = 6
REVIEW_RATE_LIMIT = 3  # the review server's /api/ask: low, so the 429 test needs few requests
DOCS = ROOT / "docs"


@dataclass
class Server:
    mode: str
    url: str
    process: subprocess.Popen
    log: Path

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _start(mode: str, data_dir: Path, logs: Path, env: dict[str, str]) -> Server:
    port = free_port()
    log = logs / f"{mode}.log"
    full_env = {
        **os.environ,
        "VETTED_DATA_DIR": str(data_dir),
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "VETTED_REVIEWER_USER": "",
        "VETTED_REVIEWER_PASSWORD_HASH": "",
        **env,
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "app.py",
                "--mode",
                mode,
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Server(mode, f"http://127.0.0.1:{port}", process, log)


def _wait_ready(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"{server.mode} server exited ({server.process.returncode}):\n{server.tail()}"
            )
        try:
            if httpx.get(f"{server.url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{server.mode} server not ready in time:\n{server.tail()}")


@pytest.fixture(scope="session")
def app_settings(built_settings, assistant):
    """The built index with the policy cache written (``assistant`` warmed up on it) and the
    audit database migrated, so the servers only open what is there."""
    from chatbot.audit import AuditLog

    AuditLog(built_settings).warm_up()
    return built_settings


@pytest.fixture(scope="session")
def servers(app_settings, tmp_path_factory) -> Iterator[dict[str, Server]]:
    from chatbot.web.auth import hash_password

    logs = tmp_path_factory.mktemp("server-logs")
    data = app_settings.data_dir
    reviewer = {
        "VETTED_REVIEWER_USER": REVIEWER[0],
        "VETTED_REVIEWER_PASSWORD_HASH": hash_password(REVIEWER[1]),
    }
    started = {
        "staff": _start("staff", data, logs, {}),
        "kiosk": _start(
            "kiosk", data, logs, {"VETTED_KIOSK_IDLE_SECONDS": str(KIOSK_IDLE_SECONDS)}
        ),
        "review": _start(
            "review",
            data,
            logs,
            {**reviewer, "VETTED_RATE_LIMIT_PER_MINUTE": str(REVIEW_RATE_LIMIT)},
        ),
    }
    try:
        deadline = time.monotonic() + 240
        for server in started.values():
            _wait_ready(server, deadline)
        yield started
    finally:
        for server in started.values():
            server.process.terminate()
        for server in started.values():
            try:
                server.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.process.kill()


@pytest.fixture(scope="session")
def staff_url(servers) -> str:
    return servers["staff"].url


@pytest.fixture(scope="session")
def kiosk_url(servers) -> str:
    return servers["kiosk"].url


@pytest.fixture(scope="session")
def review_url(servers) -> str:
    return servers["review"].url


@pytest.fixture
def reviewer_api(review_url) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=review_url, auth=REVIEWER, timeout=30) as client:
        yield client


def ask(
    base_url: str, question: str, conversation_id: str | None = None, **headers: str
) -> httpx.Response:
    body: dict = {"question": question}
    if conversation_id:
        body["conversation_id"] = conversation_id
    return httpx.post(f"{base_url}/api/ask", json=body, headers=headers, timeout=60)


# --- browser (the session-wide Chromium is in tests/conftest.py) ---------------------------
@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 940}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
