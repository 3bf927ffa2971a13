"""Per-caller request limits, so one runaway script cannot starve everyone else.

A token bucket per caller: `burst` requests at once, refilled at `per_minute` a
minute. Graph traversals are expensive, and the API serves several agencies from
one Neo4j; the limit keeps a loop in one agency's script from becoming an outage
for the others.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RateLimiter:
    """Token buckets keyed by caller; thread-safe, and memory grows only with recently active callers."""

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 1 or burst < 1:
            raise ValueError(f"rate limit needs per_minute >= 1 and burst >= 1, not {per_minute} and {burst}")
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._refill_seconds = burst / self._rate
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when counted)
        self._lock = threading.Lock()
        self._last_sweep = clock()

    def check(self, key: str) -> float | None:
        """Take one request from `key`'s bucket: None when allowed, else the seconds to wait before retrying."""
        with self._lock:
            now = self._clock()
            self._forget_full_buckets(now)
            tokens = self._tokens(key, now)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return None
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self._rate

    def __len__(self) -> int:
        """How many callers have a bucket, for a metrics gauge: it shrinks as buckets refill."""
        with self._lock:
            return len(self._buckets)

    def _tokens(self, key: str, now: float) -> float:
        tokens, counted = self._buckets.get(key, (self._burst, now))
        return min(self._burst, tokens + (now - counted) * self._rate)

    def _forget_full_buckets(self, now: float) -> None:
        """Drop buckets that have refilled: a full bucket is what a new caller gets anyway.

        Sweeping at most once per refill time keeps the cost per request constant on
        average, while a bucket untouched for that long is certain to be full.
        """
        if now - self._last_sweep < self._refill_seconds:
            return
        self._buckets = {key: bucket for key, bucket in self._buckets.items() if self._tokens(key, now) < self._burst}
        self._last_sweep = now
