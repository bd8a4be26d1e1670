"""Admin pages: cohort list, create, edit with optimistic locking, status changes, the cohort page."""
from __future__ import annotations

from datetime import date, timedelta

from lms.cohorts.models import Cohort, CohortStatus, EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.cohorts import attempt_quiz, complete, enrol, lessons_of, make_cohort


def _form(track, **overrides) -> dict:
    data = {"name": "Autumn cohort", "track_id": str(track.id), "starts_on": "2025-09-01",
            "ends_on": "2025-11-30", "timezone": "Europe/Berlin", "capacity": "12",
            "description": "Ten weeks.", "review_policy": "assigned_mentor", "review_turnaround_hours": "24"}
    data.update(overrides)
    return data


def test_admin_creates_a_draft_cohort(client, auth, admin, track):
    auth.login_as(admin)
    response = client.post("/admin/cohorts/new", data=_form(track))
    assert response.status_code == 302
    cohort = db.session.scalar(db.select(Cohort).where(Cohort.name == "Autumn cohort"))
    assert cohort.status == CohortStatus.DRAFT and cohort.capacity == 12 and cohort.timezone == "Europe/Berlin"
    assert cohort.review_policy.value == "assigned_mentor" and cohort.review_turnaround_hours == 24
    page = client.get("/admin/cohorts").get_data(as_text=True)
    assert "Autumn cohort" in page and "0 / 12" in page


def test_create_form_keeps_what_was_typed_on_error(client, auth, admin, track):
    auth.login_as(admin)
    response = client.post("/admin/cohorts/new", data=_form(track, ends_on="2025-08-01"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The cohort cannot end before it starts." in page and 'value="Autumn cohort"' in page
    assert db.session.scalar(db.select(Cohort).where(Cohort.name == "Autumn cohort")) is None


def test_turnaround_defaults_to_48_hours(app, track):
    cohort = make_cohort(track)
    assert cohort.review_turnaround_hours == 48 and cohort.seats_taken == 0


def test_edit_saves_and_bumps_the_version(client, auth, admin, cohort):
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/edit").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{cohort.version}"' in page
    response = client.post(f"/cohorts/{cohort.id}/edit",
                           data=_form(cohort.track, name="Renamed", version=str(cohort.version)))
    assert response.status_code == 302
    db.session.refresh(cohort)
    assert cohort.name == "Renamed" and cohort.version == 2


def test_a_stale_edit_is_refused_and_shows_the_other_persons_values(client, auth, admin, cohort):
    auth.login_as(admin)
    seen_version = cohort.version
    cohort.name = "Changed by someone else"  # another admin saves first
    db.session.commit()
    response = client.post(f"/cohorts/{cohort.id}/edit",
                           data=_form(cohort.track, name="My late edit", version=str(seen_version)))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else changed this cohort while you were editing; here are their values" in page
    assert 'value="Changed by someone else"' in page          # the form shows their values
    assert "My late edit" in page                               # and what I typed, beside them
    assert f'value="{seen_version + 1}"' in page                # ready to save on the new version
    db.session.refresh(cohort)
    assert cohort.name == "Changed by someone else"


def test_capacity_cannot_drop_below_enrolled_learners(client, auth, admin, cohort):
    for _ in range(3):
        enrol(cohort, make_user())
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/edit", data=_form(cohort.track, capacity="2",
                                                                     version=str(cohort.version)))
    assert "3 learners are already enrolled" in response.get_data(as_text=True)


def test_status_moves_forward_one_step_at_a_time(client, auth, admin, track):
    cohort = make_cohort(track, status=CohortStatus.DRAFT)
    auth.login_as(admin)
    client.post(f"/cohorts/{cohort.id}/status", data={"to": "running"})
    db.session.refresh(cohort)
    assert cohort.status == CohortStatus.DRAFT
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "This cohort is draft and cannot become running; it can only become open for enrolment." in page
    for step in ("open", "running", "finished", "archived"):
        client.post(f"/cohorts/{cohort.id}/status", data={"to": step})
        db.session.refresh(cohort)
        assert cohort.status.value == step
    response = client.post(f"/cohorts/{cohort.id}/status", data={"to": "running"}, follow_redirects=True)
    assert "archived cohorts do not change" in response.get_data(as_text=True)


def test_cohort_page_shows_grid_risk_load_and_completion(client, auth, admin, cohort, mentor):
    lessons = lessons_of(cohort.track)
    enrol(cohort, mentor, EnrollmentRole.MENTOR, max_mentees=3)
    busy, idle = make_user(name="Busy Bee"), make_user(name="Idle Ida")
    long_ago = utcnow() - timedelta(days=10)
    enrol(cohort, busy, mentor=mentor, enrolled_at=long_ago)
    enrol(cohort, idle, mentor=mentor, enrolled_at=long_ago)
    complete(busy, lessons[0], lessons[1])
    attempt_quiz(busy, lessons[2], 90)
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Busy Bee" in page and "Idle Ida" in page
    assert "90%" in page and "✓" in page
    assert "no activity yet" in page and "overdue: Landing page" in page   # started 10 days ago, due day 7
    assert 'aria-label="Mentees of Marco Mentor"' in page and "2 of 3" in page
    assert 'src="/cohorts/%d/progress.svg"' % cohort.id in page


