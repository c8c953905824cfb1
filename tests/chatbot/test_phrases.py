"""The reviewed crisis phrases in other languages (policy_data/crisis_phrases.txt)."""

from __future__ import annotations

import pytest

from chatbot.policy import phrases
from chatbot.policy.normalize import fold
from chatbot.policy.rules import match
from chatbot.records import Kind


def _lines():
    for line in phrases.PHRASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, phrase = line.partition(":")
            yield kind.strip(), phrase.strip()


def test_every_reviewed_phrase_reaches_help_inside_a_sentence():
    """A phrase a clinician adds works at once, wherever it sits in a message."""
    for kind, phrase in _lines():
        hits = match(fold(f"ok. {phrase} ..."))
        assert hits and hits[0].kind is Kind.CRISIS, (kind, phrase)
        assert f"crisis.phrase_{kind}" in [r.name for r in hits], (kind, phrase)


def test_a_malformed_line_is_reported_with_its_number(tmp_path):
    path = tmp_path / "phrases.txt"
    path.write_text("# comment\nself: quiero morir\nfeelings: triste\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"phrases.txt:3"):
        phrases.load(path)


@pytest.mark.parametrize(
    "text",
    [
        "Polska: zabiję się",  # a phrase must start at a word edge...
        "我朋友说他想自杀",  # ...except in Chinese, which has no spaces
    ],
)
def test_phrases_match_mid_message(text):
    assert any(r.kind is Kind.CRISIS for r in match(fold(text)))


def test_a_phrase_inside_another_word_does_not_match():
    # "engoli" (I swallowed, Portuguese) inside "mengolio" is not that word.
    assert not any(r.name.startswith("crisis.phrase") for r in match(fold("mengolio")))
