"""The importer: raw web text in, a draft article out (headings, furniture, promotion)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from corpus import PROMO_CLOSE, PROMO_OPEN, Status, headings, load_article
from corpus.check import check
from corpus.importer import import_raw, is_heading_like, slugify

PROMO_SPAN = re.compile(re.escape(PROMO_OPEN) + "(.*?)" + re.escape(PROMO_CLOSE))
TODAY = date(2026, 11, 21)


def _draft(seed, tmp_path):
    """Import the seed's raw page and load the draft as an article."""
    text = import_raw(seed.raw_text, seed.raw_file)
    slug = re.search(r"^id: (\S+)$", text, re.MULTILINE).group(1)
    path = tmp_path / f"{slug}.md"
    path.write_text(text, encoding="utf-8")
    return load_article(path)


def test_draft_finds_every_curated_heading(seed, tmp_path):
    curated = headings(load_article(seed.article_path).body)
    if not seed.title_from_page:
        curated = curated[1:]  # the curator supplied the title: nothing to find
    found = {text for _, text in headings(_draft(seed, tmp_path).body)}
    assert {text for _, text in curated} <= found


def test_draft_guesses_the_curated_heading_levels(seed, tmp_path):
    curated = headings(load_article(seed.article_path).body)[1:]
    assert headings(_draft(seed, tmp_path).body)[1:] == curated


def test_draft_removes_furniture(seed, tmp_path):
    draft = _draft(seed, tmp_path)
    for line in seed.furniture:
        assert line not in draft.body
        assert any(line[:30] in note for note in draft.meta.notes)
    if seed.title_from_page:
        assert draft.body.count(f"# {draft.title}\n") == 1


def test_draft_flags_the_known_promotional_sentences(seed, tmp_path):
    draft = _draft(seed, tmp_path)
    flagged = PROMO_SPAN.findall(draft.body)
    curated = PROMO_SPAN.findall(load_article(seed.article_path).body)
    assert flagged == curated
    flag_notes = [note for note in draft.meta.notes if note.startswith("Flagged promotional")]
    assert len(flag_notes) == len(seed.promo)


def test_draft_keeps_the_text_word_for_word(seed, tmp_path):
    body = _draft(seed, tmp_path).body.replace(PROMO_OPEN, "").replace(PROMO_CLOSE, "")
    lines = {re.sub(r"^(?:#{1,6} |- )", "", line) for line in body.split("\n")}
    assert [block for block in seed.raw_blocks() if block not in lines] == []


def test_draft_is_a_valid_draft_article(seed, tmp_path):
    draft = _draft(seed, tmp_path)
    assert draft.status is Status.DRAFT
    assert draft.meta.reviewed_by is draft.meta.reviewed_on is draft.meta.review_due is None
    assert draft.meta.source_file == seed.raw_file
    report = check(tmp_path, TODAY)
    assert report.errors == ()


def test_title_id_and_publisher_from_the_page(seeds, tmp_path):
    by_id = {seed.article_id: seed for seed in seeds}
    key_points = _draft(by_id["ketamine-therapy-key-points"], tmp_path)
    assert (key_points.id, key_points.title) == ("ketamine-therapy", "Ketamine Therapy")
    assert key_points.publisher == "Unattributed web article"

    jirah = _draft(by_id["what-is-ketamine-therapy-like"], tmp_path)
    assert jirah.id == "what-is-ketamine-therapy-like"
    assert jirah.publisher == "Jirah Anesthesia Services"


def test_page_without_a_title_gets_a_placeholder(seeds, tmp_path):
    untitled = _draft(seeds[0], tmp_path)
    assert untitled.title == "Untitled article from 000_4189825f0992dc26.txt"
    assert untitled.id == "untitled-article-from-000-4189825f0992dc26-txt"
    assert any("No title line found" in note for note in untitled.meta.notes)
    assert headings(untitled.body)[1] == (2, "How Ketamine Therapy Works")


def test_bullets_become_list_items(seeds, tmp_path):
    body = _draft(seeds[2], tmp_path).body
    assert "•" not in body
    assert "\n- Ketamine is an N-methyl-D-aspartate (NMDA) receptor antagonist," in body
    assert "brain.\n- By modulating glutamate levels" in body  # items of one list stay together


def test_generic_furniture_and_promotion():
    raw = (
        "Skip to content\n\nOur Blog Title\n\nKetamine is a medicine. Call us today for a visit.\n\n"
        "Dosing Basics\n\nDoses vary. Book a consultation with our team.\n\nShare this post:\n\n"
        "Leave a Reply\n"
    )
    front, body = import_raw(raw, "blog.txt").split("\n---\n", 1)
    for furniture in ("Skip to content", "Share this post:", "Leave a Reply"):
        assert furniture not in body
        assert f"Removed page furniture: '{furniture}'." in front
    assert f"{PROMO_OPEN}Call us today for a visit.{PROMO_CLOSE}" in body
    assert f"{PROMO_OPEN}Book a consultation with our team.{PROMO_CLOSE}" in body
    assert body.startswith("# Our Blog Title\n\nKetamine is a medicine.")
    assert "\n## Dosing Basics\n" in body
    assert "id: our-blog-title\n" in front


def test_safety_advice_is_not_flagged():
    raw = "Safety\n\nIf you feel unwell, contact a healthcare provider. Follow-ups are scheduled.\n"
    assert PROMO_OPEN not in import_raw(raw, "x.txt")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("What is Ketamine Infusion Therapy?", True),
        ("Major Depressive Disorder (MDD)", True),
        ("Conclusion: A New Horizon in Mental Health and Pain Management", True),
        ("Democracy is government of, by and for the people", False),
        ("Here are key points about ketamine therapy:", False),
        ("Ketamine is a medicine.", False),
        ("• Ketamine Is Great", False),
    ],
)
def test_is_heading_like(line, expected):
    assert is_heading_like(line) is expected


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("What Is Ketamine Therapy Like?", "what-is-ketamine-therapy-like"),
        ("Ça va — “Ketamine” & You", "ca-va-ketamine-you"),
        (
            "Exploring the Healing Power of Ketamine Therapy: A Comprehensive Guide",
            "exploring-the-healing-power-of-ketamine-therapy",
        ),
        ("???", "untitled"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug
