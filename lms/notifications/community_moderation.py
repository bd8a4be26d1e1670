"""Notifications about community moderation (issue 15): a reported post tells the moderators.

In the app only, one notification per report and moderator, linking to the space's queue.
It never quotes the post or the reason (the reported text stays on the moderators' page).
Moderators are the space's active mentors; a space without one (a track without active
cohorts) tells the admins instead. See docs/community.md.
"""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select

from lms.auth.models import User
from lms.community.models import PostReport
from lms.community.moderation import moderators_of
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from lms.notifications.services import notify, path_for


def _admins() -> list[User]:
    return list(db.session.scalars(select(User).where(User.is_admin.is_(True), User.is_active.is_(True))
                                   .order_by(User.id)))


def on_post_reported(report: PostReport, *, actor=None, **_) -> None:
    space = report.post.topic.space
    url = path_for("community.space_reports", space_id=space.id)
    for moderator in moderators_of(space) or _admins():
        if actor is None or moderator.id != actor.id:
            with speaking_to(moderator):
                title = (gettext("A post was reported in %(cohort)s", cohort=space.cohort.name)
                         if space.cohort_id is not None
                         else gettext("A post was reported in %(track)s (whole program)", track=space.track.title))
                notify(moderator.id, "community_report", title, url=url,
                       body=gettext("Open the reports to read it and decide."),
                       dedupe_key=f"post-reported:{report.id}:{moderator.id}")


def connect(signals) -> None:
    signals.post_reported.connect(on_post_reported)
