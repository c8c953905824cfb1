"""The last few questions of each API conversation, so a follow-up ("and the side effects?")
is understood. Kept in memory, bounded in size and forgotten after ``ttl`` idle seconds."""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def new_conversation_id() -> str:
    return secrets.token_urlsafe(12)


class Conversations:
    def __init__(
        self,
        turns: int = 4,
        ttl: float = 30 * 60,
        max_conversations: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.turns = turns
        self.ttl = ttl
        self.max_conversations = max_conversations
        self._clock = clock
        # conversation id -> (last used, previous questions oldest first)
        self._items: OrderedDict[str, tuple[float, tuple[str, ...]]] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._items:
            cid, (used, _) = next(iter(self._items.items()))
            if used > now - self.ttl and len(self._items) <= self.max_conversations:
                break
            del self._items[cid]

    def history(self, conversation_id: str) -> tuple[str, ...]:
        """The previous questions of a conversation (empty when new or expired)."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            item = self._items.get(conversation_id)
            return item[1] if item else ()

    def add(self, conversation_id: str, question: str) -> None:
        now = self._clock()
        with self._lock:
            _, questions = self._items.pop(conversation_id, (now, ()))
            self._items[conversation_id] = (now, (*questions, question)[-self.turns :])
            self._expire(now)

    def __len__(self) -> int:
        return len(self._items)
