"""Recognise an amount of a medicine in text. Used twice: the policy refuses questions that ask
for one, and the composer never serves a sentence that states one."""

from __future__ import annotations

import re

_UNITS = (
    r"mg|mgs|mcg|µg|ug|ng|g|grams?|milligrams?|micrograms?|ml|mls|millilit(?:er|re)s?|cc|l|"
    r"iu|units?|puffs?|sprays?|squirts?|tabs?|tablets?|pills?|caps?|capsules?|drops?|doses?|"
    r"patch(?:es)?|injections?|shots?|bumps?|lines?|teaspoons?|tsp|tablespoons?|tbsp"
)
AMOUNT = re.compile(
    rf"(?<![\w.])\d+(?:[.,]\d+)?\s*(?:-|to|–)?\s*(?:\d+(?:[.,]\d+)?\s*)?(?:{_UNITS})\b"
    r"(?:\s*(?:/|per)\s*(?:kg|kilo\w*|hour|hr|h|min\w*|day|dose))?",
    re.IGNORECASE,
)
PER_WEIGHT = re.compile(r"\b(?:mg|mcg|µg|ml)\s*/\s*kg\b|\bper\s+kilo", re.IGNORECASE)


def states_amount(text: str) -> bool:
    """True when text gives a quantity of a medicine (``0.5 mg/kg``, ``two sprays``, ``40mg``)."""
    return bool(AMOUNT.search(text) or PER_WEIGHT.search(text))
