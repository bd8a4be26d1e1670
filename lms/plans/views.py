"""The plan pages: a learner's goals, the forms that change them, mentors' check-in notes,
and the welcome step that asks new people for their first goals."""
from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms.auth.models import User
from lms.auth.views import safe_next_url
from lms.extensions import db
from lms.i18n.formatting import format_day
from lms.pagecache import cached_page
from lms.permissions import can_add_checkin, can_edit_plan, can_see_private_notes, can_view_plan, require
from lms.plans import links, queries, services
from lms.plans.forms import CheckInForm, FirstGoalsForm, GoalForm, GoalStatusForm, VersionForm
from lms.plans.models import Goal, GoalStatus, NoteVisibility
from lms.plans.progress import plan_progress

bp = Blueprint("plans", __name__, template_folder="templates")


@bp.app_template_filter("plan_day")
def plan_day(moment: datetime | date | None) -> str:
    """``12 May 2026`` (a moment: its day in the reader's time zone), in the reader's language."""
    return format_day(moment)


# --- reading a plan -----------------------------------------------------------------------

def _checkin_form(goal_id: int, form: CheckInForm | None = None) -> CheckInForm:
    """The note form of one goal, with ids of its own (a plan page shows one per goal)."""
    form = form or CheckInForm(formdata=None)
    for field in (form.body, form.visibility):
        field.id = field.label.field_id = f"goal-{goal_id}-{field.name}"
    return form


def _render_plan(owner: User, checkin_forms: dict[int, CheckInForm] | None = None, status: int = 200):
    goals = queries.plan_of(owner.id)
    private_too = can_see_private_notes(current_user, owner.id)
    return render_template(
        "plans/plan.html", owner=owner, goals=goals, progress=plan_progress(owner.id, goals),
        notes={goal.id: queries.visible_notes(goal, private_too=private_too) for goal in goals},
        is_owner=can_edit_plan(current_user, owner.id), may_comment=can_add_checkin(current_user, owner.id),
        checkin_forms=checkin_forms or {}, checkin_form_for=_checkin_form,
        next_states=services.STATUS.next_states, status_label=services.status_label,
        mentees=queries.mentees_of(current_user.id) if owner.id == current_user.id else []), status


@bp.route("/plan")
@login_required
@cached_page
def mine():
    return _render_plan(current_user)


@bp.route("/people/<int:user_id>/plan")
@login_required
def person(user_id: int):
    owner = db.session.get(User, user_id)
    require(owner is not None and can_view_plan(current_user, user_id), hide=True)
    return _render_plan(owner)


# --- the learner's goals --------------------------------------------------------------------

def _own_goal(goal_id: int) -> Goal:
    goal = db.session.get(Goal, goal_id)
    require(goal is not None and can_view_plan(current_user, goal.user_id), hide=True)
    require(can_edit_plan(current_user, goal.user_id))
    return goal


def _offer_links(form: GoalForm, user_id: int) -> None:
    form.skills.choices = [(skill, skill) for skill in links.linkable_skills(user_id)]
    form.criteria.choices = [(option.key, option.label) for option in links.linkable_criteria(user_id)]


def _data(form: GoalForm) -> services.GoalData:
    return services.GoalData(title=form.title.data or "", why=form.why.data or "", measure=form.measure.data or "",
                             target_on=form.target_on.data, cite_as_evidence=form.cite_as_evidence.data,
                             skills=list(form.skills.data or []), criteria=list(form.criteria.data or []))


def _version(form) -> int | None:
    return int(form.version.data) if form.version.data else None


@bp.route("/plan/goals/new", methods=["GET", "POST"])
@login_required
def new_goal():
    form = GoalForm()
    _offer_links(form, current_user.id)
    if form.validate_on_submit():
        try:
            services.create_goal(current_user.id, _data(form))
        except services.PlanError as error:
            db.session.rollback()
            form.title.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Goal added to your plan."), "success")
            return redirect(url_for("plans.mine"))
    return render_template("plans/goal_form.html", form=form, goal=None)


