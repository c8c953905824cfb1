"""The words the web surfaces show, from the one reviewed wording file
``chatbot/messages/messages.toml``.

Strings are filled with the clinic's settings like :func:`chatbot.messages.message`; lists (the
kiosk's suggested questions) are returned as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chatbot.messages import MESSAGES_FILE, _load

if TYPE_CHECKING:
    from chatbot.settings import Settings


def _lookup(section: str, key: str) -> Any:
    value = _load(MESSAGES_FILE).get(section, {}).get(key)
    if value is None:
        raise KeyError(f"no wording for [{section}] {key} in {MESSAGES_FILE}")
    return value


def text(settings: Settings, section: str, key: str = "text", **extra: object) -> str:
    """One user-facing sentence, with {clinic}, {emergency} ... and ``extra`` filled in."""
    return str(_lookup(section, key)).format(
        clinic=settings.clinic_name,
        emergency=settings.emergency_number,
        crisis_line=settings.crisis_line,
        poison_line=settings.poison_line,
        **extra,
    )


def text_list(settings: Settings, section: str, key: str) -> list[str]:
    return [
        str(item).format(clinic=settings.clinic_name, emergency=settings.emergency_number)
        for item in _lookup(section, key)
    ]
