"""Reporting a post, and the moderators' queue of open reports (docs/community.md)."""
from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms import permissions
from lms.auth import acting_user
from lms.community import reports
from lms.community.models import Space
from lms.community.moderation import ModerationError
from lms.community.moderation_forms import HideForm, ModerationForm, ReportForm
from lms.community.views import bp
from lms.community.views.moderation import back, load_post, moderates, topic_url
from lms.extensions import db


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
@login_required
def post_report(post_id: int):
    post = load_post(post_id)
    permissions.require(permissions.can_report_post(current_user, post))
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report = reports.report_post(post, form.reason.data, acting_user())
        except ModerationError as error:
            db.session.rollback()
            form.reason.errors = list(form.reason.errors) + [str(error)]
        else:
            db.session.commit()
            flash(gettext("Thank you: the moderators will look at it.") if report else
                  gettext("You reported this post already: the moderators have it."), "success" if report else "info")
            return back(form, topic_url(post.topic, post.id))
    status = 400 if form.is_submitted() else 200
    return render_template("community/moderation_report.html", form=form, post=post, topic=post.topic), status


def _page() -> int:
    return request.args.get("page", 1, type=int) or 1


@bp.route("/reports")
@login_required
def all_reports():
    permissions.require(permissions.can_moderate_any_space(current_user))
    queue = reports.open_queue(current_user, page=_page())
    return render_template("community/moderation_queue.html", queue=queue, space=None, **_forms())


@bp.route("/<int:space_id>/reports")
@login_required
def space_reports(space_id: int):
    space = db.session.get(Space, space_id)
    permissions.require(space is not None and permissions.can_view_space(current_user, space), hide=True)
    permissions.require(moderates(space))
    queue = reports.open_queue(current_user, space_id=space.id, page=_page())
    return render_template("community/moderation_queue.html", queue=queue, space=space, **_forms())


def _forms() -> dict:
    return {"hide_form": HideForm(formdata=None), "dismiss_form": ModerationForm(formdata=None)}


@bp.route("/posts/<int:post_id>/reports/dismiss", methods=["POST"])
@login_required
def reports_dismiss(post_id: int):
    post = load_post(post_id)
    permissions.require(moderates(post.topic.space))
    form = ModerationForm()
    if form.validate_on_submit():
        try:
            reports.dismiss_reports(post, acting_user())
            db.session.commit()
            flash(gettext("Dismissed: the post stays as it is."), "success")
        except ModerationError as error:
            db.session.rollback()
            flash(str(error), "error")
    return back(form, url_for("community.space_reports", space_id=post.topic.space_id))
