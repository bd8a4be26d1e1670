"""In-app notifications and preferences; their emails go through the outbox (``lms.outbox``)."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from markupsafe import Markup, escape

from lms import signals


class _UnreadLabel(str):
    """The nav label: "Notifications", with the unread count when there is any."""

    def __html__(self) -> str:
        # Imported on first use, like the views in init_app.
        from flask_babel import gettext, ngettext
        from flask_login import current_user

        from lms.web import nav_fact

        count = nav_fact(current_user, "unread_notifications") if current_user.is_authenticated else 0
        label = gettext("Notifications")
        if not count:
            return str(escape(label))
        return str(Markup('{} <span class="nav-count" aria-label="{}">{}</span>').format(
            label, ngettext("%(num)d unread", "%(num)d unread", count), count if count < 100 else "99+"))


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, not with the package: the features above import
    # this package's models, and that must not load its views and everything they use.
    from lms.jobs import register_periodic
    from lms.notifications import (
        asks,
        cli,
        community,
        community_moderation,
        meeting_reminders,
        meetings,
        mentoring,
        peer,
        peermentors,
        plans,
        services,
        views,
    )
    from lms.web import add_nav_fact, add_nav_item

    app.config.setdefault("REMINDER_DAYS_BEFORE", 2)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.notifications_cli)
    signals.work_submitted.connect(services.on_work_submitted)
    signals.review_decided.connect(services.on_review_decided)
    signals.goal_checkin_added.connect(plans.on_goal_checkin_added)  # a mentor's note on a goal (issue 12)
    mentoring.connect(signals)  # mentor requests (issue 12)
    asks.connect(signals)  # asks, their replies, nudges and time-outs (issue 13)
    meetings.connect(signals)  # sessions and workshops, with calendar invitations (issue 14)
    community_moderation.connect(signals)  # reported posts tell the space's moderators (issue 15)
    peer.connect(signals)  # peer reviews received and reported, duties lifted (issue 15)
    community.connect(signals)  # posts in community spaces, accepted answers (issue 15)
    peermentors.connect(signals)  # peer-mentor seats (issue 15)
    add_nav_fact(app, "unread_notifications", services.unread_count_of)
    add_nav_item(app, _UnreadLabel("Notifications"), "notifications.index", order=90)
    register_periodic(app, "notifications.deadline_reminders", services.send_deadline_reminders, timedelta(hours=1))
    # Hourly: each person's digest goes out at their own local digest hour.
    register_periodic(app, "notifications.daily_digest", services.send_daily_digests, timedelta(hours=1))
    # Sessions and workshops: 24 hours and 1 hour before (issue 14).
    register_periodic(app, "notifications.meeting_reminders", meeting_reminders.send_meeting_reminders,
                      timedelta(minutes=5))
