"""Parameter checks and statement parameters that the money and route questions share:
a period of days and a fraction (tolerances).

Dates are stored as ISO 8601 strings (a day, and perhaps one day a time of day), so a
period becomes two strings compared with ``>=`` and ``<``: ``until`` is inclusive, which
"before the next day" keeps true whether or not a time of day is stored.
"""

from __future__ import annotations

from datetime import date, timedelta

from queries.base import QueryError


def check_period(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and since > until:
        raise QueryError(f"since ({since}) must not be after until ({until})")


def check_fraction(name: str, value: float | None) -> None:
    if value is not None and not 0 <= value <= 1:
        raise QueryError(f"{name} must be a fraction between 0 and 1, got {value}")


def day_bounds(since: date | None, until: date | None) -> dict[str, str | None]:
    """``$since`` (first day) and ``$until`` (the day after the last), None where open."""
    return {"since": since.isoformat() if since else None,
            "until": (until + timedelta(days=1)).isoformat() if until else None}
