"""The curated articles, loading a folder, promo stripping, serving rules, corpus version."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest

from corpus import (
    PROMO_CLOSE,
    PROMO_OPEN,
    CorpusError,
    Status,
    corpus_version,
    headings,
    load_article,
    load_articles,
    select_servable,
    strip_promotional,
)
from tests.corpus.conftest import ARTICLES, SEEDS

PROMO_SPAN = re.compile(re.escape(PROMO_OPEN) + "(.*?)" + re.escape(PROMO_CLOSE))
TODAY = date(2026, 11, 21)


def _unmarked(body: str) -> str:
    return body.replace(PROMO_OPEN, "").replace(PROMO_CLOSE, "")


# --- the five curated articles ---------------------------------------------------------


def test_the_five_curated_articles_load():
    articles = load_articles(ARTICLES)
    assert [article.id for article in articles] == sorted(seed.article_id for seed in SEEDS)
    assert all(article.status is Status.APPROVED for article in articles)
    assert all(article.path.stem == article.id for article in articles)


def test_curated_front_matter(seed):
    article = load_article(seed.article_path)
    assert article.publisher == seed.publisher
    assert article.meta.source_file == seed.raw_file
    assert (article.meta.reviewed_on, article.meta.review_due) == (TODAY, date(2027, 11, 21))
    assert article.meta.notes, "curation notes record what was removed and marked"
    assert not article.is_overdue(TODAY)


def test_every_raw_sentence_is_kept_word_for_word(seed):
    """Each non-furniture line of the page is a whole line of the article (markers aside)."""
    body_lines = {
        _bare(line) for line in _unmarked(load_article(seed.article_path).body).split("\n")
    }
    missing = [block for block in seed.raw_blocks() if block not in body_lines]
    assert missing == []


def test_nothing_is_added_to_the_text(seed):
    """Every line of the article comes from the page, except a curator-supplied title."""
    article = load_article(seed.article_path)
    raw = set(seed.raw_blocks())
    lines = [_bare(line) for line in _unmarked(article.body).split("\n") if line.strip()]
    added = [line for line in lines if line not in raw]
    assert added == ([] if seed.title_from_page else [article.title])


def test_page_furniture_is_gone(seed):
    body = load_article(seed.article_path).body
    for line in seed.furniture:
        assert line not in body
    for furniture in (
        "add share buttons",
        "Democracy is government",
        "Add Your Comment",
        "Share Now",
    ):
        assert furniture not in body
    assert body.count(f"# {load_article(seed.article_path).title}\n") == 1


def test_promotional_sentences_are_marked_and_come_from_the_page(seed):
    marked = PROMO_SPAN.findall(load_article(seed.article_path).body)
    assert len(marked) == len(seed.promo)
    for sentence, opening in zip(marked, seed.promo, strict=True):
        assert sentence.startswith(opening)
        assert sentence in seed.raw_text


def test_served_text_has_no_promotion(seed):
    served = strip_promotional(load_article(seed.article_path).body)
    for name in ("Telemedical", "Grace MindCare", "Jirah", "reach out", "contact"):
        assert name not in served
    assert not re.search(r"\b(?:[Ww]e|[Oo]ur|us)\b", served)


def test_curated_headings_follow_the_page(seed):
    found = headings(load_article(seed.article_path).body)
    assert [level for level, _ in found].count(1) == 1
    assert found[0][0] == 1
    assert {level for level, _ in found} <= {1, 2, 3}


# --- strip_promotional ---------------------------------------------------------------


def test_strip_promotional_removes_spans_and_tidies():
    text = f"Fact one. {PROMO_OPEN}Call us today!{PROMO_CLOSE} Fact two.\n"
    assert strip_promotional(text) == "Fact one. Fact two.\n"


def test_strip_promotional_drops_paragraphs_that_were_all_promotion():
    text = f"# T\n\nFact.\n\n{PROMO_OPEN}Visit us.{PROMO_CLOSE} {PROMO_OPEN}Now.{PROMO_CLOSE}\n\nMore.\n"
    assert strip_promotional(text) == "# T\n\nFact.\n\nMore.\n"
    assert strip_promotional(f"- A\n- {PROMO_OPEN}Book now.{PROMO_CLOSE}\n- B\n") == "- A\n- B\n"


def test_strip_promotional_leaves_plain_text_alone():
    assert strip_promotional("a  b\n\n\n\nc") == "a  b\n\n\n\nc"


def test_unbalanced_markers_are_refused(write_article):
    with pytest.raises(ValueError, match="never closed"):
        strip_promotional(f"Fact. {PROMO_OPEN}Call us.")
    body = f"# Esketamine\n\nFact.\n\nMore. {PROMO_CLOSE}\n"
    with pytest.raises(CorpusError, match=r"esketamine\.md: line 5: '<!-- /promo -->' without"):
        load_article(write_article(body=body))


# --- load_articles -------------------------------------------------------------------


def test_load_articles_sorts_by_id(write_article, tmp_path):
    write_article("zeta")
    write_article("alpha")
    assert [article.id for article in load_articles(tmp_path / "articles")] == ["alpha", "zeta"]


def test_id_must_match_file_name(write_article, tmp_path):
    path = write_article("esketamine", id="spravato")
    with pytest.raises(CorpusError) as caught:
        load_articles(path.parent)
    assert "esketamine.md: front matter field 'id' must match the file name 'esketamine'" in (
        str(caught.value)
    )
    assert "(got 'spravato')" in str(caught.value)


def test_duplicate_ids_and_all_problems_at_once(write_article, tmp_path):
    write_article("spravato")
    write_article("esketamine", id="spravato")
    write_article("broken", review_due="2026-13-01")
    with pytest.raises(CorpusError) as caught:
        load_articles(tmp_path / "articles")
    problems = caught.value.problems
    assert any(
        "esketamine.md, " in p
        and "spravato.md: front matter field 'id' is the same in 2 files (got 'spravato')" in p
        for p in problems
    )
    assert any("broken.md: front matter field 'review_due' is not a date" in p for p in problems)
    assert len(str(caught.value).splitlines()) == len(problems) == 3


def test_missing_folder(tmp_path):
    with pytest.raises(CorpusError, match="articles folder not found"):
        load_articles(tmp_path / "nope")


# --- select_servable -----------------------------------------------------------------


def test_only_approved_articles_are_served(write_article, tmp_path):
    write_article("approved")
    write_article("draft", status="draft")
    write_article("retired", status="retired")
    servable, warnings = select_servable(load_articles(tmp_path / "articles"), TODAY, False)
    assert [article.id for article in servable] == ["approved"]
    assert warnings == []


def test_overdue_articles_are_withheld_with_a_warning(write_article, tmp_path):
    write_article("fresh", review_due="2027-01-01")
    write_article("stale", reviewed_on="2025-01-01", review_due="2026-01-01")
    articles = load_articles(tmp_path / "articles")

    servable, warnings = select_servable(articles, TODAY, serve_overdue=False)
    assert [article.id for article in servable] == ["fresh"]
    assert len(warnings) == 1
    assert "stale.md: review was due 2026-01-01; not served" in warnings[0]

    servable, warnings = select_servable(articles, TODAY, serve_overdue=True)
    assert [article.id for article in servable] == ["fresh", "stale"]
    assert "stale.md: review was due 2026-01-01; served anyway" in warnings[0]


def test_due_today_is_not_overdue(write_article):
    article = load_article(write_article(review_due="2026-11-21"))
    assert not article.is_overdue(TODAY)
    assert article.is_overdue(date(2026, 11, 22))


# --- corpus_version ------------------------------------------------------------------


def test_corpus_version_tracks_exactly_the_files(curated_copy):
    articles = load_articles(curated_copy)
    version = corpus_version(articles)
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    assert corpus_version(list(reversed(articles))) == version
    assert corpus_version(articles[:-1]) != version

    path = curated_copy / f"{articles[0].id}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert corpus_version(load_articles(curated_copy)) != version


def test_digest_is_of_the_file_bytes(tmp_path):
    import hashlib

    path = tmp_path / "copy.md"
    shutil.copy(ARTICLES / "ketamine-therapy-key-points.md", path)
    assert load_article(path).digest == hashlib.sha256(path.read_bytes()).hexdigest()


def _bare(line: str) -> str:
    """A body line without its Markdown heading or list mark."""
    return re.sub(r"^(?:#{1,6} |- )", "", line.strip())
