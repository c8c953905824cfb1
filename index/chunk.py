"""Split approved articles into passages (one per section, heading-aware) and sentences with offsets.

Promotional spans are removed before anything is split, so they can never be indexed or served.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from index.records import Passage, Sentence

if TYPE_CHECKING:
    from corpus.articles import Article

HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]
INTRODUCTION = "Introduction"
# Part of every passage id: change it when what is embedded changes, so a rebuild re-embeds.
EMBED_RECIPE = "minilm-l6-v2/sentences/1"
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str, id_prefix: str) -> tuple[Sentence, ...]:
    """Sentences of a passage, line by line (a list item or paragraph never spans lines),
    with list markers left out and offsets pointing into ``text``."""
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        marker = _BULLET.match(line)
        body_start = marker.end() if marker else 0
        body = line[body_start:]
        if not body.strip():
            continue
        for span in _segmenter().segment(body):
            raw = span.sent
            stripped = raw.strip()
            if not stripped:
                continue
            start = line_start + body_start + span.start + (len(raw) - len(raw.lstrip()))
            end = start + len(stripped)
            assert text[start:end] == stripped
            out.append(Sentence(id=f"{id_prefix}:{len(out)}", text=stripped, start=start, end=end))
    return tuple(out)


def _pieces(text: str, max_chars: int) -> list[str]:
    """Keep a section whole unless it is long; then cut it at line boundaries."""
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        if current and size + len(line) > max_chars:
            pieces.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        pieces.append("\n".join(current))
    return pieces


def _passage_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def article_passages(article: Article, max_chars: int = 1200) -> list[Passage]:
    from langchain_text_splitters import MarkdownHeaderTextSplitter

    from corpus.articles import strip_promotional

    splitter = MarkdownHeaderTextSplitter(HEADERS, strip_headers=True)
    meta = article.meta
    passages: list[Passage] = []
    for doc in splitter.split_text(strip_promotional(article.body)):
        text = "\n".join(line.rstrip() for line in doc.page_content.split("\n")).strip()
        if not text:
            continue
        headings = tuple(doc.metadata[key] for _, key in HEADERS if key in doc.metadata)
        # The article title is the h1; text under it alone is the introduction.
        path = headings[1:] if len(headings) > 1 else (INTRODUCTION,)
        for piece in _pieces(text, max_chars):
            pid = _passage_id(
                EMBED_RECIPE,
                article.id,
                meta.title,
                meta.publisher,
                str(meta.reviewed_on),
                str(meta.review_due),
                "/".join(path),
                piece,
            )
            sentences = split_sentences(piece, pid)
            if not sentences:
                continue
            passages.append(
                Passage(
                    id=pid,
                    article_id=article.id,
                    title=meta.title,
                    publisher=meta.publisher,
                    section=path[-1],
                    heading_path=path,
                    text=piece,
                    sentences=sentences,
                    reviewed_on=str(meta.reviewed_on) if meta.reviewed_on else None,
                    review_due=str(meta.review_due) if meta.review_due else None,
                    order=len(passages),
                )
            )
    return passages


def corpus_passages(articles: Iterable[Article], max_chars: int = 1200) -> list[Passage]:
    return [p for article in articles for p in article_passages(article, max_chars)]
