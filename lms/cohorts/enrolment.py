"""Enrolling people in cohorts: seats, withdrawal and re-activation, lists and CSV files.

Capacity holds under concurrency: a learner's seat is taken by one conditional UPDATE
(``seats_taken + 1 ... WHERE seats_taken < capacity``) whose row count says whether it
won, in the same transaction as the enrolment. Two requests racing for the last seat:
the database serialises the two UPDATEs and exactly one matches. Withdrawing gives the
seat back; nothing of the learner's work is deleted.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext, ngettext
from sqlalchemy import or_, select, update

from lms import signals, states
from lms.auth import services as accounts
from lms.auth.models import User
from lms.cohorts import enrolment_csv
from lms.cohorts.enrolment_csv import INVITE, CsvRow, PlanContext, PlanRow
from lms.cohorts.mentoring import assign_mentor
from lms.cohorts.models import Cohort, CohortStatus, CsvEnrollmentPlan, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.cohorts.services import STATUS_LABELS, CohortError
from lms.database import utcnow
from lms.extensions import db

PLAN_MAX_AGE = timedelta(hours=24)

_SEAT_HOLDING = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


class EnrolmentError(CohortError):
    pass


class InvalidEnrolmentTransition(EnrolmentError, states.InvalidTransition):
    """The enrolment's status cannot change this way."""


# The one place that knows how an enrolment's status may change.
ENROLMENT_STATUS = states.StateMachine(
    noun="enrolment", plural="enrolments", error=InvalidEnrolmentTransition,
    transitions={
        None: {EnrollmentStatus.ACTIVE},
        EnrollmentStatus.ACTIVE: {EnrollmentStatus.WITHDRAWN, EnrollmentStatus.COMPLETED},
        EnrollmentStatus.WITHDRAWN: {EnrollmentStatus.ACTIVE},
        EnrollmentStatus.COMPLETED: {EnrollmentStatus.ACTIVE},
    })


class CohortFull(EnrolmentError):
    pass


class PlanHasErrors(EnrolmentError):
    """Some rows cannot be enrolled; nothing was written. ``rows`` says which and why."""

    def __init__(self, rows: list[PlanRow]):
        bad = sum(row.is_error for row in rows)
        super().__init__(ngettext("%(num)d row cannot be enrolled; nobody was enrolled.",
                                  "%(num)d rows cannot be enrolled; nobody was enrolled.", bad))
        self.rows = rows


class PlanChanged(EnrolmentError):
    """The cohort changed since the preview; the plan now holds the new preview."""


# --- seats -------------------------------------------------------------------------

def take_seat(cohort: Cohort) -> None:
    """Take one learner seat or raise ``CohortFull``; safe against concurrent enrolments."""
    table = Cohort.__table__
    result = db.session.execute(
        update(table)
        .where(table.c.id == cohort.id,
               or_(table.c.capacity.is_(None), table.c.seats_taken < table.c.capacity))
        .values(seats_taken=table.c.seats_taken + 1))
    db.session.expire(cohort, ["seats_taken", "capacity"])
    if result.rowcount != 1:
        raise CohortFull(ngettext("%(name)s is full: all %(num)d seats are taken.",
                                  "%(name)s is full: all %(num)d seats are taken.", cohort.capacity, name=cohort.name))


def release_seat(cohort: Cohort) -> None:
    table = Cohort.__table__
    db.session.execute(update(table).where(table.c.id == cohort.id, table.c.seats_taken > 0)
                       .values(seats_taken=table.c.seats_taken - 1))
    db.session.expire(cohort, ["seats_taken"])


def _holds_seat(role: EnrollmentRole, status: EnrollmentStatus) -> bool:
    return role == EnrollmentRole.LEARNER and status in _SEAT_HOLDING


def set_enrollment_status(enrollment: Enrollment, to: EnrollmentStatus, actor=None, *,
                          credit_prior_work: bool = False) -> None:
    """Withdraw, re-activate or complete an enrolment, keeping the seat count right."""
    ENROLMENT_STATUS.check(enrollment.status, to)
    had, has = _holds_seat(enrollment.role, enrollment.status), _holds_seat(enrollment.role, to)
    if to == EnrollmentStatus.ACTIVE:
        _require_accepting(enrollment.cohort, enrollment.role)
    if has and not had:
        take_seat(enrollment.cohort)
    elif had and not has:
        release_seat(enrollment.cohort)
    from_status = enrollment.status
    states.transition(enrollment, to, machine=ENROLMENT_STATUS)
    db.session.flush()
    signals.enrollment_changed.send(enrollment, from_status=from_status, to_status=to, actor=actor,
                                    credit_prior_work=credit_prior_work)


def withdraw(enrollment: Enrollment, actor=None) -> None:
    set_enrollment_status(enrollment, EnrollmentStatus.WITHDRAWN, actor)


def reactivate(enrollment: Enrollment, actor=None) -> None:
    set_enrollment_status(enrollment, EnrollmentStatus.ACTIVE, actor)


# --- enrolling ---------------------------------------------------------------------

