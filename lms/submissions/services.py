"""Handing in work. Services flush but never commit; the caller commits once."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from lms import signals, states, storage
from lms.audit.services import record
from lms.cohorts.models import Enrollment
from lms.database import utcnow
from lms.errors import DomainError, PermissionDenied
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.rendering import render_user_markdown
from lms.submissions import deadlines, files as file_rules, states as submission_states
from lms.submissions.models import Attempt, AttemptFile, Submission, SubmissionStatus
from lms.submissions.states import InvalidTransition, transition
from lms.tracks.models import Lesson, LessonKind

SUBMISSION_FORMS = ("text", "url", "file")
URL_MAX_LENGTH = 2000
ALREADY_HANDED_IN = lazy_gettext(
    "This work is already handed in; you can hand in again when a mentor asks for changes.")


class SubmissionError(DomainError):
    """Work was refused; the message is safe to show."""


class InvalidWork(SubmissionError):
    """What was handed in does not fit the assignment; ``errors`` maps a form field to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(" ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


@dataclass
class UploadedFile:
    filename: str
    data: bytes


@dataclass
class AttemptData:
    idempotency_key: str
    text: str = ""
    url: str = ""
    files: list[UploadedFile] = field(default_factory=list)
    carry_file_ids: list[int] = field(default_factory=list)  # files of the previous attempt to keep


def allowed_forms(lesson: Lesson) -> list[str]:
    """How this assignment may be handed in, in the order text, url, file."""
    wanted = (lesson.spec or {}).get("submission") or ["text"]
    if isinstance(wanted, str):
        wanted = [wanted]
    return [form for form in SUBMISSION_FORMS if form in wanted] or ["text"]


def max_attempts(lesson: Lesson) -> int | None:
    """The most attempts a learner gets: the assignment's ``max_attempts``, else the
    ``SUBMISSION_MAX_ATTEMPTS`` setting; 0 or None means no limit."""
    value = (lesson.spec or {}).get("max_attempts", current_app.config["SUBMISSION_MAX_ATTEMPTS"])
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = current_app.config["SUBMISSION_MAX_ATTEMPTS"]
    return value or None


def attempts_left(submission: Submission | None, lesson: Lesson) -> int | None:
    limit = max_attempts(lesson)
    if limit is None:
        return None
    return max(limit - (submission.attempt_count if submission else 0), 0)


def find_attempt_by_key(key: str) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(Attempt.idempotency_key == key))


def find_submission(cohort_id: int, user_id: int, lesson_id: int) -> Submission | None:
    return db.session.scalar(
        select(Submission)
        .where(Submission.cohort_id == cohort_id, Submission.user_id == user_id, Submission.lesson_id == lesson_id)
        .options(selectinload(Submission.attempts).selectinload(Attempt.files)))


def validate_url(value: str) -> str:
    url = (value or "").strip()
    parts = urlsplit(url)
    if len(url) > URL_MAX_LENGTH:
        raise ValueError(gettext("Links may be at most %(num)s characters.", num=URL_MAX_LENGTH))
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname or any(c.isspace() for c in url):
        raise ValueError(gettext("Enter a full web address starting with http:// or https://."))
    return url


def _check_work(lesson: Lesson, data: AttemptData, carried: list[AttemptFile]) -> list[tuple]:
    """Validate the hand-in; return the new files as (CheckedFile, bytes)."""
    config = current_app.config
    forms = allowed_forms(lesson)
    errors: dict[str, list[str]] = {}
    text = data.text or ""
    if text.strip() and "text" not in forms:
        errors.setdefault("text", []).append(gettext("This assignment does not take text."))
    if len(text) > config["SUBMISSION_MAX_TEXT_CHARS"]:
        errors.setdefault("text", []).append(gettext(
            "Keep the text under %(limit)s characters (this one has %(length)s); attach longer work as a file.",
            limit=format_number(config["SUBMISSION_MAX_TEXT_CHARS"]), length=format_number(len(text))))
    if data.url:
        if "url" not in forms:
            errors.setdefault("url", []).append(gettext("This assignment does not take a link."))
        else:
            try:
                data.url = validate_url(data.url)
            except ValueError as error:
                errors.setdefault("url", []).append(str(error))
    if (data.files or carried) and "file" not in forms:
        errors.setdefault("files", []).append(gettext("This assignment does not take files."))
    checked, file_errors = check_uploads(data.files, kept_sizes=[f.size for f in carried])
    if file_errors:
        errors.setdefault("files", []).extend(file_errors)
    if not errors and not (text.strip() or data.url or checked or carried):
        field_name = {"text": "text", "url": "url", "file": "files"}[forms[0]]
        errors[field_name] = [_hand_in_what(forms)]
    if errors:
        raise InvalidWork(errors)
    return checked


def _hand_in_what(forms: list[str]) -> str:
    """"Hand in some text or a link." as one sentence per combination, for the translators."""
    sentences = {
        ("text",): lazy_gettext("Hand in some text."),
        ("url",): lazy_gettext("Hand in a link."),
        ("file",): lazy_gettext("Hand in a file."),
        ("text", "url"): lazy_gettext("Hand in some text or a link."),
        ("text", "file"): lazy_gettext("Hand in some text or a file."),
        ("url", "file"): lazy_gettext("Hand in a link or a file."),
        ("text", "url", "file"): lazy_gettext("Hand in some text or a link or a file."),
    }
    return str(sentences[tuple(forms)])


