"""Crisis phrases in other languages (``policy_data/crisis_phrases.txt``): the embedding model
reads English only, so a message in Polish, Vietnamese, Chinese, Korean, Russian or Arabic
reaches help through these reviewed phrases rather than through the classifier."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from chatbot.policy.normalize import fold

PHRASES = Path(__file__).resolve().parent.parent / "policy_data" / "crisis_phrases.txt"
KINDS = ("self", "others", "emergency", "poisoning")
_HAN = re.compile(r"[\u3400-\u9fff]")  # Chinese has no spaces between words: no word edge


def load(path: Path = PHRASES) -> dict[str, list[str]]:
    """kind -> folded phrases. A line that is not ``kind: phrase`` is an error, with its number."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, sep, phrase = line.partition(":")
        if not sep or kind.strip() not in found or not phrase.strip():
            raise ValueError(f"{path.name}:{n}: expected 'kind: phrase' with kind in {KINDS}")
        found[kind.strip()].append(fold(phrase))
    return found


@lru_cache(maxsize=1)
def patterns() -> dict[str, str]:
    """kind -> one regular expression over folded text (phrases start at a word edge)."""
    return {
        kind: "|".join(
            re.escape(p) if _HAN.match(p) else rf"(?<!\w){re.escape(p)}"
            for p in sorted(phrases, key=len, reverse=True)
        )
        or r"(?!)"
        for kind, phrases in load().items()
    }
