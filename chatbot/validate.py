"""Clean what a person typed before anything else sees it, or say clearly why it can't be used."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACE = re.compile(r"\s+")


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
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()
    if not text:
        raise InvalidQuestion("empty", words["empty"])
    if len(text) > limit:
        raise InvalidQuestion("too_long", words["too_long"].format(limit=limit))
    return text
