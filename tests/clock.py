"""A clock that stands still until a test moves it, put in place of ``utcnow`` where a module reads it."""
from __future__ import annotations

from datetime import datetime, timedelta


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)

    def freeze(self, monkeypatch, *modules) -> Clock:
        """Make each module's ``utcnow`` this clock (undone after the test)."""
        for module in modules:
            monkeypatch.setattr(module, "utcnow", self)
        return self
