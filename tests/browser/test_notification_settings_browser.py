"""The notification settings page in Chromium: no serious accessibility violations (axe), and it
fits a phone without scrolling sideways, also with quiet hours set."""
from __future__ import annotations

import pytest

from lms.auth.models import User
from lms.extensions import db
from lms.notifications.models import SubmissionAlerts, ThreadEmails
from lms.notifications.services import save_preference
from tests.browser.conftest import audit_pages
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app):
    world = two_cohorts()
    mentor = db.session.get(User, world.mentor_a)
    mentor.timezone = "Pacific/Auckland"
    save_preference(mentor, SubmissionAlerts.DAILY, True, False, thread_emails=ThreadEmails.DAILY,
                    quiet_from=22 * 60, quiet_until=7 * 60, digest_hour=7)
    db.session.commit()
    return world


PAGES = {
    "learner's notification settings": ("learner_a", lambda w: "/notifications/settings"),
    "mentor's settings with quiet hours": ("mentor_a", lambda w: "/notifications/settings"),
}


def test_notification_settings_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, PAGES)
    assert found == {} and wide == {}, (found, wide)
