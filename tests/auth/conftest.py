"""Account fixtures: a movable clock, a mailbox on a real SMTP server, links from emails."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest

from lms import database
from tests.clock import Clock


@pytest.fixture
def clock(monkeypatch):
    """Stands in for ``lms.database.utcnow``: time stands still until moved."""
    return Clock(datetime(2026, 3, 5, 12, 0, tzinfo=timezone.utc)).freeze(monkeypatch, database)


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
