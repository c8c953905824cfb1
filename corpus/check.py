"""Check a folder of articles before it is indexed: what is broken, what needs attention.

Errors stop the corpus from being used (bad front matter, duplicate ids, a body without
its title heading). Warnings do not: an overdue review, an article with no sections.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from corpus.articles import (
    Article,
    CorpusError,
    display_path,
    headings,
    load_articles,
    strip_promotional,
)
from corpus.schema import Status


@dataclass(frozen=True)
class CheckReport:
    """What :func:`check` found. ``ok`` means no errors (warnings are allowed)."""

    articles: tuple[Article, ...]
    errors: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """``OK: 5 articles (5 approved, 0 draft, 0 retired)``."""
        counts = Counter(article.status for article in self.articles)
        parts = ", ".join(f"{counts[status]} {status.value}" for status in Status)
        return f"OK: {len(self.articles)} articles ({parts})"


def check(directory: Path | str, today: date) -> CheckReport:
    """Load every article in ``directory`` and report problems, all at once."""
    try:
        articles = load_articles(directory)
    except CorpusError as error:
        return CheckReport(articles=(), errors=tuple(error.problems), warnings=())
    errors: list[str] = []
    warnings: list[str] = []
    if not articles:
        warnings.append(f"{display_path(Path(directory))}: no articles (*.md) found")
    for article in articles:
        errors.extend(_body_errors(article))
        warnings.extend(_body_warnings(article))
        due = article.meta.review_due
        if article.status is Status.APPROVED and due is not None and due < today:
            warnings.append(
                f"{display_path(article.path)}: review was due {due} "
                f"({(today - due).days} days ago); not served unless serve_overdue is on"
            )
    return CheckReport(articles=tuple(articles), errors=tuple(errors), warnings=tuple(warnings))


def _body_errors(article: Article) -> list[str]:
    where = display_path(article.path)
    titles = [text for level, text in headings(article.body) if level == 1]
    if not strip_promotional(article.body).strip():
        return [f"{where}: the body has no servable text"]
    if not titles:
        return [f"{where}: the body has no '# {article.title}' title heading"]
    if len(titles) > 1:
        return [f"{where}: the body has {len(titles)} '# ' title headings; keep one"]
    if titles[0] != article.title:
        return [
            (
                f"{where}: the body's title heading '# {titles[0]}' differs from front matter "
                f"field 'title' (got '{article.title}')"
            )
        ]
    return []


def _body_warnings(article: Article) -> list[str]:
    where = display_path(article.path)
    sections = [text for level, text in headings(article.body) if level > 1]
    warnings = []
    if not sections:
        warnings.append(f"{where}: no '## ' section headings; answers will cite the title only")
    duplicates = sorted(text for text, count in Counter(sections).items() if count > 1)
    for text in duplicates:
        warnings.append(f"{where}: section heading '{text}' appears more than once")
    return warnings
