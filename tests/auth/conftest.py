"""Account fixtures: a movable clock, a mailbox on a real SMTP server, links from emails."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest

from lms import database


class Clock:
    """Stands in for ``lms.database.utcnow``: time stands still until moved."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(datetime(2026, 3, 5, 12, 0, tzinfo=timezone.utc))
    monkeypatch.setattr(database, "utcnow", clock)
    return clock


@pytest.fixture
def mailbox(app, smtp_server):
    """The test app sends its mail to a real local SMTP server; read it here."""
    app.config.update(smtp_server.config)
    return smtp_server


def link_path(message, kind: str) -> str:
    """The path of the ``/invite/...`` or ``/password/reset/...`` link in an email."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(rf"https?://\S+/{kind}/\S+", text)
    assert match, f"no {kind} link in:\n{text}"
    return urlsplit(match.group(0)).path
