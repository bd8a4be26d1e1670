"""``flask certificates issue`` and ``rerender``."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.certificates.models import Certificate
from lms.cohorts.models import EnrollmentStatus
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.certificates import complete_track, enrol


def _enrol_many(cohort, complete: int, incomplete: int, withdrawn: int = 0):
    for _ in range(complete):
        learner = make_user()
        enrol(cohort, learner)
        complete_track(learner, cohort)
    for _ in range(incomplete):
        learner = make_user()
        enrol(cohort, learner)
        complete_track(learner, cohort, skip="final-quiz")
    for _ in range(withdrawn):
        learner = make_user()
        enrol(cohort, learner, status=EnrollmentStatus.WITHDRAWN)
        complete_track(learner, cohort)


def test_issue_command_issues_due_certificates_once(runner, cohort, fake_pdf):
    _enrol_many(cohort, complete=3, incomplete=2, withdrawn=1)
    result = runner.invoke(args=["certificates", "issue", "--cohort", str(cohort.id)])
    assert result.exit_code == 0, result.output
    assert "3 issued, 0 already had one, 2 not complete, 1 withdrawn" in result.output
    again = runner.invoke(args=["certificates", "issue", "--cohort", str(cohort.id)])
    assert "0 issued, 3 already had one, 2 not complete" in again.output
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 3
    assert len(fake_pdf) == 3


def test_issue_command_refuses_an_unknown_cohort(runner, app):
    result = runner.invoke(args=["certificates", "issue", "--cohort", "4242"])
    assert result.exit_code != 0 and "No cohort with id 4242" in result.output


def test_rerender_keeps_codes_and_replaces_pdfs(runner, cohort, fake_pdf):
    _enrol_many(cohort, complete=2, incomplete=0)
    runner.invoke(args=["certificates", "issue", "--cohort", str(cohort.id)])
    before = {c.id: (c.code, c.pdf_key) for c in db.session.scalars(select(Certificate))}
    result = runner.invoke(args=["certificates", "rerender", "--cohort", str(cohort.id)])
    assert result.exit_code == 0 and "2 PDFs rendered" in result.output
    db.session.expire_all()
    after = {c.id: (c.code, c.pdf_key) for c in db.session.scalars(select(Certificate))}
    assert {i: code for i, (code, _) in after.items()} == {i: code for i, (code, _) in before.items()}
    assert all(after[i][1] != before[i][1] for i in before)


def test_rerender_missing_renders_only_certificates_without_a_pdf(runner, cohort, fake_pdf, monkeypatch):
    monkeypatch.setattr("lms.certificates.services.schedule_render", lambda certificate: None)
    _enrol_many(cohort, complete=2, incomplete=0)
    runner.invoke(args=["certificates", "issue", "--cohort", str(cohort.id)])
    assert db.session.scalar(select(func.count()).where(Certificate.pdf_key.is_not(None))) == 0
    result = runner.invoke(args=["certificates", "rerender", "--missing"])
    assert "2 PDFs rendered" in result.output
    assert runner.invoke(args=["certificates", "rerender", "--missing"]).output.startswith("0 PDFs")


def test_key_command_shows_where_the_key_is(runner, app):
    result = runner.invoke(args=["certificates", "key"])
    assert result.exit_code == 0 and "credential-signing-ed25519.pem" in result.output
    assert "/issuer/keys/" in result.output
