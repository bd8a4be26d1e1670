"""Audit fixtures: the submissions world (a cohort, its mentor, learners and an admin)."""
from __future__ import annotations

from tests.certificates.conftest import fake_pdf  # noqa: F401 (shared fixture)
from tests.submissions.conftest import World, app, world  # noqa: F401 (shared fixtures)
