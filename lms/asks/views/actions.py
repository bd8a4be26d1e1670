"""What mentors and learners do to an ask besides writing: claim, give back, hand over,
resolve, rate, and show a thank-you note."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions
from lms.asks import claims, queries, services
from lms.asks.errors import AskError, InvalidAsk
from lms.asks.forms import HandOverForm, RateForm, ShowThanksForm
from lms.asks.models import AskRating
from lms.asks.views import bp
from lms.asks.views.common import copy_errors, visible_ask
from lms.asks.views.pages import thread_page
from lms.auth import acting_user
from lms.auth.models import User
from lms.errors import PermissionDenied
from lms.extensions import db


def _act(ask_id: int, action, success: str, *, allowed=permissions.can_answer_ask):
    """Load, check, run one service, commit; a refusal is flashed on the thread."""
    ask = visible_ask(ask_id)
    permissions.require(allowed(current_user, ask))
    try:
        action(ask, acting_user())
        db.session.commit()
        flash(success, "success")
    except (AskError, StaleDataError) as error:
        db.session.rollback()
        flash(str(error) if isinstance(error, AskError)
              else gettext("Someone changed this ask at the same moment. Look at it again."), "error")
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    return redirect(url_for("asks.thread", ask_id=ask_id))


@bp.route("/asks/<int:ask_id>/claim", methods=["POST"])
@login_required
def claim(ask_id: int):
    return _act(ask_id, claims.claim, gettext("You hold this ask now: answer it before your claim runs out."))


@bp.route("/asks/<int:ask_id>/release", methods=["POST"])
@login_required
def release(ask_id: int):
    return _act(ask_id, claims.release, gettext("The ask is back in the queue."), allowed=permissions.can_release_ask)


@bp.route("/asks/<int:ask_id>/resolve", methods=["POST"])
@login_required
def resolve(ask_id: int):
    return _act(ask_id, services.resolve_ask, gettext("Marked as resolved. The learner can still rate it."))


@bp.route("/asks/<int:ask_id>/handover", methods=["POST"])
@login_required
def handover(ask_id: int):
    ask = visible_ask(ask_id)
    permissions.require(permissions.can_answer_ask(current_user, ask))
    form = HandOverForm(mentors=queries.handover_candidates(ask, current_user))
    if not form.validate_on_submit():
        return thread_page(ask, handover_form=form, status=400)
    try:
        claims.hand_over(ask, db.session.get(User, form.to_mentor.data), form.note.data or "", acting_user())
        db.session.commit()
    except AskError as error:
        db.session.rollback()
        form.to_mentor.errors = list(form.to_mentor.errors) + [str(error)]
        return thread_page(visible_ask(ask_id), handover_form=form, status=400)
    flash(gettext("Handed over: they hold the ask now."), "success")
    return redirect(url_for("asks.thread", ask_id=ask_id))


@bp.route("/asks/<int:ask_id>/rate", methods=["POST"])
@login_required
def rate(ask_id: int):
    ask = visible_ask(ask_id)
    permissions.require(permissions.can_rate_ask(current_user, ask))
    form = RateForm()
    if not form.validate_on_submit():
        return thread_page(ask, rate_form=form, status=400)
    try:
        services.rate_ask(ask, AskRating(form.rating.data) if form.rating.data else None, form.thanks_note.data or "",
                          form.thanks_public.data, acting_user())
        db.session.commit()
    except InvalidAsk as error:
        db.session.rollback()
        copy_errors(form, error.errors)
        return thread_page(visible_ask(ask_id), rate_form=form, status=400)
    except AskError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return thread_page(visible_ask(ask_id), rate_form=form, status=400)
    flash(gettext("Thank you: the ask is closed."), "success")
    return redirect(url_for("asks.thread", ask_id=ask_id))


@bp.route("/asks/<int:ask_id>/thanks", methods=["POST"])
@login_required
def show_thanks(ask_id: int):
    form = ShowThanksForm()
    if not form.validate_on_submit():
        abort(400)
    shown = form.shown.data == "1"
    return _act(ask_id, lambda ask, actor: services.show_thanks(ask, shown, actor),
                gettext("The note shows on your profile now.") if shown
                else gettext("The note is hidden from your profile."),
                allowed=permissions.can_show_thanks)
