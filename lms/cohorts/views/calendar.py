"""The secret calendar feed URL and regenerating it."""
from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, url_for
from flask_babel import gettext
from flask_login import login_required

from lms.auth import acting_user
from lms.cohorts import calendar, ics
from lms.cohorts.views import bp
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.recipients import speaking_to


@bp.route("/calendar/<token>.ics")
def calendar_feed(token: str):
    user = calendar.user_for_token(token)
    if user is None:
        abort(404)
    with speaking_to(user):  # a calendar app fetches it: the words are in the feed's owner's language
        body = ics.render_calendar(calendar.feed_events(user, current_app.config["LMS_BASE_URL"]),
                                   name=gettext("%(organisation)s deadlines",
                                                organisation=current_app.config["ORGANISATION_NAME"]),
                                   product=current_app.config["ORGANISATION_NAME"], now=utcnow())
    response = Response(body.encode("utf-8"), mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, max-age=900"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/calendar/token", methods=["POST"])
@login_required
def regenerate_calendar_token():
    calendar.regenerate_token(acting_user())
    db.session.commit()
    flash(gettext("Your calendar link is new; the old one no longer works. Subscribe again with the new link."),
          "success")
    return redirect(url_for("web.index"))