def check_uploads(uploads: list[UploadedFile], *, kept_sizes=(), per: str = "attempt") -> tuple[list, list[str]]:
    """Check uploads against the upload rules (each file, then all together with ``kept_sizes``).

    Returns the accepted files as (CheckedFile, bytes) and the messages for those refused.
    Asks and their replies take files under the same rules (``per`` names the unit)."""
    config = current_app.config
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append((file_rules.check_file(upload.filename, upload.data,
                                                  allowed_extensions=config["SUBMISSION_ALLOWED_EXTENSIONS"],
                                                  max_bytes=config["SUBMISSION_MAX_FILE_BYTES"]), upload.data))
        except file_rules.FileRejected as error:
            errors.append(str(error))
    try:
        file_rules.check_total([c.size for c, _ in checked] + list(kept_sizes),
                               max_total_bytes=config["SUBMISSION_MAX_TOTAL_BYTES"],
                               max_files=config["SUBMISSION_MAX_FILES"], per=per)
    except file_rules.FileRejected as error:
        errors.append(str(error))
    return checked, errors


def upload_limits() -> dict:
    """The upload rules in words, for the forms that take files."""
    config = current_app.config
    return {"file": file_rules.human_size(config["SUBMISSION_MAX_FILE_BYTES"]),
            "total": file_rules.human_size(config["SUBMISSION_MAX_TOTAL_BYTES"]),
            "count": config["SUBMISSION_MAX_FILES"],
            "extensions": ", ".join(sorted(config["SUBMISSION_ALLOWED_EXTENSIONS"]))}


def submit_attempt(enrollment: Enrollment, lesson: Lesson, data: AttemptData, actor) -> Attempt:
    """Record a new attempt (the first, or the next after changes were requested).

    A replay of the same ``idempotency_key`` by the same learner returns the attempt
    it created. Late work is accepted and flagged.
    """
    if actor.id != enrollment.user_id:
        raise PermissionDenied()
    existing = find_attempt_by_key(data.idempotency_key)
    if existing is not None:
        if existing.submission.user_id != actor.id:
            raise PermissionDenied()
        return existing
    cohort = enrollment.cohort
    if not enrollment.is_active:
        if enrollment.status.value == "completed":
            raise SubmissionError(gettext("Your place in %(cohort)s is completed; it takes no more work.",
                                          cohort=cohort.name))
        raise SubmissionError(gettext("Your place in %(cohort)s is withdrawn; it takes no more work.",
                                      cohort=cohort.name))
    if lesson.kind != LessonKind.ASSIGNMENT or lesson.track_id != cohort.track_id:
        raise SubmissionError(gettext("This lesson is not an assignment of your cohort."))
    if not cohort.accepts_work:
        raise SubmissionError(gettext("This cohort no longer accepts work."))
    submission = find_submission(cohort.id, actor.id, lesson.id)
    if submission is not None:
        if submission.status != SubmissionStatus.CHANGES_REQUESTED:
            raise InvalidTransition(str(ALREADY_HANDED_IN))
        if attempts_left(submission, lesson) == 0:
            raise SubmissionError(gettext("You have used every attempt for this assignment."))
    previous = submission.attempts[-1] if submission and submission.attempts else None
    carried = [f for f in (previous.files if previous else []) if f.id in set(data.carry_file_ids)]
    checked = _check_work(lesson, data, carried)

    now = utcnow()
    if submission is None:
        submission = Submission(cohort_id=cohort.id, enrollment_id=enrollment.id, user_id=actor.id,
                                lesson_id=lesson.id, attempt_count=0, waiting_since=now)
        states.transition(submission, SubmissionStatus.SUBMITTED, machine=submission_states.MACHINE)
        try:
            with db.session.begin_nested():
                db.session.add(submission)
        except IntegrityError:
            # Handed in from another tab at the same moment (with another key): the
            # unique (cohort, learner, lesson) let the other one win.
            raise InvalidTransition(str(ALREADY_HANDED_IN)) from None
        record(actor, "submitted", submission, attempt=1)
    else:
        try:
            transition(submission, SubmissionStatus.SUBMITTED, actor, attempt=submission.attempt_count + 1)
            db.session.flush()
        except StaleDataError:
            # Handed in from another tab since we loaded it: its version check let the other win.
            raise InvalidTransition(str(ALREADY_HANDED_IN)) from None
    due = deadlines.due_at(cohort, lesson)
    attempt = Attempt(submission=submission, number=submission.attempt_count + 1, text=data.text or "",
                      text_html=render_user_markdown(data.text or ""),
                      url=data.url or None, submitted_at=now, due_at=due, is_late=bool(due and now > due),
                      idempotency_key=data.idempotency_key)
    db.session.add(attempt)
    submission.attempt_count = attempt.number
    for old in carried:
        attempt.files.append(AttemptFile(storage_key=old.storage_key, filename=old.filename,
                                         extension=old.extension, size=old.size))
    for info, content in checked:
        attempt.files.append(AttemptFile(storage_key=storage.put(content), filename=info.filename,
                                         extension=info.extension, size=info.size))
    db.session.flush()
    signals.work_submitted.send(submission, attempt=attempt, actor=actor)
    return attempt


def read_file(attempt_file: AttemptFile) -> bytes:
    return storage.get(attempt_file.storage_key)
