"""Follow-up questions: "and the side effects?" after a question about esketamine means
"esketamine side effects". The retrieval query carries the previous question along when the
new one leans on it."""

from __future__ import annotations

import re
from collections.abc import Sequence

_LEANS_ON = re.compile(
    r"^(and|also|what about|how about|and what|what else|ok and|so|then|but)\b|"
    r"\b(it|its|it's|that|this|those|these|they|them|there|same)\b",
    re.IGNORECASE,
)


def is_follow_up(question: str) -> bool:
    words = question.split()
    return len(words) <= 3 or (len(words) <= 8 and bool(_LEANS_ON.search(question)))


def retrieval_query(question: str, history: Sequence[str]) -> str:
    """The text to embed and search for: the question, plus the previous one for a follow-up."""
    if history and is_follow_up(question):
        return f"{history[-1]} {question}"
    return question
