"""Telling a learner about a mentor's check-in note on one of their goals (``goal_checkin_added``).

Only notes shared with the learner: private notes are for mentors and admins. The email
follows the learner's "email me when my work is reviewed" choice: both are feedback.
"""
from __future__ import annotations

from flask_babel import gettext

from lms.i18n.recipients import speaking_to
from lms.notifications.services import _email, notify, path_for, preference_for
from lms.plans.models import NoteVisibility


def on_goal_checkin_added(note, *, goal, actor, **_) -> None:
    if note.visibility != NoteVisibility.SHARED or actor.id == goal.user_id:
        return
    learner = goal.user
    url = path_for("plans.mine") + f"#goal-{goal.id}"
    key = f"goal-checkin:{note.id}:{learner.id}"
    with speaking_to(learner):
        notify(learner.id, "goal_checkin",
               gettext("%(name)s left a note on your goal “%(goal)s”", name=actor.name, goal=goal.title), url=url,
               dedupe_key=key)
        if preference_for(learner.id).email_reviews:
            _email(learner, "goal_checkin", gettext("A note on your goal: %(goal)s", goal=goal.title), key,
                   note=note, goal=goal, mentor=actor, url=url)
