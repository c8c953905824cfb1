"""Real servers for the app tests: the shipped corpus is indexed once (``built_settings``), the
policy cache and the audit database are made ready, then the staff, kiosk and review servers
start as ``python app.py --mode ...`` subprocesses on free ports and are awaited on /readyz.
Headless Chromium (Debian's, through Playwright) drives the pages."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ROOT
from tests.servers import AppServer, clean_env

REVIEWER = ("reviewer", "correct horse battery staple")
KIOSK_IDLE_SECONDS = 6
STAFF_ALERT_SECONDS = 1
REVIEW_RATE_LIMIT = 3  # the review server's /api/ask: low, so the 429 test needs few requests
DOCS = ROOT / "docs"


@pytest.fixture(scope="session")
def app_settings(built_settings, assistant):
    """The built index with the policy cache written (``assistant`` warmed up on it) and the
    audit database migrated, so the servers only open what is there."""
    from chatbot.audit import AuditLog

    AuditLog(built_settings).warm_up()
    return built_settings


@pytest.fixture(scope="session")
def servers(app_settings, tmp_path_factory) -> Iterator[dict[str, AppServer]]:
    from chatbot.web.auth import hash_password

    logs = tmp_path_factory.mktemp("server-logs")
    data = app_settings.data_dir
    reviewer = {
        "VETTED_REVIEWER_USER": REVIEWER[0],
        "VETTED_REVIEWER_PASSWORD_HASH": hash_password(REVIEWER[1]),
    }
    common = {"VETTED_DATA_DIR": str(data)}  # clean_env drops any other VETTED_ setting
    started = {
        "staff": AppServer(
            "staff",
            clean_env(**common, VETTED_STAFF_ALERT_SECONDS=str(STAFF_ALERT_SECONDS)),
            logs / "staff.log",
            "warning",
        ),
        "kiosk": AppServer(
            "kiosk",
            clean_env(**common, VETTED_KIOSK_IDLE_SECONDS=str(KIOSK_IDLE_SECONDS)),
            logs / "kiosk.log",
            "warning",
        ),
        "review": AppServer(
            "review",
            clean_env(
                **{**common, **reviewer}, VETTED_RATE_LIMIT_PER_MINUTE=str(REVIEW_RATE_LIMIT)
            ),
            logs / "review.log",
            "warning",
        ),
    }
    try:
        for server in started.values():
            server.start()
        for server in started.values():
            server.wait_ready()
        yield started
    finally:
        for server in started.values():
            server.stop()


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
    from playwright.sync_api import expect

    # Assertions wait as long as actions: on a loaded 2-core machine a Gradio round trip (the
    # staff feedback form) once took over expect's default 5 s; a real failure still fails.
    expect.set_options(timeout=30_000)
    context = browser.new_context(viewport={"width": 1400, "height": 940}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
