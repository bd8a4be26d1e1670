"""Enrolling people: existing users, invitations, CSV preview then confirm, withdraw and re-activate."""
from __future__ import annotations

import io
import re

from lms import signals
from lms.auth.models import User
from lms.cohorts import enrolment
from lms.cohorts.models import CsvEnrollmentPlan, Enrollment, EnrollmentRole, EnrollmentStatus, MentorAssignment
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.cohorts import complete, enrol, lessons_of, make_cohort


def _enrollment(cohort, user) -> Enrollment | None:
    return db.session.scalar(db.select(Enrollment).where(Enrollment.cohort_id == cohort.id,
                                                         Enrollment.user_id == user.id))


def _user(email) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email))


def test_admin_enrols_existing_users_found_by_the_search(client, auth, admin, cohort):
    ana, ben = make_user(name="Ana"), make_user(name="Ben")
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/people?q=ana").get_data(as_text=True)
    assert f'name="users" value="{ana.id}"' in page and f'value="{ben.id}"' not in page
    response = client.post(f"/cohorts/{cohort.id}/people",
                           data={"users": [str(ana.id), str(ben.id)], "emails": "", "role": "learner"})
    assert response.status_code == 302
    assert _enrollment(cohort, ana).role == EnrollmentRole.LEARNER and _enrollment(cohort, ben) is not None
    db.session.refresh(cohort)
    assert cohort.seats_taken == 2


def test_typed_emails_enrol_existing_users_and_invite_new_people(client, auth, admin, cohort, app):
    existing = make_user(email="old@example.org")
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/people", data={
        "emails": "OLD@example.org\nnew@example.org, Nia New\n", "role": "mentor"})
    response.close()  # the invitation goes out once the response is finished
    assert response.status_code == 302
    new = _user("new@example.org")
    assert new is not None and new.name == "Nia New" and not new.has_password
    assert _enrollment(cohort, new).role == EnrollmentRole.MENTOR
    assert _enrollment(cohort, existing).role == EnrollmentRole.MENTOR
    mail = list((app.instance_path and __import__("pathlib").Path(app.instance_path) / "mail").glob("*.eml"))
    assert any("new@example.org" in path.read_text() for path in mail)


def test_one_bad_line_enrols_nobody_and_keeps_what_was_typed(client, auth, admin, cohort):
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/people", data={
        "emails": "fine@example.org, Fine\nnot-an-email", "role": "learner"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "malformed email" in page and "nobody was enrolled" in page
    assert "fine@example.org, Fine\nnot-an-email" in page
    assert _user("fine@example.org") is None


def test_capacity_is_enforced_when_enrolling(client, auth, admin, track):
    cohort = make_cohort(track, capacity=1)
    enrol(cohort, make_user())
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/people", data={"emails": make_user().email, "role": "learner"})
    assert response.status_code == 400
    assert "over capacity" in response.get_data(as_text=True)
    # Mentors take no learner seat.
    response = client.post(f"/cohorts/{cohort.id}/people", data={"emails": make_user().email, "role": "mentor"})
    assert response.status_code == 302


def test_service_refuses_a_full_cohort(app, track):
    cohort = make_cohort(track, capacity=1)
    enrolment.enrol(cohort, make_user(), EnrollmentRole.LEARNER)
    try:
        enrolment.enrol(cohort, make_user(), EnrollmentRole.LEARNER)
    except enrolment.CohortFull as error:
        assert "is full" in str(error)
    else:
        raise AssertionError("a second learner took the only seat")


def test_withdraw_frees_the_seat_and_keeps_the_work_reactivate_takes_it_again(client, auth, admin, track, user):
    cohort = make_cohort(track, capacity=1)
    enrollment = enrol(cohort, user)
    complete(user, lessons_of(track)[0])
    auth.login_as(admin)
    client.post(f"/cohorts/{cohort.id}/enrollments/{enrollment.id}/withdraw")
    db.session.refresh(enrollment)
    db.session.refresh(cohort)
    assert enrollment.status == EnrollmentStatus.WITHDRAWN and cohort.seats_taken == 0
    other = make_user()
    client.post(f"/cohorts/{cohort.id}/people", data={"emails": other.email, "role": "learner"})
    response = client.post(f"/cohorts/{cohort.id}/enrollments/{enrollment.id}/reactivate", follow_redirects=True)
    assert "is full" in response.get_data(as_text=True)          # the seat went to someone else
    client.post(f"/cohorts/{cohort.id}/enrollments/{_enrollment(cohort, other).id}/withdraw")
    client.post(f"/cohorts/{cohort.id}/enrollments/{enrollment.id}/reactivate")
    db.session.refresh(enrollment)
    db.session.refresh(cohort)
    assert enrollment.status == EnrollmentStatus.ACTIVE and cohort.seats_taken == 1
    from lms.progress.models import LessonProgress
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 1


