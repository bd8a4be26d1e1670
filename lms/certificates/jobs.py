"""Background jobs (``lms.jobs.enqueue``). Each may run more than once and be killed at
any point: each commits after every certificate, and each step finds finished work done."""
from __future__ import annotations

import logging

from sqlalchemy import select

from lms.certificates import publishing, services
from lms.certificates.models import Certificate, CertificateStatus
from lms.certificates.publishing import render_certificate  # noqa: F401 (jobs queued before it moved there)
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.extensions import db
from lms.jobs import enqueue

log = logging.getLogger(__name__)


# Learners per job when a cohort is issued: a 500-learner cohort becomes 20 jobs that
# every worker takes a share of, each short enough to be retried whole.
BATCH_SIZE = 25


def issue_cohort_certificates(cohort_id: int) -> dict[str, int]:
    """Issue every due certificate of a cohort and render its PDF, one learner at a time.

    A cohort of more than ``BATCH_SIZE`` learners is handed out as one job per batch
    (``issue_learners``), so several workers share it; the counts returned are then of
    no learner. Run again, or killed half-way and retried, it finishes the rest: learners
    with a certificate are skipped, PDFs already stored are kept.
    """
    user_ids = learner_ids(cohort_id)
    if len(user_ids) <= BATCH_SIZE:
        return issue_learners(cohort_id, user_ids)
    for start in range(0, len(user_ids), BATCH_SIZE):
        batch = user_ids[start:start + BATCH_SIZE]
        enqueue(issue_learners, cohort_id, batch, job_id=f"certificates-issue-cohort-{cohort_id}-from-{batch[0]}")
    return {}


def issue_learners(cohort_id: int, user_ids: list[int]) -> dict[str, int]:
    """Issue and render the certificates of these learners of a cohort (a job; idempotent).

    Returns counts by outcome (``issued``, ``pending_approval``, ``existing``,
    ``not_complete``, ``not_enrolled``).
    """
    counts: dict[str, int] = {}
    for user_id in user_ids:
        outcome = issue_and_render(user_id, cohort_id)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def issue_and_render(user_id: int, cohort_id: int) -> str:
    outcome = services.issue_if_complete(user_id, cohort_id, render_later=False)
    db.session.commit()
    certificate = outcome.certificate
    if certificate is not None and certificate.status == CertificateStatus.ISSUED and not certificate.pdf_key:
        publishing.render_and_store(certificate.id)
        db.session.commit()
    return outcome.reason


def learner_ids(cohort_id: int) -> list[int]:
    return list(db.session.scalars(
        select(Enrollment.user_id).where(Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.LEARNER)
        .order_by(Enrollment.id)))


def render_missing(cohort_id: int | None = None) -> int:
    """Render every issued certificate that has no PDF yet (after Redis or a worker was down)."""
    query = select(Certificate.id).where(Certificate.status == CertificateStatus.ISSUED,
                                         Certificate.pdf_key.is_(None))
    if cohort_id is not None:
        query = query.where(Certificate.cohort_id == cohort_id)
    rendered = 0
    for certificate_id in db.session.scalars(query.order_by(Certificate.id)).all():
        rendered += publishing.render_and_store(certificate_id)
        db.session.commit()
    return rendered
