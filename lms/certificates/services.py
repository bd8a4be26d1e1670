"""Issuing, approving, re-issuing and revoking certificates. They flush, never commit.

Exactly one valid certificate per learner and cohort is guaranteed by the partial unique
index: a second attempt (a double click, a concurrent event, a retried job) inserts in a
SAVEPOINT, hits the index, and returns the certificate that won.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext, lazy_gettext
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from lms import signals, states
from lms.audit import services as audit
from lms.auth.models import User
from lms.certificates import eligibility
from lms.certificates.badges import describe_rule, identity_hash
from lms.certificates.codes import codes_match, hash_code, new_code, normalise_code
from lms.certificates.models import STATUS, Certificate, CertificateStatus, CohortCertificateSettings
from lms.certificates.publishing import schedule_render
from lms.cohorts.models import Cohort
from lms.database import utcnow
from lms.errors import DomainError
from lms.extensions import db
from lms.i18n.languages import supported
from lms.i18n.recipients import language_of, speaking_to

log = logging.getLogger(__name__)

# The English words a track without its own certificate wording gets, in the certificate's language.
DEFAULT_TITLE = "Certificate of Completion"
_DEFAULT_TITLE = lazy_gettext("Certificate of Completion")


class CertificateError(DomainError):
    """A certificate operation was refused; the message is safe to show."""


class NotComplete(CertificateError):
    pass


@dataclass(frozen=True)
class IssueOutcome:
    certificate: Certificate | None
    created: bool
    reason: str  # "issued", "pending_approval", "existing", "not_complete", "not_enrolled"


def valid_certificate(user_id: int, cohort_id: int) -> Certificate | None:
    """The learner's pending or issued certificate for the cohort, if any."""
    return db.session.scalar(select(Certificate).where(
        Certificate.user_id == user_id, Certificate.cohort_id == cohort_id, Certificate.revoked_at.is_(None)))


def requires_approval(cohort_id: int) -> bool:
    return bool(db.session.scalar(select(CohortCertificateSettings.requires_approval)
                                  .where(CohortCertificateSettings.cohort_id == cohort_id)))


def cohort_language(cohort_id: int) -> str | None:
    """The language an admin chose for every certificate of the cohort; None: each learner's own."""
    return supported(db.session.scalar(select(CohortCertificateSettings.language)
                                       .where(CohortCertificateSettings.cohort_id == cohort_id)))


def certificate_language(user: User, cohort_id: int) -> str:
    """The language a new certificate is written in: the cohort's choice, else the learner's
    (their profile's, else the organisation's default)."""
    return cohort_language(cohort_id) or language_of(user)


def _settings_row(cohort: Cohort, actor) -> CohortCertificateSettings:
    settings = db.session.scalar(select(CohortCertificateSettings)
                                 .where(CohortCertificateSettings.cohort_id == cohort.id))
    if settings is None:
        settings = CohortCertificateSettings(cohort_id=cohort.id)
        db.session.add(settings)
    settings.updated_by_id = getattr(actor, "id", None)
    return settings


def set_requires_approval(cohort: Cohort, value: bool, actor) -> CohortCertificateSettings:
    settings = _settings_row(cohort, actor)
    settings.requires_approval = value
    db.session.flush()
    return settings


def save_settings(cohort: Cohort, actor, *, requires_approval: bool, language: str | None) -> CohortCertificateSettings:
    """The cohort's certificate settings; ``language`` None (or unknown): each learner's own.
    Certificates already issued keep their language."""
    settings = _settings_row(cohort, actor)
    settings.requires_approval = requires_approval
    settings.language = supported(language)
    db.session.flush()
    return settings


def issue_if_complete(user_id: int, cohort_id: int, *, render_later: bool = True) -> IssueOutcome:
    """Issue (or queue for approval) the learner's certificate when the track is complete.

    Safe to call any number of times: the ``progress_changed`` handler, the CLI and jobs
    do. ``render_later=False`` leaves rendering the PDF to the caller.
    """
    existing = valid_certificate(user_id, cohort_id)
    if existing is not None:
        return IssueOutcome(existing, False, "existing")
    enrollment = eligibility.learner_enrollment(user_id, cohort_id)
    if enrollment is None or enrollment.status not in eligibility.ELIGIBLE_STATUSES:
        return IssueOutcome(None, False, "not_enrolled")
    completion = eligibility.completion_of(enrollment)
    if not completion.complete:
        return IssueOutcome(None, False, "not_complete")
    status = CertificateStatus.PENDING_APPROVAL if requires_approval(cohort_id) else CertificateStatus.ISSUED
    return _create(enrollment, completion.completed_at or utcnow(), status, actor=None, render_later=render_later)