def test_progress_chart_is_served_as_svg(client, auth, admin, cohort, user):
    enrol(cohort, user)
    complete(user, lessons_of(cohort.track)[0])
    auth.login_as(admin)
    response = client.get(f"/cohorts/{cohort.id}/progress.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    body = response.get_data(as_text=True)
    assert "<title" in body and "<desc" in body and "<polyline" in body


def test_grid_is_paginated_by_fifty(client, auth, admin, cohort):
    from tests.factories.cohorts import bulk_learners

    bulk_learners(cohort, 120)
    auth.login_as(admin)
    row = '<th scope="row" class="progress-grid__learner">Bulk Learner {:04d}'
    first = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert row.format(49) in first and row.format(50) not in first and "Page 1 of 3" in first
    third = client.get(f"/cohorts/{cohort.id}?page=3").get_data(as_text=True)
    assert row.format(119) in third and row.format(99) not in third
    assert "and 105 more" in first  # the at-risk list stays short


def test_schedule_lists_deadlines_in_the_cohort_time_zone(client, auth, user, track):
    cohort = make_cohort(track, starts_on=date(2025, 3, 20), timezone="Europe/Berlin")
    enrol(cohort, user)
    auth.login_as(user)
    page = client.get(f"/cohorts/{cohort.id}/schedule").get_data(as_text=True)
    assert "Europe/Berlin" in page
    assert "Thu 27 Mar 2025, 23:59" in page          # day 7, CET
    assert "Thu 10 Apr 2025, 23:59" in page          # day 21, CEST: still 23:59 local
    assert page.count("no deadline") == 4


def test_admin_overrides_a_deadline_in_local_time_and_resets_it(client, auth, admin, track):
    cohort = make_cohort(track, starts_on=date(2025, 3, 20), timezone="Europe/Berlin")
    lesson = lessons_of(track)[3]
    auth.login_as(admin)
    client.post(f"/cohorts/{cohort.id}/deadlines/{lesson.id}", data={"due": "2025-04-01T12:00"})
    page = client.get(f"/cohorts/{cohort.id}/schedule").get_data(as_text=True)
    assert "Tue 1 Apr 2025, 12:00" in page and "changed for this cohort" in page  # CLDR day, no zero
    from lms.cohorts.models import CohortDeadline
    row = db.session.scalar(db.select(CohortDeadline))
    assert row.due_at.isoformat() == "2025-04-01T10:00:00+00:00"
    client.post(f"/cohorts/{cohort.id}/deadlines/{lesson.id}", data={"due": ""})
    assert db.session.scalar(db.select(CohortDeadline)) is None


def test_cli_creates_lists_and_enrols(runner, app, track, mentor):
    result = runner.invoke(args=["cohorts", "create", "--track", track.slug, "--name", "CLI cohort",
                                 "--start", "2025-09-01", "--end", "2025-10-01", "--capacity", "5",
                                 "--timezone", "America/New_York"])
    assert result.exit_code == 0, result.output
    cohort = db.session.scalar(db.select(Cohort).where(Cohort.name == "CLI cohort"))
    assert cohort.capacity == 5 and cohort.timezone == "America/New_York"
    listing = runner.invoke(args=["cohorts", "list"])
    assert "CLI cohort" in listing.output and "draft" in listing.output
    result = runner.invoke(args=["cohorts", "enroll", str(cohort.id), mentor.email, "--role", "mentor"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["cohorts", "enroll", str(cohort.id), "nobody@example.org"])
    assert result.exit_code != 0 and "missing name for a new account" in result.output


def test_cli_enrols_from_a_csv_file(runner, app, cohort, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("\ufeffemail;name\nana@example.org;Ana Lima\n".encode())
    result = runner.invoke(args=["cohorts", "enroll", str(cohort.id), "--csv", str(path)])
    assert result.exit_code == 0, result.output
    assert "Enrolled 1 as learners" in result.output


def test_cli_refuses_unknown_track_and_bad_dates(runner, app, track):
    result = runner.invoke(args=["cohorts", "create", "--track", "nope", "--name", "X",
                                 "--start", "2025-09-01", "--end", "2025-10-01"])
    assert result.exit_code != 0 and "No track with the slug 'nope'" in result.output
    result = runner.invoke(args=["cohorts", "create", "--track", track.slug, "--name", "X",
                                 "--start", "01/09/2025", "--end", "2025-10-01"])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_a_stale_edit_caught_only_at_write_time_is_refused_too(app, cohort, admin):
    """Between reading the version and writing, another process saves: the version column refuses."""
    from sqlalchemy import update

    from lms.cohorts import services
    data = services.CohortData.of(cohort)
    data.name = "Mine"
    with db.engine.begin() as other:  # another process, its own transaction
        other.execute(update(Cohort.__table__).where(Cohort.__table__.c.id == cohort.id)
                      .values(version=Cohort.__table__.c.version + 1, name="Theirs"))
    try:
        services.update_cohort(cohort, data, based_on_version=cohort.version, actor=admin)
    except services.StaleEdit:
        db.session.rollback()
    else:
        raise AssertionError("a concurrent edit was overwritten")
    assert db.session.get(Cohort, cohort.id).name == "Theirs"
