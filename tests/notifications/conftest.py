from __future__ import annotations

import pytest

from lms.extensions import db
from tests.conftest import _empty_all_tables
from tests.submissions.conftest import World, world  # noqa: F401 (shared fixtures)


@pytest.fixture
def app(app_factory, smtp_server):
    """Mail goes to a real local SMTP server; periodic tasks run only when a test says so."""
    app = app_factory(JOBS_TICK_ON_REQUESTS=False, **smtp_server.config)
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()