def issue_manually(user: User, cohort: Cohort, actor, override_reason: str | None = None) -> IssueOutcome:
    """An admin issues a certificate now. A learner who has not completed the track gets one
    only as an explicit override with a reason, recorded in the audit trail."""
    existing = valid_certificate(user.id, cohort.id)
    if existing is not None:
        return IssueOutcome(existing, False, "existing")
    enrollment = eligibility.learner_enrollment(user.id, cohort.id)
    if enrollment is None:
        raise CertificateError(gettext("%(name)s is not a learner of %(cohort)s.", name=user.name, cohort=cohort.name))
    completion = eligibility.completion_of(enrollment)
    reason = (override_reason or "").strip()
    if not completion.complete and not reason:
        raise NotComplete(gettext("%(name)s has not completed the track. To issue a certificate anyway, "
                                  "give a reason for the override.", name=user.name))
    outcome = _create(enrollment, completion.completed_at or utcnow(), CertificateStatus.ISSUED, actor=actor)
    if outcome.created and not completion.complete:
        audit.record(actor, "certificate.issued_without_completion", outcome.certificate, reason=reason)
    return outcome


def reissue(certificate: Certificate, actor, reason: str = "Re-issued") -> Certificate:
    """Replace a certificate with a fresh one (new code, current names and data)."""
    if certificate.revoked_at is None:
        revoke(certificate, reason, actor)
    elif valid_certificate(certificate.user_id, certificate.cohort_id) is not None:
        raise CertificateError(gettext("The learner already has a valid certificate for this cohort; "
                                       "re-issue that one."))
    enrollment = eligibility.learner_enrollment(certificate.user_id, certificate.cohort_id)
    if enrollment is None:
        raise CertificateError(gettext("The learner is no longer enrolled in this cohort."))
    outcome = _create(enrollment, certificate.completed_at, CertificateStatus.ISSUED, actor=actor)
    audit.record(actor, "certificate.reissued", outcome.certificate, replaces=certificate.id)
    return outcome.certificate


def approve(certificate: Certificate, actor) -> None:
    actor_id = getattr(actor, "id", None)
    # One flush for the whole change: once issued, issued_at and issued_by_id are frozen.
    with db.session.no_autoflush:
        states.transition(certificate, CertificateStatus.ISSUED, machine=STATUS)
        certificate.issued_by_id = actor_id
    db.session.flush()
    audit.record(actor, "certificate.approved", certificate)
    schedule_render(certificate)
    signals.certificate_issued.send(certificate, actor=actor)


