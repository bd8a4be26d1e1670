"""Reading certificates for pages: one query per list, whatever its length."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from lms.certificates import status_list
from lms.certificates.models import Certificate, CertificateStatus, CohortCertificateSettings
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.extensions import db

PAGE_SIZE = 50


def certificates_of(user) -> list[Certificate]:
    """A learner's certificates, newest first (revoked ones too, so they know)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        select(Certificate).where(Certificate.user_id == user.id)
        .order_by(Certificate.revoked_at.is_not(None), Certificate.created_at.desc(), Certificate.id.desc())))


@dataclass(frozen=True)
class CertificatePage:
    certificates: list[Certificate]
    total: int
    page: int
    pages: int
    counts: dict[str, int]  # by status, for the current cohort filter


def admin_certificates(cohort_id: int | None, status: str | None, page: int = 1) -> CertificatePage:
    """The admin list, filtered, newest first, ``PAGE_SIZE`` per page; three queries."""
    scope = select(Certificate)
    if cohort_id:
        scope = scope.where(Certificate.cohort_id == cohort_id)
    counts = dict(db.session.execute(
        scope.with_only_columns(Certificate.status, func.count()).group_by(Certificate.status)).all())
    counts = {s.value: counts.get(s, 0) for s in CertificateStatus}
    if status in counts:
        scope = scope.where(Certificate.status == CertificateStatus(status))
    total = sum(counts.values()) if status not in counts else counts[status]
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    certificates = list(db.session.scalars(
        scope.order_by(Certificate.created_at.desc(), Certificate.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return CertificatePage(certificates, total, page, pages, counts)


def cohort_choices() -> list[tuple[int, str]]:
    return [(row.id, row.name) for row in db.session.execute(
        select(Cohort.id, Cohort.name).order_by(Cohort.starts_on.desc(), Cohort.name))]


@dataclass(frozen=True)
class LearnerRow:
    enrollment: Enrollment
    certificate: Certificate | None  # the valid (issued or pending) one
    revoked: Certificate | None = None  # without a valid one: the latest revoked, to show why


def cohort_learners(cohort: Cohort) -> list[LearnerRow]:
    """Every learner of a cohort with their valid certificate, or else their latest revoked one; two queries."""
    enrollments = db.session.scalars(
        select(Enrollment).where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.LEARNER)
        .options(joinedload(Enrollment.user))).all()
    valid: dict[int, Certificate] = {}
    revoked: dict[int, Certificate] = {}
    for certificate in db.session.scalars(select(Certificate).where(Certificate.cohort_id == cohort.id)
                                          .order_by(Certificate.created_at, Certificate.id)):
        (revoked if certificate.revoked_at is not None else valid)[certificate.user_id] = certificate
    rows = [LearnerRow(e, valid.get(e.user_id), None if e.user_id in valid else revoked.get(e.user_id))
            for e in enrollments]
    return sorted(rows, key=lambda row: row.enrollment.user.name.lower())


def cohort_settings(cohort_id: int) -> CohortCertificateSettings | None:
    return db.session.scalar(select(CohortCertificateSettings)
                             .where(CohortCertificateSettings.cohort_id == cohort_id))


def issued_in_cohort(cohort_id: int) -> list[Certificate]:
    return list(db.session.scalars(
        select(Certificate).where(Certificate.cohort_id == cohort_id, Certificate.status == CertificateStatus.ISSUED)
        .order_by(Certificate.learner_name, Certificate.id)))


def status_list_count() -> int:
    """How many revocation lists are published: enough for every index assigned, at least one."""
    highest = db.session.scalar(select(func.max(Certificate.status_list_index)))
    return 1 if highest is None else status_list.locate(highest)[0]


def revoked_positions(number: int) -> list[int]:
    """The bits set in revocation list ``number``: its revoked certificates; one query."""
    first = (number - 1) * status_list.LIST_SIZE
    return [index - first for index in db.session.scalars(select(Certificate.status_list_index).where(
        Certificate.status == CertificateStatus.REVOKED,
        Certificate.status_list_index >= first, Certificate.status_list_index < first + status_list.LIST_SIZE))]