def _require_accepting(cohort: Cohort, role: EnrollmentRole) -> None:
    closed = (CohortStatus.FINISHED, CohortStatus.ARCHIVED) if role == EnrollmentRole.LEARNER \
        else (CohortStatus.ARCHIVED,)
    if cohort.status in closed:
        status = STATUS_LABELS[cohort.status]
        if role == EnrollmentRole.LEARNER:
            raise EnrolmentError(gettext("%(name)s is %(status)s; it takes no new learners.", name=cohort.name,
                                         status=status))
        raise EnrolmentError(gettext("%(name)s is %(status)s; it takes no new mentors.", name=cohort.name,
                                     status=status))


def enrol(cohort: Cohort, user: User, role: EnrollmentRole, *, actor=None,
          mentor_id: int | None = None, credit_prior_work: bool = False) -> Enrollment:
    """Enrol ``user``, or re-activate their withdrawn enrolment with the same role.

    ``credit_prior_work``: the lessons and quizzes a learner completed in an earlier
    cohort of the same track count here too, labelled as credited (``lms.progress`` does
    it on ``enrollment_changed``). Approved assignments are never credited.
    """
    existing = db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == user.id))
    if existing is not None:
        if existing.status != EnrollmentStatus.WITHDRAWN:
            if existing.role == EnrollmentRole.MENTOR:
                raise EnrolmentError(gettext("%(name)s is already enrolled as mentor.", name=user.name))
            raise EnrolmentError(gettext("%(name)s is already enrolled as learner.", name=user.name))
        if existing.role != role:
            if existing.role == EnrollmentRole.MENTOR:
                raise EnrolmentError(gettext("%(name)s was enrolled as mentor; re-activate them as mentor.",
                                             name=user.name))
            raise EnrolmentError(gettext("%(name)s was enrolled as learner; re-activate them as learner.",
                                         name=user.name))
        set_enrollment_status(existing, EnrollmentStatus.ACTIVE, actor, credit_prior_work=credit_prior_work)
        enrollment = existing
    else:
        _require_accepting(cohort, role)
        if role == EnrollmentRole.LEARNER:
            take_seat(cohort)
        enrollment = Enrollment(cohort=cohort, user=user, role=role, enrolled_at=utcnow())
        states.transition(enrollment, EnrollmentStatus.ACTIVE, machine=ENROLMENT_STATUS)
        db.session.add(enrollment)
        db.session.flush()
        signals.enrollment_changed.send(enrollment, from_status=None, to_status=enrollment.status, actor=actor,
                                        credit_prior_work=credit_prior_work)
    if mentor_id is not None and mentor_id != enrollment.mentor_id:
        assign_mentor(enrollment, mentor_id, actor=actor, reason="named in the enrolment list")
    return enrollment


def plan_context(cohort: Cohort, role: EnrollmentRole, emails: list[str], credit_default: bool = False) -> PlanContext:
    """The database's view of these addresses, for ``enrolment_csv.plan``."""
    emails = sorted({e for e in emails if e})
    # An unconfirmed self-registered account counts as no account: enrolling its address
    # invites the real owner (``create_user`` takes it over), never the registrant.
    users = dict(db.session.execute(select(User.email, User.name).where(
        User.email.in_(emails), User.email_confirmed_at.is_not(None))).all()) if emails else {}
    enrolments = {email: (r.value, s.value) for email, r, s in db.session.execute(
        select(User.email, Enrollment.role, Enrollment.status).join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.cohort_id == cohort.id, User.email.in_(emails)))} if emails else {}
    mentor_emails = set(db.session.scalars(
        select(User.email).join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.MENTOR,
               Enrollment.status == EnrollmentStatus.ACTIVE)))
    seats = db.session.execute(select(Cohort.capacity, Cohort.seats_taken).where(Cohort.id == cohort.id)).one()
    return PlanContext(role=role.value, users=users, enrolments=enrolments, mentor_emails=mentor_emails,
                       seats_free=None if seats.capacity is None else max(0, seats.capacity - seats.seats_taken),
                       credit_default=credit_default)


def plan_rows(cohort: Cohort, rows: list[CsvRow], role: EnrollmentRole, credit_default: bool = False) -> list[PlanRow]:
    emails = [enrolment_csv.normalise_email(row.email) for row in rows]
    emails += [enrolment_csv.normalise_email(row.mentor_email) for row in rows if row.mentor_email]
    return enrolment_csv.plan(rows, plan_context(cohort, role, [e for e in emails if e], credit_default))


def _execute(cohort: Cohort, rows: list[PlanRow], role: EnrollmentRole, actor) -> list[PlanRow]:
    """Enrol every planned row; invitations go out last, once every seat is taken.

    Invitations are written to the outbox in this transaction and delivered after the
    commit, retried until the mail server takes them.
    """
    mentor_emails = {row.line: enrolment_csv.normalise_email(row.mentor_email) for row in rows if row.mentor_email}
    mentor_ids = {email: user_id for email, user_id in db.session.execute(
        select(User.email, User.id).where(User.email.in_(set(mentor_emails.values()))))} if mentor_emails else {}
    for row in rows:
        if row.action == INVITE:
            user = accounts.create_user(row.email, row.name)
        else:
            user = db.session.scalar(select(User).where(User.email == row.email))
        enrol(cohort, user, role, actor=actor, mentor_id=mentor_ids.get(mentor_emails.get(row.line)),
              credit_prior_work=row.credit)
    for row in rows:
        if row.action == INVITE:
            accounts.invite_user(row.email, row.name, invited_by=actor, cohort_name=cohort.name)
    return rows


