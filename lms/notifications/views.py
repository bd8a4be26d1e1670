"""The notification list and the notification settings."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms.auth import acting_user
from lms.extensions import db
from lms.notifications import services
from lms.notifications.forms import PreferenceForm
from lms.notifications.models import Notification, SubmissionAlerts, ThreadEmails
from lms.notifications.timing import format_hhmm

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates")


@bp.route("/")
@login_required
def index():
    return render_template("notifications/index.html", notifications=services.recent(current_user.id))


@bp.route("/<int:notification_id>/open", methods=["POST"])
@login_required
def open_notification(notification_id: int):
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    services.mark_read(current_user.id, notification_id)
    db.session.commit()
    target = notification.url if notification.url.startswith("/") and not notification.url.startswith("//") else None
    return redirect(target or url_for("notifications.index"))


@bp.route("/read", methods=["POST"])
@login_required
def mark_all_read():
    services.mark_read(current_user.id)
    db.session.commit()
    flash(gettext("All notifications are marked as read."), "info")
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    preference = services.preference_for(current_user.id)
    # The stored choices as the form shows them (a field missing from a POST keeps its value).
    form = PreferenceForm(data={
        "submission_alerts": preference.submission_alerts.value, "email_reviews": preference.email_reviews,
        "email_reminders": preference.email_reminders, "thread_emails": preference.thread_emails.value,
        "digest_hour": preference.digest_hour, "quiet_from": format_hhmm(preference.quiet_from),
        "quiet_until": format_hhmm(preference.quiet_until)})
    if form.validate_on_submit():
        quiet_from, quiet_until = form.quiet_minutes()
        services.save_preference(acting_user(), SubmissionAlerts(form.submission_alerts.data),
                                 form.email_reviews.data, form.email_reminders.data,
                                 thread_emails=ThreadEmails(form.thread_emails.data), quiet_from=quiet_from,
                                 quiet_until=quiet_until, digest_hour=form.digest_hour.data)
        db.session.commit()
        flash(gettext("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form, timezone=current_user.timezone or "UTC")