def revoke(certificate: Certificate, reason: str, actor) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(gettext("Give a reason for revoking the certificate."))
    STATUS.check(certificate.status, CertificateStatus.REVOKED)
    # Two admins revoking at once (a double click, the page and the API): the row is claimed
    # with one conditional UPDATE, so the second waits for the first and then finds it revoked.
    claimed = db.session.execute(
        update(Certificate).where(Certificate.id == certificate.id, Certificate.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    if not claimed:
        db.session.refresh(certificate)
        STATUS.check(certificate.status, CertificateStatus.REVOKED)
    states.transition(certificate, CertificateStatus.REVOKED, machine=STATUS)
    certificate.revoked_by_id = getattr(actor, "id", None)
    certificate.revocation_reason = reason
    db.session.flush()
    audit.record(actor, "certificate.revoked", certificate, reason=reason)
    signals.certificate_revoked.send(certificate, reason=reason, actor=actor)


def find_by_code(text: str) -> Certificate | None:
    """The issued or revoked certificate with this code; None for anything else.

    Looked up by the hash of the normalised code (no prefix or near matches), then
    compared in constant time. Pending certificates are not public yet.
    """
    code = normalise_code(text)
    if code is None:
        return None
    certificate = db.session.scalar(select(Certificate).where(Certificate.code_hash == hash_code(code)))
    if certificate is None or not codes_match(certificate.code, code):
        return None
    if certificate.status == CertificateStatus.PENDING_APPROVAL:
        return None
    return certificate


def next_status_list_index() -> int:
    """The next unused revocation list index (indexes are never reused)."""
    return db.session.scalar(select(func.coalesce(func.max(Certificate.status_list_index), -1) + 1))


# How often a certificate looks for a free status list index when concurrent issues take them.
_INDEX_TRIES = 5


def _create(enrollment, completed_at: datetime, status: CertificateStatus, actor,
            render_later: bool = True) -> IssueOutcome:
    certificate = _snapshot(enrollment, completed_at, status, actor)
    for tries_left in reversed(range(_INDEX_TRIES)):
        try:
            with db.session.begin_nested():
                db.session.add(certificate)
        except IntegrityError:
            # Someone else issued it between our check and our insert (theirs stands), or
            # another certificate took our status list index meanwhile (we take the next).
            existing = valid_certificate(enrollment.user_id, enrollment.cohort_id)
            if existing is not None:
                return IssueOutcome(existing, False, "existing")
            if not tries_left:
                raise
            certificate.status_list_index = next_status_list_index()
        else:
            break
    audit.record(actor, "certificate.created", certificate, status=status.value)
    if status == CertificateStatus.ISSUED:
        if render_later:
            schedule_render(certificate)
        signals.certificate_issued.send(certificate, actor=actor)
    return IssueOutcome(certificate, True, status.value)


def _snapshot(enrollment, completed_at: datetime, status: CertificateStatus, actor) -> Certificate:
    """A new certificate stating everything as it is now, its words in its language (the
    cohort's choice, else the learner's): a track's own wording stays as its author wrote it."""
    cohort, user = enrollment.cohort, enrollment.user
    language = certificate_language(user, cohort.id)
    with speaking_to(language=language):
        return _snapshot_in_language(enrollment, completed_at, status, actor, language)


def _snapshot_in_language(enrollment, completed_at, status, actor, language: str) -> Certificate:
    cohort, user = enrollment.cohort, enrollment.user
    track = cohort.track
    wording = track.certificate or {}
    title = (wording.get("title") or "").strip()
    if not title or title == DEFAULT_TITLE:  # the default words, in the certificate's language
        title = str(_DEFAULT_TITLE)
    score = eligibility.score_of(user.id, cohort.id)
    code = new_code()
    salt = secrets.token_hex(8)
    now = utcnow()
    certificate = Certificate(
        user_id=user.id, cohort_id=cohort.id, track_id=track.id,
        code=code, code_hash=hash_code(code),
        learner_name=user.name, track_slug=track.slug, track_title=track.title, track_version=track.version,
        cohort_name=cohort.name, cohort_starts_on=cohort.starts_on, cohort_ends_on=cohort.ends_on,
        completed_at=completed_at, mentor_names=eligibility.mentor_names(enrollment),
        skills=list(track.skills or []),
        score_points=score.points if score else None, score_max=score.max_points if score else None,
        title=title,
        statement=(wording.get("statement")
                   or gettext("has successfully completed the %(track)s skill track.", track=track.title)).strip(),
        criteria=describe_rule(track.completion), language=language,
        identity_salt=salt, identity_hash=identity_hash(user.email, salt),
        status_list_index=next_status_list_index(), created_at=now,
        issued_by_id=getattr(actor, "id", None) if status == CertificateStatus.ISSUED else None,
    )
    states.transition(certificate, status, machine=STATUS, now=now)
    return certificate


def on_progress_changed(_sender, *, user_id: int, cohort_id: int, **_) -> None:
    """``progress_changed`` receiver: runs in the sender's transaction.

    A failure here must not undo the learner's progress: it is logged, its SAVEPOINT
    rolled back, and ``flask certificates issue`` catches up later.
    """
    try:
        with db.session.begin_nested():
            issue_if_complete(user_id, cohort_id)
    except Exception:
        log.exception("certificate check failed for user %s in cohort %s", user_id, cohort_id)
