"""Mentor request pages: the learner asks, the asked mentor answers, the admins settle the rest."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions
from lms.auth import acting_user
from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, MentorshipRole
from lms.cohorts.relationships import MentoringError
from lms.extensions import db
from lms.mentorships import request_queries as queries, requests as service
from lms.mentorships.forms import (
    AskAgainForm,
    AssignRequestForm,
    CloseRequestForm,
    DeclineForm,
    MentorRequestForm,
    choices_of,
)
from lms.mentorships.models import MentorRequest, RequestPick
from lms.mentorships.views import bp
from lms.profiles.skills import skills_by_user


def _learner_enrollment(cohort_id: int) -> Enrollment:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not permissions.can_view_cohort(current_user, cohort):
        abort(404)
    enrollment = permissions.enrollment_in(current_user, cohort, EnrollmentRole.LEARNER)
    if enrollment is None:
        abort(404)
    permissions.require(permissions.can_request_mentor(current_user, enrollment))
    return enrollment


def _mentor_choices(enrollment: Enrollment) -> list[User]:
    ids = service.requestable_mentor_ids(enrollment)
    users = db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)) if ids else []
    return list(users)


@bp.route("/cohorts/<int:cohort_id>/mentor-requests/new", methods=["GET", "POST"])
@login_required
def new_request(cohort_id: int):
    enrollment = _learner_enrollment(cohort_id)
    form = MentorRequestForm()
    form.set_mentors(_mentor_choices(enrollment))
    if request.method == "GET" and request.args.get("mentor", type=int):
        form.pick_1.data = request.args.get("mentor", type=int)
    if form.validate_on_submit():
        new = service.NewRequest(mentor_ids=form.picks(), role=MentorshipRole(form.role.data),
                                 skill=form.skill.data or "", message=form.message.data or "")
        try:
            service.open_request(enrollment, new)
        except service.RequestError as error:
            db.session.rollback()
            form.pick_1.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Your request is on its way; you will hear back when the mentor answers."), "success")
            return redirect(url_for("cohorts.my_mentor", cohort_id=cohort_id))
    return render_template("mentorships/request_form.html", form=form, cohort=enrollment.cohort,
                           days=enrollment.cohort.request_response_days)


@bp.route("/cohorts/<int:cohort_id>/mentor-requests/again", methods=["POST"])
@login_required
def ask_again(cohort_id: int):
    enrollment = _learner_enrollment(cohort_id)
    form = AskAgainForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.ask_again(enrollment, form.mentor_id.data)
    except service.RequestError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("We asked them again; you will hear back when they answer."), "success")
    return redirect(url_for("cohorts.my_mentor", cohort_id=cohort_id))


@bp.route("/mentor-requests/<int:request_id>/withdraw", methods=["POST"])
@login_required
def withdraw_request(request_id: int):
    mentor_request = db.session.get(MentorRequest, request_id)
    if mentor_request is None or not permissions.can_withdraw_mentor_request(current_user, mentor_request):
        abort(404)
    try:
        service.withdraw(mentor_request, actor=acting_user())
        db.session.commit()
        flash(gettext("Request withdrawn."), "success")
    except (service.RequestError, StaleDataError) as error:
        db.session.rollback()
        flash(_message(error), "error")
    return redirect(url_for("cohorts.my_mentor", cohort_id=mentor_request.enrollment.cohort_id))


def _message(error: Exception) -> str:
    if isinstance(error, StaleDataError):
        return gettext("Someone else changed this request at the same time; look at it again.")
    return str(error)


# --- The asked mentor ---------------------------------------------------------------------------

@bp.route("/mentor-requests")
@login_required
def queue():
    permissions.require(permissions.can_use_mentor_request_queue(current_user))
    picks = queries.mentor_queue(current_user.id)
    # No link to the learner's plan: it is shown to their mentors only once one accepts.
    learners = [p.request.enrollment for p in picks]
    return render_template("mentorships/queue.html", picks=picks, decline_form=DeclineForm(),
                           skills=skills_by_user(e.user_id for e in learners))


def _asked_pick(pick_id: int) -> RequestPick:
    pick = db.session.get(RequestPick, pick_id)
    if pick is None or not permissions.can_answer_mentor_request(current_user, pick):
        abort(404)
    return pick


@bp.route("/mentor-requests/picks/<int:pick_id>/accept", methods=["POST"])
@login_required
def accept_pick(pick_id: int):
    pick = _asked_pick(pick_id)
    try:
        answer = service.accept(pick, actor=acting_user())
        db.session.commit()
        flash(answer.message, "success" if answer.accepted else "warning")
    except (service.RequestError, MentoringError, StaleDataError) as error:
        db.session.rollback()
        flash(_message(error), "error")
    return redirect(url_for("mentorships.queue"))


@bp.route("/mentor-requests/picks/<int:pick_id>/decline", methods=["POST"])
@login_required
def decline_pick(pick_id: int):
    pick = _asked_pick(pick_id)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            service.decline(pick, form.reason.data, actor=acting_user())
            db.session.commit()
            flash(gettext("Declined; the learner's next choice is asked."), "success")
        except (service.RequestError, StaleDataError) as error:
            db.session.rollback()
            flash(_message(error), "error")
        return redirect(url_for("mentorships.queue"))
    picks = queries.mentor_queue(current_user.id)
    return render_template("mentorships/queue.html", picks=picks, decline_form=form, declining=pick_id,
                           skills=skills_by_user(p.request.enrollment.user_id for p in picks)), 400


# --- The admins ------------------------------------------------------------------------------------

def _managed_cohort(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not permissions.can_view_cohort(current_user, cohort):
        abort(404)
    permissions.require(permissions.can_settle_mentor_requests(current_user, cohort))
    return cohort


def _admin_request(request_id: int) -> MentorRequest:
    mentor_request = db.session.get(MentorRequest, request_id)
    if mentor_request is None:
        abort(404)
    _managed_cohort(mentor_request.enrollment.cohort_id)
    return mentor_request


@bp.route("/cohorts/<int:cohort_id>/mentor-requests")
@login_required
def cohort_requests(cohort_id: int):
    cohort = _managed_cohort(cohort_id)
    return _admin_page(cohort)


def _admin_page(cohort: Cohort, *, failed: int | None = None, assign_form=None, close_form=None, status=200):
    rows = queries.cohort_requests(cohort.id)
    mentors = queries.cohort_mentors(cohort.id)
    assign_form = assign_form or AssignRequestForm()
    assign_form.mentor_id.choices = choices_of(mentors)
    return render_template("mentorships/admin_requests.html", cohort=cohort, requests=rows, mentors=mentors,
                           loads=queries.mentor_loads(cohort.id, mentors), assign_form=assign_form,
                           close_form=close_form or CloseRequestForm(), failed=failed), status


@bp.route("/mentor-requests/<int:request_id>/assign", methods=["POST"])
@login_required
def assign_request(request_id: int):
    mentor_request = _admin_request(request_id)
    cohort = mentor_request.enrollment.cohort
    form = AssignRequestForm()
    form.mentor_id.choices = choices_of(queries.cohort_mentors(cohort.id))
    if form.validate_on_submit():
        try:
            service.assign(mentor_request, form.mentor_id.data, actor=acting_user(), note=form.note.data or "")
            db.session.commit()
            flash(gettext("Mentor assigned."), "success")
            return redirect(url_for("mentorships.cohort_requests", cohort_id=cohort.id))
        except (service.RequestError, MentoringError, StaleDataError) as error:
            db.session.rollback()
            form.mentor_id.errors.append(_message(error))
    cohort = db.session.get(Cohort, cohort.id)
    return _admin_page(cohort, failed=request_id, assign_form=form, status=400)


@bp.route("/mentor-requests/<int:request_id>/close", methods=["POST"])
@login_required
def close_request(request_id: int):
    mentor_request = _admin_request(request_id)
    cohort = mentor_request.enrollment.cohort
    form = CloseRequestForm()
    if form.validate_on_submit():
        try:
            service.close(mentor_request, form.note.data, actor=acting_user())
            db.session.commit()
            flash(gettext("Request closed; the learner was told."), "success")
            return redirect(url_for("mentorships.cohort_requests", cohort_id=cohort.id))
        except (service.RequestError, StaleDataError) as error:
            db.session.rollback()
            form.note.errors.append(_message(error))
    cohort = db.session.get(Cohort, cohort.id)
    return _admin_page(cohort, failed=request_id, close_form=form, status=400)
