"""The learner's peer review list, asking for the next hand-in, the calibration example,
and a mentor's or admin's waiving of a duty."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms import permissions
from lms.auth import acting_user
from lms.database import utcnow
from lms.extensions import db
from lms.peer import allocation, calibration, duties, queries
from lms.peer.errors import CalibrationNeeded, InvalidPeerReview, PeerError
from lms.peer.forms import CalibrationForm, WaiveForm
from lms.peer.models import PeerDuty
from lms.peer.views import bp
from lms.tracks.peerspec import peer_settings


def _own_duty(duty_id: int) -> PeerDuty:
    duty = db.session.get(PeerDuty, duty_id)
    permissions.require(duty is not None and permissions.can_review_peers(current_user, duty.enrollment), hide=True)
    return duty


@bp.route("/")
@login_required
def index():
    now = utcnow()
    lines = queries.duty_lines(current_user.id, now)
    stuck = queries.overdue(lines, now, current_app.config["PEER_FLEXIBLE_HOURS"])
    if stuck and sum(duties.waive_if_stuck(duty, now) for duty in stuck):
        db.session.commit()
        lines = queries.duty_lines(current_user.id, now)
    return render_template("peer/index.html", lines=lines, now=now)


@bp.route("/duties/<int:duty_id>/next", methods=["POST"])
@login_required
def next_review(duty_id: int):
    duty = _own_duty(duty_id)
    try:
        review = allocation.lease_next(duty.enrollment, duty.lesson, utcnow())
        db.session.commit()
    except CalibrationNeeded:
        db.session.rollback()
        return redirect(url_for("peer.calibrate", duty_id=duty_id))
    except PeerError as error:
        db.session.rollback()
        flash(str(error), "info")
        return redirect(url_for("peer.index"))
    return redirect(url_for("peer.write", review_id=review.id))


@bp.route("/duties/<int:duty_id>/calibration", methods=["GET", "POST"])
@login_required
def calibrate(duty_id: int):
    duty = _own_duty(duty_id)
    peer = peer_settings(duty.lesson.spec) or {}
    example = peer.get("calibration")
    permissions.require(bool(example), hide=True)
    done = calibration.calibration_of(duty.enrollment_id, duty.lesson_id)
    form = CalibrationForm(rubric=peer["rubric"])
    if done is None and form.validate_on_submit():
        try:
            done = calibration.score_example(duty.enrollment, duty.lesson, form.levels, utcnow())
            db.session.commit()
            return redirect(url_for("peer.calibrate", duty_id=duty_id))
        except InvalidPeerReview as error:
            db.session.rollback()
            form.level_errors = error.errors
    status = 400 if form.is_submitted() and done is None else 200
    rows = calibration.differences(peer["rubric"], done.scores, example["scores"]) if done else []
    return render_template("peer/calibrate.html", duty=duty, example=example, form=form, done=done,
                           rows=rows), status


@bp.route("/duties/<int:duty_id>/waive", methods=["GET", "POST"])
@login_required
def waive(duty_id: int):
    duty = db.session.get(PeerDuty, duty_id)
    permissions.require(duty is not None and permissions.can_waive_peer_duty(current_user, duty), hide=True)
    form = WaiveForm()
    if form.validate_on_submit():
        try:
            duties.waive(duty, form.reason.data, utcnow(), actor=acting_user())
            db.session.commit()
            flash(gettext("The learner no longer owes peer reviews on this assignment."), "success")
            return redirect(url_for("peer.waive", duty_id=duty_id))
        except PeerError as error:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, str(error)]
    return render_template("peer/waive.html", duty=duty, form=form), 400 if form.errors else 200
