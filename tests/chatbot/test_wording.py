"""The wording patients read (messages.toml) stays plain: the issue asks for short sentences at
about a grade-6 reading level. Measured with the Flesch-Kincaid grade formula, syllables from
pyphen's hyphenation dictionary, after the clinic's settings are filled in."""

from __future__ import annotations

import re
import tomllib

import pyphen
import pytest

from chatbot.messages import MESSAGES_FILE, message
from chatbot.settings import Settings

# What a patient can read: replies, refusals, crisis help, and the kiosk's own screen text.
PATIENT_SECTIONS = ("answer", "out_of_scope", "refuse_dosing", "refuse_personal", "crisis", "kiosk")
MAX_GRADE = 7.0  # "about grade 6"
MAX_SENTENCE_WORDS = 20
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


HYPHENATION = pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    return len(HYPHENATION.positions(word.lower())) + 1


def grade(text: str) -> float:
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if _WORD.search(s)]
    words = _WORD.findall(text)
    per_word = sum(syllables(w) for w in words) / len(words)
    return 0.39 * len(words) / len(sentences) + 11.8 * per_word - 15.59


def patient_texts() -> list[tuple[str, str]]:
    data = tomllib.loads(MESSAGES_FILE.read_text(encoding="utf-8"))
    return [
        (section, key)
        for section in PATIENT_SECTIONS
        for key, value in data[section].items()
        if isinstance(value, str) and len(_WORD.findall(value)) >= 8  # labels and buttons aside
    ]


def test_the_measure_tells_plain_from_dense():
    assert grade("Please tell a staff member. They are here to help you.") < 3
    dense = (
        "Pharmacological interventions necessitate individualized titration under continuous "
        "physiological monitoring by appropriately credentialed practitioners."
    )
    assert grade(dense) > 15


@pytest.mark.parametrize(("section", "key"), patient_texts())
def test_patient_wording_is_plain(section, key):
    text = message(Settings(), section, key)
    longest = max(len(_WORD.findall(s)) for s in _SENTENCE_END.split(text))
    assert longest <= MAX_SENTENCE_WORDS, text
    assert grade(text) <= MAX_GRADE, (round(grade(text), 1), text)
