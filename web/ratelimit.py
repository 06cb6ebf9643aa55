"""A per-client sliding-window rate limit, kept in memory (one window per worker process)."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """At most `per_minute` hits per client in any 60 seconds; 0 turns the limit off."""

    WINDOW = 60.0

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 0:
            raise ValueError("per_minute must be 0 (off) or more")
        self._limit = per_minute
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._last_sweep = clock()

    @property
    def enabled(self) -> bool:
        return self._limit > 0

    def hit(self, client: str) -> int:
        """Record one request; return 0 when allowed, else the seconds to wait (Retry-After)."""
        if not self.enabled:
            return 0
        now = self._clock()
        with self._lock:
            self._sweep(now)
            window = self._hits.setdefault(client, deque())
            while window and now - window[0] >= self.WINDOW:
                window.popleft()
            if len(window) >= self._limit:
                return max(1, math.ceil(self.WINDOW - (now - window[0])))
            window.append(now)
            return 0

    def _sweep(self, now: float) -> None:
        # Forget idle clients now and then so the table does not grow without bound.
        if now - self._last_sweep < self.WINDOW:
            return
        self._last_sweep = now
        for key in [k for k, w in self._hits.items() if not w or now - w[-1] >= self.WINDOW]:
            del self._hits[key]
