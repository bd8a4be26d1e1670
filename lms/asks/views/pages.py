"""The learner's and mentor's list of asks, a new ask, the thread (with its reply form), files."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from lms import permissions
from lms.asks import claims, files as ask_files, queries, routing, services
from lms.asks.errors import AskError, InvalidAsk
from lms.asks.forms import AskForm, HandOverForm, RateForm, ReplyForm
from lms.asks.views import bp
from lms.asks.views.common import copy_errors, uploads, visible_ask
from lms.auth import acting_user
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus
from lms.database import utcnow
from lms.downloads import SANDBOX, attachment_response
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.pagecache import cached_page
from lms.submissions import files as file_rules
from lms.submissions.services import upload_limits


@bp.route("/asks")
@login_required
def mine():
    """The learner's asks (all cohorts) and the asks a mentor holds or answered."""
    page = max(request.args.get("page", 1, type=int), 1)
    enrollments = db.session.scalars(select(Enrollment).where(
        Enrollment.user_id == current_user.id, Enrollment.role == EnrollmentRole.LEARNER,
        Enrollment.status == EnrollmentStatus.ACTIVE).options(joinedload(Enrollment.cohort))).all()
    return render_template(
        "asks/mine.html", own=queries.asks_of_learner(current_user.id, page),
        answered=queries.asks_of_mentor(current_user, page) if permissions.can_use_ask_queue(current_user) else [],
        open_in=[e.cohort for e in enrollments if permissions.can_open_ask(current_user, e)], page=page)


@bp.route("/cohorts/<int:cohort_id>/asks/new", methods=["GET", "POST"])
@login_required
def new(cohort_id: int):
    enrollment = db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort_id, Enrollment.user_id == current_user.id,
        Enrollment.role == EnrollmentRole.LEARNER))
    permissions.require(enrollment is not None, hide=True)
    if not permissions.can_open_ask(current_user, enrollment):
        abort(403, description=gettext("%(cohort)s takes no asks at the moment.", cohort=enrollment.cohort.name))
    lessons, submissions = queries.ask_choices(enrollment)
    form = AskForm(lessons=lessons, submissions=submissions, data=_preselected() if request.method == "GET" else None)
    if not form.validate_on_submit():
        return _new_page(form, enrollment, status=400 if form.is_submitted() else 200)
    data = services.AskData(title=form.title.data, body=form.body.data, lesson_id=form.lesson_id.data,
                            submission_id=form.submission_id.data, skill=form.skill.data or "",
                            urgency=form.urgency.data, files=uploads(), client_key=form.client_key.data)
    try:
        ask = services.open_ask(enrollment, data, acting_user())
        db.session.commit()
    except IntegrityError:  # the same form posted twice at once: the first one counts
        db.session.rollback()
        ask = services.find_ask(data.client_key)
        if ask is None or ask.user_id != current_user.id:
            raise
    except InvalidAsk as error:
        db.session.rollback()
        copy_errors(form, error.errors)
        return _new_page(form, enrollment, status=400)
    except AskError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _new_page(form, enrollment, status=400)
    flash(gettext("Your ask is sent: a mentor will pick it up."), "success")
    return redirect(url_for("asks.thread", ask_id=ask.id))


def _preselected() -> dict:
    return {"lesson_id": request.args.get("lesson", type=int),
            "submission_id": request.args.get("submission", type=int), "skill": request.args.get("skill", "")[:60]}


def _new_page(form, enrollment, status=200):
    return render_template("asks/new.html", form=form, cohort=enrollment.cohort, limits=upload_limits()), status


@bp.route("/asks/<int:ask_id>", methods=["GET", "POST"])
@login_required
@cached_page
def thread(ask_id: int):
    """The thread; POST adds a reply (by the learner, or a mentor who may answer it)."""
    ask = visible_ask(ask_id)
    form = ReplyForm()
    if request.method == "GET" or not form.validate_on_submit():
        return thread_page(ask, reply_form=form, status=400 if form.is_submitted() else 200)
    data = services.ReplyData(body=form.body.data, client_key=form.client_key.data, files=uploads())
    try:
        services.reply_to_ask(ask, data, acting_user())
        db.session.commit()
    except IntegrityError:  # the same form posted twice at once: the first one counts
        db.session.rollback()
        if services.find_reply(data.client_key) is None:
            raise
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    except InvalidAsk as error:
        db.session.rollback()
        copy_errors(form, error.errors)
        return thread_page(visible_ask(ask_id), reply_form=form, status=400)
    except AskError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return thread_page(visible_ask(ask_id), reply_form=form, status=409)
    return redirect(url_for("asks.thread", ask_id=ask_id, _anchor="latest"))


def thread_page(ask, *, reply_form=None, handover_form=None, rate_form=None, status=200):
    """The thread with every form that applies to the viewer (re-rendered with errors by the actions)."""
    now = utcnow()
    for_mentor = permissions.can_answer_ask(current_user, ask)
    page = queries.thread_page(ask, current_user, for_mentor=for_mentor)
    return render_template(
        "asks/thread.html", ask=ask, page=page, now=now, for_mentor=for_mentor,
        holder_id=claims.holder_id(ask, now), claim_live=claims.claim_is_live(ask, now),
        claim_minutes=current_app.config["ASK_CLAIM_MINUTES"], stage_label=routing.STAGE_LABELS[ask.stage],
        reply_form=reply_form or ReplyForm(formdata=None),
        handover_form=handover_form or HandOverForm(formdata=None, mentors=page.mentors),
        rate_form=rate_form or RateForm(formdata=None), limits=upload_limits()), status


@bp.route("/asks/files/<int:file_id>")
@login_required
def file(file_id: int):
    ask_file = ask_files.ask_file(file_id)
    permissions.require(ask_file is not None and permissions.can_view_ask(current_user, ask_file.ask), hide=True)
    return attachment_response(ask_files.read(ask_file), ask_file.filename,
                               file_rules.download_media_type(ask_file.extension), policy=SANDBOX)
