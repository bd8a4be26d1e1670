"""Completion records for HR: who completed what, when, with which certificate.

One row per learner enrolment: the person, the track and cohort, the enrolment's status,
its progress percent and completion (``lms.progress``'s one evaluation, never recomputed
here), and the certificate that stands for it (the valid one, else the latest revoked)
with its code and verification URL. The cohort and person CSV exports and the API's
``/completions`` read only this module, so the file and the JSON always agree.

Records are built in batches of enrolments: a batch costs the same few queries
whatever its size (enrolments with their people, cohorts and tracks; the tracks'
lessons; progress; certificates), so a 10,000-row export streams in constant memory.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, load_only

from lms.auth.models import User
from lms.certificates.codes import format_code
from lms.certificates.models import Certificate, CertificateStatus
from lms.certificates.publishing import verify_url
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.extensions import db
from lms.progress import records
from lms.progress.completion import completion
from lms.tracks.models import Track
from lms.tracks.queries import current_lessons

BATCH = 500

# The CSV's column names, in the reader's language (``header()``); the values stay as the API
# gives them (ids, statuses, ISO times), so a file opens the same in any spreadsheet.
HEADER = [lazy_gettext("name"), lazy_gettext("email"), lazy_gettext("track"), lazy_gettext("track title"),
          lazy_gettext("cohort"), lazy_gettext("enrolment status"), lazy_gettext("progress %"),
          lazy_gettext("completed"), lazy_gettext("completed at"), lazy_gettext("certificate status"),
          lazy_gettext("certificate code"), lazy_gettext("verify url"), lazy_gettext("certificate issued at"),
          lazy_gettext("certificate revoked at")]


def header() -> list[str]:
    return [str(name) for name in HEADER]


@dataclass(frozen=True)
class CompletionRecord:
    enrollment_id: int
    user_id: int
    name: str
    email: str
    track_slug: str
    track_title: str
    cohort_id: int
    cohort_name: str
    enrolment_status: str
    progress_percent: int
    completed: bool
    completed_at: datetime | None
    certificate_id: int | None
    certificate_status: str | None
    certificate_code: str | None  # only once issued: a pending certificate's code is not public yet
    verify_url: str | None
    certificate_issued_at: datetime | None
    certificate_revoked_at: datetime | None

    def csv_row(self) -> list:
        return [self.name, self.email, self.track_slug, self.track_title, self.cohort_name, self.enrolment_status,
                self.progress_percent, self.completed, self.completed_at, self.certificate_status,
                self.certificate_code, self.verify_url, self.certificate_issued_at, self.certificate_revoked_at]


def learner_enrolments(*, cohort_id: int | None = None, user_id: int | None = None) -> Select:
    """The learner enrolments a completion export lists (withdrawn ones too: HR sees who left)."""
    query = select(Enrollment).where(Enrollment.role == EnrollmentRole.LEARNER)
    if cohort_id is not None:
        query = query.where(Enrollment.cohort_id == cohort_id)
    if user_id is not None:
        query = query.where(Enrollment.user_id == user_id)
    # Every row carries its cohort and track: only the columns a record reads (not the track's overview).
    return query.options(joinedload(Enrollment.user).load_only(User.id, User.name, User.email),
                         joinedload(Enrollment.cohort).load_only(Cohort.id, Cohort.name, Cohort.track_id)
                         .joinedload(Cohort.track).load_only(Track.id, Track.slug, Track.title, Track.completion))


def records_of(enrollments: list[Enrollment]) -> list[CompletionRecord]:
    """The records of these enrolments (loaded by ``learner_enrolments``), in their order; four to five queries."""
    if not enrollments:
        return []
    lessons = current_lessons({e.cohort.track_id for e in enrollments})
    progress = records.for_enrollments(enrollments, lessons)
    standing = _certificates_of(enrollments)
    lessons_of: dict[int, list] = {}
    for lesson in lessons:
        lessons_of.setdefault(lesson.track_id, []).append(lesson)
    rows = []
    for enrollment in enrollments:
        record = progress[enrollment.id]
        done = completion(enrollment.cohort.track, lessons_of.get(enrollment.cohort.track_id, []), record)
        rows.append(_record(enrollment, record.percent, done.complete, done.completed_at,
                            standing.get((enrollment.user_id, enrollment.cohort_id))))
    return rows


def stream(query: Select, batch: int = BATCH) -> Iterator[CompletionRecord]:
    """Every record of ``query`` (from ``learner_enrolments``) in enrolment id order, a batch at a time."""
    after = 0
    while True:
        enrollments = list(db.session.scalars(query.where(Enrollment.id > after).order_by(Enrollment.id)
                                              .limit(batch)).unique())
        yield from records_of(enrollments)
        if len(enrollments) < batch:
            return
        after = enrollments[-1].id


# What a record reads of a certificate (not its statement, criteria, names...).
_CERTIFICATE_COLUMNS = (Certificate.id, Certificate.user_id, Certificate.cohort_id, Certificate.status,
                        Certificate.code, Certificate.created_at, Certificate.issued_at, Certificate.revoked_at)


def _certificates_of(enrollments: list[Enrollment]) -> dict[tuple[int, int], Certificate]:
    """Per (user, cohort): the valid certificate, or else the latest revoked one; one query."""
    pairs = {(e.user_id, e.cohort_id) for e in enrollments}
    found: dict[tuple[int, int], Certificate] = {}
    for certificate in db.session.scalars(
            select(Certificate).options(load_only(*_CERTIFICATE_COLUMNS))
            .where(Certificate.user_id.in_({user_id for user_id, _ in pairs}),
                   Certificate.cohort_id.in_({cohort_id for _, cohort_id in pairs}))
            .order_by(Certificate.created_at, Certificate.id)):
        key = (certificate.user_id, certificate.cohort_id)
        if key not in pairs:
            continue
        current = found.get(key)
        if current is None or current.revoked_at is not None:
            found[key] = certificate
    return found


def _record(enrollment: Enrollment, percent: int, complete: bool, completed_at: datetime | None,
            certificate: Certificate | None) -> CompletionRecord:
    user, cohort = enrollment.user, enrollment.cohort
    public = certificate is not None and certificate.status != CertificateStatus.PENDING_APPROVAL
    return CompletionRecord(
        enrollment_id=enrollment.id, user_id=user.id, name=user.name, email=user.email,
        track_slug=cohort.track.slug, track_title=cohort.track.title, cohort_id=cohort.id, cohort_name=cohort.name,
        enrolment_status=enrollment.status.value, progress_percent=percent, completed=complete,
        completed_at=completed_at,
        certificate_id=certificate.id if certificate else None,
        certificate_status=certificate.status.value if certificate else None,
        certificate_code=format_code(certificate.code) if public else None,
        verify_url=verify_url(certificate.code) if public else None,
        certificate_issued_at=certificate.issued_at if certificate else None,
        certificate_revoked_at=certificate.revoked_at if certificate else None)