def enrol_list(cohort: Cohort, rows: list[CsvRow], role: EnrollmentRole, actor=None,
               credit_prior_work: bool = False) -> list[PlanRow]:
    """Enrol every row (email, optional name, mentor and credit choice) or nobody: raise ``PlanHasErrors``."""
    planned = plan_rows(cohort, rows, role, credit_prior_work)
    if any(row.is_error for row in planned):
        raise PlanHasErrors(planned)
    return _execute(cohort, planned, role, actor)


# --- CSV files: preview, then confirm ------------------------------------------------

def preview_csv(cohort: Cohort, data: bytes, role: EnrollmentRole, *, filename: str = "",
                actor) -> CsvEnrollmentPlan:
    """Read an uploaded file and keep it with its dry-run preview; nothing is enrolled yet."""
    text = enrolment_csv.decode(data)
    rows = enrolment_csv.parse(text)
    if not rows:
        raise EnrolmentError(gettext("The file has no rows to enrol."))
    plan = CsvEnrollmentPlan(token=secrets.token_urlsafe(24), cohort_id=cohort.id, created_by_id=actor.id,
                             filename=filename[:255], content=text, role=role,
                             preview=enrolment_csv.as_json(plan_rows(cohort, rows, role)))
    db.session.add(plan)
    db.session.flush()
    return plan


def refresh_preview(plan: CsvEnrollmentPlan, cohort: Cohort) -> list[PlanRow]:
    rows = plan_rows(cohort, enrolment_csv.parse(plan.content), plan.role)
    plan.preview = enrolment_csv.as_json(rows)
    db.session.flush()
    return rows


def confirm_csv(plan: CsvEnrollmentPlan, cohort: Cohort, actor, *, skip_bad_rows: bool = False) -> list[PlanRow]:
    """Carry out a previewed plan: every row, or with ``skip_bad_rows`` every good row.

    Raises ``PlanChanged`` (after storing the new preview; the caller commits it) when
    the cohort or the accounts changed since the preview, ``PlanHasErrors`` while any
    row is bad (unless skipped) or when no row is good; a seat lost to a concurrent
    enrolment raises ``CohortFull`` (roll back). Returns the rows enrolled.
    """
    if plan.confirmed_at is not None:
        raise EnrolmentError(gettext("This file was already enrolled."))
    if utcnow() - plan.created_at > PLAN_MAX_AGE:
        raise EnrolmentError(gettext("This preview is more than a day old; upload the file again."))
    seen = plan.preview
    fresh = plan_rows(cohort, enrolment_csv.parse(plan.content), plan.role)
    if enrolment_csv.as_json(fresh) != seen:
        # Only an unconfirmed plan takes the new preview: a confirmation that lost a race keeps the winner's.
        stored = db.session.execute(update(CsvEnrollmentPlan).where(
            CsvEnrollmentPlan.id == plan.id, CsvEnrollmentPlan.confirmed_at.is_(None)).values(
            preview=enrolment_csv.as_json(fresh)))
        if stored.rowcount != 1:
            raise EnrolmentError(gettext("This file was already enrolled."))
        raise PlanChanged(gettext("Something changed since the preview (seats, accounts or enrolments). "
                                  "Here is the new preview; nothing was enrolled."))
    good = [row for row in fresh if not row.is_error]
    if not good or (len(good) < len(fresh) and not skip_bad_rows):
        raise PlanHasErrors(fresh)
    # Claim the plan first: of two confirmations at once, the database lets one through.
    claimed = db.session.execute(update(CsvEnrollmentPlan).where(
        CsvEnrollmentPlan.id == plan.id, CsvEnrollmentPlan.confirmed_at.is_(None)).values(confirmed_at=utcnow()))
    if claimed.rowcount != 1:
        raise EnrolmentError(gettext("This file was already enrolled."))
    _execute(cohort, good, plan.role, actor)
    db.session.flush()
    return good


BAD_ROWS_HEADER = ["email", "name", "mentor_email", "credit_prior_work", "error"]


def bad_rows(plan: CsvEnrollmentPlan) -> list[list[str]]:
    """The rows of the preview that cannot be enrolled, as written in the file, each with its reason.

    The columns start with the upload format, so the file can be fixed and uploaded again.
    """
    written = {row.line: row for row in enrolment_csv.parse(plan.content)}
    result = []
    for row in enrolment_csv.from_json(plan.preview):
        if row.is_error:
            source = written.get(row.line)
            credit = source.credit if source else ""
            result.append([source.email if source else row.email, row.name, row.mentor_email, credit,
                           f"line {row.line}: {row.reason}"])
    return result
