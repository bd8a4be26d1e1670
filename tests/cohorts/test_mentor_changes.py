"""Learners' mentors changed in one form: only changed rows applied, stale rows refused, choices kept."""
from __future__ import annotations

from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.cohorts import bulk_learners, enrol


def _form(*rows) -> dict:
    """rows: (enrollment, was mentor, chosen mentor) -> the people page's fields."""
    data = {}
    for enrollment, was, to in rows:
        data[f"was-{enrollment.id}"] = str(was.id) if was else ""
        data[f"mentor-{enrollment.id}"] = str(to.id) if to else ""
    return data


def _mentor_of(enrollment) -> int | None:
    return db.session.get(Enrollment, enrollment.id, populate_existing=True).mentor_id


def test_the_people_page_has_one_mentor_form_for_every_learner(client, auth, admin, cohort, mentor,
                                                                mentor_enrollment):
    for name in ("Ann", "Bob"):
        enrol(cohort, make_user(name=name))
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/people").get_data(as_text=True)
    assert page.count("Save mentor changes") == 1 and page.count('form="mentor-changes"') == 4
    assert "/mentor\"" not in page  # no per-row mentor form any more


def test_only_changed_rows_are_applied_in_one_save(client, auth, admin, cohort, mentor, mentor_enrollment):
    other = make_user(name="Olga Other")
    enrol(cohort, other, EnrollmentRole.MENTOR)
    ann, bob, cid = (enrol(cohort, make_user(name=n), mentor=mentor) for n in ("Ann", "Bob", "Cid"))
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/people/mentors",
                           data=_form((ann, mentor, other), (bob, mentor, mentor), (cid, mentor, None)))
    assert response.status_code == 302
    assert [_mentor_of(e) for e in (ann, bob, cid)] == [other.id, mentor.id, None]
    assert "2 mentor changes saved." in client.get(response.location).get_data(as_text=True)


def test_a_row_changed_by_someone_else_meanwhile_is_refused_and_nothing_is_saved(client, auth, admin, cohort,
                                                                                 mentor, mentor_enrollment):
    other = make_user(name="Olga Other")
    enrol(cohort, other, EnrollmentRole.MENTOR)
    ann, bob = enrol(cohort, make_user(name="Ann")), enrol(cohort, make_user(name="Bob"))
    auth.login_as(admin)
    stale = _form((ann, None, other), (bob, None, mentor))
    client.post(f"/cohorts/{cohort.id}/people/mentors", data=_form((bob, None, other)))  # another admin, first
    response = client.post(f"/cohorts/{cohort.id}/people/mentors", data=stale)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this learner&#39;s mentor" in page and "Nothing was saved: 1 row needs" in page
    assert [_mentor_of(ann), _mentor_of(bob)] == [None, other.id]
    # the choices are kept; the row now carries the current mentor, so saving again applies them
    assert f'<option value="{mentor.id}" selected>' in page.split(f'id="mentor-{bob.id}"')[1].split("</select>")[0]
    assert f'name="was-{bob.id}" value="{other.id}"' in page


def test_a_mentor_at_capacity_refuses_the_row_with_its_reason_and_keeps_every_choice(client, auth, admin, cohort):
    full = make_user(name="Fay Full")
    enrol(cohort, full, EnrollmentRole.MENTOR, max_mentees=1)
    ann, bob = enrol(cohort, make_user(name="Ann")), enrol(cohort, make_user(name="Bob"))
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/people/mentors", data=_form((ann, None, full), (bob, None, full)))
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and f'id="mentor-error-{bob.id}"' in page
    assert f'id="mentor-error-{ann.id}"' not in page
    for row in (ann, bob):
        assert f'<option value="{full.id}" selected>' in page.split(f'id="mentor-{row.id}"')[1].split("</select>")[0]
    assert [_mentor_of(ann), _mentor_of(bob)] == [None, None]  # one transaction: nothing kept


def test_bad_input_is_a_message_not_an_error(client, auth, admin, cohort, mentor, mentor_enrollment,
                                             learner_enrollment):
    auth.login_as(admin)
    for data in ({f"mentor-{learner_enrollment.id}": "x", f"was-{learner_enrollment.id}": str(mentor.id)},
                 {f"mentor-{learner_enrollment.id}": "9" * 30, f"was-{learner_enrollment.id}": "1"},
                 {"mentor-999999": str(mentor.id), "was-999999": ""},
                 {f"mentor-{mentor_enrollment.id}": "", f"was-{mentor_enrollment.id}": ""}):
        response = client.post(f"/cohorts/{cohort.id}/people/mentors", data=data)
        assert response.status_code in (302, 409), data
    assert _mentor_of(learner_enrollment) == mentor.id


def test_a_learner_of_another_cohort_cannot_be_changed_through_this_one(client, auth, admin, cohort, track, mentor,
                                                                        mentor_enrollment):
    from tests.factories.cohorts import make_cohort
    elsewhere = enrol(make_cohort(track), make_user())
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/people/mentors", data=_form((elsewhere, None, mentor)))
    assert response.status_code == 409 and _mentor_of(elsewhere) is None


def test_learners_are_shown_fifty_a_page(client, auth, admin, cohort):
    bulk_learners(cohort, 120)
    auth.login_as(admin)
    first = client.get(f"/cohorts/{cohort.id}/people").get_data(as_text=True)
    assert "Learners (120)" in first and "Page 1 of 3" in first
    assert "Bulk Learner 0049" in first and "Bulk Learner 0050" not in first
    last = client.get(f"/cohorts/{cohort.id}/people?page=3").get_data(as_text=True)
    assert "Bulk Learner 0100" in last and "Bulk Learner 0099" not in last and 'name="page" value="3"' in last
    for page in ("99", "-4", "abc"):
        assert client.get(f"/cohorts/{cohort.id}/people?page={page}").status_code == 200


def test_two_admins_saving_the_same_row_at_once_never_overwrite_each_other(app, cohort):
    from lms.cohorts import mentor_changes
    from lms.cohorts.models import Cohort, MentorAssignment
    from tests.race import race

    first, second = make_user(name="First"), make_user(name="Second")
    for mentor in (first, second):
        enrol(cohort, mentor, EnrollmentRole.MENTOR)
    ann = enrol(cohort, make_user(name="Ann"))

    def attempt(mentor_id: int, ready) -> None:
        here = db.session.get(Cohort, cohort.id)
        ready()
        mentor_changes.apply(here, [mentor_changes.MentorChange(ann.id, None, mentor_id)])

    outcomes = race(app, [first.id, second.id], attempt, mentor_changes.MentorChangesRefused)
    assert sorted(outcomes) == ["refused", "won"]
    assert _mentor_of(ann) in (first.id, second.id)
    assert db.session.scalar(db.select(db.func.count(MentorAssignment.id))
                             .where(MentorAssignment.enrollment_id == ann.id)) == 1
