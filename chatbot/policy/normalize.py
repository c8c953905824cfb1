"""Fold the ways people disguise or mistype words, so the rules see plain lowercase English:
look-alike letters from other scripts, leetspeak, zero-width characters, stretched letters."""

from __future__ import annotations

import re
import unicodedata

# Cyrillic, Greek and other letters that look like Latin ones (both cases).
_LOOKALIKE_LETTERS = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ո": "n", "к": "k", "м": "m", "т": "t",
    "ɡ": "g", "ᴍ": "m", "ⅰ": "i",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "У": "Y",
    "α": "a", "ο": "o", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "τ": "t", "ρ": "p",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip
_LOOKALIKES = str.maketrans(_LOOKALIKE_LETTERS)  # unconfuse(): letters only, case kept
# fold(): the same letters (text is lower-cased first) plus typographic quotes.
_HOMOGLYPHS = str.maketrans(
    {**_LOOKALIKE_LETTERS, "’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'}
)
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[a-zA-Z]")
_STRETCH_VOWEL = re.compile(r"([aeiouy])\1{2,}")
_STRETCH = re.compile(r"([a-z])\1{2,}")
_LEET_WORD = re.compile(r"\b(?=[a-z]*[013457@$])[a-z013457@$]{3,}\b")
_AMOUNT_WORD = re.compile(r"^\d+(?:[.,]\d+)?[a-z]{0,6}$")
_SPACES = re.compile(r"\s+")
# Texting shorthand for the little words rules are built on ("hw mny sprays do u get", "combine
# w ketamine"); content words are left to the rules' own spellings.
_SHORTHAND = {
    "hw": "how", "mny": "many", "mch": "much", "shud": "should", "shld": "should",
    "cn": "can", "wat": "what", "wht": "what", "wut": "what", "u": "you", "r": "are",
    "w/o": "without", "w/": "with ", "w": "with",
}  # fmt: skip
_SHORTHAND_WORD = re.compile(
    r"(?<![\w'&./-])(w/o\b|w/|(hw|mny|mch|shud|shld|cn|wat|wht|wut|u|r|w)\b(?![&'./-]\w))"
)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _unleet(match: re.Match) -> str:
    word = match.group(0)
    if not re.search("[a-z]", word) or _AMOUNT_WORD.match(word):
        return word  # a number, or a number with its unit ("500mg")
    return word.translate(_LEET)


def _unconfuse_word(match: re.Match) -> str:
    word = match.group(0)
    latin = word.translate(_LOOKALIKES)
    if latin == word or not _LATIN.search(word):
        return word  # plain Latin, or a word wholly in another script (Russian stays Russian)
    return latin


def unconfuse(text: str) -> str:
    """Latin look-alikes inside Latin words back to Latin: "kеtamine dоse" (with Cyrillic е and
    о) becomes "ketamine dose", so the embedding, the rules and retrieval all see the real words.
    Case and everything else are kept; words wholly in Cyrillic or Greek are left alone."""
    return _WORD.sub(_unconfuse_word, text)


def fold(text: str) -> str:
    """Lowercase, accent-free, homoglyph- and leet-folded text with single spaces, texting
    shorthand for the little words spelled out."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_HOMOGLYPHS)
    text = _strip_accents(text)
    # Only words that mix letters with digits are leet ("d0se", "k1ll"); "500mg" stays a number.
    text = _LEET_WORD.sub(_unleet, text)
    text = _STRETCH.sub(r"\1\1", _STRETCH_VOWEL.sub(r"\1", text))
    text = _SHORTHAND_WORD.sub(lambda m: _SHORTHAND[m.group(1)], text)
    return _SPACES.sub(" ", text).strip()
