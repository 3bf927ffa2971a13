"""Per-caller request limits, so one runaway script cannot starve everyone else.

A token bucket per caller: `burst` requests at once, refilled at `per_minute` a
minute. Graph traversals are expensive, and the API serves several agencies from
one Neo4j; the limit keeps a loop in one agency's script from becoming an outage
for the others.

The buckets live in a small SQLite file that every worker process of the API shares
(`tipgraph serve --workers N`): a caller gets one limit, not one per worker, whichever
worker the connection lands on.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tipgraph.settings import Settings


def rate_limit_path(settings: Settings) -> Path:
    """Inside the data directory, beside the audit log's default place."""
    return settings.data_dir / "ratelimit" / "buckets.sqlite3"


class RateLimiter:
    """Token buckets keyed by caller, in a SQLite file.

    Safe across threads (a connection per thread) and processes: each check is one
    IMMEDIATE transaction, which SQLite runs one at a time. The file needs no durability
    (a crash forgets who was limited, which only lets callers in), so it is not synced.
    It grows only with recently active callers: full buckets are forgotten.
    """

    def __init__(self, path: Path, per_minute: int, burst: int, clock: Callable[[], float] = time.time) -> None:
        if per_minute < 1 or burst < 1:
            raise ValueError(f"rate limit needs per_minute >= 1 and burst >= 1, not {per_minute} and {burst}")
        self._path = path
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock  # wall time: the processes sharing the file share no other clock
        self._refill_seconds = burst / self._rate
        self._local = threading.local()
        self._last_sweep = clock()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._connection().execute(
            "CREATE TABLE IF NOT EXISTS bucket (caller TEXT PRIMARY KEY, tokens REAL NOT NULL, counted REAL NOT NULL)")

    def check(self, key: str) -> float | None:
        """Take one request from `key`'s bucket: None when allowed, else the seconds to wait before retrying."""
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            now = self._clock()
            self._forget_full_buckets(connection, now)
            row = connection.execute("SELECT tokens, counted FROM bucket WHERE caller = ?", (key,)).fetchone()
            tokens = self._burst if row is None else self._refilled(*row, now)
            allowed = tokens >= 1.0
            connection.execute(
                "INSERT INTO bucket VALUES (?, ?, ?) "
                "ON CONFLICT (caller) DO UPDATE SET tokens = excluded.tokens, counted = excluded.counted",
                (key, tokens - 1.0 if allowed else tokens, now))
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return None if allowed else (1.0 - tokens) / self._rate

    def __len__(self) -> int:
        """How many callers have a bucket: it shrinks as buckets refill."""
        return self._connection().execute("SELECT count(*) FROM bucket").fetchone()[0]

    def _refilled(self, tokens: float, counted: float, now: float) -> float:
        return min(self._burst, tokens + max(0.0, now - counted) * self._rate)

    def _forget_full_buckets(self, connection: sqlite3.Connection, now: float) -> None:
        """Drop buckets that have refilled: a full bucket is what a new caller gets anyway.

        Sweeping at most once per refill time (per process) keeps the cost per request
        constant on average, while a bucket untouched for that long is certain to be full.
        """
        if now - self._last_sweep < self._refill_seconds:
            return
        connection.execute("DELETE FROM bucket WHERE tokens + max(0.0, ? - counted) * ? >= ?",
                           (now, self._rate, self._burst))
        self._last_sweep = now

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self._path, isolation_level=None, timeout=10.0, check_same_thread=True)
            _write_ahead(connection)
            connection.execute("PRAGMA synchronous = OFF")
            self._local.connection = connection
        return connection


def _write_ahead(connection: sqlite3.Connection, attempts: int = 200) -> None:
    """Switch the file to write-ahead logging (readers and the writer do not block each
    other). Workers starting together all switch a new file; SQLite refuses all but one
    at once, without waiting for the busy timeout, so the others try again."""
    for attempt in range(1, attempts + 1):
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts:
                raise
            time.sleep(0.05)
