"""Front matter: defaults, strict parsing, and errors that name the file, field and value."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from corpus import CorpusError, FrontMatter, Status, load_article
from corpus.schema import describe_errors


def _error(path) -> str:
    with pytest.raises(CorpusError) as caught:
        load_article(path)
    return str(caught.value)


def test_good_front_matter_parses_with_defaults(write_article):
    article = load_article(write_article())
    assert article.meta.status is Status.APPROVED
    assert article.meta.reviewed_on == date(2026, 1, 1)
    assert article.meta.review_due == date(2027, 1, 1)
    assert article.meta.notes == []
    assert article.body.startswith("# Esketamine\n")


def test_draft_needs_no_review_fields(write_article):
    path = write_article(status="draft", reviewed_by="null", reviewed_on=None, review_due=None)
    meta = load_article(path).meta
    assert (meta.status, meta.reviewed_by, meta.reviewed_on) == (Status.DRAFT, None, None)


def test_unknown_key_is_rejected_naming_file_and_field(write_article):
    message = _error(write_article(reviewd_on="2026-01-01"))
    assert "esketamine.md: unknown front matter field 'reviewd_on'" in message
    assert "reviewed_on" in message  # the allowed fields are listed


def test_bad_date_names_field_and_value(write_article):
    message = _error(write_article(review_due="2026-13-01"))
    assert "esketamine.md: front matter field 'review_due' is not a date (got '2026-13-01')" in (
        message
    )


def test_bad_status_lists_the_choices(write_article):
    message = _error(write_article(status="aproved"))
    assert (
        "front matter field 'status' must be one of approved, draft, retired (got 'aproved')"
        in message
    )


def test_id_must_be_a_slug(write_article):
    message = _error(write_article(id="Esketamine Spray"))
    assert "front matter field 'id' must be a slug" in message
    assert "(got 'Esketamine Spray')" in message


def test_missing_and_empty_fields(write_article):
    message = _error(write_article(title=None, publisher='""'))
    assert "front matter field 'title' is missing" in message
    assert "front matter field 'publisher' must not be empty" in message


def test_approved_needs_review_fields(write_article):
    message = _error(write_article(reviewed_by=None, review_due=None))
    assert "fields 'reviewed_by', 'review_due' are required when status is 'approved'" in message
    message = _error(write_article(reviewed_on=None))
    assert "front matter field 'reviewed_on' is required when status is 'approved'" in message


def test_review_due_cannot_precede_reviewed_on(write_article):
    message = _error(write_article(reviewed_on="2026-06-01", review_due="2026-01-01"))
    assert "'review_due' (2026-01-01) is before 'reviewed_on' (2026-06-01)" in message


def test_every_problem_is_reported(write_article):
    message = _error(write_article(status="live", review_due="soon", colour="blue"))
    assert len(message.splitlines()) == 3


def test_yaml_syntax_error_names_the_line(write_article):
    message = _error(write_article(title="[unclosed"))
    assert "esketamine.md: front matter is not valid YAML at line" in message


def test_missing_front_matter(tmp_path):
    path = tmp_path / "plain.md"
    path.write_text("# Just text\n", encoding="utf-8")
    assert "must start with a '---' line" in _error(path)


def test_unclosed_front_matter(tmp_path):
    path = tmp_path / "open.md"
    path.write_text("---\nid: open\n# Body\n", encoding="utf-8")
    assert "front matter is never closed" in _error(path)


def test_describe_errors_on_a_direct_model_error():
    with pytest.raises(ValidationError) as caught:
        FrontMatter.model_validate({"id": "x", "title": "T", "publisher": "P"})
    described = describe_errors(caught.value)
    assert "front matter field 'source_file' is missing" in described
    assert "front matter field 'status' is missing" in described
