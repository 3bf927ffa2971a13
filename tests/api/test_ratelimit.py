"""Token buckets, driven by a clock the test moves by hand, in a file shared by threads and processes."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest

from api.ratelimit import RateLimiter


class Clock:
    """A clock that stands still until the test advances it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refusal_with_the_wait(tmp_path: Path) -> None:
    clock = Clock()
    limiter = RateLimiter(tmp_path / "buckets.sqlite3", per_minute=60, burst=3, clock=clock)
    assert [limiter.check("somchai") for _ in range(3)] == [None, None, None]
    assert limiter.check("somchai") == pytest.approx(1.0)
    clock.now += 0.25
    assert limiter.check("somchai") == pytest.approx(0.75)
    clock.now += 0.75
    assert limiter.check("somchai") is None
    assert limiter.check("somchai") == pytest.approx(1.0)


def test_callers_have_their_own_buckets(tmp_path: Path) -> None:
    limiter = RateLimiter(tmp_path / "buckets.sqlite3", per_minute=60, burst=1, clock=Clock())
    assert limiter.check("somchai") is None
    assert limiter.check("somchai") is not None
    assert limiter.check("malee") is None


def test_refill_is_capped_at_the_burst(tmp_path: Path) -> None:
    clock = Clock()
    limiter = RateLimiter(tmp_path / "buckets.sqlite3", per_minute=600, burst=2, clock=clock)
    limiter.check("somchai")
    clock.now += 3600
    assert [limiter.check("somchai") for _ in range(3)][2] == pytest.approx(0.1)


def test_full_buckets_are_forgotten(tmp_path: Path) -> None:
    clock = Clock()
    limiter = RateLimiter(tmp_path / "buckets.sqlite3", per_minute=60, burst=5, clock=clock)
    for n in range(1000):
        limiter.check(f"caller-{n}")
    assert len(limiter) == 1000
    clock.now += 5.0  # long enough for every bucket to refill
    limiter.check("newcomer")
    assert len(limiter) == 1


def test_buckets_still_refilling_are_kept(tmp_path: Path) -> None:
    clock = Clock()
    limiter = RateLimiter(tmp_path / "buckets.sqlite3", per_minute=60, burst=5, clock=clock)
    for _ in range(5):
        limiter.check("early")
    clock.now += 4.0
    for _ in range(5):
        limiter.check("late")
    clock.now += 1.0  # "early" is full again, "late" has refilled one request of five
    limiter.check("newcomer")
    assert len(limiter) == 2
    assert [limiter.check("late") for _ in range(2)][1] == pytest.approx(1.0)


def test_threads_never_get_more_than_the_burst(tmp_path: Path) -> None:
    limiter = RateLimiter(tmp_path / "buckets.sqlite3", per_minute=1, burst=50, clock=Clock())
    results: list[float | None] = []

    def hammer() -> None:
        for _ in range(25):
            results.append(limiter.check("shared"))

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(None) == 50 and len(results) == 200


@pytest.mark.parametrize(("per_minute", "burst"), [(0, 10), (60, 0)])
def test_limits_must_be_positive(tmp_path: Path, per_minute: int, burst: int) -> None:
    with pytest.raises(ValueError, match="rate limit needs per_minute >= 1 and burst >= 1"):
        RateLimiter(tmp_path / "buckets.sqlite3", per_minute, burst)


def _take(path: Path, count: int, allowed: multiprocessing.Queue) -> None:
    """A worker process asking ``count`` times; reports how many were let through."""
    limiter = RateLimiter(path, per_minute=1, burst=30)
    allowed.put(sum(limiter.check("shared") is None for _ in range(count)))


def test_worker_processes_share_one_limit(tmp_path: Path) -> None:
    """Two API workers on one file: the caller gets one burst in all, not one per worker."""
    spawn = multiprocessing.get_context("spawn")
    allowed = spawn.Queue()
    workers = [spawn.Process(target=_take, args=(tmp_path / "buckets.sqlite3", 40, allowed)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert allowed.get(timeout=5) + allowed.get(timeout=5) == 30
