"""The cohort certificates page (issue 16): revoked certificates shown as revoked, and
issuing to a learner who has not completed the track only as an override with a reason."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select

from lms import states
from lms.audit.models import AuditEvent
from lms.certificates import services
from lms.certificates.models import Certificate
from lms.extensions import db
from tests.clock import Clock
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner, complete_track, enrol
from tests.race import race


def _page(client, cohort) -> str:
    return client.get(f"/admin/certificates/cohorts/{cohort.id}").get_data(as_text=True)


def _issue(client, cohort, learner, **data):
    return client.post(f"/admin/certificates/cohorts/{cohort.id}/learners/{learner.id}/issue", data=data)


def _certificates_of(learner) -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).where(Certificate.user_id == learner.id)))


def test_revoked_certificate_shows_as_revoked_with_date_and_reason(client, auth, admin, cohort, fake_pdf,
                                                                   monkeypatch):
    learner = make_user(name="Rita Revoked")
    certificate = certified_learner(cohort, learner)
    Clock(datetime(2025, 7, 14, 10, 0, tzinfo=timezone.utc)).freeze(monkeypatch, states)
    services.revoke(certificate, "Plagiarised final project", admin)
    db.session.commit()
    auth.login_as(admin)
    page = _page(client, cohort)
    row = page[page.index("Rita Revoked"):page.index("</tr>", page.index("Rita Revoked"))]
    assert "Revoked" in row and "on 14 July 2025: Plagiarised final project" in row
    assert "none" not in row and "Issue now" not in row and "Issue without completion" not in row
    assert f"/admin/certificates/{certificate.id}" in row


def test_issue_now_is_offered_only_to_learners_who_completed_the_track(client, auth, admin, cohort, fake_pdf):
    done, started = make_user(name="Dora Done"), make_user(name="Sam Started")
    for learner in (done, started):
        enrol(cohort, learner)
    complete_track(done, cohort, commit=False)
    db.session.commit()
    auth.login_as(admin)
    page = _page(client, cohort)
    done_row = page[page.index("Dora Done"):page.index("</tr>", page.index("Dora Done"))]
    started_row = page[page.index("Sam Started"):page.index("</tr>", page.index("Sam Started"))]
    assert "Issue now" in done_row and "Issue without completion" not in done_row
    assert "Issue now" not in started_row and "track not complete" in started_row
    assert "Issue without completion" in started_row and 'name="reason"' in started_row


def test_issuing_without_completion_is_refused_without_a_reason(client, auth, admin, cohort, fake_pdf):
    learner = make_user(name="Sam Started")
    enrol(cohort, learner)
    auth.login_as(admin)
    for data in ({}, {"reason": "   "}):
        response = _issue(client, cohort, learner, **data)
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "has not completed the track" in page and "give a reason" in page
        assert '<details class="issue-override" open>' in page
    assert _certificates_of(learner) == []
    assert _issue(client, cohort, learner, reason="x" * 1001).status_code == 400
    assert _certificates_of(learner) == []


def test_override_with_a_reason_issues_and_is_recorded_in_the_audit_trail(client, auth, admin, cohort, fake_pdf):
    learner = make_user(name="Sam Started")
    enrol(cohort, learner)
    auth.login_as(admin)
    response = _issue(client, cohort, learner, reason="Finished the work offline; approved by the board")
    assert response.status_code == 302
    [certificate] = _certificates_of(learner)
    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "certificate.issued_without_completion")).all()
    assert (event.subject_type, event.subject_id, event.actor_id) == ("certificate", certificate.id, admin.id)
    assert event.data == {"reason": "Finished the work offline; approved by the board"}
    detail = client.get(f"/admin/certificates/{certificate.id}").get_data(as_text=True)
    assert "issued without completion by" in detail and "approved by the board" in detail


def test_a_completed_learner_is_issued_without_a_reason_and_no_override_is_recorded(client, auth, admin, cohort,
                                                                                      fake_pdf):
    learner = make_user()
    enrol(cohort, learner)
    complete_track(learner, cohort)
    auth.login_as(admin)
    assert _issue(client, cohort, learner).status_code == 302
    assert len(_certificates_of(learner)) == 1
    assert db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.action == "certificate.issued_without_completion")) is None


def test_the_service_refuses_an_override_without_a_reason(app, admin, cohort):
    learner = make_user()
    enrol(cohort, learner)
    try:
        services.issue_manually(learner, cohort, admin)
    except services.NotComplete as error:
        assert "give a reason" in str(error)
    else:
        raise AssertionError("issued without completion and without a reason")
    assert _certificates_of(learner) == []


def test_two_admins_overriding_at_once_issue_one_certificate_and_one_audit_row(app, admin, cohort, monkeypatch):
    monkeypatch.setattr("lms.certificates.services.schedule_render", lambda certificate: None)
    learner = make_user()
    enrol(cohort, learner)
    other_admin = make_user(is_admin=True)
    learner_id, cohort_id = learner.id, cohort.id

    def attempt(actor_id: int, ready) -> None:
        from lms.auth.models import User
        from lms.cohorts.models import Cohort
        user, target, actor = (db.session.get(User, learner_id), db.session.get(Cohort, cohort_id),
                               db.session.get(User, actor_id))
        ready()
        services.issue_manually(user, target, actor, override_reason=f"override by {actor_id}")

    outcomes = race(app, [admin.id, other_admin.id], attempt, services.CertificateError)
    assert outcomes == ["won", "won"]  # the second finds the first one's certificate
    db.session.expire_all()
    assert len(_certificates_of(learner)) == 1
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "certificate.issued_without_completion")) == 1
