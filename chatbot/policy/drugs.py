"""A lexicon of medicine names (``policy_data/drug_names.txt``): the dosing and personal rules
recognise any of them, and a question about a medicine the vetted corpus never mentions is out
of scope rather than answered with sentences about something else.

A line ``brand = generic`` names a brand or street name of a medicine: "spravato = esketamine"
makes a question about Spravato in scope wherever the articles discuss esketamine."""

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
def _entries() -> dict[str, str]:
    """name -> the name it stands for (itself unless the line is ``brand = generic``)."""
    if not LEXICON.exists():
        return {}
    entries: dict[str, str] = {}
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if not line or line.startswith("#"):
            continue
        name, _, generic = (part.strip() for part in line.partition("="))
        entries[name] = generic or name
    return entries


@lru_cache(maxsize=1)
def names() -> tuple[str, ...]:
    # longest first, so "vitamin d3" wins over "vitamin d"
    return tuple(sorted(_entries(), key=len, reverse=True))


@lru_cache(maxsize=1)
def pattern() -> str:
    """A regex alternation of every known medicine name and the generic words for them."""
    escaped = "|".join(re.escape(n) for n in names())
    return rf"(?:{escaped}|{GENERIC})" if escaped else rf"(?:{GENERIC})"


@lru_cache(maxsize=1)
def _finder() -> re.Pattern:
    escaped = "|".join(re.escape(n) for n in names()) or "(?!)"
    return re.compile(rf"\b(?:{escaped})\b")


@lru_cache(maxsize=1)
def _by_initial() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for name in names():
        if len(name) >= 6 and " " not in name:
            index.setdefault(name[0], []).append(name)
    return index


@lru_cache(maxsize=4096)
def _near(word: str) -> str | None:
    """A misspelt medicine name ("amoxicilin", "gabapentine") -> the name it most resembles.
    A typo adds, drops or swaps a letter or so; a word two letters shorter or longer is another
    word ("contre" is not contrave, "create" is not creatine)."""
    import difflib

    same_length = [n for n in _by_initial().get(word[0], []) if abs(len(n) - len(word)) <= 1]
    close = difflib.get_close_matches(word, same_length, n=1, cutoff=0.85)
    return close[0] if close else None


def _fuzzy(folded_text: str, exact: set[str]) -> dict[str, str]:
    """Misspelt medicine names: {name: the word in the text that resembles it}."""
    found: dict[str, str] = {}
    for word in re.findall(r"[a-z]{6,}", folded_text):
        if word not in exact and (near := _near(word)) and near not in exact:
            found.setdefault(near, word)
    return found


class CorpusWords:
    """The served articles' words, gathered once when the policy is built, so the per-question
    medicine check never scans the article text again."""

    def __init__(self, folded_text: str) -> None:
        self.text = folded_text
        self.words = frozenset(re.findall(r"[a-z0-9]+", folded_text))
        self.by_initial: dict[str, list[str]] = {}
        for word in self.words:
            if len(word) >= 6 and word.isalpha():
                self.by_initial.setdefault(word[0], []).append(word)
        self._phrases: dict[str, bool] = {}

    def mentions(self, name: str) -> bool:
        """Whether the articles use ``name`` as a whole word or phrase."""
        if name.isalnum():
            return name in self.words
        if name not in self._phrases:  # "special k", "delta-8": looked up once, then remembered
            self._phrases[name] = bool(re.search(rf"\b{re.escape(name)}\b", self.text))
        return self._phrases[name]

    def closer_word(self, word: str, name: str) -> bool:
        """A typo of a word the articles use ("montior" -> monitor) is not a medicine
        ("montair")."""
        import difflib

        best = difflib.get_close_matches(word, self.by_initial.get(word[0], []), n=1, cutoff=0.75)
        if not best:
            return False
        ratio = difflib.SequenceMatcher(None, word, best[0]).ratio()
        return ratio >= difflib.SequenceMatcher(None, word, name).ratio()


def not_in_corpus(folded_text: str, corpus: CorpusWords) -> set[str]:
    """Medicine names the question uses that no served article mentions (a brand counts as
    mentioned when its generic is)."""
    exact = set(_finder().findall(folded_text))
    names = exact | {
        name
        for name, word in _fuzzy(folded_text, exact).items()
        if not corpus.closer_word(word, name)
    }
    generic = _entries()
    return {n for n in names if not (corpus.mentions(n) or corpus.mentions(generic.get(n, n)))}
