"""Admin pages: webhook endpoints, their secret and settings, and each one's delivery log."""
from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user, login_required
from sqlalchemy import func, select

from lms.extensions import db
from lms.permissions import can_manage_webhooks, require
from lms.webhooks import services
from lms.webhooks.forms import EndpointForm
from lms.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks", template_folder="templates")
PER_PAGE = 20


def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    require(endpoint is not None and can_manage_webhooks(current_user), hide=True)
    return endpoint


def _current(endpoint: WebhookEndpoint) -> dict:
    """What the edit form starts from: the endpoint's settings and the version they are at."""
    return {"url": endpoint.url, "description": endpoint.description, "events": endpoint.events.split(),
            "version": str(endpoint.version)}


def _data(form: EndpointForm) -> services.EndpointData:
    return services.EndpointData(form.url.data or "", form.description.data or "", form.events.data or [])


# A delivery's status as the log shows it.
DELIVERY_STATUS = {"pending": lazy_gettext("pending"), "sending": lazy_gettext("sending"),
                   "delivered": lazy_gettext("delivered"), "failed": lazy_gettext("failed")}


def delivery_status(status) -> str:
    return str(DELIVERY_STATUS.get(status.value, status.value))


def _page(template: str, status: int = 200, **context):
    response = make_response(render_template(template, delivery_status=delivery_status, **context), status)
    response.headers["Cache-Control"] = "no-store"  # the pages show the signing secret
    return response


@bp.get("/")
@login_required
def index():
    require(can_manage_webhooks(current_user))
    endpoints = db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
    return render_template("webhooks/index.html", endpoints=endpoints)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    require(can_manage_webhooks(current_user))
    form = EndpointForm()
    if form.validate_on_submit():
        try:
            endpoint = services.create_endpoint(_data(form), current_user)
        except services.WebhookError as error:
            db.session.rollback()
            form.url.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Endpoint added. Copy its signing secret below into the receiver."), "success")
            return redirect(url_for("webhooks.detail", endpoint_id=endpoint.id))
    return _page("webhooks/form.html", 422 if form.errors else 200, form=form, endpoint=None)


@bp.route("/<int:endpoint_id>/edit", methods=["GET", "POST"])
@login_required
def edit(endpoint_id: int):
    endpoint = _endpoint(endpoint_id)
    form = EndpointForm(data=_current(endpoint))
    if form.validate_on_submit():
        try:
            services.update_endpoint(endpoint, _data(form), based_on_version=int(form.version.data or 0))
        except services.StaleEdit as error:
            db.session.rollback()
            return _conflict(endpoint_id, str(error))
        except services.WebhookError as error:
            db.session.rollback()
            form.url.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Endpoint saved."), "success")
            return redirect(url_for("webhooks.detail", endpoint_id=endpoint_id))
    return _page("webhooks/form.html", 422 if form.errors else 200, form=form, endpoint=endpoint)


def _conflict(endpoint_id: int, message: str):
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        flash(gettext("That endpoint was deleted meanwhile."), "warning")
        return redirect(url_for("webhooks.index"))
    form = EndpointForm(formdata=None, data=_current(endpoint))
    flash(message, "warning")
    return _page("webhooks/form.html", 409, form=form, endpoint=endpoint)


@bp.get("/<int:endpoint_id>")
@login_required
def detail(endpoint_id: int):
    endpoint = _endpoint(endpoint_id)
    total = db.session.scalar(select(func.count()).where(WebhookDelivery.endpoint_id == endpoint.id))
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    deliveries = db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
                                    .order_by(WebhookDelivery.id.desc())
                                    .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    attempts: dict[int, list[WebhookAttempt]] = {row.id: [] for row in deliveries}
    for attempt in db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(attempts))
                                      .order_by(WebhookAttempt.id.desc())):
        attempts[attempt.delivery_id].append(attempt)
    return _page("webhooks/detail.html", endpoint=endpoint, deliveries=deliveries, attempts=attempts,
                 page=page, pages=pages, total=total)


def _act(endpoint_id: int, change, done: str):
    """Load, check, change, commit, and come back to the endpoint's page with a message."""
    endpoint = _endpoint(endpoint_id)
    try:
        change(endpoint)
    except services.WebhookError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("webhooks.detail", endpoint_id=endpoint_id))


@bp.post("/<int:endpoint_id>/enable")
@login_required
def enable(endpoint_id: int):
    return _act(endpoint_id, lambda e: services.set_active(e, True),
                gettext("Endpoint enabled: new events go to it again."))


@bp.post("/<int:endpoint_id>/disable")
@login_required
def disable(endpoint_id: int):
    return _act(endpoint_id, lambda e: services.set_active(e, False),
                gettext("Endpoint disabled: it receives nothing."))


@bp.post("/<int:endpoint_id>/rotate")
@login_required
def rotate(endpoint_id: int):
    return _act(endpoint_id, services.rotate_secret,
                gettext("New secret made. Deliveries from now on are signed with it: update the receiver."))


@bp.post("/<int:endpoint_id>/test")
@login_required
def send_test(endpoint_id: int):
    return _act(endpoint_id, lambda e: services.send_test(e, current_user),
                gettext("Test event queued: its delivery shows below in a moment."))


@bp.post("/<int:endpoint_id>/delete")
@login_required
def delete(endpoint_id: int):
    endpoint = _endpoint(endpoint_id)
    url = endpoint.url
    services.delete_endpoint(endpoint)
    db.session.commit()
    flash(gettext("Endpoint %(url)s deleted, with its delivery log.", url=url), "success")
    return redirect(url_for("webhooks.index"))


@bp.post("/deliveries/<int:delivery_id>/redeliver")
@login_required
def redeliver(delivery_id: int):
    row = db.session.get(WebhookDelivery, delivery_id)
    require(row is not None and can_manage_webhooks(current_user), hide=True)
    endpoint_id = row.endpoint_id
    try:
        services.redeliver(row)
    except services.WebhookError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("Sending it again now, with the same webhook-id."), "success")
    return redirect(url_for("webhooks.detail", endpoint_id=endpoint_id))
