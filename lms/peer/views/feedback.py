"""Feedback on peer reviews: the author rates or reports one; mentors settle reports and
read their cohort's reviewers' agreement (docs/peer-review.md, "Feedback and reports")."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions
from lms.auth import acting_user
from lms.cohorts.models import Cohort
from lms.extensions import db
from lms.peer import feedback, reports
from lms.peer.feedback_forms import HelpfulForm, ReportForm, SettleForm
from lms.peer.views import bp


def _peer_review(peer_review_id: int):
    peer_review = feedback.peer_review_for(peer_review_id)
    permissions.require(peer_review is not None and permissions.can_view_peer_review(current_user, peer_review),
                        hide=True)
    return peer_review


def _back_to_work(peer_review):
    return redirect(url_for("submissions.detail", submission_id=peer_review.submission_id) + "#peer-reviews")


def _save(action, *args) -> str | None:
    """Run a feedback service and commit; the refusal's message, or None when saved."""
    try:
        action(*args, acting_user())
        db.session.commit()
    except feedback.PeerFeedbackError as error:
        db.session.rollback()
        return str(error)
    except StaleDataError:
        db.session.rollback()
        return gettext("Someone changed this review at the same moment. Look at it again.")
    return None


@bp.route("/reviews/<int:peer_review_id>/rate", methods=["POST"])
@login_required
def rate(peer_review_id: int):
    peer_review = _peer_review(peer_review_id)
    permissions.require(permissions.can_rate_peer_review(current_user, peer_review))
    form = HelpfulForm()
    error = _save(feedback.rate, peer_review, form.helpful.data == "yes") if form.validate_on_submit() \
        else gettext("Choose helpful or not helpful.")
    flash(error or gettext("Thank you: your rating is saved."), "error" if error else "success")
    return _back_to_work(peer_review)


@bp.route("/reviews/<int:peer_review_id>/report", methods=["GET", "POST"])
@login_required
def report(peer_review_id: int):
    peer_review = _peer_review(peer_review_id)
    permissions.require(permissions.can_rate_peer_review(current_user, peer_review))
    form = ReportForm()
    if form.validate_on_submit():
        error = _save(feedback.report, peer_review, form.reason.data)
        if error is None:
            flash(gettext("Reported. The review is hidden from you until a mentor has looked at it."), "success")
            return _back_to_work(peer_review)
        form.reason.errors = [*form.reason.errors, error]
    return render_template("peer/report.html", peer_review=peer_review, form=form,
                           label=gettext("Peer review of “%(assignment)s”", assignment=peer_review.lesson.title)
                           ), 400 if form.is_submitted() else 200


@bp.route("/reviews/<int:peer_review_id>/settle", methods=["POST"])
@login_required
def settle(peer_review_id: int):
    peer_review = _peer_review(peer_review_id)
    permissions.require(permissions.can_moderate_peer_review(current_user, peer_review))
    form = SettleForm()
    error = _save(feedback.settle, peer_review, form.outcome.data) if form.validate_on_submit() \
        else gettext("Choose to clear or to uphold the report.")
    flash(error or gettext("The report is settled."), "error" if error else "success")
    return redirect(url_for("peer.reports_list"))


@bp.route("/reports")
@login_required
def reports_list():
    permissions.require(permissions.can_view_peer_reports(current_user))
    result = reports.reported_reviews(current_user, everyone=permissions.is_admin(current_user),
                                      show=request.args.get("show", "open"), page=request.args.get("page", 1, type=int))
    return render_template("peer/reports.html", reports=result)


@bp.route("/cohorts/<int:cohort_id>/reviewers")
@login_required
def reviewers(cohort_id: int):
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    permissions.require(permissions.can_view_cohort(current_user, cohort), hide=True)
    permissions.require(permissions.can_view_peer_reviewers(current_user, cohort))
    return render_template("peer/reviewers.html", cohort=cohort, rows=reports.reviewers_of_cohort(cohort.id))
