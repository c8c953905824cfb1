"""Clean what a person typed before anything else sees it, or say clearly why it can't be used."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Invisible characters inside words ("ket\u200damine") are deleted, not turned into spaces.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_SPACE = re.compile(r"\s+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # undecodable bytes arrive as lone surrogates
_PUNCT_RUN = re.compile(r"([!?.,;:*~=_-])\1{3,}")  # "????????" says no more than "???"


class InvalidQuestion(ValueError):
    """The question cannot be used; ``key`` names the message in ``messages.toml``."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def clean_question(text: object, limit: int) -> str:
    """NFKC-normalised text with control and invisible characters removed and spaces collapsed."""
    from chatbot.messages import MESSAGES_FILE, _load

    words = _load(MESSAGES_FILE)["errors"]
    if not isinstance(text, str):
        raise InvalidQuestion("empty", words["empty"])
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", _SURROGATE.sub("", text)))
    text = _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()
    text = _PUNCT_RUN.sub(r"\1\1\1", text)
    if not text:
        raise InvalidQuestion("empty", words["empty"])
    if len(text) > limit:
        raise InvalidQuestion("too_long", words["too_long"].format(limit=limit))
    return text
