"""Splitting articles: heading-aware passages, sentences with exact offsets, no promotion."""

from __future__ import annotations

from corpus.articles import PROMO_CLOSE, PROMO_OPEN, load_articles
from index.chunk import INTRODUCTION, article_passages, split_sentences
from tests.conftest import ARTICLES


def _all_passages():
    return [p for a in load_articles(ARTICLES) for p in article_passages(a)]


def test_every_sentence_is_an_exact_span_of_its_passage():
    passages = _all_passages()
    assert len(passages) > 40
    for p in passages:
        assert p.sentences, p.section
        for s in p.sentences:
            assert p.text[s.start : s.end] == s.text
            assert s.text == s.text.strip() and len(s.text) > 2


def test_passages_follow_the_articles_own_headings():
    by_article = {}
    for p in _all_passages():
        by_article.setdefault(p.article_id, set()).add(p.section)
    assert "Infusion Sessions" in by_article["ketamine-infusion-therapy-guide"]
    assert "Mechanism of Action" in by_article["ketamine-therapy-key-points"]
    # nested headings keep their parent in the path
    nested = [p for p in _all_passages() if p.section == "How Ketamine Works in the Brain"]
    assert nested and nested[0].heading_path == (
        "The Science Behind Ketamine Therapy",
        "How Ketamine Works in the Brain",
    )
    assert all(INTRODUCTION in s or s for s in by_article["ketamine-therapy-key-points"])


def test_promotional_sentences_never_reach_a_passage():
    promos = []
    for article in load_articles(ARTICLES):
        body = article.body
        while PROMO_OPEN in body:
            start = body.index(PROMO_OPEN) + len(PROMO_OPEN)
            end = body.index(PROMO_CLOSE, start)
            promos.append(body[start:end])
            body = body[end:]
    assert len(promos) >= 5
    texts = " ".join(p.text for p in _all_passages())
    for promo in promos:
        assert promo not in texts
    for clinic in ("Grace MindCare", "Telemedical Services", "Jirah Anesthesia"):
        assert clinic not in texts


def test_list_markers_are_not_part_of_sentences():
    sentences = split_sentences("- First point here.\n- Second point. Third one.", "x")
    assert [s.text for s in sentences] == ["First point here.", "Second point.", "Third one."]
    assert sentences[0].start == 2


def test_abbreviations_do_not_split_sentences():
    text = "It dates to Dr. Calvin Stevens in the 1960s. The U.S. Food and Drug Administration (FDA) approved it."
    assert len(split_sentences(text, "x")) == 2


def test_long_sections_are_cut_at_line_boundaries(articles_copy):
    article = load_articles(articles_copy)[0]
    passages = article_passages(article, max_chars=200)
    assert max(len(p.text) for p in passages) <= 400  # one over-long line may stand alone
    assert len(passages) > len(article_passages(article))


def test_passage_ids_are_content_hashes():
    first = [p.id for p in _all_passages()]
    assert first == [p.id for p in _all_passages()]
    assert len(set(first)) == len(first)
