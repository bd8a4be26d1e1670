"""Changing a plan: goals, their status, their links, and mentors' check-in notes.

Services flush, never commit; they raise ``PlanError`` (a message safe to show) or
``StaleGoal`` when the goal changed since the form was read (``Goal.version``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext, lazy_gettext
from sqlalchemy.orm.exc import StaleDataError

from lms import signals
from lms.database import utcnow
from lms.errors import DomainError, InvalidTransition
from lms.extensions import db
from lms.plans import links
from lms.plans.models import Goal, GoalCheckIn, GoalCriterion, GoalSkill, GoalStatus, NoteVisibility
from lms.rendering import render_user_markdown
from lms.states import StateMachine, transition


class PlanError(DomainError):
    pass


class StaleGoal(PlanError):
    def __init__(self) -> None:
        super().__init__(gettext("This goal was changed somewhere else (another tab or device) since you opened it. "
                                 "Nothing was saved; your text is still in the form below."))


class InvalidGoalTransition(InvalidTransition, PlanError):
    pass


# A goal is worked on, achieved or dropped; achieved and dropped goals can be reopened.
STATUS = StateMachine(
    noun="goal", plural="goals",
    transitions={
        None: {GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS},
        GoalStatus.NOT_STARTED: {GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED, GoalStatus.DROPPED},
        GoalStatus.IN_PROGRESS: {GoalStatus.ACHIEVED, GoalStatus.DROPPED},
        GoalStatus.ACHIEVED: {GoalStatus.IN_PROGRESS},
        GoalStatus.DROPPED: {GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS},
    },
    labels={GoalStatus.NOT_STARTED: "not started", GoalStatus.IN_PROGRESS: "in progress"},
    stamps={GoalStatus.ACHIEVED: "achieved_at"},
    error=InvalidGoalTransition)


# A goal's status as people read it (the machine's own labels stay English: lms.states builds
# its refusal messages from them).
STATUS_LABELS = {GoalStatus.NOT_STARTED: lazy_gettext("not started"),
                 GoalStatus.IN_PROGRESS: lazy_gettext("in progress"),
                 GoalStatus.ACHIEVED: lazy_gettext("achieved"), GoalStatus.DROPPED: lazy_gettext("dropped")}


def status_label(status: GoalStatus) -> str:
    return str(STATUS_LABELS[GoalStatus(status)])


@dataclass
class GoalData:
    title: str
    why: str = ""
    measure: str = ""
    target_on: date | None = None
    cite_as_evidence: bool = False
    skills: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)  # CriterionOption keys


def _check_version(goal: Goal, based_on_version: int | None) -> None:
    if based_on_version is not None and based_on_version != goal.version:
        raise StaleGoal()


def _flush() -> None:
    try:
        db.session.flush()  # the version column guards the moment between our read and this write
    except StaleDataError:
        raise StaleGoal() from None


def _resolve_links(user_id: int, data: GoalData) -> tuple[list[str], list[links.CriterionOption]]:
    """The chosen skills and criteria, refused unless on offer to this learner. Reads only:
    called before the goal changes, so no half-changed goal is flushed meanwhile."""
    allowed_skills = set(links.linkable_skills(user_id))
    skills = [skill for skill in dict.fromkeys(data.skills) if skill]
    unknown = [skill for skill in skills if skill not in allowed_skills]
    if unknown:
        raise PlanError(gettext("“%(skill)s” is not a skill of your tracks or your profile.", skill=unknown[0]))
    options = {option.key: option for option in links.linkable_criteria(user_id)}
    keys = list(dict.fromkeys(data.criteria))
    if any(key not in options for key in keys):
        raise PlanError(gettext("Link only rubric criteria of assignments in the tracks you are enrolled in."))
    return skills, [options[key] for key in keys]


def _set_links(goal: Goal, skills: list[str], criteria: list[links.CriterionOption]) -> None:
    kept_skills = {link.skill: link for link in goal.skills}
    goal.skills = [kept_skills.get(skill) or GoalSkill(skill=skill) for skill in skills]
    kept_criteria = {(link.lesson_id, link.criterion): link for link in goal.criteria}
    goal.criteria = [kept_criteria.get((option.lesson_id, option.criterion))
                     or GoalCriterion(lesson_id=option.lesson_id, criterion=option.criterion) for option in criteria]


def _apply(goal: Goal, data: GoalData) -> None:
    title = " ".join((data.title or "").split())
    if not title:
        raise PlanError(gettext("Say what the goal is."))
    goal.title = title[:200]
    goal.why = (data.why or "").strip()
    goal.measure = (data.measure or "").strip()
    goal.target_on = data.target_on
    # Only an achieved goal is evidence of anything.
    goal.cite_as_evidence = bool(data.cite_as_evidence) and goal.status == GoalStatus.ACHIEVED


def create_goal(user_id: int, data: GoalData, status: GoalStatus = GoalStatus.NOT_STARTED) -> Goal:
    chosen = _resolve_links(user_id, data)
    goal = Goal(user_id=user_id, skills=[], criteria=[])
    transition(goal, status, machine=STATUS)
    _apply(goal, data)
    _set_links(goal, *chosen)
    db.session.add(goal)
    db.session.flush()
    return goal


def _same_words(goal: Goal, data: GoalData) -> bool:
    """The same text and date (links of an achieved goal are kept as they are: the choices
    on offer may have changed since, e.g. after a withdrawal)."""
    return (" ".join((data.title or "").split())[:200] == goal.title and (data.why or "").strip() == goal.why
            and (data.measure or "").strip() == goal.measure and data.target_on == goal.target_on)


def update_goal(goal: Goal, data: GoalData, *, based_on_version: int | None) -> None:
    """Save an edit made on version ``based_on_version``. An achieved goal keeps its words
    (certificates may cite it): only whether it is cited changes; reopen it to edit it."""
    _check_version(goal, based_on_version)
    if goal.status == GoalStatus.ACHIEVED:
        if not _same_words(goal, data):
            raise PlanError(gettext("This goal is achieved, so its words stay as they were (your certificates may "
                                    "cite it). Reopen it to change them."))
        goal.cite_as_evidence = bool(data.cite_as_evidence)
    else:
        chosen = _resolve_links(goal.user_id, data)
        with db.session.no_autoflush:  # one write, in _flush, where a lost race is caught
            _apply(goal, data)
            _set_links(goal, *chosen)
    goal.updated_at = utcnow()  # a change of links alone still moves the version on
    _flush()


def change_status(goal: Goal, target: GoalStatus, *, based_on_version: int | None) -> None:
    """Move the goal along ``STATUS``; reopening an achieved goal forgets when it was achieved
    and withdraws it as evidence (it no longer is)."""
    _check_version(goal, based_on_version)
    source = transition(goal, target, machine=STATUS)
    if source == GoalStatus.ACHIEVED:
        goal.achieved_at = None
        goal.cite_as_evidence = False
    _flush()


def delete_goal(goal: Goal, *, based_on_version: int | None) -> None:
    """Delete a goal nobody commented on; with check-in notes, drop it instead (the notes stay)."""
    _check_version(goal, based_on_version)
    if goal.checkins:
        raise PlanError(gettext("Mentors left notes on this goal, so it stays in your plan: mark it dropped instead."))
    db.session.delete(goal)
    _flush()


def add_checkin(goal: Goal, body: str, visibility: NoteVisibility, author) -> GoalCheckIn:
    body = (body or "").strip()
    if not body:
        raise PlanError(gettext("Write the note first."))
    note = GoalCheckIn(goal=goal, author_id=author.id, body=body, body_html=render_user_markdown(body),
                       visibility=NoteVisibility(visibility))
    db.session.add(note)
    db.session.flush()
    signals.goal_checkin_added.send(note, goal=goal, actor=author)
    return note