@bp.route("/plan/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_goal(goal_id: int):
    goal = _own_goal(goal_id)
    form = GoalForm(obj=goal, version=goal.version, skills=[link.skill for link in goal.skills],
                    criteria=[f"{link.lesson_id}:{link.criterion}" for link in goal.criteria])
    _offer_links(form, goal.user_id)
    if form.validate_on_submit():
        try:
            services.update_goal(goal, _data(form), based_on_version=_version(form))
        except services.StaleGoal as error:
            db.session.rollback()
            return _stale(goal_id, form, str(error))
        except services.PlanError as error:
            db.session.rollback()
            form.title.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Goal saved."), "success")
            return redirect(url_for("plans.mine", _anchor=f"goal-{goal.id}"))
    return render_template("plans/goal_form.html", form=form, goal=goal)


def _stale(goal_id: int, mine: GoalForm, message: str):
    """Keep what the person typed, show what is saved now, and let a second save apply theirs."""
    goal = db.session.get(Goal, goal_id)
    if goal is None:
        flash(gettext("This goal was deleted meanwhile. Your text is below: add it as a new goal if it still "
                      "matters."), "warning")
        return render_template("plans/goal_form.html", form=mine, goal=None, action=url_for("plans.new_goal")), 409
    mine.version.data = goal.version
    flash(message, "warning")
    return render_template("plans/goal_form.html", form=mine, goal=goal, saved=goal,
                           status_label=services.status_label), 409


@bp.route("/plan/goals/<int:goal_id>/status", methods=["POST"])
@login_required
def change_status(goal_id: int):
    goal = _own_goal(goal_id)
    form = GoalStatusForm()
    if not form.validate_on_submit():
        flash(gettext("Choose one of the statuses offered."), "error")
        return redirect(url_for("plans.mine"))
    try:
        services.change_status(goal, GoalStatus(form.to.data), based_on_version=_version(form))
    except services.PlanError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("“%(title)s” is %(status)s now.", title=goal.title, status=services.status_label(goal.status)),
              "success")
    return redirect(url_for("plans.mine", _anchor=f"goal-{goal_id}"))


@bp.route("/plan/goals/<int:goal_id>/delete", methods=["POST"])
@login_required
def delete_goal(goal_id: int):
    goal = _own_goal(goal_id)
    form = VersionForm()
    try:
        if not form.validate_on_submit():
            raise services.PlanError(gettext("Reload the page and try again."))
        title = goal.title
        services.delete_goal(goal, based_on_version=_version(form))
    except services.PlanError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("plans.mine", _anchor=f"goal-{goal_id}"))
    db.session.commit()
    flash(gettext("“%(title)s” was deleted.", title=title), "success")
    return redirect(url_for("plans.mine"))


# --- mentors' notes -----------------------------------------------------------------------

@bp.route("/plan/goals/<int:goal_id>/checkins", methods=["POST"])
@login_required
def add_checkin(goal_id: int):
    goal = db.session.get(Goal, goal_id)
    require(goal is not None and can_view_plan(current_user, goal.user_id), hide=True)
    require(can_add_checkin(current_user, goal.user_id))
    form = CheckInForm()
    if form.validate_on_submit():
        try:
            services.add_checkin(goal, form.body.data, NoteVisibility(form.visibility.data), current_user)
        except services.PlanError as error:
            db.session.rollback()
            form.body.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Note added."), "success")
            return redirect(url_for("plans.person", user_id=goal.user_id, _anchor=f"goal-{goal_id}"))
    return _render_plan(goal.user, {goal_id: _checkin_form(goal_id, form)}, status=400)


# --- the welcome step ------------------------------------------------------------------------

@bp.route("/welcome/goals", methods=["GET", "POST"])
@login_required
def welcome():
    form = FirstGoalsForm()
    if form.validate_on_submit():
        if "skip" not in request.form:
            try:
                for title in form.titles():
                    services.create_goal(current_user.id, services.GoalData(title=title))
            except services.PlanError as error:
                db.session.rollback()
                form.goal_1.errors.append(str(error))
                return render_template("plans/welcome.html", form=form)
            db.session.commit()
            if form.titles():
                flash(gettext("Your first goals are in your plan. Add why and how you will measure them any time."),
                      "success")
        target = request.args.get("next")
        if target:
            return redirect(safe_next_url(target))
        return redirect(url_for("plans.mine") if queries.has_goals(current_user.id) else url_for("web.index"))
    return render_template("plans/welcome.html", form=form)


def first_goals_step(user, next_url: str) -> str | None:
    """The onboarding step after the profiles welcome page: the first goals, unless there are some."""
    if queries.has_goals(user.id):
        return None
    return url_for("plans.welcome", next=next_url)
