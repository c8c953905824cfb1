"""Shared data for the corpus tests: the five seeds and what curation did to each."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "corpus" / "articles"
RAW = ROOT / "corpus" / "raw"


@dataclass(frozen=True)
class Seed:
    """A raw page and what its curated article must (not) contain."""

    article_id: str
    raw_file: str
    publisher: str
    furniture: tuple[str, ...]  # raw lines removed as page furniture
    promo: tuple[str, ...]  # opening words of each sentence marked promotional
    title_from_page: bool  # False: the curator supplied the title

    @property
    def raw_text(self) -> str:
        return (RAW / self.raw_file).read_text(encoding="utf-8")

    @property
    def article_path(self) -> Path:
        return ARTICLES / f"{self.article_id}.md"

    def raw_blocks(self) -> list[str]:
        """The raw page's non-empty lines, bullets unmarked, furniture left out."""
        blocks = [line.strip() for line in self.raw_text.splitlines()]
        blocks = [block.removeprefix("• ") for block in blocks if block]
        return [block for block in blocks if block not in self.furniture]


SEEDS = (
    Seed(
        article_id="ketamine-therapy-comprehensive-guide",
        raw_file="000_4189825f0992dc26.txt",
        publisher="Telemedical Services",
        furniture=(),
        promo=(
            "In this comprehensive guide, we will explore",
            "We will also discuss the ideal candidates",
            "If you’re considering this innovative treatment",
        ),
        title_from_page=False,
    ),
    Seed(
        article_id="ketamine-therapy-key-points",
        raw_file="001_0cf1018ab4126d0b.txt",
        publisher="Unattributed web article",
        furniture=("Potential as a rapid-acting and effective treatment for conditions",),
        promo=(),
        title_from_page=True,
    ),
    Seed(
        article_id="healing-power-of-ketamine-therapy",
        raw_file="002_4d03a8d4fa74d285.txt",
        publisher="Unattributed web article",
        furniture=(
            (
                "add share buttonsSoftshare button powered by web designing, website development "
                "company in India"
            ),
            "Democracy is government of, by and for the people",
            "Add Your Comment",
        ),
        promo=(),
        title_from_page=True,
    ),
    Seed(
        article_id="ketamine-infusion-therapy-guide",
        raw_file="003_433a7c21cd0e144a.txt",
        publisher="Grace MindCare",
        furniture=(),
        promo=(
            "At Grace MindCare, we delve into",
            "The journey begins with a comprehensive evaluation at Grace MindCare",
            "At Grace MindCare, we are committed",
            "By integrating ketamine infusion therapy into our treatment protocols",
            "If you or someone you know is seeking",
        ),
        title_from_page=False,
    ),
    Seed(
        article_id="what-is-ketamine-therapy-like",
        raw_file="004_b8c904a0e82ec09e.txt",
        publisher="Jirah Anesthesia Services",
        furniture=(
            "What Is Ketamine Therapy Like? - Jirah Anesthesia Services",
            "Share Now :",
        ),
        promo=("To learn if ketamine therapy is the right treatment option for you, contact",),
        title_from_page=True,
    ),
)


@pytest.fixture(params=SEEDS, ids=lambda seed: seed.article_id)
def seed(request: pytest.FixtureRequest) -> Seed:
    return request.param


@pytest.fixture
def seeds() -> tuple[Seed, ...]:
    return SEEDS


@pytest.fixture
def curated_copy(tmp_path: Path) -> Path:
    """A scratch copy of the curated articles folder."""
    target = tmp_path / "articles"
    shutil.copytree(ARTICLES, target)
    return target


GOOD_FIELDS = {
    "id": "esketamine",
    "title": "Esketamine",
    "publisher": "Test Publisher",
    "source_file": "esketamine.txt",
    "status": "approved",
    "reviewed_by": "Dr Test",
    "reviewed_on": "2026-01-01",
    "review_due": "2027-01-01",
}


def article_text(fields: dict[str, str], body: str | None = None) -> str:
    """An article file with exactly these front matter lines (values written as given)."""
    front = "".join(f"{key}: {value}\n" for key, value in fields.items())
    title = fields.get("title", "Untitled")
    body = body if body is not None else f"# {title}\n\n## Section\n\nA sentence.\n"
    return f"---\n{front}---\n{body}"


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    """Write ``<folder>/<name>.md`` from GOOD_FIELDS with overrides (None drops a field)."""

    def write(
        name: str = "esketamine",
        folder: Path | None = None,
        body: str | None = None,
        **overrides: str | None,
    ) -> Path:
        fields = {**GOOD_FIELDS, "id": name, **overrides}
        fields = {key: value for key, value in fields.items() if value is not None}
        directory = folder or tmp_path / "articles"
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{name}.md"
        path.write_text(article_text(fields, body), encoding="utf-8")
        return path

    return write
