"""The review queue, claiming, and the review page."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions
from lms.asks.queue import ask_claim_minutes
from lms.auth import acting_user
from lms.database import utcnow
from lms.extensions import db
from lms.pagecache import cached_page
from lms.reviews import grading, next_item, past_work, queries, services
from lms.reviews.diff import text_diff
from lms.reviews.forms import ReviewForm
from lms.reviews.history import learner_history
from lms.submissions.models import WAITING_STATUSES
from lms.submissions.queries import submission_page
from lms.submissions.states import InvalidTransition

bp = Blueprint("reviews", __name__, url_prefix="/reviews", template_folder="templates",
               static_folder="static", static_url_path="/static")


@bp.route("/")
@login_required
@cached_page
def queue():
    permissions.require(permissions.can_use_queue(current_user))
    filters = next_item.filters_from(request.args)
    now = utcnow()
    result = queries.review_queue(current_user, filters, now, services.claim_minutes(), ask_claim_minutes())
    return render_template("reviews/queue.html", queue=result, filters=filters, now=now,
                           queue_args=next_item.filter_args(request.args),
                           mentee_links=_mentee_links(result.items))


def _load_for_review(submission_id: int):
    page = submission_page(submission_id)
    permissions.require(page is not None and permissions.can_view_submission(current_user, page.submission),
                        hide=True)
    permissions.require(permissions.can_review_submission(current_user, page.submission))
    return page


@bp.route("/<int:submission_id>/claim", methods=["POST"])
@login_required
def claim(submission_id: int):
    submission = _load_for_review(submission_id).submission
    try:
        services.claim(submission, acting_user())
        db.session.commit()
    except (services.ReviewError, InvalidTransition) as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("reviews.queue"))
    except StaleDataError:
        db.session.rollback()
        flash(gettext("Someone claimed this work at the same moment. Look at the queue again."), "error")
        return redirect(url_for("reviews.queue"))
    return redirect(url_for("reviews.review", submission_id=submission_id, **next_item.filter_args(request.args)))


@bp.route("/<int:submission_id>/release", methods=["POST"])
@login_required
def release(submission_id: int):
    submission = _load_for_review(submission_id).submission
    try:
        services.release(submission, acting_user())
        db.session.commit()
        flash(gettext("The work is back in the queue."), "info")
    except (services.ReviewError, InvalidTransition, StaleDataError) as error:
        db.session.rollback()
        flash(str(error) or gettext("This work changed meanwhile."), "error")
    return redirect(url_for("reviews.queue"))


@bp.route("/<int:submission_id>", methods=["GET", "POST"])
@login_required
@cached_page
def review(submission_id: int):
    page = _load_for_review(submission_id)
    submission = page.submission
    if submission.status not in WAITING_STATUSES and request.method == "GET":
        flash(gettext("This work is not waiting for a review."), "info")
        return redirect(url_for("submissions.detail", submission_id=submission.id))
    rubric = grading.snapshot_rubric(submission.lesson.spec)
    form = ReviewForm(rubric=rubric, decisions=services.decisions_possible(submission),
                      data={"attempt_id": page.current.id, "version": submission.version})
    if not form.validate_on_submit():
        return _review_page(page, form, rubric, status=400 if form.is_submitted() else 200)
    try:
        services.review_attempt(submission, form.review_data(), acting_user())
        db.session.commit()
    except services.ReviewConflict as conflict:
        db.session.rollback()
        return _conflict_page(page, form, str(conflict), conflict.review)
    except (IntegrityError, StaleDataError):  # a concurrent review won the race
        db.session.rollback()
        return _conflict_page(page, form, gettext("Another mentor reviewed this attempt at the same moment."),
                              services.review_for_attempt(form.attempt_id.data))
    except grading.GradingError as error:
        db.session.rollback()
        form.level_errors = error.errors
        return _review_page(page, form, rubric, status=400)
    except (services.ReviewError, InvalidTransition) as error:
        db.session.rollback()
        form.decision.errors = list(form.decision.errors) + [str(error)]
        return _review_page(page, form, rubric, status=400)
    flash(gettext("Your review of %(name)s’s “%(title)s” is saved.", name=submission.user.name,
                  title=submission.lesson.title), "success")
    if request.form.get("then") == "next":
        return _open_next(submission.id)
    return redirect(url_for("reviews.queue", **next_item.filter_args(request.args)))


def _open_next(decided_id: int):
    """After "Decide and open next": the oldest item of the same filter that is free to take."""
    args = next_item.filter_args(request.args)
    found = next_item.next_item(current_user, next_item.filters_from(request.args), utcnow(),
                                services.claim_minutes(), ask_claim_minutes(), after_submission_id=decided_id)
    if found is None:
        flash(gettext("Nothing else in the queue waits for you. Well done."), "info")
        return redirect(url_for("reviews.queue", **args))
    if found.kind == "ask":
        return redirect(url_for("asks.thread", ask_id=found.id))
    return redirect(url_for("reviews.review", submission_id=found.id, **args))


def _review_page(page, form, rubric, status=200):
    submission = page.submission
    previous = page.previous
    return render_template(
        "reviews/review.html", page=page, submission=submission, form=form, rubric=rubric,
        max_points=grading.max_points(rubric), pass_points=grading.pass_points_of(submission.lesson.spec),
        diff=text_diff(previous.text, page.current.text) if previous else None, now=utcnow(),
        claim_live=services.claim_is_live(submission), claim_minutes=current_app.config["REVIEW_CLAIM_MINUTES"],
        history=learner_history(current_user.id, submission), queue_args=next_item.filter_args(request.args),
        mentee_link=permissions.can_view_mentee(current_user, submission.user_id),
    ), status


def _conflict_page(page, form, message, existing):
    return render_template("reviews/conflict.html", page=page, submission=page.submission, form=form,
                           message=message, existing=existing), 409


@bp.route("/history")
@login_required
def history():
    permissions.require(permissions.can_view_review_history(current_user))
    args = request.args
    filters = past_work.HistoryFilters(
        q=args.get("q", ""), kind=args.get("kind", "all"), cohort_id=args.get("cohort", type=int),
        learner_id=args.get("learner", type=int), lesson_id=args.get("assignment", type=int),
        mentor_id=args.get("mentor", type=int), page=args.get("page", 1, type=int))
    everyone = permissions.can_review_every_cohort(current_user)
    result = past_work.past_work(current_user.id, filters, sees_everyone=everyone)
    return render_template("reviews/history.html", history=result, filters=filters, everyone=everyone,
                           mentee_links=_mentee_links(result.items))


def _mentee_links(items) -> set[int]:
    """The learners of these rows whose mentee page the viewer may open (one query)."""
    return permissions.viewable_mentee_ids(current_user, [item.learner_id for item in items])
