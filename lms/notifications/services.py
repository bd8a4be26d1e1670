"""Telling people: in-app notifications, and emails through the outbox (``lms.outbox``).

A ``dedupe_key`` makes every notification and email exist at most once, e.g.
``reviewed:<review_id>:<user_id>`` or ``reminder:<cohort>:<lesson>:<user>``.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_request_context, url_for
from flask_babel import gettext, ngettext
from sqlalchemy import func, select, update

from lms.auth.models import User
from lms.cohorts import schedule
from lms.cohorts.models import ACCEPTING_WORK, Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.cohorts.services import deadline_overrides
from lms.database import as_utc, insert_once, utcnow
from lms.extensions import db
from lms.i18n.formatting import format_deadline
from lms.i18n.recipients import speaking_to
from lms.mail import render_text
from lms.notifications import timing
from lms.notifications.models import Notification, NotificationPreference, SubmissionAlerts, ThreadEmails
from lms.outbox import OutboxEmail, queue_email
from lms.submissions.models import Submission
from lms.submissions.states import label
from lms.tracks.models import Lesson, LessonKind

# --- Links that work inside and outside requests -----------------------------------

def path_for(endpoint: str, **values) -> str:
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def absolute(path: str) -> str:
    return current_app.config["LMS_BASE_URL"].rstrip("/") + path


# --- Preferences --------------------------------------------------------------------

def preference_for(user_id: int) -> NotificationPreference:
    """The user's stored choices, or the defaults (not added to the session)."""
    preference = db.session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == user_id))
    return preference or NotificationPreference(user_id=user_id, submission_alerts=SubmissionAlerts.IMMEDIATE,
                                                email_reviews=True, email_reminders=True,
                                                thread_emails=ThreadEmails.IMMEDIATE, quiet_from=None,
                                                quiet_until=None, digest_hour=8)


def save_preference(user, submission_alerts: SubmissionAlerts, email_reviews: bool, email_reminders: bool,
                    **threads) -> None:
    """Store the user's choices; ``threads`` may set ``thread_emails``, ``quiet_from``,
    ``quiet_until`` (minutes after local midnight, both or neither) and ``digest_hour``."""
    preference = preference_for(user.id)
    preference.submission_alerts = submission_alerts
    preference.email_reviews = email_reviews
    preference.email_reminders = email_reminders
    for name in ("thread_emails", "quiet_from", "quiet_until", "digest_hour"):
        if name in threads:
            setattr(preference, name, threads[name])
    db.session.add(preference)
    db.session.flush()


# --- Writing notifications and emails ----------------------------------------------

def notify(user_id: int, kind: str, title: str, *, body: str = "", url: str = "",
           dedupe_key: str | None = None, in_digest: bool = False) -> int | None:
    """Add an in-app notification; its id, or None when ``dedupe_key`` was used before."""
    return insert_once(Notification, user_id=user_id, kind=kind, title=title[:300], body=body, url=url,
                        dedupe_key=dedupe_key, in_digest=in_digest, created_at=utcnow())


def quiet_hours_end(user: User, preference: NotificationPreference | None = None,
                    now: datetime | None = None) -> datetime | None:
    """When the user's quiet hours around ``now`` end, or None when they are not in them."""
    preference = preference or preference_for(user.id)
    return timing.quiet_until(preference.quiet_from, preference.quiet_until, user.timezone or "UTC", now or utcnow())


def _email(user: User, template: str, subject: str, dedupe_key: str, *,
           preference: NotificationPreference | None = None, **context) -> int | None:
    """Queue an email to ``user``; inside their quiet hours it waits until they end. The body is
    written in their language and time zone (compose ``subject`` inside ``speaking_to(user)`` too)."""
    with speaking_to(user):
        text = render_text(f"notifications/email/{template}.txt", user=user, absolute=absolute, **context)
    return queue_email(user.email, subject, text, dedupe_key=dedupe_key,
                       not_before=quiet_hours_end(user, preference))