def test_learners_cannot_join_a_finished_cohort(app, track):
    from lms.cohorts.models import CohortStatus
    cohort = make_cohort(track, status=CohortStatus.FINISHED)
    try:
        enrolment.enrol(cohort, make_user(), EnrollmentRole.LEARNER)
    except enrolment.EnrolmentError as error:
        assert "takes no new learners" in str(error)
    else:
        raise AssertionError


def _upload(client, cohort, content: bytes, role="learner", filename="people.csv"):
    return client.post(f"/cohorts/{cohort.id}/people/csv",
                       data={"file": (io.BytesIO(content), filename), "role": role},
                       content_type="multipart/form-data")


def test_csv_preview_changes_nothing_then_confirm_enrols_everyone(client, auth, admin, cohort, mentor,
                                                                  mentor_enrollment):
    existing = make_user(email="old@example.org", name="Old Timer")
    auth.login_as(admin)
    content = ("\ufeffemail;name;mentor_email\r\nnew@example.org;\"Nia, New\";mentor@example.org\r\n"
               "\r\nold@example.org;;\r\n").encode("utf-8")
    response = _upload(client, cohort, content)
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "New account + invitation" in preview and "Existing user enrolled" in preview
    assert "Nia, New" in preview and "Enrol 2 people" in preview
    assert _user("new@example.org") is None and _enrollment(cohort, existing) is None
    response = client.post(response.headers["Location"])
    assert response.status_code == 302
    new = _user("new@example.org")
    assert _enrollment(cohort, new).mentor_id == mentor.id
    assert _enrollment(cohort, existing).status == EnrollmentStatus.ACTIVE
    history = db.session.scalar(db.select(MentorAssignment).where(
        MentorAssignment.enrollment_id == _enrollment(cohort, new).id))
    assert history.mentor_id == mentor.id and history.assigned_by_id == admin.id
    plan = db.session.scalar(db.select(CsvEnrollmentPlan))
    assert plan.confirmed_at is not None
    assert "already enrolled" in client.post(f"/cohorts/{cohort.id}/people/csv/{plan.token}",
                                             follow_redirects=True).get_data(as_text=True)


def test_csv_preview_lists_every_bad_row_and_cannot_be_confirmed(client, auth, admin, track):
    cohort = make_cohort(track, capacity=2)
    enrolled = make_user(email="in@example.org")
    enrol(cohort, enrolled)
    auth.login_as(admin)
    content = b"\n".join([
        b"email,name,mentor_email",
        b"bad-email,Someone,",
        b"a@example.org,A,stranger@example.org",
        b"in@example.org,In,",
        b"b@example.org,,",
        b"c@example.org,C,",
        b"C@example.org,C again,",
        b"d@example.org,=HYPERLINK(\"http://x\"),",
    ])
    response = _upload(client, cohort, content)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for line, reason in [(2, "malformed email"), (3, "unknown mentor stranger@example.org"),
                         (4, "already enrolled as learner"), (5, "missing name for a new account"),
                         (7, "duplicate row in the file (same email as line 6)"), (8, "over capacity")]:
        assert re.search(rf'<td class="num">{line}</td>.*?{re.escape(reason)}', page, re.S), (line, reason)
    assert "=HYPERLINK(&#34;http://x&#34;)" in page   # shown as text, escaped as Jinja does
    assert "Enrol 7 people" not in page and "Enrol the 1 good row" in page  # only the good rows
    token = db.session.scalar(db.select(CsvEnrollmentPlan.token))
    client.post(f"/cohorts/{cohort.id}/people/csv/{token}")
    assert _user("c@example.org") is None


def test_confirm_refuses_and_shows_a_new_preview_when_the_cohort_changed(client, auth, admin, track):
    cohort = make_cohort(track, capacity=2)
    auth.login_as(admin)
    response = _upload(client, cohort, b"a@example.org,A\nb@example.org,B\n")
    location = response.headers["Location"]
    assert "Enrol 2 people" in client.get(location).get_data(as_text=True)
    enrol(cohort, make_user())  # a seat goes elsewhere meanwhile
    response = client.post(location, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Something changed since the preview" in page and "over capacity" in page
    assert _user("a@example.org") is None and _user("b@example.org") is None


def test_csv_that_is_not_utf8_or_empty_is_refused_on_upload(client, auth, admin, cohort):
    auth.login_as(admin)
    response = _upload(client, cohort, "zoë@example.org,Zoë".encode("latin-1"))
    assert response.status_code == 400 and "not UTF-8" in response.get_data(as_text=True)
    response = _upload(client, cohort, b"email,name\n\n")
    assert response.status_code == 400 and "no rows" in response.get_data(as_text=True)


def test_a_seat_lost_while_confirming_enrols_nobody(app, admin, track, monkeypatch):
    cohort = make_cohort(track, capacity=2)
    plan = enrolment.preview_csv(cohort, b"a@example.org,A\nb@example.org,B\n", EnrollmentRole.LEARNER, actor=admin)
    db.session.commit()
    real_take_seat, calls = enrolment.take_seat, []

    def second_seat_lost_to_a_racer(c):
        calls.append(c)
        if len(calls) == 2:
            raise enrolment.CohortFull("full")
        real_take_seat(c)

    monkeypatch.setattr(enrolment, "take_seat", second_seat_lost_to_a_racer)
    try:
        enrolment.confirm_csv(plan, cohort, admin)
    except enrolment.CohortFull:
        db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Enrollment.id))) == 0
    assert _user("a@example.org") is None
    db.session.refresh(cohort)
    assert cohort.seats_taken == 0


