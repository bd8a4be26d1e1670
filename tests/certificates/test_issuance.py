"""Issuing certificates: when, how many, and what may change afterwards."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms import signals
from lms.certificates import services
from lms.certificates.codes import hash_code, new_code
from lms.certificates.models import Certificate, CertificateStatus, FrozenCertificate, InvalidTransition
from lms.cohorts.models import EnrollmentStatus
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner, complete_track, enrol


def _count(**filters) -> int:
    query = select(func.count()).select_from(Certificate)
    for name, value in filters.items():
        query = query.where(getattr(Certificate, name) == value)
    return db.session.scalar(query)


def test_progress_changed_issues_the_certificate_when_the_track_is_complete(cohort, mentor, fake_pdf):
    learner = make_user(name="Lea Learner")
    enrol(cohort, learner, mentor=mentor)
    complete_track(learner, cohort)
    signals.progress_changed.send(None, user_id=learner.id, cohort_id=cohort.id)
    db.session.commit()
    certificate = db.session.scalar(select(Certificate))
    assert certificate.status == CertificateStatus.ISSUED and certificate.issued_at is not None
    assert certificate.learner_name == "Lea Learner"
    assert certificate.track_title == "Web Foundations" and certificate.track_version == 2
    assert certificate.cohort_name == "Spring 2025 cohort"
    assert certificate.mentor_names == ["Mia Mentor"]
    assert certificate.skills == ["html", "css", "accessibility"]
    assert (certificate.score_points, certificate.score_max, certificate.score_percent) == (8, 10, 80)
    assert certificate.code_hash == hash_code(certificate.code)
    assert certificate.pdf_key, "the render job ran after the commit"
    assert fake_pdf == [certificate.id]


def test_nothing_is_issued_while_something_is_missing(cohort, fake_pdf):
    learner = make_user()
    enrol(cohort, learner)
    complete_track(learner, cohort, skip="html")
    outcome = services.issue_if_complete(learner.id, cohort.id)
    assert outcome.reason == "not_complete" and outcome.certificate is None
    assert _count() == 0


def test_withdrawn_learners_receive_no_certificate(cohort, fake_pdf):
    learner = make_user()
    enrol(cohort, learner, status=EnrollmentStatus.WITHDRAWN)
    complete_track(learner, cohort)
    assert services.issue_if_complete(learner.id, cohort.id).reason == "not_enrolled"


def test_repeated_events_issue_one_certificate(cohort, fake_pdf):
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    for _ in range(3):
        outcome = services.issue_if_complete(learner.id, cohort.id)
        db.session.commit()
        assert outcome.certificate.id == certificate.id and not outcome.created
    assert _count() == 1 and fake_pdf == [certificate.id]


def test_cohort_requiring_approval_queues_the_certificate(cohort, admin, fake_pdf):
    services.set_requires_approval(cohort, True, admin)
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    assert certificate.status == CertificateStatus.PENDING_APPROVAL and certificate.issued_at is None
    assert services.find_by_code(certificate.code) is None, "not public before approval"
    assert fake_pdf == []
    services.approve(certificate, admin)
    db.session.commit()
    assert certificate.status == CertificateStatus.ISSUED and certificate.issued_by_id == admin.id
    assert fake_pdf == [certificate.id]


def test_the_database_refuses_a_second_valid_certificate(cohort, fake_pdf):
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    values = {c.key: getattr(certificate, c.key) for c in Certificate.__table__.columns if c.key != "id"}
    code = new_code()
    values.update(code=code, code_hash=hash_code(code))
    with pytest.raises(IntegrityError):
        db.session.execute(Certificate.__table__.insert().values(**values))
    db.session.rollback()


def test_revoked_certificates_leave_room_for_a_new_one(cohort, admin, fake_pdf):
    learner = make_user()
    first = certified_learner(cohort, learner)
    replacement = services.reissue(first, admin)
    db.session.commit()
    assert first.status == CertificateStatus.REVOKED and first.revocation_reason == "Re-issued"
    assert replacement.status == CertificateStatus.ISSUED and replacement.code != first.code
    assert _count(user_id=learner.id) == 2 and _count(status=CertificateStatus.ISSUED) == 1


def test_issuing_approving_and_revoking_send_their_signals(cohort, admin, fake_pdf):
    heard = []
    services.set_requires_approval(cohort, True, admin)
    with signals.certificate_issued.connected_to(lambda c, **data: heard.append(("issued", c.id, data))), \
            signals.certificate_revoked.connected_to(lambda c, **data: heard.append(("revoked", c.id, data))):
        pending = certified_learner(cohort, make_user())
        assert heard == []  # waiting for approval is not issued
        services.approve(pending, admin)
        replacement = services.reissue(pending, admin)
    assert heard == [("issued", pending.id, {"actor": admin}),
                     ("revoked", pending.id, {"reason": "Re-issued", "actor": admin}),
                     ("issued", replacement.id, {"actor": admin})]


def test_issued_certificates_are_frozen_except_revocation_and_pdf(cohort, admin, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    certificate.learner_name = "Somebody Else"
    with pytest.raises(FrozenCertificate):
        db.session.flush()
    db.session.rollback()
    certificate.pdf_key = "another"
    db.session.flush()
    services.revoke(certificate, "Plagiarised assignment", admin)
    db.session.commit()
    assert certificate.status == CertificateStatus.REVOKED and certificate.revoked_by_id == admin.id
    certificate.track_title = "Changed"
    with pytest.raises(FrozenCertificate):
        db.session.flush()
    db.session.rollback()


def test_revoking_needs_a_reason_and_happens_once(cohort, admin, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    with pytest.raises(services.CertificateError):
        services.revoke(certificate, "   ", admin)
    services.revoke(certificate, "Issued by mistake", admin)
    with pytest.raises(InvalidTransition):
        services.revoke(certificate, "Again", admin)
    with pytest.raises(InvalidTransition):
        services.approve(certificate, admin)


def test_manual_issue_records_the_admin_even_when_incomplete(cohort, admin, fake_pdf):
    learner = make_user()
    enrol(cohort, learner)
    outcome = services.issue_manually(learner, cohort, admin, override_reason="Finished offline")
    db.session.commit()
    assert outcome.created and outcome.certificate.issued_by_id == admin.id
    assert not services.issue_manually(learner, cohort, admin).created


def test_find_by_code_matches_the_whole_normalised_code_only(cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    typed = "-".join(certificate.code[i:i + 4] for i in range(0, 32, 4)).lower()
    assert services.find_by_code(typed).id == certificate.id
    assert services.find_by_code(certificate.code[:-1]) is None
    last = certificate.code[-1]
    near = certificate.code[:-1] + ("0" if last != "0" else "1")
    assert services.find_by_code(near) is None


def test_two_simultaneous_attempts_give_one_certificate(app, cohort, fake_pdf):
    learner = make_user()
    enrol(cohort, learner)
    complete_track(learner, cohort)
    user_id, cohort_id = learner.id, cohort.id  # the test's objects stay in the test's thread
    barrier = threading.Barrier(2)
    results, errors = [], []

    def attempt():
        with app.app_context():
            try:
                barrier.wait()
                outcome = services.issue_if_complete(user_id, cohort_id)
                db.session.commit()
                results.append((outcome.certificate.id, outcome.created))
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len({certificate_id for certificate_id, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, True]
    assert _count() == 1


def test_losing_the_race_at_insert_returns_the_winners_certificate(cohort, fake_pdf, monkeypatch):
    learner = make_user()
    winner = certified_learner(cohort, learner)
    real = services.valid_certificate
    calls = []

    def stale_check(user_id, cohort_id):
        calls.append(1)
        return None if len(calls) == 1 else real(user_id, cohort_id)  # the first check ran before the winner's commit

    monkeypatch.setattr(services, "valid_certificate", stale_check)
    outcome = services.issue_if_complete(learner.id, cohort.id)
    db.session.commit()
    assert outcome.certificate.id == winner.id and not outcome.created
    assert _count() == 1


def test_marking_the_last_lesson_complete_issues_the_certificate(client, auth, cohort, fake_pdf):
    learner = make_user()
    enrol(cohort, learner)
    complete_track(learner, cohort, skip="html")
    auth.login_as(learner)
    response = client.post(f"/tracks/{cohort.track.slug}/lessons/html/complete")
    response.close()
    assert response.status_code == 302
    certificate = db.session.scalar(select(Certificate))
    assert certificate is not None and certificate.user_id == learner.id and certificate.pdf_key


def test_a_failing_certificate_check_never_undoes_the_learners_progress(cohort, fake_pdf, monkeypatch):
    from lms.progress.models import LessonProgress

    learner = make_user()
    enrollment = enrol(cohort, learner)
    complete_track(learner, cohort, skip="html")

    def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(services.eligibility, "completion_of", broken)
    db.session.add(LessonProgress(enrollment_id=enrollment.id, lesson_id=cohort.track.lessons[1].id))
    signals.progress_changed.send(None, user_id=learner.id, cohort_id=cohort.id)
    db.session.commit()
    assert _count() == 0
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 2  # intro and html


def test_reissuing_an_old_revoked_certificate_is_refused_while_a_valid_one_exists(cohort, admin, fake_pdf):
    first = certified_learner(cohort, make_user())
    services.reissue(first, admin)
    db.session.commit()
    with pytest.raises(services.CertificateError):
        services.reissue(first, admin)
    assert _count(status=CertificateStatus.ISSUED) == 1


def test_the_pdf_is_queued_when_the_outer_transaction_commits_not_at_a_savepoint(cohort, fake_pdf):
    learner = make_user()
    enrol(cohort, learner)
    complete_track(learner, cohort)
    signals.progress_changed.send(None, user_id=learner.id, cohort_id=cohort.id)  # issues inside a SAVEPOINT
    assert fake_pdf == [], "nothing may render before the certificate is committed"
    db.session.commit()
    assert fake_pdf == [db.session.scalar(select(Certificate.id))]
