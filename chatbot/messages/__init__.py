"""User-facing wording, loaded from ``messages.toml`` and filled with the clinic's settings."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chatbot.settings import Settings

MESSAGES_FILE = Path(__file__).with_name("messages.toml")


@lru_cache(maxsize=4)
def _load(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


def message(settings: Settings, section: str, key: str = "text", **extra: object) -> str:
    text = _load(MESSAGES_FILE)[section][key]
    return text.format(
        clinic=settings.clinic_name,
        emergency=settings.emergency_number,
        crisis_line=settings.crisis_line,
        poison_line=settings.poison_line,
        **extra,
    )
