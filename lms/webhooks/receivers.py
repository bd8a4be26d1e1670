"""From the domain's signals to webhook events: one receiver per signal, each a thin mapping.

Receivers run in the sender's transaction (``lms.signals``), so the deliveries are
written with what happened, or not at all. Each body holds ids, a few key fields and the
API URL of the object.
"""
from __future__ import annotations

from flask import current_app

from lms import signals
from lms.certificates.publishing import verify_url
from lms.cohorts.models import EnrollmentStatus
from lms.meetings.models import BookingEventKind
from lms.webhooks.events import iso
from lms.webhooks.services import record_event


def api_url(path: str) -> str:
    return f"{current_app.config['LMS_BASE_URL'].rstrip('/')}/api/v1/{path}"


def _value(field) -> str | None:
    return getattr(field, "value", field)


def on_enrollment_changed(enrollment, *, from_status=None, to_status=None, **_) -> None:
    if to_status == EnrollmentStatus.ACTIVE and from_status in (None, EnrollmentStatus.WITHDRAWN):
        event_type = "enrolment.created"
    elif to_status == EnrollmentStatus.WITHDRAWN:
        event_type = "enrolment.withdrawn"
    else:
        return
    record_event(event_type, {
        "id": enrollment.id, "cohort_id": enrollment.cohort_id, "user_id": enrollment.user_id,
        "role": _value(enrollment.role), "status": _value(to_status),
        "url": api_url(f"enrolments/{enrollment.id}")})


def on_work_submitted(submission, *, attempt, **_) -> None:
    record_event("submission.created", {
        "id": submission.id, "cohort_id": submission.cohort_id, "user_id": submission.user_id,
        "lesson_id": submission.lesson_id, "attempt_id": attempt.id, "attempt_number": attempt.number,
        "submitted_at": iso(attempt.submitted_at), "url": api_url(f"submissions/{submission.id}")})


def on_review_decided(review, *, submission, decision, **_) -> None:
    record_event("review.decided", {
        "id": review.id, "submission_id": submission.id, "attempt_id": review.attempt_id,
        "cohort_id": submission.cohort_id, "user_id": submission.user_id, "reviewer_id": review.reviewer_id,
        "decision": _value(decision), "url": api_url(f"reviews/{review.id}"),
        "submission_url": api_url(f"submissions/{submission.id}")})


def _ask(event_type: str, ask) -> None:
    record_event(event_type, {
        "id": ask.id, "cohort_id": ask.cohort_id, "user_id": ask.user_id, "state": _value(ask.state),
        "url": api_url(f"asks/{ask.id}")})


def on_ask_opened(ask, **_) -> None:
    _ask("ask.opened", ask)


def on_ask_resolved(ask, **_) -> None:
    _ask("ask.resolved", ask)


BOOKING_EVENTS = {BookingEventKind.BOOKED: "session.booked", BookingEventKind.CANCELLED: "session.cancelled"}


def on_booking_changed(booking, *, change, **_) -> None:
    event_type = BOOKING_EVENTS.get(change)
    if event_type is None:
        return
    record_event(event_type, {
        "id": booking.id, "cohort_id": booking.cohort_id, "learner_id": booking.learner_id,
        "mentor_id": booking.mentor_id, "starts_at": iso(booking.starts_at), "ends_at": iso(booking.ends_at),
        "status": _value(booking.status), "url": api_url(f"sessions/{booking.id}")})


def _certificate(event_type: str, certificate) -> None:
    record_event(event_type, {
        "id": certificate.id, "user_id": certificate.user_id, "cohort_id": certificate.cohort_id,
        "code": certificate.code, "status": _value(certificate.status),
        "url": api_url(f"certificates/{certificate.id}"), "verify_url": verify_url(certificate.code)})


def on_certificate_issued(certificate, **_) -> None:
    _certificate("certificate.issued", certificate)


def on_certificate_revoked(certificate, **_) -> None:
    _certificate("certificate.revoked", certificate)


def connect() -> None:
    signals.enrollment_changed.connect(on_enrollment_changed)
    signals.work_submitted.connect(on_work_submitted)
    signals.review_decided.connect(on_review_decided)
    signals.ask_opened.connect(on_ask_opened)
    signals.ask_resolved.connect(on_ask_resolved)
    signals.booking_changed.connect(on_booking_changed)
    signals.certificate_issued.connect(on_certificate_issued)
    signals.certificate_revoked.connect(on_certificate_revoked)
