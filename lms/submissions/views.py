"""Handing in work, seeing it and its reviews, downloading files, the live preview."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions
from lms.auth import acting_user
from lms.database import utcnow
from lms.downloads import SANDBOX, attachment_response
from lms.errors import DomainError
from lms.extensions import db
from lms.submissions import files as file_rules, queries, services
from lms.submissions.display import user_markdown
from lms.submissions.forms import AttemptForm
from lms.submissions.models import SubmissionStatus
from lms.submissions.request_files import uploads

bp = Blueprint("submissions", __name__, url_prefix="/submissions", template_folder="templates",
               static_folder="static", static_url_path="/static")


@bp.route("/")
@login_required
def mine():
    return render_template("submissions/mine.html", items=queries.submissions_of_learner(current_user.id))


@bp.route("/cohort/<int:cohort_id>/lesson/<int:lesson_id>", methods=["GET", "POST"])
@login_required
def submit(cohort_id: int, lesson_id: int):
    enrollment, lesson = queries.learner_assignment(current_user.id, cohort_id, lesson_id)
    permissions.require(enrollment is not None, hide=True)
    submission = services.find_submission(cohort_id, current_user.id, lesson_id)
    if submission and submission.status != SubmissionStatus.CHANGES_REQUESTED and request.method == "GET":
        return redirect(url_for("submissions.detail", submission_id=submission.id))
    if not permissions.can_submit_work(current_user, enrollment):
        abort(403, description=gettext("This cohort does not accept work at the moment."))
    previous = submission.attempts[-1] if submission and submission.attempts else None
    form = AttemptForm(previous_files=previous.files if previous else (), data=_prefill(previous))
    if not form.validate_on_submit():
        return _form_page(form, enrollment, lesson, submission, previous, status=400 if form.errors else 200)
    if form.preview.data:
        return _form_page(form, enrollment, lesson, submission, previous,
                          preview_html=_preview_html(form.text.data))
    try:
        attempt = _submit_once(enrollment, lesson, form)
    except services.InvalidWork as error:
        for name, messages in error.errors.items():
            getattr(form, name).errors = list(getattr(form, name).errors) + messages
        return _form_page(form, enrollment, lesson, submission, previous, status=400)
    flash(gettext("Attempt %(number)s is handed in.", number=attempt.number), "success")
    return redirect(url_for("submissions.detail", submission_id=attempt.submission_id,
                            _anchor=f"attempt-{attempt.number}"))


def _prefill(previous) -> dict | None:
    """The next attempt starts from the last one (text, link and its files ticked)."""
    if request.method == "POST" or previous is None:
        return None
    return {"text": previous.text, "url": previous.url or "", "carry_files": [f.id for f in previous.files]}


def _form_page(form, enrollment, lesson, submission, previous, *, preview_html=None, status=200):
    due_at = services.deadlines.due_at(enrollment.cohort, lesson)
    return render_template(
        "submissions/submit.html", form=form, lesson=lesson, cohort=enrollment.cohort, submission=submission,
        previous=previous, preview_html=preview_html, forms=services.allowed_forms(lesson), limits=_limits(),
        due_at=due_at, past_due=bool(due_at and utcnow() > due_at),
        last_review=previous.review if previous else None,
        attempts_left=services.attempts_left(submission, lesson)), status


def _submit_once(enrollment, lesson, form: AttemptForm):
    """Submit, committing; a replay or a concurrent duplicate returns the attempt already made."""
    data = services.AttemptData(idempotency_key=form.idempotency_key.data, text=form.text.data or "",
                                url=(form.url.data or "").strip(), carry_file_ids=form.carry_files.data or [],
                                files=uploads())
    try:
        attempt = services.submit_attempt(enrollment, lesson, data, acting_user())
        db.session.commit()
        return attempt
    # A concurrent duplicate shows up as a unique violation (or, on SQLite, a write
    # conflict); whatever the cause, the attempt with this key, if any, is the answer.
    except (IntegrityError, OperationalError, StaleDataError, DomainError) as error:
        db.session.rollback()
        attempt = services.find_attempt_by_key(data.idempotency_key)
        if attempt is not None and attempt.submission.user_id == current_user.id:
            return attempt
        if isinstance(error, services.InvalidWork):
            raise
        if isinstance(error, DomainError):
            abort(409, description=str(error))
        raise




def _limits() -> dict:
    return services.upload_limits()


@bp.route("/<int:submission_id>")
@login_required
def detail(submission_id: int):
    page = queries.submission_page(submission_id)
    permissions.require(page is not None and permissions.can_view_submission(current_user, page.submission),
                        hide=True)
    return render_template("submissions/detail.html", page=page, submission=page.submission,
                           can_review=permissions.can_review_submission(current_user, page.submission),
                           audit=(queries.audit_for(page.submission) if permissions.can_view_audit(current_user)
                                  else None))


@bp.route("/files/<int:file_id>")
@login_required
def download(file_id: int):
    attempt_file = queries.attempt_file(file_id)
    permissions.require(attempt_file is not None and permissions.can_view_submission(
        current_user, attempt_file.attempt.submission), hide=True)
    return attachment_response(services.read_file(attempt_file), attempt_file.filename,
                               file_rules.download_media_type(attempt_file.extension), policy=SANDBOX)


@bp.route("/preview", methods=["POST"])
@login_required
def preview():
    """The live preview: the same sanitising renderer as the saved text."""
    text = (request.get_json(silent=True) or {}).get("text") if request.is_json else request.form.get("text")
    return jsonify(html=str(_preview_html(text)))


def _preview_html(text: str | None):
    """At most as much text as may be handed in: a preview costs no more than a hand-in."""
    return user_markdown((text if isinstance(text, str) else "")[: current_app.config["SUBMISSION_MAX_TEXT_CHARS"]])


@bp.errorhandler(413)
def too_large(error):
    return render_template("submissions/too_large.html", limits=_limits(), back=request.path), 413
