"""The cohort schedule: every deadline in the cohort's time zone; admins override them."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms import permissions
from lms.auth import acting_user
from lms.cohorts import queries, services
from lms.cohorts.forms import DeadlineForm
from lms.cohorts.views import bp, load_cohort, load_managed_cohort
from lms.database import utcnow
from lms.extensions import db
from lms.rendering import render_user_markdown
from lms.tracks.models import Lesson
from lms.tracks.queries import current_lessons
from lms.tracks.urls import lesson_url, overview_url


@bp.route("/cohorts/<int:cohort_id>/schedule")
@login_required
def schedule(cohort_id: int):
    cohort = load_cohort(cohort_id)
    lessons = current_lessons([cohort.track_id])
    return render_template("cohorts/schedule.html", cohort=cohort, deadlines=queries.cohort_deadlines(cohort, lessons),
                           lesson_urls={l.id: lesson_url(cohort.track.slug, l.slug) for l in lessons},
                           track_url=overview_url(cohort.track.slug),
                           is_learner=permissions.is_learner_of(current_user, cohort),
                           now=utcnow(), can_manage=permissions.can_manage_cohort(current_user, cohort),
                           can_view_admin=permissions.can_view_cohort_admin_page(current_user, cohort),
                           description_html=render_user_markdown(cohort.description or ""),
                           form=DeadlineForm())


@bp.route("/cohorts/<int:cohort_id>/deadlines/<int:lesson_id>", methods=["POST"])
@login_required
def set_deadline(cohort_id: int, lesson_id: int):
    cohort = load_managed_cohort(cohort_id)
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        abort(404)
    form = DeadlineForm()
    if not form.validate_on_submit():
        flash(gettext("Give the date and time as YYYY-MM-DD HH:MM."), "error")
        return redirect(url_for("cohorts.schedule", cohort_id=cohort.id))
    try:
        services.set_deadline(cohort, lesson, form.due.data, acting_user())
    except services.CohortError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("Deadline of “%(title)s” changed.", title=lesson.title) if form.due.data
              else gettext("Deadline of “%(title)s” reset to the track default.", title=lesson.title), "success")
    return redirect(url_for("cohorts.schedule", cohort_id=cohort.id))
