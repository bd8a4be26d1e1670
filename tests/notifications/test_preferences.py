"""The notification settings page: thread emails, quiet hours and the digest hour."""
from __future__ import annotations

import re

import pytest

from lms.extensions import db
from lms.notifications import services
from lms.notifications.models import NotificationPreference, SubmissionAlerts, ThreadEmails

SETTINGS = "/notifications/settings"
BASE = {"submission_alerts": "immediate", "email_reviews": "y", "email_reminders": "y"}


def _stored(user) -> NotificationPreference | None:
    db.session.expire_all()
    return db.session.query(NotificationPreference).filter_by(user_id=user.id).one_or_none()


def test_settings_store_thread_emails_quiet_hours_and_digest_hour(client, auth, world):
    auth.login_as(world.learner)
    response = client.post(SETTINGS, data={**BASE, "thread_emails": "daily", "quiet_from": "22:00",
                                           "quiet_until": "7:00", "digest_hour": "6"})
    assert response.status_code == 302
    stored = _stored(world.learner)
    assert (stored.thread_emails, stored.quiet_from, stored.quiet_until, stored.digest_hour) == (
        ThreadEmails.DAILY, 1320, 420, 6)
    page = client.get(SETTINGS).data.decode()
    assert 'value="22:00"' in page and 'value="07:00"' in page
    assert '<option selected value="6">06:00</option>' in page
    assert re.search(r'<input checked [^>]*value="daily"', page)
    assert "UTC" in page  # the time zone the times are in


def test_empty_quiet_hours_mean_none(client, auth, world):
    services.save_preference(world.learner, SubmissionAlerts.IMMEDIATE, True, True, quiet_from=60, quiet_until=120)
    db.session.commit()
    auth.login_as(world.learner)
    assert client.post(SETTINGS, data={**BASE, "thread_emails": "never", "quiet_from": "",
                                       "quiet_until": "", "digest_hour": "8"}).status_code == 302
    stored = _stored(world.learner)
    assert (stored.thread_emails, stored.quiet_from, stored.quiet_until) == (ThreadEmails.NEVER, None, None)


@pytest.mark.parametrize(("quiet_from", "quiet_until", "message"), [
    ("25:00", "07:00", "Enter a time of day as HH:MM, e.g. 22:00."),
    ("22:00", "late", "Enter a time of day as HH:MM, e.g. 22:00."),
    ("22:00", "", "Enter both times, or leave both empty for no quiet hours."),
    ("", "07:00", "Enter both times, or leave both empty for no quiet hours."),
    ("07:00", "7:00", "Quiet hours must end at a different time than they start."),
])
def test_bad_quiet_hours_show_the_form_again_with_a_message(client, auth, world, quiet_from, quiet_until, message):
    auth.login_as(world.learner)
    response = client.post(SETTINGS, data={**BASE, "thread_emails": "immediate", "quiet_from": quiet_from,
                                           "quiet_until": quiet_until, "digest_hour": "8"})
    page = response.data.decode()
    assert response.status_code == 200 and message in page
    assert f'value="{quiet_from or quiet_until}"' in page  # what was typed stays
    assert _stored(world.learner) is None


@pytest.mark.parametrize(("field", "value"), [("digest_hour", "24"), ("digest_hour", "eight"),
                                              ("thread_emails", "hourly")])
def test_impossible_choices_are_refused(client, auth, world, field, value):
    auth.login_as(world.learner)
    response = client.post(SETTINGS, data={**BASE, "thread_emails": "immediate", "digest_hour": "8", field: value})
    page = response.data.decode()
    assert response.status_code == 200 and 'class="field__errors"' in page
    assert "Not a valid choice" in page or "could not coerce" in page
    assert _stored(world.learner) is None


def test_a_form_without_the_conversation_fields_keeps_them(client, auth, world):
    services.save_preference(world.learner, SubmissionAlerts.IMMEDIATE, True, True,
                             thread_emails=ThreadEmails.NEVER, digest_hour=5)
    db.session.commit()
    auth.login_as(world.learner)
    assert client.post(SETTINGS, data={"submission_alerts": "daily", "email_reviews": "y"}).status_code == 302
    stored = _stored(world.learner)
    assert (stored.submission_alerts, stored.thread_emails, stored.digest_hour) == (
        SubmissionAlerts.DAILY, ThreadEmails.NEVER, 5)
