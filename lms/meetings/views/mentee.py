"""The mentee page: what a learner's mentor needs to know of them, on one page."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from lms import permissions
from lms.auth.models import User
from lms.database import utcnow
from lms.extensions import db
from lms.meetings.mentee import mentee_page
from lms.meetings.views import bp


@bp.route("/mentees/<int:learner_id>")
@login_required
def mentee(learner_id: int):
    learner = db.session.get(User, learner_id)
    permissions.require(learner is not None and permissions.can_view_mentee(current_user, learner_id), hide=True)
    page = mentee_page(current_user.id, learner,
                       with_goals=permissions.can_view_plan(current_user, learner_id))
    return render_template("meetings/mentee.html", page=page, now=utcnow())
