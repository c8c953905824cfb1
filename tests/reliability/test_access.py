"""Access and privacy: passwords kept only as hashes, secrets never logged, nothing but the
kiosk on the kiosk server, the kiosk's own rate limit, and personal data redacted everywhere it
could be written (database files, spool, logs, exports).

Covered elsewhere: reviewer routes answer 401 without or with wrong credentials and back off
after repeated failures (``tests/app/test_review_api.py``); the API's 429 with Retry-After
(``tests/app/test_api.py``); draft and retired articles are never served
(``tests/index/test_build.py``).
"""

from __future__ import annotations

import base64
import re
import subprocess
import sys

import httpx
import pytest

from chatbot.settings import Settings
from tests.conftest import ROOT
from tests.reliability.cases import PHI_COMMENT, PHI_QUESTION, SECRETS
from tests.reliability.conftest import KIOSK_RATE_LIMIT
from tests.reliability.harness import REVIEWER, SESSION_SECRET, GradioUI
from tests.servers import clean_env

pytestmark = pytest.mark.slow

PLACEHOLDERS = ["[NAME]", "[EMAIL]", "[PHONE]", "[DATE]", "[RECORD]"]
REVIEWER_ROUTES = re.compile(r"review|audit|export|interaction|handoff|gaps|feedback|corpus", re.I)


# --- passwords and secrets ------------------------------------------------------------------
def test_passwords_are_kept_only_as_salted_hashes():
    from chatbot.web.auth import ReviewerAuth, hash_password, verify_password

    password = REVIEWER[1]
    one, two = hash_password(password), hash_password(password)
    assert password not in one and one != two  # salted
    assert one.startswith("scrypt$") and verify_password(password, one)
    assert not verify_password(password + "x", one)
    settings = Settings(reviewer_user=REVIEWER[0], reviewer_password_hash=one)
    assert [f for f in Settings.model_fields if "password" in f] == ["reviewer_password_hash"]
    assert one not in repr(settings) and password not in repr(settings)
    assert ReviewerAuth.from_settings(settings).check(*REVIEWER)


def test_secrets_never_reach_a_log(servers, review, reviewer_hash, results):
    """Sign in right and wrong (form and HTTP Basic) on the review server, which logs at DEBUG;
    then neither the password, its hash, the Basic header, the session secret nor the session
    cookie appears in any server's output."""
    url = review.url
    wrong = {"X-Forwarded-For": "198.51.100.201"}
    httpx.post(f"{url}/login", data={"username": REVIEWER[0], "password": "nope"}, headers=wrong)
    good = httpx.post(f"{url}/login", data=dict(zip(("username", "password"), REVIEWER)))
    assert good.status_code == 303
    cookie = good.cookies["vetted_reviewer"]
    assert httpx.get(f"{url}/api/review/corpus", auth=REVIEWER).status_code == 200
    httpx.get(f"{url}/api/review/corpus", auth=(REVIEWER[0], "bad"), headers=wrong)
    assert httpx.get(f"{url}/config", cookies={"vetted_reviewer": cookie}).status_code == 200
    basic = base64.b64encode(f"{REVIEWER[0]}:{REVIEWER[1]}".encode()).decode()
    secrets = {
        "password": REVIEWER[1],
        "password hash": reviewer_hash,
        "basic header": basic,
        "session secret": SESSION_SECRET,
        "session cookie": cookie.split("|")[-1],
    }
    found = {}
    for name, server in servers.items():
        log = server.log.read_text(errors="replace")
        found[name] = {label: log.count(value) for label, value in secrets.items()}
        found[name]["log lines"] = len(log.splitlines())
    results.section("access")["secrets_in_logs"] = found
    assert all(n == 0 for counts in found.values() for k, n in counts.items() if k != "log lines")


# --- the kiosk's surface --------------------------------------------------------------------
def walk_routes(routes, prefix: str = "", where: str = "app") -> list[tuple[str, str, str]]:
    """(where, path, methods) of every route, through included routers and mounted apps
    (Gradio's own routes are ``where == "gradio"``)."""
    from starlette.routing import Mount

    out = []
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI's included router
            out += walk_routes(
                route.original_router.routes, prefix + route.include_context.prefix, where
            )
        elif isinstance(route, Mount):
            out += walk_routes(route.app.routes, prefix + route.path, "gradio")
        else:
            methods = ",".join(sorted(getattr(route, "methods", None) or ["WS"]))
            out.append((where, prefix + route.path, methods))
    return out


