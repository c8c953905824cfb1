"""Turn raw web text into a DRAFT article for a curator to review.

The draft keeps every sentence word for word. It only (1) recognises the article's own
headings, (2) turns bullets into Markdown list items, (3) drops page furniture (share
buttons, comment prompts, repeated title lines, a slogan before the title) and (4) wraps
promotional sentences in promo markers. Every removal and flag is listed in the draft's
``notes``, and the draft is ``status: draft`` until a person approves it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath
from typing import Any

import yaml

from corpus.articles import PROMO_CLOSE, PROMO_OPEN

UNATTRIBUTED = "Unattributed web article"
BULLETS = ("•", "●", "▪", "◦", "‣", "* ", "- ", "– ")

# Whole lines that are page furniture, not article text (matched on lines without a final period).
FURNITURE = (
    re.compile(r"\badd share buttons?\b", re.IGNORECASE),
    re.compile(r"\bpowered by\b", re.IGNORECASE),
    re.compile(r"^(?:add|leave|post|write) (?:your|a) (?:comment|reply)s?\b", re.IGNORECASE),
    re.compile(r"^share(?: this(?: article| post| page)?| now| on \w+)?\s*:?$", re.IGNORECASE),
    re.compile(
        r"^(?:tweet|pin it|print|email|facebook|twitter|linkedin|whatsapp)\s*:?$", re.IGNORECASE
    ),
    re.compile(
        r"^(?:related (?:posts|articles)|read more|previous post|next post)\b", re.IGNORECASE
    ),
    re.compile(r"^(?:tags|categories|posted (?:in|on|by))\b", re.IGNORECASE),
    re.compile(
        r"^(?:skip to (?:main )?content|subscribe|sign up for our newsletter)\b", re.IGNORECASE
    ),
)

# Sentences that promote the publisher or ask the reader to act (flagged, never served).
PROMOTIONAL = (
    re.compile(r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|us)\b"),  # the publisher speaking as itself
    re.compile(r"\b[Cc]ontact us\b|\b[Cc]all us\b"),
    re.compile(r"\breach(?:ing)? out to (?:us\b|[A-Z])"),
    re.compile(
        r"\b(?:schedule|book|request) (?:a|an|your) (?:free )?"
        r"(?:consultation|appointment|visit|session|call)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\bdon[’']t hesitate\b", re.IGNORECASE),
)

# Headings that close an article sit at the top level even after nested sections.
CLOSING = re.compile(
    r"^(?:conclusion|in conclusion|final thoughts|parting words|summary|the bottom line"
    r"|bottom line|key takeaways|takeaways)\b",
    re.IGNORECASE,
)
_MINOR_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "nor", "of")
    + ("off", "on", "onto", "or", "over", "per", "so", "than", "the", "to", "up", "via", "vs")
    + ("with",)
)
_TITLE_SUFFIX = re.compile(r"\s+[-|–—:]\s+(?P<site>.+)$")
_MAX_HEADING_WORDS = 14


@dataclass
class _Draft:
    notes: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    title: str | None = None
    publisher: str | None = None


def import_raw(text: str, source_file: str) -> str:
    """The draft article (front matter + Markdown body) for raw web ``text``."""
    draft = _Draft(notes=[f"Draft made by 'python -m corpus import' from {source_file}."])
    blocks = [_clean(line) for line in text.splitlines()]
    blocks = [block for block in blocks if block and not _is_furniture(block, draft)]
    body_start = _find_title(blocks, draft)
    _write_body(blocks[body_start:], draft)

    title = draft.title or f"Untitled article from {PurePath(source_file).name}"
    if draft.title is None:
        draft.notes.append("No title line found before the text: a placeholder title is used.")
    if draft.publisher is None:
        draft.notes.append(f"No publisher named on the page: set to '{UNATTRIBUTED}'.")
    draft.notes.append("Heading levels are a guess (### under a heading with no text); check.")
    meta = {
        "id": slugify(title),
        "title": title,
        "publisher": draft.publisher or UNATTRIBUTED,
        "source_file": PurePath(source_file).name,
        "status": "draft",
        "reviewed_by": None,
        "reviewed_on": None,
        "review_due": None,
        "notes": draft.notes,
    }
    body = "\n\n".join([f"# {title}", *draft.blocks])
    return f"---\n{front_matter_yaml(meta)}---\n{body}\n"


def front_matter_yaml(meta: dict[str, object]) -> str:
    """YAML for ``meta``: plain scalars where safe, double quotes where needed."""
    lines: list[str] = []
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {_scalar(item)}" for item in value)
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    text = str(value)
    try:
        plain_ok = yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok else json.dumps(text, ensure_ascii=False)  # JSON strings are YAML


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens, at most 60 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > 60:
        words = slug[:61].split("-")[:-1] or [slug[:60]]
        while len(words) > 1 and words[-1] in _MINOR_WORDS:
            words.pop()
        slug = "-".join(words)
    return slug or "untitled"


def is_heading_like(line: str) -> bool:
    """A short, title-cased line without a final full stop (a question mark is fine)."""
    if len(line) > 100 or len(line.split()) > _MAX_HEADING_WORDS or _is_bullet(line):
        return False
    if line[-1] in ".,;:!":
        return False
    words = [word.strip("()[]\"'“”‘’,:?!") for word in line.split()]
    words = [word for word in words if word]
    if not words or not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    major = [word for word in words if word.lower() not in _MINOR_WORDS]
    capitalised = sum(1 for word in major if word[0].isupper() or word[0].isdigit())
    return capitalised >= 0.75 * len(major)


def _is_fragment(line: str) -> bool:
    """A short line that is neither a heading nor a sentence (a slogan or tagline)."""
    return len(line.split()) <= 15 and line[-1] not in ".!?:;" and not is_heading_like(line)


def _is_furniture(line: str, draft: _Draft) -> bool:
    if line.endswith(".") or not any(pattern.search(line) for pattern in FURNITURE):
        return False
    draft.notes.append(f"Removed page furniture: '{_short(line)}'.")
    return True


def _find_title(blocks: list[str], draft: _Draft) -> int:
    """Take the title from the lines before the text; return where the body starts."""
    index = 0
    while index < len(blocks) and _is_fragment(blocks[index]):
        index += 1  # slogans and taglines before the title
    if index + 1 >= len(blocks) or not is_heading_like(blocks[index]):
        return 0  # the page starts with its text: no title to take
    for line in blocks[:index]:
        draft.notes.append(f"Removed probable site slogan before the title: '{_short(line)}'.")
    title = draft.title = blocks[index]
    for position in range(index + 1, len(blocks)):
        line = blocks[position]
        suffix = _TITLE_SUFFIX.fullmatch(line[len(title) :]) if line.startswith(title) else None
        if line == title:
            draft.notes.append(f"Removed duplicated title line: '{line}'.")
        elif suffix and len(suffix.group("site").split()) <= 8:
            draft.publisher = suffix.group("site")
            draft.notes.append(f"Removed browser-title line: '{line}'.")
            draft.notes.append(f"Publisher taken from the browser-title line: '{draft.publisher}'.")
        elif _is_fragment(line):
            draft.notes.append(f"Removed probable tagline under the title: '{_short(line)}'.")
        else:
            return position
    return len(blocks)


def _write_body(blocks: list[str], draft: _Draft) -> None:
    """Headings, paragraphs and lists, with promotional sentences flagged."""
    in_group = False  # inside a section whose heading is followed straight by another
    bullets = 0
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block == draft.title:
            draft.notes.append(f"Removed duplicated title line: '{block}'.")
        elif following is not None and is_heading_like(block):
            starts_group = is_heading_like(following)
            if starts_group or CLOSING.match(block):
                in_group = starts_group
            level = 3 if in_group and not starts_group else 2
            draft.blocks.append(f"{'#' * level} {block}")
        elif _is_bullet(block):
            item = f"- {_flag_promotional(_unbullet(block), draft)}"
            if bullets and draft.blocks[-1].startswith("- ") and _is_bullet(blocks[index - 1]):
                draft.blocks[-1] += f"\n{item}"  # keep the items of one list together
            else:
                draft.blocks.append(item)
            bullets += 1
        else:
            draft.blocks.append(_flag_promotional(block, draft))
    if bullets:
        draft.notes.append(f"Converted {bullets} bullet points to Markdown list items.")


def _flag_promotional(paragraph: str, draft: _Draft) -> str:
    """Wrap each promotional sentence of ``paragraph`` in promo markers (text unchanged)."""
    pieces: list[str] = []
    cursor = 0
    for span in _segmenter().segment(paragraph):
        sentence = paragraph[span.start : span.end].rstrip()
        if any(pattern.search(sentence) for pattern in PROMOTIONAL):
            pieces.append(paragraph[cursor : span.start])
            pieces.append(f"{PROMO_OPEN}{sentence}{PROMO_CLOSE}")
            cursor = span.start + len(sentence)
            draft.notes.append(f"Flagged promotional (never served): '{_short(sentence)}'.")
    pieces.append(paragraph[cursor:])
    return "".join(pieces)


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd  # only the importer splits sentences; load it on first use

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _clean(line: str) -> str:
    return line.replace("\u00a0", " ").strip()


def _is_bullet(line: str) -> bool:
    return line.startswith(BULLETS)


def _unbullet(line: str) -> str:
    return line[1:].strip() if line[0] in "•●▪◦‣*-–" else line


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + "…"
