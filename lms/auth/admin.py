"""Admin pages for accounts: list and search, add and invite, deactivate and reactivate."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms.auth import acting_user, services
from lms.auth.forms import UserCreateForm, UserFilterForm
from lms.auth.models import User
from lms.extensions import db
from lms.pagecache import cached_page
from lms.permissions import can_manage_users, require

bp = Blueprint("users", __name__, url_prefix="/admin/users")

PER_PAGE = 50


@bp.before_request
@login_required
def _admins_only():
    require(can_manage_users(current_user))


@bp.route("/")
@cached_page
def index():
    return _index_page(UserCreateForm(formdata=None))


def _index_page(create_form: UserCreateForm, status: int = 200):
    filters = UserFilterForm(request.args)
    if filters.validate():
        query = services.search_users(filters.q.data or "", status=filters.status.data, role=filters.role.data)
    else:  # the form shows what is wrong; meanwhile the list is not filtered by it
        query = services.search_users("")
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    return render_template("auth/admin/users.html", page=page, filters=filters,
                           create_form=create_form), status


@bp.route("/", methods=["POST"])
def create():
    form = UserCreateForm()
    if not form.validate_on_submit():
        return _index_page(form, 400)
    try:
        user, url = services.add_user(form.email.data, form.name.data, is_admin=form.is_admin.data,
                                      invited_by=acting_user(), send_invitation=form.send_invitation.data)
    except services.EmailTaken as error:
        form.email.errors.append(str(error))
        return _index_page(form, 400)
    db.session.commit()
    if form.send_invitation.data:
        flash(gettext("%(email)s was added and invited by email.", email=user.email), "success")
    else:
        flash(gettext("%(email)s was added. No email was sent: share this invitation link with them: %(url)s",
                      email=user.email, url=url), "success")
    return redirect(url_for("users.index"))


@bp.route("/<int:user_id>/invite", methods=["POST"])
def resend_invitation(user_id: int):
    user = db.get_or_404(User, user_id)
    try:
        services.invite_user(user.email, user.name, invited_by=acting_user())
    except services.AccountError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("A new invitation was sent to %(email)s; earlier links no longer work.", email=user.email),
              "success")
    return redirect(url_for("users.index"))


@bp.route("/<int:user_id>/deactivate", methods=["GET", "POST"])
def deactivate(user_id: int):
    user = db.get_or_404(User, user_id)
    if request.method == "GET":
        return render_template("auth/admin/confirm_deactivate.html", user=user)
    return _set_active(user, False, gettext("%(email)s is deactivated and was signed out everywhere.",
                                            email=user.email))


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
def reactivate(user_id: int):
    user = db.get_or_404(User, user_id)
    return _set_active(user, True, gettext("%(email)s can sign in again.", email=user.email))


def _set_active(user: User, active: bool, message: str):
    try:
        services.set_active(user, active, actor=acting_user())
    except services.AccountError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("users.index"))
