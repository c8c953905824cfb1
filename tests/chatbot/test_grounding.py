"""Non-negotiable 1: an answer is made only of sentences from vetted passages, each cited.

Checked over every answerable question we wrote plus questions hypothesis assembles from
corpus words and everyday phrasing."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatbot.compose import POINTS_BACK
from chatbot.dose import states_amount
from chatbot.evaluate import load_jsonl
from corpus.articles import PROMO_CLOSE, PROMO_OPEN, load_articles
from tests.conftest import ARTICLES, ROOT

MARKERS = re.compile(r"((?:\[\d+\])+)")


def promotional_sentences() -> list[str]:
    out = []
    for article in load_articles(ARTICLES):
        out += re.findall(
            re.escape(PROMO_OPEN) + "(.*?)" + re.escape(PROMO_CLOSE), article.body, re.S
        )
    return out


def assert_grounded(assistant, out: dict) -> None:
    if out["decision"] != "answer":
        return
    cited = {c["n"]: c for c in out["citations"]}
    parts = MARKERS.split(out["answer"])
    sentences = [(parts[i].strip(), parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
    assert sentences and parts[-1].strip() == "", out["answer"]
    assert 1 <= len(sentences) <= 4
    for sentence, markers in sentences:
        numbers = [int(n) for n in re.findall(r"\d+", markers)]
        assert numbers and all(n in cited for n in numbers)
        # the sentence is a verbatim span of the first passage it cites ...
        first = cited[numbers[0]]
        passage = assistant.retriever.passages[first["passage_id"]]
        assert passage.text[first["start"] : first["end"]] == first["quote"] == sentence
        # ... and every citation quotes its own passage word for word
        for n in numbers:
            c = cited[n]
            p = assistant.retriever.passages[c["passage_id"]]
            assert p.text[c["start"] : c["end"]] == c["quote"]
            assert (p.article_id, p.section, p.title, p.publisher) == (
                c["article_id"], c["section"], c["title"], c["publisher"],
            )  # fmt: skip
        assert not states_amount(sentence)
        for promo in promotional_sentences():
            assert promo not in sentence
    # A sentence that points back ("These effects ...") is served right after the sentence
    # before it in its passage, unless it opens the passage (its heading names the subject).
    for i, (sentence, markers) in enumerate(sentences):
        if not POINTS_BACK.match(sentence):
            continue
        c = cited[int(re.findall(r"\d+", markers)[0])]
        own = assistant.retriever.passages[c["passage_id"]].sentences
        at = next(k for k, s in enumerate(own) if (s.start, s.end) == (c["start"], c["end"]))
        assert at == 0 or (i > 0 and sentences[i - 1][0] == own[at - 1].text), out["answer"]


def test_every_answer_to_our_questions_is_grounded(assistant):
    rows = load_jsonl(ROOT / "tests" / "eval" / "answerable.jsonl")
    answered = 0
    for row in rows:
        out = assistant.ask(row["question"]).to_dict()
        answered += out["decision"] == "answer"
        assert_grounded(assistant, out)
    assert answered >= 0.9 * len(rows)


CORPUS_WORDS = sorted(
    {w.lower() for a in load_articles(ARTICLES) for w in re.findall(r"[A-Za-z]{4,}", a.body)}
)
OPENERS = ["what is", "how does", "tell me about", "can", "why", "is", "what about", "explain", ""]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    opener=st.sampled_from(OPENERS),
    words=st.lists(st.sampled_from(CORPUS_WORDS), min_size=1, max_size=6),
    tail=st.sampled_from(["?", "", "??", " pls", "!"]),
)
def test_any_question_yields_only_grounded_answers(assistant, opener, words, tail):
    out = assistant.ask(f"{opener} {' '.join(words)}{tail}".strip()).to_dict()
    assert out["decision"] in {
        "answer",
        "out_of_scope",
        "refuse_dosing",
        "refuse_personal",
        "crisis",
    }
    assert_grounded(assistant, out)
    if out["decision"] != "answer":
        assert out["decision"] == "refuse_personal" or not out["citations"]


def test_promotional_sentences_exist_to_be_excluded():
    assert len(promotional_sentences()) >= 5


@pytest.mark.parametrize(
    "question",
    [
        "How can I contact Grace MindCare to schedule?",
        "Who is Telemedical Services?",
        "reach out to Jirah Anesthesia",
    ],
)
def test_questions_about_the_publishers_never_surface_their_promotion(assistant, question):
    out = assistant.ask(question).to_dict()
    for promo in promotional_sentences():
        assert promo not in out["answer"]
