"""The cohort's ask settings on its edit page: response target, reminder days, time-out."""
from __future__ import annotations

import pytest

from lms.cohorts.services import parse_nudge_days
from lms.extensions import db


@pytest.mark.parametrize("text, days", [("2,5,9", [2, 5, 9]), (" 1 , 60 ", [1, 60]), ("3", [3])])
def test_reminder_days_are_parsed(text, days):
    assert parse_nudge_days(text) == days


@pytest.mark.parametrize("text, message", [("5,2", "increasing"), ("0,2", "1 to 60"), ("2,61", "1 to 60"),
                                           ("two", "whole days"), ("", "at least one")])
def test_bad_reminder_days_are_refused_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        parse_nudge_days(text)


def _post(client, world, **changes):
    cohort = world.cohort
    data = {"name": cohort.name, "track_id": str(cohort.track_id), "starts_on": cohort.starts_on.isoformat(),
            "ends_on": cohort.ends_on.isoformat(), "timezone": "UTC", "review_policy": "any_mentor",
            "review_turnaround_hours": "48", "request_response_days": "3", "version": str(cohort.version),
            "ask_response_hours": "24", "ask_nudge_days": "2,5,9", "ask_timeout_days": "14"}
    data.update(changes)
    return client.post(f"/cohorts/{cohort.id}/edit", data=data)


def test_an_admin_sets_the_ask_settings_of_a_cohort(client, auth, world):
    auth.login_as(world.admin)
    page = client.get(f"/cohorts/{world.cohort.id}/edit")
    assert b"Asks: response target (hours)" in page.data and b'value="2,5,9"' in page.data
    response = _post(client, world, ask_response_hours="8", ask_nudge_days="1, 3,7", ask_timeout_days="10")
    assert response.status_code == 302
    db.session.expire_all()
    cohort = db.session.get(type(world.cohort), world.cohort.id)
    assert (cohort.ask_response_hours, cohort.ask_nudge_days, cohort.ask_timeout_days) == (8, "1,3,7", 10)


@pytest.mark.parametrize("changes, message", [
    ({"ask_nudge_days": "9,5"}, b"increasing order"),
    ({"ask_response_hours": "0"}, b"Number must be between 1 and 336"),
    ({"ask_timeout_days": "91"}, b"Number must be between 1 and 90"),
    ({"ask_nudge_days": "2,5,20", "ask_timeout_days": "14"}, b"before the time-out"),
])
def test_bad_ask_settings_rerender_the_form_with_a_message(client, auth, world, changes, message):
    auth.login_as(world.admin)
    response = _post(client, world, **changes)
    assert response.status_code == 200 and message in response.data
    db.session.expire_all()
    assert db.session.get(type(world.cohort), world.cohort.id).ask_nudge_days == "2,5,9"
