"""Certificates: a track and cohort with a learner and a mentor, and a fast fake renderer."""
from __future__ import annotations

import pytest

from lms.cohorts.models import EnrollmentRole
from tests.factories.auth import make_user
from tests.factories.certificates import enrol, make_cohort, make_track

# What the fake renderer stores: starts like a PDF, enough for download tests.
FAKE_PDF = b"%PDF-1.7\n% fake certificate for tests\n%%EOF\n"


@pytest.fixture
def fake_pdf(monkeypatch):
    """Skip WeasyPrint (about half a second per certificate) where the PDF's content does not matter."""
    calls = []

    def render(certificate):
        calls.append(certificate.id)
        return FAKE_PDF

    monkeypatch.setattr("lms.certificates.publishing.render_certificate_pdf", render)
    return calls


@pytest.fixture
def track(app):
    return make_track()


@pytest.fixture
def mentor(app):
    return make_user(name="Mia Mentor", email="mia@example.org")


@pytest.fixture
def cohort(track, mentor):
    cohort = make_cohort(track, name="Spring 2025 cohort")
    enrol(cohort, mentor, role=EnrollmentRole.MENTOR)
    return cohort
