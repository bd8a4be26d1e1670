"""``flask demo`` step: goals for the demo learners, some linked to rubric criteria of the
shipped track, and a check-in note from each one's mentor.

Idempotent: a goal is found by its owner and title; a note is added once per goal.
Runs after cohorts (FEATURES order), so the learners are enrolled and matched.
"""
from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from lms.cohorts.models import Enrollment, EnrollmentRole, Mentorship, MentorshipRole, MentorshipStatus
from lms.demo import register_demo_step
from lms.extensions import db
from lms.plans import links, services
from lms.plans.models import Goal, GoalStatus, NoteVisibility

# handle -> (title, why, measure, statuses to move through, skills, criteria names)
GOALS = {
    "learner": ("Build a portfolio site and land my first client",
                "I want to leave retail and earn from web work within a year.",
                "A live portfolio with three projects, and one paid client.",
                (GoalStatus.IN_PROGRESS,), ("html", "css"), ("Semantic structure", "Layout and responsiveness")),
    "learner2": ("Modern CSS layout and accessibility for shop sites",
                 "My shop clients lose customers on phones.",
                 "Every page I ship passes an accessibility check and works at 360 px.",
                 (GoalStatus.IN_PROGRESS,), ("css", "accessibility"), ("Accessibility",)),
    "learner3": ("Move from design into HTML and CSS",
                 "I hand designs over and lose control of the result.",
                 "I build my own designs, reviewed as Proficient.",
                 (GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED), ("html", "css"), ("Semantic structure",)),
    "learner4": ("Get feedback on real projects", "Self-taught: nobody ever reviewed my code.",
                 "Two reviewed assignments and a mentor call.", (), (), ()),
    "learner5": ("git and deploying static sites", "Clients expect a live link, not a zip file.",
                 "A site deployed from git with a custom domain.", (GoalStatus.IN_PROGRESS,), ("git",),
                 ("Version control", "Live deployment")),
    "learner6": ("Write better proposals, pricing", "I undercharge and over-deliver.",
                 "Two proposals sent with options and a rate floor.", (), (), ()),
}
NOTE = ("Good progress this week. Next: pick one project for the portfolio and write its case study "
        "(problem, what you did, result).")
PRIVATE_NOTE = "Confident in calls but hesitant to quote; pair her with a pricing mentor next month."


def register(app: Flask) -> None:
    register_demo_step(app, demo_plans)


def _goal(user, spec) -> Goal:
    title, why, measure, statuses, skills, criteria = spec
    goal = db.session.scalar(select(Goal).where(Goal.user_id == user.id, Goal.title == title))
    if goal is not None:
        return goal
    offered_skills = set(links.linkable_skills(user.id))
    keys = [option.key for option in links.linkable_criteria(user.id) if option.criterion in criteria]
    goal = services.create_goal(user.id, services.GoalData(
        title=title, why=why, measure=measure, skills=[s for s in skills if s in offered_skills], criteria=keys))
    for status in statuses:
        services.change_status(goal, status, based_on_version=None)
    if goal.status == GoalStatus.ACHIEVED:
        goal.cite_as_evidence = True
    return goal


def _active_mentor(user_id: int):
    """The learner's mentor in an active mentorship; where the cohort demo assigned a
    primary mentor but no mentorship row exists yet, that relationship is recorded."""
    mentorship = db.session.scalar(
        select(Mentorship).join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
        .where(Enrollment.user_id == user_id, Mentorship.status == MentorshipStatus.ACTIVE)
        .order_by(Mentorship.id).limit(1))
    if mentorship is not None:
        return mentorship.mentor
    enrollment = db.session.scalar(select(Enrollment).where(
        Enrollment.user_id == user_id, Enrollment.role == EnrollmentRole.LEARNER,
        Enrollment.mentor_id.is_not(None)).order_by(Enrollment.id).limit(1))
    if enrollment is None:
        return None
    mentorship = Mentorship(enrollment_id=enrollment.id, mentor_id=enrollment.mentor_id,
                            role=MentorshipRole.PRIMARY, origin="demo data")
    db.session.add(mentorship)
    db.session.flush()
    return mentorship.mentor


def demo_plans(accounts: dict) -> str:
    notes = 0
    for handle, spec in GOALS.items():
        user = accounts[handle]
        goal = _goal(user, spec)
        mentor = _active_mentor(user.id)
        if mentor is not None and not goal.checkins:
            services.add_checkin(goal, NOTE, NoteVisibility.SHARED, mentor)
            if handle == "learner":
                services.add_checkin(goal, PRIVATE_NOTE, NoteVisibility.MENTORS, mentor)
            notes += 1
    db.session.flush()
    return f"Plans: goals for {len(GOALS)} learners, {notes} new check-in notes from their mentors."
