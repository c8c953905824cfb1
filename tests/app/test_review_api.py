"""The reviewer's API and sign-in on the review server: credentials required, per-client
back-off after failures, redacted data only, reviews recorded with the reviewer's name."""

from __future__ import annotations

import csv
import io
import json
import time

import httpx
import pytest

from tests.app.conftest import REVIEWER, ask

pytestmark = pytest.mark.slow

ROUTES = [
    ("GET", "/api/review/interactions"),
    ("GET", "/api/review/interactions/1"),
    ("POST", "/api/review/interactions/1/review"),
    ("GET", "/api/review/export?format=csv"),
    ("GET", "/api/review/gaps"),
    ("GET", "/api/review/corpus"),
    ("GET", "/api/review/handoffs"),
]
PERSONAL = "my name is John Smith, email john@example.com, what are the side effects of ketamine?"


@pytest.fixture(scope="module")
def personal_interaction(staff_url) -> int:
    r = ask(staff_url, PERSONAL)
    assert r.status_code == 200
    return r.json()["interaction_id"]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_reviewer_routes_need_credentials(review_url, method, path):
    r = httpx.request(
        method, f"{review_url}{path}", json={"status": "ok"} if method == "POST" else None
    )
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Basic")
    assert "Sign in as a reviewer" in r.json()["error"]


def test_wrong_passwords_back_off_per_client(review_url):
    client = {"X-Forwarded-For": "203.0.113.9"}
    url = f"{review_url}/api/review/interactions"
    codes = [
        httpx.get(url, auth=(REVIEWER[0], "guess"), headers=client).status_code for _ in range(3)
    ]
    assert codes == [401, 401, 401]
    locked = httpx.get(url, auth=REVIEWER, headers=client)  # even the right password waits
    assert locked.status_code == 429 and "wait" in locked.json()["error"]
    assert (
        httpx.get(url, auth=REVIEWER, headers={"X-Forwarded-For": "203.0.113.10"}).status_code
        == 200
    )
    time.sleep(int(locked.headers["retry-after"]) + 0.2)
    assert httpx.get(url, auth=REVIEWER, headers=client).status_code == 200


def test_list_shows_questions_redacted(reviewer_api, personal_interaction):
    rows = reviewer_api.get(
        "/api/review/interactions", params={"surface": "api", "limit": 50}
    ).json()
    row = next(r for r in rows if r["id"] == personal_interaction)
    assert "[NAME]" in row["question"] and "[EMAIL]" in row["question"]
    assert "John Smith" not in json.dumps(rows) and "john@example.com" not in json.dumps(rows)
    found = reviewer_api.get("/api/review/interactions", params={"text": "[EMAIL]"}).json()
    assert personal_interaction in [r["id"] for r in found]


def test_filters_are_validated(reviewer_api):
    assert (
        reviewer_api.get("/api/review/interactions", params={"decision": "maybe"}).status_code
        == 422
    )
    assert (
        reviewer_api.get("/api/review/interactions", params={"since": "2026-13-40"}).status_code
        == 422
    )
    crisis = reviewer_api.get("/api/review/interactions", params={"decision": "crisis"}).json()
    assert all(r["decision"] == "crisis" for r in crisis)


def test_detail_has_trace_reasons_and_citations(reviewer_api, personal_interaction):
    item = reviewer_api.get(f"/api/review/interactions/{personal_interaction}").json()
    assert item["citations"] and item["retrieval"]
    assert {"dense", "bm25", "fused", "passage_id"} <= set(item["retrieval"][0])
    assert isinstance(item["reasons"], list) and "evidence" in item
    assert reviewer_api.get("/api/review/interactions/999999").status_code == 404