def tell_about_thread(user: User | None, ask, title: str, *, body: str = "", dedupe_key: str,
                      now: datetime | None = None) -> bool:
    """Tell ``user`` about an event in the thread of ``ask``: in the app always, by email as they chose.

    Immediate emails: the first event of a thread in the user's digest day is emailed, later
    ones that day stay in the app only (the key ``thread:<ask>:<user>:<digest day>``). Daily:
    the notification waits for the digest. Never: in the app only. False when told before.
    """
    if user is None or not user.is_active:
        return False
    preference = preference_for(user.id)
    url = path_for("asks.thread", ask_id=ask.id)
    daily = preference.thread_emails == ThreadEmails.DAILY
    if notify(user.id, "ask", title, body=body, url=url, dedupe_key=dedupe_key, in_digest=daily) is None:
        return False
    if preference.thread_emails == ThreadEmails.IMMEDIATE:
        day = timing.digest_day(preference.digest_hour, user.timezone or "UTC", now or utcnow())
        _email(user, "ask", str(title), f"thread:{ask.id}:{user.id}:{day.isoformat()}", preference=preference,
               title=title, body=body, url=url, ask=ask, settings_url=path_for("notifications.settings"))
    return True


def _mentors_to_tell(submission) -> list[User]:
    """The learner's primary mentor; without one, every active mentor of the cohort."""
    enrollment = submission.enrollment
    query = select(User).join(Enrollment, Enrollment.user_id == User.id).where(
        Enrollment.cohort_id == submission.cohort_id, Enrollment.role == EnrollmentRole.MENTOR,
        Enrollment.status == EnrollmentStatus.ACTIVE, User.is_active.is_(True))
    if enrollment.mentor_id is not None:
        query = query.where(User.id == enrollment.mentor_id)
    return list(db.session.scalars(query))


def notify_submission_received(submission, attempt) -> None:
    learner, lesson = submission.user, submission.lesson
    url = path_for("reviews.review", submission_id=submission.id)
    for mentor in _mentors_to_tell(submission):
        preference = preference_for(mentor.id)
        daily = preference.submission_alerts == SubmissionAlerts.DAILY
        with speaking_to(mentor):
            title = gettext("%(name)s handed in “%(lesson)s” (attempt %(number)s)", name=learner.name,
                            lesson=lesson.title, number=attempt.number)
            notify(mentor.id, "submission", title, url=url, in_digest=daily,
                   dedupe_key=f"submitted:{attempt.id}:{mentor.id}")
            if not daily:
                _email(mentor, "submission", gettext("New work to review: %(lesson)s", lesson=lesson.title),
                       f"submitted:{attempt.id}:{mentor.id}", preference=preference, learner=learner, lesson=lesson,
                       attempt=attempt, url=url, cohort=submission.cohort)


def notify_work_reviewed(review) -> None:
    submission = review.submission
    learner = submission.user
    url = path_for("submissions.detail", submission_id=submission.id)
    key = f"reviewed:{review.id}:{learner.id}"
    with speaking_to(learner):
        status = str(label(submission.status))
        title = gettext("Your work on “%(lesson)s” was reviewed: %(status)s", lesson=submission.lesson.title,
                        status=status)
        notify(learner.id, "review", title, url=url, dedupe_key=key)
        preference = preference_for(learner.id)
        if preference.email_reviews:
            _email(learner, "reviewed", gettext("Your work was reviewed: %(lesson)s", lesson=submission.lesson.title),
                   key, preference=preference, review=review, submission=submission, status=status, url=url)


# --- Receivers of other features' signals (connected in ``init_app``) ----------------

def on_work_submitted(submission, *, attempt, **_) -> None:
    notify_submission_received(submission, attempt)


def on_review_decided(review, **_) -> None:
    notify_work_reviewed(review)


# --- Periodic tasks ------------------------------------------------------------------

