"""The staff server's Gradio API through ``gradio_client``: one public endpoint, ``/ask``."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(staff_url):
    from gradio_client import Client

    return Client(staff_url, verbose=False)


def test_only_ask_is_published(client):
    assert list(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == [
        "/ask"
    ]


def test_ask_returns_the_answer_contract(client):
    result = client.predict("What are the side effects of ketamine therapy?", "", api_name="/ask")
    assert result["decision"] == "answer"
    assert result["citations"] and {"n", "title", "quote", "passage_id"} <= set(
        result["citations"][0]
    )
    follow = client.predict("How long does it last?", result["conversation_id"], api_name="/ask")
    assert follow["conversation_id"] == result["conversation_id"]


def test_an_empty_question_is_a_clear_error(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Please type a question"):
        client.predict("   ", "", api_name="/ask")
