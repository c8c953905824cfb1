"""The sentences of a longer message, for the crisis check.

A crisis can sit in one sentence of a message about something else ("Does ketamine interact
with alcohol? I've got a bottle of vodka and my old pills lined up."). The whole message's
embedding reads mostly as its question; the sentence's own embedding does not. The policy
classifier is also taught the sentences of its non-crisis examples under their message's label,
so a sentence of context ("My mom has a pacemaker.") is not mistaken for a disclosure."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[.!?;:])\s+|\n+|\s+[-\u2013\u2014]+\s+")
MIN_WORDS = 4  # "Imagine you're me:" or "What's her line?" says nothing on its own
MAX_SENTENCES = 12  # bounds the extra encoding of a very long message


def sentences(text: str) -> list[str]:
    """The message's sentences of four words or more; [] for a single sentence."""
    parts = [p.strip() for p in _BOUNDARY.split(text.strip())]
    parts = [p for p in parts if len(p.split()) >= MIN_WORDS]
    return parts[:MAX_SENTENCES] if len(parts) >= 2 else []
