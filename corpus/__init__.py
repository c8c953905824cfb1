"""Vetted articles: loading, checking and importing the curated corpus.

Importing this package is cheap (pydantic and PyYAML only); the importer's sentence
splitter loads on first use.
"""

from corpus.articles import (
    PROMO_CLOSE,
    PROMO_OPEN,
    Article,
    CorpusError,
    corpus_version,
    headings,
    load_article,
    load_articles,
    select_servable,
    strip_promotional,
)
from corpus.schema import FrontMatter, Status

__all__ = [
    "PROMO_CLOSE",
    "PROMO_OPEN",
    "Article",
    "CorpusError",
    "FrontMatter",
    "Status",
    "corpus_version",
    "headings",
    "load_article",
    "load_articles",
    "select_servable",
    "strip_promotional",
]