def test_enrolment_statuses_move_only_along_their_allowed_paths(app, cohort, user):
    enrollment = enrolment.enrol(cohort, user, EnrollmentRole.LEARNER)
    enrolment.set_enrollment_status(enrollment, EnrollmentStatus.COMPLETED)
    db.session.refresh(cohort)
    assert cohort.seats_taken == 1                      # a completed learner keeps their seat
    try:
        enrolment.withdraw(enrollment)
    except enrolment.EnrolmentError as error:
        assert str(error) == "This enrolment is completed and cannot become withdrawn; it can only become active."
    else:
        raise AssertionError
    enrolment.reactivate(enrollment)
    enrolment.withdraw(enrollment)
    db.session.refresh(cohort)
    assert cohort.seats_taken == 0


def test_enrolling_and_every_status_change_send_enrollment_changed(app, cohort, user):
    heard = []
    with signals.enrollment_changed.connected_to(
            lambda enrollment, **data: heard.append((enrollment.id, data["from_status"], data["to_status"]))):
        enrollment = enrolment.enrol(cohort, user, EnrollmentRole.LEARNER)
        enrolment.withdraw(enrollment)
        enrolment.enrol(cohort, user, EnrollmentRole.LEARNER)  # re-activates
    S = EnrollmentStatus
    assert heard == [(enrollment.id, None, S.ACTIVE), (enrollment.id, S.ACTIVE, S.WITHDRAWN),
                     (enrollment.id, S.WITHDRAWN, S.ACTIVE)]


def test_mentors_never_take_or_free_learner_seats(app, track):
    cohort = make_cohort(track, capacity=0)
    mentor = enrolment.enrol(cohort, make_user(), EnrollmentRole.MENTOR)
    enrolment.withdraw(mentor)
    enrolment.reactivate(mentor)
    db.session.refresh(cohort)
    assert cohort.seats_taken == 0 and mentor.status == EnrollmentStatus.ACTIVE


def test_re_enrolling_a_withdrawn_learner_reactivates_the_same_enrolment(app, cohort, user):
    first = enrolment.enrol(cohort, user, EnrollmentRole.LEARNER)
    enrolment.withdraw(first)
    again = enrolment.enrol(cohort, user, EnrollmentRole.LEARNER)
    assert again.id == first.id and again.status == EnrollmentStatus.ACTIVE
    try:
        enrolment.enrol(cohort, user, EnrollmentRole.LEARNER)
    except enrolment.EnrolmentError as error:
        assert "already enrolled as learner" in str(error)
    else:
        raise AssertionError


def test_people_page_has_no_duplicate_element_ids(client, auth, admin, cohort, mentor_enrollment, learner_enrollment):
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/people").get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_people_page_offers_withdraw_for_active_people_and_reactivate_for_withdrawn(
        client, auth, admin, cohort, mentor_enrollment, learner_enrollment):
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/people").get_data(as_text=True)
    assert page.count(">Withdraw</button>") == 2
    assert "Their work is kept and they can be re-activated." in page and "as mentor?" in page
    client.post(f"/cohorts/{cohort.id}/enrollments/{learner_enrollment.id}/withdraw")
    page = client.get(f"/cohorts/{cohort.id}/people").get_data(as_text=True)
    assert page.count(">Withdraw</button>") == 1 and ">Re-activate</button>" in page


def test_withdrawing_a_completed_enrolment_is_refused_with_a_message(client, auth, admin, cohort, user):
    enrollment = enrolment.enrol(cohort, user, EnrollmentRole.LEARNER)
    enrolment.set_enrollment_status(enrollment, EnrollmentStatus.COMPLETED)
    db.session.commit()
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/enrollments/{enrollment.id}/withdraw", follow_redirects=True)
    assert response.status_code == 200
    assert "This enrolment is completed and cannot become withdrawn" in response.get_data(as_text=True)
    db.session.refresh(enrollment)
    assert enrollment.status == EnrollmentStatus.COMPLETED