def send_deadline_reminders(now: datetime | None = None) -> int:
    """Remind learners two days before a deadline of work they have not handed in."""
    now = now or utcnow()
    window_end = now + timedelta(days=current_app.config["REMINDER_DAYS_BEFORE"])
    cohorts = db.session.scalars(select(Cohort).where(Cohort.status.in_(ACCEPTING_WORK))).all()
    if not cohorts:
        return 0
    lessons = db.session.scalars(select(Lesson).where(
        Lesson.track_id.in_({c.track_id for c in cohorts}), Lesson.kind == LessonKind.ASSIGNMENT,
        Lesson.is_archived.is_(False))).all()
    overrides = deadline_overrides([c.id for c in cohorts])
    due_soon = []  # (cohort, lesson, due)
    for cohort in cohorts:
        for lesson in (x for x in lessons if x.track_id == cohort.track_id):
            due = schedule.due_at(cohort.starts_on, schedule.due_days_of(lesson.spec), cohort.timezone,
                                  overrides.get((cohort.id, lesson.id)))
            if due is not None and now < due <= window_end:
                due_soon.append((cohort, lesson, due))
    if not due_soon:
        return 0
    cohort_ids = {c.id for c, _, _ in due_soon}
    learners = db.session.execute(
        select(Enrollment.cohort_id, User).join(User, User.id == Enrollment.user_id).where(
            Enrollment.cohort_id.in_(cohort_ids), Enrollment.role == EnrollmentRole.LEARNER,
            Enrollment.status == EnrollmentStatus.ACTIVE, User.is_active.is_(True))).all()
    handed_in = set(db.session.execute(select(Submission.cohort_id, Submission.user_id, Submission.lesson_id)
                                       .where(Submission.cohort_id.in_(cohort_ids))).all())
    preferences = {p.user_id: p for p in db.session.scalars(select(NotificationPreference).where(
        NotificationPreference.user_id.in_({u.id for _, u in learners})))}
    sent = 0
    for cohort, lesson, due in due_soon:
        for cohort_id, learner in learners:
            if cohort_id != cohort.id or (cohort.id, learner.id, lesson.id) in handed_in:
                continue
            key = f"reminder:{cohort.id}:{lesson.id}:{learner.id}"
            local_due = schedule.to_local(due, cohort.timezone)
            url = path_for("submissions.submit", cohort_id=cohort.id, lesson_id=lesson.id)
            with speaking_to(learner):
                title = gettext("“%(lesson)s” is due %(when)s", lesson=lesson.title,
                                when=format_deadline(due, cohort.timezone))
                if notify(learner.id, "reminder", title, url=url, dedupe_key=key) is None:
                    continue
                sent += 1
                preference = preferences.get(learner.id)
                if preference is None or preference.email_reminders:
                    _email(learner, "reminder", gettext("Reminder: %(lesson)s is due soon", lesson=lesson.title), key,
                           preference=preference, lesson=lesson, cohort=cohort, due=local_due, due_at=due, url=url)
    return sent


def send_daily_digests(now: datetime | None = None) -> int:
    """Hourly: each user who has notifications waiting for the digest gets one email per digest
    day, at the start of it (their local ``digest_hour``, or when their quiet hours end),
    listing what arrived before that moment; what arrives later waits for the next one."""
    now = now or utcnow()
    pending = db.session.execute(select(Notification, User).join(User, User.id == Notification.user_id)
                                 .where(Notification.in_digest.is_(True))
                                 .order_by(Notification.user_id, Notification.id)).all()
    by_user: dict[int, tuple[User, list[Notification]]] = {}
    for notification, user in pending:
        by_user.setdefault(user.id, (user, []))[1].append(notification)
    preferences = {p.user_id: p for p in db.session.scalars(select(NotificationPreference).where(
        NotificationPreference.user_id.in_(by_user)))} if by_user else {}
    sent = 0
    for user, items in by_user.values():
        preference = preferences.get(user.id) or preference_for(user.id)
        zone = user.timezone or "UTC"
        if quiet_hours_end(user, preference, now) is not None:
            continue
        start = timing.digest_day_start(preference.digest_hour, zone, now)
        due = [item for item in items if as_utc(item.created_at) < start]
        key = f"digest:{user.id}:{timing.digest_day(preference.digest_hour, zone, now).isoformat()}"
        if not due or db.session.scalar(select(OutboxEmail.id).where(OutboxEmail.dedupe_key == key)):
            continue
        submissions = [item for item in due if item.kind == "submission"]
        with speaking_to(user):
            _email(user, "digest", _digest_subject(due), key, preference=preference, submissions=submissions,
                   threads=[item for item in due if item.kind != "submission"])
        for item in due:
            item.in_digest = False
        sent += 1
    db.session.flush()
    return sent


def _digest_subject(items: list[Notification]) -> str:
    count = len(items)
    if all(item.kind == "submission" for item in items):
        return ngettext("%(num)d new submission to review", "%(num)d new submissions to review", count)
    return ngettext("Your daily digest: %(num)d update", "Your daily digest: %(num)d updates", count)


# --- Reading -------------------------------------------------------------------------

def unread_count(user_id: int) -> int:
    return db.session.scalar(select(unread_count_of(user_id))) or 0


def unread_count_of(user_id):
    """SQL: how many unread notifications the person with this id (or SQL expression of one) has."""
    return (select(func.count(Notification.id))
            .where(Notification.user_id == user_id, Notification.read_at.is_(None)).scalar_subquery())


def recent(user_id: int, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user_id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_read(user_id: int, notification_id: int | None = None) -> None:
    query = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    db.session.execute(query.values(read_at=utcnow()).execution_options(synchronize_session=False))
