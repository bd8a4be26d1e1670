"""Writing a peer review: the peer's work (files under neutral names when anonymous), the
peer rubric, giving the hand-in back, blocking its author; and the author's page of the
reviews their work received (on the hand-in's page: ``lms.peer.views.panels``)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions
from lms.auth import acting_user
from lms.database import utcnow
from lms.downloads import SANDBOX, attachment_response
from lms.extensions import db
from lms.peer import allocation, queries, writing
from lms.peer.errors import InvalidPeerReview, PeerError, StalePeerReview
from lms.peer.forms import BlockForm, PeerReviewForm
from lms.peer.views import bp
from lms.submissions import files as file_rules
from lms.submissions.services import read_file
from lms.tracks.peerspec import peer_settings


def _own_review(review_id: int):
    review = queries.load_review(review_id)
    permissions.require(review is not None and permissions.can_write_peer_review(current_user, review), hide=True)
    return review


def anonymous(review) -> bool:
    return (peer_settings(review.lesson.spec) or {"anonymous": True}).get("anonymous", True)


def neutral_file_name(number: int, extension: str) -> str:
    """An anonymous hand-in's file as the reviewer downloads it (the same name in every language)."""
    return f"file-{number}.{extension}"


def review_page(review, form, status: int = 200, block_form=None):
    return render_template("peer/write.html", review=review, form=form, block_form=block_form or BlockForm(),
                           rubric=writing.peer_rubric(review), anonymous=anonymous(review), now=utcnow(),
                           neutral_file_name=neutral_file_name), status


@bp.route("/reviews/<int:review_id>", methods=["GET", "POST"])
@login_required
def write(review_id: int):
    review = _own_review(review_id)
    form = PeerReviewForm(rubric=writing.peer_rubric(review), data={"version": review.version})
    if not form.validate_on_submit():
        return review_page(review, form, 400 if form.is_submitted() else 200)
    try:
        writing.submit_review(review, form.data_for_service(), acting_user(), utcnow())
        db.session.commit()
    except InvalidPeerReview as error:
        db.session.rollback()
        form.level_errors, form.form_errors = error.errors, [str(error)]
        return review_page(_own_review(review_id), form, 400)
    except (StalePeerReview, StaleDataError, PeerError) as error:
        db.session.rollback()
        flash(str(error) if isinstance(error, PeerError) else gettext("This review was sent already."), "info")
        return redirect(url_for("peer.index"))
    flash(gettext("Thank you: your review is sent."), "success")
    return redirect(url_for("peer.index"))


@bp.route("/reviews/<int:review_id>/release", methods=["POST"])
@login_required
def release(review_id: int):
    review = _own_review(review_id)
    try:
        allocation.release(review, utcnow())
        db.session.commit()
        flash(gettext("Given back: someone else will review it."), "success")
    except PeerError as error:
        db.session.rollback()
        flash(str(error), "info")
    return redirect(url_for("peer.index"))


@bp.route("/reviews/<int:review_id>/block", methods=["POST"])
@login_required
def block(review_id: int):
    review = _own_review(review_id)
    form = BlockForm()
    if not form.validate_on_submit():
        return review_page(review, PeerReviewForm(rubric=writing.peer_rubric(review),
                                                  data={"version": review.version}), 400, block_form=form)
    writing.block_author(review, form.reason.data or "", utcnow())
    db.session.commit()
    flash(gettext("You will not be given this person's work again, nor they yours."), "success")
    return redirect(url_for("peer.index"))


@bp.route("/reviews/<int:review_id>/files/<int:number>")
@login_required
def file(review_id: int, number: int):
    review = _own_review(review_id)
    files = review.attempt.files
    permissions.require(1 <= number <= len(files), hide=True)
    stored = files[number - 1]
    name = neutral_file_name(number, stored.extension) if anonymous(review) else stored.filename
    return attachment_response(read_file(stored), name, file_rules.download_media_type(stored.extension),
                               policy=SANDBOX)
