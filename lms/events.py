"""A tiny in-process signal registry, so features react to each other without importing each other.

``connect(name, func)`` at ``init_app`` time; ``emit(name, **data)`` from a service.
Handlers run synchronously, in the same transaction (after the emitter's flush), and
must not commit. Events in use:

- ``progress_changed(user_id, cohort_id)``: a learner's completion may have changed
  (e.g. a review approved an assignment).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

_handlers: dict[str, list[Callable[..., None]]] = defaultdict(list)


def connect(name: str, func: Callable[..., None]) -> None:
    """Call ``func(**data)`` on every ``emit(name, **data)``; connecting twice is harmless."""
    if func not in _handlers[name]:
        _handlers[name].append(func)


def disconnect(name: str, func: Callable[..., None]) -> None:
    if func in _handlers[name]:
        _handlers[name].remove(func)


def emit(name: str, **data) -> None:
    for func in list(_handlers.get(name, ())):
        func(**data)
