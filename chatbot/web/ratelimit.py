"""A sliding-window rate limiter per client (IP address), kept in memory.

Each client keeps the times of its requests within the last ``window`` seconds; a request is
allowed while fewer than ``limit`` are in the window. Memory is bounded: idle clients are dropped
and at most ``max_clients`` are tracked (the longest idle go first).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # whole seconds until the next request would be allowed


class RateLimiter:
    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 0:
            raise ValueError(f"rate limit must be 0 (off) or more per window (got {limit})")
        self.limit = limit
        self.window = window
        self.max_clients = max_clients
        self._clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.limit > 0

    def hit(self, client: str) -> Verdict:
        """Count one request from ``client`` if it is allowed."""
        if not self.enabled:
            return Verdict(True)
        now = self._clock()
        with self._lock:
            times = self._hits.pop(client, None) or deque()
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                self._hits[client] = times
                return Verdict(False, max(1, math.ceil(times[0] + self.window - now)))
            times.append(now)
            self._hits[client] = times  # most recently seen last
            while len(self._hits) > self.max_clients:
                self._hits.popitem(last=False)
            return Verdict(True)

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
