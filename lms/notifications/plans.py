"""Telling a learner about a mentor's check-in note on one of their goals (``goal_checkin_added``).

Only notes shared with the learner: private notes are for mentors and admins. The email
follows the learner's "email me when my work is reviewed" choice: both are feedback.
"""
from __future__ import annotations

from lms.notifications.services import _email, notify, path_for, preference_for
from lms.plans.models import NoteVisibility


def on_goal_checkin_added(note, *, goal, actor, **_) -> None:
    if note.visibility != NoteVisibility.SHARED or actor.id == goal.user_id:
        return
    learner = goal.user
    url = path_for("plans.mine") + f"#goal-{goal.id}"
    key = f"goal-checkin:{note.id}:{learner.id}"
    notify(learner.id, "goal_checkin", f"{actor.name} left a note on your goal “{goal.title}”", url=url,
           dedupe_key=key)
    if preference_for(learner.id).email_reviews:
        _email(learner, "goal_checkin", f"A note on your goal: {goal.title}", key,
               note=note, goal=goal, mentor=actor, url=url)
