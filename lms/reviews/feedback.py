"""Feedback on feedback: the learner rates a review; a mentor reads their ratings."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms import permissions
from lms.auth import acting_user
from lms.auth.models import User
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.reviews import helpfulness
from lms.reviews.forms import RatingForm
from lms.reviews.models import Review
from lms.reviews.ratings import rate_review
from lms.reviews.views import bp


def _rating_form(review: Review) -> RatingForm:
    rating = review.rating
    data = {"helpful": ("yes" if rating.helpful else "no"), "comment": rating.comment} if rating else None
    return RatingForm(data=data)


@bp.route("/ratings/<int:review_id>", methods=["GET", "POST"])
@login_required
def rate(review_id: int):
    review = db.session.scalar(select(Review).where(Review.id == review_id).options(
        joinedload(Review.submission), joinedload(Review.reviewer), joinedload(Review.rating)))
    permissions.require(review is not None and permissions.can_rate_review(current_user, review), hide=True)
    form = RatingForm() if request.method == "POST" else _rating_form(review)
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("reviews/rate.html", review=review, form=form), status
    try:
        rate_review(review, form.rating_data(), acting_user())
        db.session.commit()
    except PermissionDenied:
        db.session.rollback()
        abort(404)
    flash(gettext("Thank you: your mentor sees your rating."), "success")
    return redirect(url_for("submissions.detail", submission_id=review.submission_id) + f"#review-{review.id}")


@bp.route("/feedback")
@login_required
def my_feedback():
    """A mentor's helpfulness and their learners' comments; admins choose any mentor (?mentor=id)."""
    permissions.require(permissions.can_use_review_queue(current_user))
    mentor_id = request.args.get("mentor", type=int) or current_user.id
    if mentor_id != current_user.id:
        permissions.require(permissions.is_admin(current_user), hide=True)
    mentor = db.session.get(User, mentor_id)
    if mentor is None:
        abort(404)
    ratings, page, pages = helpfulness.ratings_of_mentor(mentor_id, request.args.get("page", 1, type=int))
    return render_template(
        "reviews/feedback.html", mentor=mentor, figure=helpfulness.review_helpfulness([mentor_id])[mentor_id],
        ratings=ratings, pages=pages, page=page,
        reviewers=helpfulness.reviewers() if permissions.is_admin(current_user) else [])


def rating_form_for(review) -> Markup:
    """The rating form under a review the signed-in learner received (empty for anyone else).

    A Jinja global: the submission pages (below reviews) show it under each review when it
    is defined, so they never import reviews."""
    if review is None or not permissions.can_rate_review(current_user, review):
        return Markup("")
    return Markup(render_template("reviews/_rating_form.html", review=review, form=_rating_form(review)))
