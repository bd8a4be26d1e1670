"""Rendering in the background: exactly once, and nothing lost when Redis is down."""
from __future__ import annotations

from lms.certificates import publishing
from lms.extensions import db
from lms.jobs import run_due
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner


def test_render_job_that_finds_a_pdf_returns(cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    key = certificate.pdf_key
    publishing.render_certificate(certificate.id)
    db.session.commit()
    assert fake_pdf == [certificate.id] and certificate.pdf_key == key


def test_a_duplicate_render_that_loses_the_race_keeps_the_winners_pdf(cohort, monkeypatch):
    from sqlalchemy import func, select, update

    from lms.certificates.models import Certificate
    from lms.storage import StoredFile

    monkeypatch.setattr("lms.certificates.services.schedule_render", lambda certificate: None)
    certificate = certified_learner(cohort, make_user())

    def render_while_another_job_stores(certificate):
        # The other run of this job finished while this one was rendering.
        db.session.execute(update(Certificate).where(Certificate.id == certificate.id).values(pdf_key="winner"))
        return b"%PDF-1.7 loser"

    monkeypatch.setattr("lms.certificates.publishing.render_certificate_pdf", render_while_another_job_stores)
    assert not publishing.render_and_store(certificate.id)
    db.session.commit()
    assert db.session.scalar(select(Certificate.pdf_key)) == "winner"
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0, "the loser's file is deleted"


def test_unreachable_redis_renders_in_process(app_factory, cohort, fake_pdf):
    from lms.cohorts.models import Cohort

    cohort_id = cohort.id
    app = app_factory(REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        certificate = certified_learner(db.session.get(Cohort, cohort_id), make_user())
        assert certificate.pdf_key
        db.session.remove()
    assert fake_pdf == [certificate.id]


def test_periodic_catch_up_renders_certificates_left_without_a_pdf(app, cohort, fake_pdf, monkeypatch):
    monkeypatch.setattr("lms.certificates.services.schedule_render", lambda certificate: None)
    certificate = certified_learner(cohort, make_user())
    assert certificate.pdf_key is None
    assert "certificates.render_missing" in run_due()
    db.session.refresh(certificate)
    assert certificate.pdf_key and fake_pdf == [certificate.id]


def test_workers_run_the_certificate_warm_up_at_start(app):
    from lms.certificates.pdf import warm_up
    from lms.jobs.worker import WARM_UPS

    assert warm_up in app.extensions[WARM_UPS]


def test_a_large_cohort_is_issued_in_batch_jobs_and_a_batch_run_twice_adds_nothing(cohort, fake_pdf, monkeypatch):
    from sqlalchemy import func, select

    from lms.certificates import jobs
    from lms.certificates.models import Certificate
    from tests.factories.certificates import complete_track, enrol

    monkeypatch.setattr(jobs, "BATCH_SIZE", 2)
    queued = []
    real_enqueue = jobs.enqueue

    def spy(func_, *args, **kwargs):
        queued.append((func_, args, kwargs.get("job_id")))
        real_enqueue(func_, *args, **kwargs)

    monkeypatch.setattr(jobs, "enqueue", spy)
    learners = [make_user() for _ in range(5)]
    for learner in learners:
        enrol(cohort, learner)
        complete_track(learner, cohort)
    ids = [learner.id for learner in learners]

    assert jobs.issue_cohort_certificates(cohort.id) == {}
    db.session.commit()  # the batch jobs are handed over (here: run) when the transaction commits
    assert [(f, args) for f, args, _ in queued] == [
        (jobs.issue_learners, (cohort.id, ids[0:2])), (jobs.issue_learners, (cohort.id, ids[2:4])),
        (jobs.issue_learners, (cohort.id, ids[4:5]))]
    assert len({job_id for _, _, job_id in queued}) == 3, "one job id per batch"
    counts = select(func.count(), func.count(Certificate.pdf_key), func.count(func.distinct(Certificate.user_id)))
    assert db.session.execute(counts).one() == (5, 5, 5)

    # A batch run again (retried after its worker died, or picked up twice) finds the work done.
    assert jobs.issue_learners(cohort.id, ids[0:2]) == {"existing": 2}
    db.session.commit()
    assert db.session.execute(counts).one() == (5, 5, 5) and len(fake_pdf) == 5
