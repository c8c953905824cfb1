"""The synthetic corpus is reproducible, valid and approved; the question set is big and mixed."""

from __future__ import annotations

from datetime import date

from bench.questions import CATEGORIES, QUESTIONS, questions
from bench.synth import article_text, write_corpus
from corpus.articles import load_articles, select_servable
from index.chunk import corpus_passages


def test_same_seed_same_text_and_other_seed_other_text():
    assert article_text(7, seed=1) == article_text(7, seed=1)
    assert article_text(7, seed=1) != article_text(7, seed=2)
    assert article_text(7) != article_text(8)


def test_synthetic_articles_load_as_approved_and_chunk_into_many_passages(tmp_path):
    write_corpus(tmp_path, 3, sections=24)
    articles = load_articles(tmp_path)
    servable, warnings = select_servable(articles, date.today(), serve_overdue=False)
    assert len(servable) == 3 and not warnings
    passages = corpus_passages(servable)
    # ~26 passages an article: 2,000 articles give the 50,000-passage scale point
    assert 24 * 3 <= len(passages) <= 30 * 3
    assert len({p.section for p in passages}) > 30
    assert all(p.sentences for p in passages)


def test_question_set_is_distinct_and_mixed():
    assert len(QUESTIONS) >= 200 and len(set(QUESTIONS)) == len(QUESTIONS)
    assert set(CATEGORIES.values()) == {"in_scope", "out_of_scope", "dosing", "personal"}
    head = questions(20)
    assert len({CATEGORIES[q] for q in head}) == 4
