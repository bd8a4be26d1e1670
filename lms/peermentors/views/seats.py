"""The cohort's peer-mentoring page (admins), invitations, answering, ending, pairing."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms import permissions
from lms.cohorts import relationships
from lms.cohorts.models import Cohort, Enrollment, MentorshipRole
from lms.cohorts.peer_mentor_seat import PeerMentorSeat, SeatStatus
from lms.errors import DomainError
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.peermentors import queries, services
from lms.peermentors.forms import AnswerForm, EndSeatForm, InviteForm, PairForm
from lms.peermentors.services import REASON_MAX_CHARS
from lms.peermentors.views import bp


def _cohort(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    permissions.require(cohort is not None and permissions.can_manage_peer_mentors(current_user, cohort),
                        hide=cohort is None)
    return cohort


def _seat(seat_id: int) -> PeerMentorSeat:
    seat = db.session.get(PeerMentorSeat, seat_id)
    permissions.require(seat is not None and permissions.can_view_peer_mentor_seat(current_user, seat), hide=True)
    return seat


def _render_cohort(cohort: Cohort, status: int = 200, error: str | None = None):
    page = queries.cohort_seats(cohort)
    pair_form = PairForm(formdata=None)
    pair_form.set_learners(page.learners)
    return render_template("peermentors/cohort.html", page=page, pair_form=pair_form, error=error), status


def _done(action, message: str, target: str):
    """Run ``action``; commit and flash ``message``, or roll back and flash the domain error."""
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(target)
    db.session.commit()
    flash(message, "success")
    return redirect(target)


@bp.route("/cohorts/<int:cohort_id>")
@login_required
def cohort_page(cohort_id: int):
    return _render_cohort(_cohort(cohort_id))


@bp.route("/cohorts/<int:cohort_id>/invite", methods=["POST"])
@login_required
def invite(cohort_id: int):
    cohort = _cohort(cohort_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_cohort(cohort, 400, error=gettext("Choose a graduate from the list to invite."))
    target = url_for("peermentors.cohort_page", cohort_id=cohort.id)
    return _done(lambda: services.invite(cohort, form.user_id.data, current_user),
                 gettext("Invitation sent. The graduate answers on their home page."), target)


@bp.route("/invitations/<int:seat_id>", methods=["GET", "POST"])
@login_required
def invitation(seat_id: int):
    seat = _seat(seat_id)
    form, status = AnswerForm(), 200
    if request.method == "POST":
        permissions.require(permissions.can_answer_peer_mentor_invitation(current_user, seat))
        if form.validate_on_submit() and (form.accept.data or form.decline.data):
            accepting = bool(form.accept.data)
            action = services.accept if accepting else services.decline
            message = (gettext("You are a peer mentor in %(cohort)s.", cohort=seat.cohort.name) if accepting
                       else gettext("You declined the invitation."))
            return _done(lambda: action(seat, current_user), message,
                         url_for("peermentors.invitation", seat_id=seat.id))
        flash(gettext("Choose Accept or Decline."), "error")
        status = 400
    return render_template("peermentors/invitation.html", seat=seat, form=form, statuses=SeatStatus), status


@bp.route("/seats/<int:seat_id>/end", methods=["POST"])
@login_required
def end_seat(seat_id: int):
    seat = _seat(seat_id)
    permissions.require(permissions.can_end_peer_mentor_seat(current_user, seat))
    form = EndSeatForm()
    admin_side = current_user.id != seat.user_id
    target = (url_for("peermentors.cohort_page", cohort_id=seat.cohort_id) if admin_side
              else url_for("peermentors.invitation", seat_id=seat.id))
    if not form.validate_on_submit():
        flash(gettext("Keep the reason under %(limit)s characters.", limit=format_number(REASON_MAX_CHARS)), "error")
        return redirect(target)
    return _done(lambda: services.end(seat, current_user, form.reason.data or ""), gettext("The seat has ended."),
                 target)


@bp.route("/seats/<int:seat_id>/pair", methods=["POST"])
@login_required
def pair(seat_id: int):
    seat = _seat(seat_id)
    cohort = _cohort(seat.cohort_id)
    page = queries.cohort_seats(cohort)
    form = PairForm()
    form.set_learners(page.learners)
    target = url_for("peermentors.cohort_page", cohort_id=cohort.id)
    if not form.validate_on_submit() or seat.status != SeatStatus.ACTIVE:
        flash(gettext("Choose an active learner of this cohort, for a peer mentor who accepted."), "error")
        return redirect(target)
    enrollment = db.session.get(Enrollment, form.enrollment_id.data)
    return _done(lambda: relationships.start_mentorship(
        enrollment, seat.user_id, MentorshipRole.PEER, actor=current_user, origin="paired by an admin"),
        gettext("%(learner)s has %(mentor)s as peer mentor.", learner=enrollment.user.name, mentor=seat.user.name),
        target)
