"""Content-gap grouping: the pure function, and the real MiniLM model grouping paraphrases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chatbot.__main__ import main
from chatbot.audit.gaps import group_questions, normalise
from chatbot.records import Kind
from tests.audit.factories import response

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_normalise_ignores_case_accents_and_punctuation_but_keeps_placeholders():
    assert normalise("  Où est le PARKING ?? ") == "ou est le parking"
    assert normalise("My name is [NAME]: hours?") == "my name is [name] hours"


def test_text_grouping_counts_and_orders():
    items = [
        ("Parking?", "out_of_scope", T0),
        ("parking", "out_of_scope", T0 + timedelta(days=2)),
        ("Cost of TMS", "answer", T0 + timedelta(days=1)),
        ("Hours", "out_of_scope", T0 + timedelta(days=3)),
    ]
    groups = group_questions(items)
    assert [(g["example"], g["count"]) for g in groups] == [
        ("Parking?", 2), ("Hours", 1), ("Cost of TMS", 1),
    ]  # fmt: skip  # ties: latest first
    assert groups[0]["questions"] == ["Parking?", "parking"]
    assert groups[0]["last_seen"] == (T0 + timedelta(days=2)).isoformat()
    assert group_questions([]) == []


def test_embed_must_return_one_vector_per_question():
    items = [("a", "out_of_scope", T0), ("b", "out_of_scope", T0)]
    with pytest.raises(ValueError, match="1 vectors for 2 questions"):
        group_questions(items, embed=lambda texts: [[1.0, 0.0]])


@pytest.fixture(scope="module")
def embedder():
    from index.embed import Embedder

    e = Embedder()
    e.warm_up()
    return e


def test_real_model_groups_paraphrases(audit, embedder, capsys):
    for q in ["Where do I park?", "Is there parking at the clinic?", "Where can I park my car?",
              "Does my insurance cover this?", "Will insurance pay for it?"]:  # fmt: skip
        audit.record(response(q, Kind.OUT_OF_SCOPE, "Sorry.", None), "kiosk")
    groups = audit.content_gaps(embed=embedder.encode, min_similarity=0.5)  # centroid cosine
    assert [g["count"] for g in groups] == [3, 2]
    assert "Where do I park?" in groups[0]["questions"]
    assert set(groups[1]["questions"]) == {
        "Does my insurance cover this?",
        "Will insurance pay for it?",
    }  # noqa: E501

    assert (
        main(["audit", "gaps", "--embed", "--min-similarity", "0.5"]) == 0
    )  # the CLI uses the same model
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2 content gap groups from 5 questions")
