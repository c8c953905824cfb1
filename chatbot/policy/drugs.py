"""A lexicon of medicine names (``policy_data/drug_names.txt``): the dosing and personal rules
recognise any of them, and a question about a medicine the vetted corpus never mentions is out
of scope rather than answered with sentences about something else."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

LEXICON = Path(__file__).resolve().parent.parent / "policy_data" / "drug_names.txt"
GENERIC = (
    "medicine|medicines|medication|medications|meds|pills?|tablets?|capsules?|drugs?|"
    "antidepressants?|painkillers?|pain killers?|antibiotics?|supplements?|vitamins?|"
    "sleeping pills?|birth control|inhaler|insulin"
)


@lru_cache(maxsize=1)
def names() -> tuple[str, ...]:
    if not LEXICON.exists():
        return ()
    words = {w.strip().lower() for w in LEXICON.read_text(encoding="utf-8").splitlines()}
    # longest first, so "vitamin d3" wins over "vitamin d"
    return tuple(sorted((w for w in words if w and not w.startswith("#")), key=len, reverse=True))


@lru_cache(maxsize=1)
def pattern() -> str:
    """A regex alternation of every known medicine name and the generic words for them."""
    escaped = "|".join(re.escape(n) for n in names())
    return rf"(?:{escaped}|{GENERIC})" if escaped else rf"(?:{GENERIC})"


@lru_cache(maxsize=1)
def _finder() -> re.Pattern:
    escaped = "|".join(re.escape(n) for n in names()) or "(?!)"
    return re.compile(rf"\b(?:{escaped})\b")


def mentioned(folded_text: str) -> set[str]:
    return set(_finder().findall(folded_text))


def not_in_corpus(folded_text: str, corpus_text: str) -> set[str]:
    """Medicine names the question uses that no served article mentions."""
    return {n for n in mentioned(folded_text) if not re.search(rf"\b{re.escape(n)}\b", corpus_text)}
