"""The kiosk server publishes nothing but the kiosk: Gradio turns every event handler into an
endpoint, so the kiosk's Blocks must hold no reviewer, audit-reading or export handler, and its
FastAPI app no API or reviewer route."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.slow

FORBIDDEN = re.compile(
    r"review|audit|export|feedback|login|logout|gap|corpus|handoffs|search|interaction", re.I
)


def endpoint_names(base_url: str) -> list[str]:
    config = httpx.get(f"{base_url}/config", timeout=10).json()
    info = httpx.get(f"{base_url}/gradio_api/info", timeout=10).json()
    names = [str(d.get("api_name")) for d in config["dependencies"]]
    return names + list(info["named_endpoints"]) + list(info["unnamed_endpoints"])


def test_kiosk_publishes_only_kiosk_handlers(kiosk_url):
    names = endpoint_names(kiosk_url)
    assert names, "the kiosk has its own handlers"
    assert all(name.startswith("kiosk_") for name in names), names
    assert not [n for n in names if FORBIDDEN.search(n)]
    info = httpx.get(f"{kiosk_url}/gradio_api/info").json()
    assert info == {"named_endpoints": {}, "unnamed_endpoints": {}}  # nothing offered to clients


def test_the_check_would_catch_reviewer_handlers(review_url):
    from tests.app.conftest import REVIEWER

    config = httpx.get(f"{review_url}/config", auth=REVIEWER, timeout=10)
    assert config.status_code == 401  # Basic is for /api/review; the UI needs the session cookie
    login = httpx.post(f"{review_url}/login", data=dict(zip(("username", "password"), REVIEWER)))
    names = [
        d["api_name"]
        for d in httpx.get(f"{review_url}/config", cookies=login.cookies).json()["dependencies"]
    ]
    assert [n for n in names if FORBIDDEN.search(n)]


def test_kiosk_app_has_only_health_routes(app_settings):
    from starlette.routing import Mount

    from chatbot.web.server import create_app

    app = create_app("kiosk", app_settings)
    assert set(app.openapi()["paths"]) == {"/healthz", "/readyz"}
    assert [r.path for r in app.routes if isinstance(r, Mount)] == [""]  # the kiosk UI at /
    staff = create_app("staff", app_settings)
    assert "/api/ask" in staff.openapi()["paths"]  # the same check sees API routes


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/review/interactions"),
        ("GET", "/api/review/export?format=csv"),
        ("GET", "/api/review/gaps"),
        ("GET", "/api/review/corpus"),
        ("GET", "/api/review/handoffs"),
        ("POST", "/api/review/interactions/1/review"),
        ("POST", "/api/ask"),
        ("GET", "/docs"),
        ("GET", "/openapi.json"),
    ],
)
def test_reviewer_and_api_routes_are_absent_on_the_kiosk(kiosk_url, method, path):
    r = httpx.request(
        method, f"{kiosk_url}{path}", json={"question": "x"} if method == "POST" else None
    )
    assert r.status_code in (404, 405), (path, r.status_code, r.text[:200])


def test_kiosk_health(kiosk_url):
    assert httpx.get(f"{kiosk_url}/healthz").json() == {"status": "alive"}
    assert httpx.get(f"{kiosk_url}/readyz", timeout=10).json()["ready"] is True