def test_kiosk_lists_no_reviewer_audit_or_export_route(tmp_path, kiosk, results):
    from starlette.routing import Mount

    from chatbot.web.server import create_app

    app = create_app("kiosk", Settings(data_dir=tmp_path / "data"))
    routes = walk_routes(app.routes)
    gradio_app = next(r.app for r in app.routes if isinstance(r, Mount))
    fns = list(gradio_app.get_blocks().fns.values())
    handlers = sorted(f"{fn.api_name} -> {fn.fn.__qualname__}" for fn in fns if fn.fn)
    info = httpx.get(f"{kiosk.url}/gradio_api/info", timeout=10).json()
    results.section("access")["kiosk_routes"] = {
        "app_routes": sorted(f"{m} {p}" for w, p, m in routes if w == "app"),
        "gradio_routes": sorted(f"{m} {p}" for w, p, m in routes if w == "gradio"),
        "handlers": handlers,
        "api_info": info,
    }
    assert sorted(p for w, p, _ in routes if w == "app") == ["/healthz", "/readyz"]
    assert not hasattr(app.state, "reviewer_auth")
    assert not [p for _, p, _ in routes if REVIEWER_ROUTES.search(p)], routes
    assert not [p for _, p, _ in routes if p.startswith("/api/") or p in ("/docs", "/openapi.json")]
    assert fns and all(fn.api_name.startswith("kiosk_") for fn in fns)
    assert all(fn.fn.__module__ == "chatbot.web.kiosk" for fn in fns if fn.fn is not None)
    assert all(fn.api_visibility == "private" for fn in fns)
    assert info == {"named_endpoints": {}, "unnamed_endpoints": {}}


def test_kiosk_rate_limit_per_client(kiosk, results):
    ui = GradioUI(kiosk.url)
    one, other = {"X-Forwarded-For": "198.51.100.77"}, {"X-Forwarded-For": "198.51.100.78"}
    shown = []
    for _ in range(KIOSK_RATE_LIMIT + 1):
        data = ui.call("kiosk_ask", ["What is ketamine therapy?", None], headers=one)
        shown.append("answer" if isinstance(data[0], str) else re.sub(r"<[^>]+>", "", data[-1]))
    results.section("access")["kiosk_rate_limit"] = {"limit": KIOSK_RATE_LIMIT, "shown": shown}
    assert shown[:KIOSK_RATE_LIMIT] == ["answer"] * KIOSK_RATE_LIMIT
    assert "Too many questions" in shown[-1]
    assert isinstance(
        ui.call("kiosk_ask", ["What is ketamine therapy?", None], headers=other)[0], str
    )


# --- personal data, end to end -----------------------------------------------------------------
def test_personal_details_are_redacted_everywhere(
    staff, kiosk, review, servers, server_data, tmp_path, results
):
    """The same details through the API, the kiosk, a staff feedback comment and a reviewer note;
    then every place that could hold them is searched byte for byte (the spool is searched
    during the database outage in test_faults)."""
    asked = httpx.post(f"{staff.url}/api/ask", json={"question": PHI_QUESTION}, timeout=60)
    assert asked.status_code == 200
    interaction = asked.json()["interaction_id"]

    kiosk_out = GradioUI(kiosk.url).call(
        "kiosk_ask", [PHI_QUESTION, None], headers={"X-Forwarded-For": "198.51.100.90"}
    )
    assert isinstance(kiosk_out[0], str) and "k-turn" in kiosk_out[0]

    staff_ui, session = GradioUI(staff.url), "phi-session-1"
    staff_ui.call("staff_ask", [PHI_QUESTION, None], session=session)
    click = {"action": "feedback", "turn": 0, "n": 0, "rating": "wrong"}
    staff_ui.call("staff_open", [None], session=session, event_data=click)
    sent = staff_ui.call("staff_feedback", [None, "wrong", PHI_COMMENT, None], session=session)
    assert "v-status-ok" in sent[0], sent[0]

    reviewed = httpx.post(
        f"{review.url}/api/review/interactions/{interaction}/review",
        json={"status": "needs_correction", "note": PHI_COMMENT},
        auth=REVIEWER,
    )
    assert reviewed.status_code == 200

    exports = {}
    for fmt in ("csv", "jsonl"):
        r = httpx.get(f"{review.url}/api/review/export", params={"format": fmt}, auth=REVIEWER)
        assert r.status_code == 200
        exports[f"reviewer export ({fmt})"] = r.content
        out = tmp_path / f"audit.{fmt}"
        cli = subprocess.run(
            [
                sys.executable,
                "-m",
                "chatbot",
                "audit",
                "export",
                "--format",
                fmt,
                "--out",
                str(out),
            ],
            cwd=ROOT,
            env=clean_env(VETTED_DATA_DIR=str(server_data)),
            capture_output=True,
            timeout=120,
        )
        assert cli.returncode == 0, cli.stderr
        exports[f"CLI export ({fmt})"] = out.read_bytes()

    places: dict[str, bytes] = {
        f"data/{p.name}": p.read_bytes()
        for p in sorted(server_data.iterdir())
        if p.is_file() and p.name.startswith("audit")
    }
    places.update({f"{name} server log": s.log.read_bytes() for name, s in servers.items()})
    places.update(exports)
    counts = {
        place: {secret: blob.count(secret.encode()) for secret in SECRETS}
        for place, blob in places.items()
    }
    database = places["data/audit.sqlite3"] + places.get("data/audit.sqlite3-wal", b"")
    markers = {m: database.count(m.encode()) for m in PLACEHOLDERS}
    results.section("access")["phi"] = {
        "places": {p: sum(c.values()) for p, c in counts.items()},
        "placeholders_in_database": markers,
        "sent_through": ["POST /api/ask", "kiosk page", "staff feedback comment", "reviewer note"],
    }
    leaks = {p: {s: n for s, n in c.items() if n} for p, c in counts.items()}
    assert not {p: c for p, c in leaks.items() if c}, leaks
    assert all(n > 0 for n in markers.values()), markers  # written, and written redacted
