"""Reading a lesson's ``spec`` (its kind-specific front matter) defensively."""
from __future__ import annotations

from collections.abc import Mapping


def spec_int(spec: Mapping | None, key: str) -> int | None:
    """An integer setting such as ``due_days`` or ``pass_points``; None when absent or malformed."""
    value = (spec or {}).get(key)
    if isinstance(value, bool):
        return None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
