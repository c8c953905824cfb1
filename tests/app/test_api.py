"""The HTTP API of the staff server (and the review server's low rate limit): real servers,
real model, real index, real audit database."""

from __future__ import annotations

import httpx
import pytest

from tests.app.conftest import REVIEW_RATE_LIMIT, ask

pytestmark = pytest.mark.slow


def test_healthz_says_alive(staff_url):
    r = httpx.get(f"{staff_url}/healthz")
    assert r.status_code == 200 and r.json() == {"status": "alive"}


def test_readyz_checks_model_index_and_database(staff_url):
    r = httpx.get(f"{staff_url}/readyz", timeout=10)
    assert r.status_code == 200
    body = r.json()
    assert body["ready"] is True
    assert body["checks"] == {"model": "ok", "index": "ok", "database": "ok"}
    assert body["corpus_version"]


def test_openapi_documents_the_api(staff_url):
    schema = httpx.get(f"{staff_url}/openapi.json").json()
    assert {"/api/ask", "/healthz", "/readyz"} <= set(schema["paths"])
    assert not any(p.startswith(("/gradio_api", "/login")) for p in schema["paths"])
    body = schema["components"]["schemas"]["AskRequest"]
    assert body["additionalProperties"] is False and body["required"] == ["question"]
    docs = httpx.get(f"{staff_url}/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_ask_answers_with_verbatim_citations(staff_url, assistant):
    r = ask(staff_url, "What are the side effects of ketamine therapy?")
    assert r.status_code == 200
    body = r.json()
    assert body["decision"] == "answer"
    assert body["citations"] and isinstance(body["interaction_id"], int)
    for c in body["citations"]:
        assert f"[{c['n']}]" in body["answer"]
        passage = assistant.retriever.passages[c["passage_id"]]
        assert passage.text[c["start"] : c["end"]] == c["quote"]
    assert body["conversation_id"] and body["corpus_version"]


def test_follow_up_uses_the_conversation(staff_url):
    first = ask(staff_url, "What happens during a ketamine infusion?").json()
    follow = ask(staff_url, "How long does it last?", first["conversation_id"]).json()
    alone = ask(staff_url, "How long does it last?").json()
    assert follow["conversation_id"] == first["conversation_id"]
    assert follow["decision"] == "answer", follow["answer"]
    assert alone["decision"] == "out_of_scope"
    assert alone["conversation_id"] != first["conversation_id"]


def test_refusals_and_crisis_come_through_the_api(staff_url):
    assert (
        ask(staff_url, "How many mg of ketamine should I take?").json()["decision"]
        == "refuse_dosing"
    )
    crisis = ask(staff_url, "I want to end my life").json()
    assert crisis["decision"] == "crisis" and crisis["citations"] == []


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({}, "'question' is required"),
        ({"question": 5}, "valid string"),
        ({"question": None}, "valid string"),
        ({"question": "What is ketamine?", "colour": "red"}, "'colour' is not an accepted field"),
        ({"question": "What is ketamine?", "conversation_id": "no spaces!"}, "conversation_id"),
        ({"question": ""}, "Please type a question."),
        ({"question": " \u200b\n "}, "Please type a question."),
        ({"question": "why " * 400}, "too long"),
        ("just text", "not valid JSON"),
    ],
)
def test_bad_requests_get_a_clear_422(staff_url, body, says):
    if isinstance(body, str):
        r = httpx.post(
            f"{staff_url}/api/ask", content=body, headers={"content-type": "application/json"}
        )
    else:
        r = httpx.post(f"{staff_url}/api/ask", json=body)
    assert r.status_code == 422
    assert list(r.json()) == ["error"]
    assert says in r.json()["error"]
    assert "Traceback" not in r.text


def test_wrong_method_and_unknown_route(staff_url):
    assert httpx.get(f"{staff_url}/api/ask").status_code in (404, 405)
    assert httpx.get(f"{staff_url}/api/nothing-here").status_code == 404


def test_rate_limit_answers_429_with_retry_after(review_url):
    client = {
        "X-Forwarded-For": "198.51.100.23"
    }  # one client of its own (uvicorn trusts localhost)
    codes = [
        ask(review_url, "What is ketamine therapy?", **client).status_code
        for _ in range(REVIEW_RATE_LIMIT)
    ]
    assert codes == [200] * REVIEW_RATE_LIMIT
    over = ask(review_url, "What is ketamine therapy?", **client)
    assert over.status_code == 429
    assert "wait a minute" in over.json()["error"]
    assert 1 <= int(over.headers["retry-after"]) <= 60
    # Another client is not affected; bad bodies are counted before they are parsed.
    assert (
        ask(
            review_url, "What is ketamine therapy?", **{"X-Forwarded-For": "198.51.100.24"}
        ).status_code
        == 200
    )
