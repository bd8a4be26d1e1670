"""The two summaries of a wait the health pages show: the median and the 90th percentile.

Both are computed in Python over durations in hours, so they read the same on SQLite and
PostgreSQL. The 90th percentile is the *nearest rank*: the smallest wait that at least 90 %
of the waits do not exceed (with 10 waits, the 9th shortest), always one of the real waits.
"""
from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta


def hours(duration: timedelta) -> float:
    return max(0.0, duration.total_seconds() / 3600)


def nearest_rank(values: list[float], percent: int) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent / 100 * len(ordered))) - 1]


@dataclass(frozen=True)
class Waits:
    """Waits in hours: ``count`` items, ``open`` of them still waiting (counted up to now)."""

    count: int = 0
    open: int = 0
    median: float | None = None
    p90: float | None = None

    @classmethod
    def of(cls, waits: Iterable[tuple[float, bool]]) -> Waits:
        """``waits``: (hours, still open) per item."""
        items = list(waits)
        values = [h for h, _ in items]
        return cls(len(items), sum(1 for _, still_open in items if still_open),
                   statistics.median(values) if values else None, nearest_rank(values, 90))


def share(part: int, whole: int) -> int | None:
    """Whole percent, rounded down; None (shown as "—") when there is nothing to divide."""
    return None if whole <= 0 else part * 100 // whole