def test_review_is_recorded_with_the_reviewer(reviewer_api, personal_interaction):
    url = f"/api/review/interactions/{personal_interaction}/review"
    r = reviewer_api.post(
        url, json={"status": "needs_correction", "note": "cite the dosing article"}
    )
    assert r.status_code == 200 and r.json()["status"] == "needs_correction"
    reviews = reviewer_api.get(f"/api/review/interactions/{personal_interaction}").json()["reviews"]
    assert reviews[-1]["reviewer"] == REVIEWER[0] and reviews[-1]["status"] == "needs_correction"
    assert reviewer_api.post(url, json={"status": "fine"}).status_code == 422
    assert reviewer_api.post(url, json={"status": "ok", "extra": 1}).status_code == 422
    bad_id = reviewer_api.post("/api/review/interactions/999999/review", json={"status": "ok"})
    assert bad_id.status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_downloads_the_redacted_log(reviewer_api, personal_interaction, fmt):
    r = reviewer_api.get("/api/review/export", params={"format": fmt})
    assert r.status_code == 200
    assert f'.{fmt}"' in r.headers["content-disposition"]
    assert "john@example.com" not in r.text and "[EMAIL]" in r.text
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.text)))
    else:
        rows = [json.loads(line) for line in r.text.splitlines()]
    assert personal_interaction in [int(row["id"]) for row in rows]


def test_content_gaps_group_unanswered_questions(reviewer_api, staff_url):
    ask(staff_url, "Can I bring my dog to the clinic?")
    ask(staff_url, "Can I bring my dog to my appointment?")
    gaps = reviewer_api.get("/api/review/gaps").json()
    dog = [g for g in gaps if "dog" in g["example"].lower()]
    assert dog and dog[0]["count"] >= 2


@pytest.mark.parametrize(
    ("message", "word"),
    [("ok thanks so much, goodbye!", "goodbye"), ("feeling a bit jittery today", "jittery")],
)
def test_a_goodbye_or_a_feeling_is_logged_but_is_not_a_content_gap(
    reviewer_api, staff_url, message, word
):
    ask(staff_url, message)
    logged = reviewer_api.get("/api/review/interactions", params={"text": word}).json()
    assert logged and logged[0]["decision"] == "out_of_scope"
    gaps = reviewer_api.get("/api/review/gaps").json()
    assert not [g for g in gaps if word in g["example"].lower()]


def test_corpus_lists_articles_with_review_dates(reviewer_api):
    articles = reviewer_api.get("/api/review/corpus").json()
    assert len(articles) == 5
    assert {"id", "title", "status", "review_due", "overdue"} <= set(articles[0])


def test_sign_in_form_sets_a_session(review_url):
    page = httpx.get(f"{review_url}/", headers={"accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"] == "/login"
    bad = httpx.post(
        f"{review_url}/login",
        data={"username": "reviewer", "password": "nope"},
        headers={"X-Forwarded-For": "203.0.113.50"},
    )
    assert bad.status_code == 401 and "Wrong user name or password" in bad.text
    good = httpx.post(f"{review_url}/login", data=dict(zip(("username", "password"), REVIEWER)))
    assert good.status_code == 303
    cookie = good.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert httpx.get(f"{review_url}/api/review/corpus", cookies=good.cookies).status_code == 200
    assert httpx.get(f"{review_url}/config", cookies=good.cookies).status_code == 200
    assert httpx.get(f"{review_url}/config").status_code == 401  # Gradio's own routes too
    session = good.cookies["vetted_reviewer"]
    forged = {"vetted_reviewer": session[:-1] + ("0" if session[-1] != "0" else "1")}
    assert httpx.get(f"{review_url}/api/review/corpus", cookies=forged).status_code == 401


def test_a_safety_check_in_reaches_the_asker_and_the_reviewer(reviewer_api, staff_url):
    """A message read close to a crisis: the API reply carries the check-in, and a reviewer can
    list every such reply."""
    near = ask(
        staff_url,
        "everything feels pointless lately",
    ).json()
    assert near["decision"] != "crisis" and "988" in near["check_in"]
    plain = ask(staff_url, "what are the common side effects of ketamine therapy").json()
    assert plain["check_in"] is None
    found = reviewer_api.get("/api/review/interactions", params={"check_in": "true"}).json()
    ids = [r["id"] for r in found]
    assert near["interaction_id"] in ids and plain["interaction_id"] not in ids
    assert all(any(x.startswith("note:near_crisis") for x in r["reasons"]) for r in found)
