"""Sign in, sign out, self-registration and changing one's password.

The profile page itself belongs to ``lms.profiles`` (``/profile``); the password form on
it posts here (``/profile/password``).
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user, login_required, login_user, logout_user

from lms import ratelimit
from lms.auth import acting_user, services
from lms.auth.forms import ChangePasswordForm, LoginForm, RegistrationForm
from lms.auth.throttle import DEVICE_COOKIE, LoginThrottle, remember_device
from lms.extensions import db
from lms.web import local_path

bp = Blueprint("auth", __name__, template_folder="templates")

REGISTRATIONS_PER_ADDRESS_PER_HOUR = 10
# The same answer whether or not the address already has an account (its owner gets an email).
REGISTERED = lazy_gettext("Almost done: we sent an email to the address you gave. "
                          "Open the link in it to start using your account.")


def safe_next_url(target: str | None) -> str:
    """Only redirect to paths on this site after signing in."""
    return local_path(target) or url_for("web.index")


# ``app.extensions[AFTER_SIGN_IN]``: a feature above may send people somewhere first after
# they sign in (profiles: the welcome step for those who never gave their skills):
# ``hook(user, target) -> url``.
AFTER_SIGN_IN = "after_sign_in"


def after_sign_in_url(user, target: str) -> str:
    hook = current_app.extensions.get(AFTER_SIGN_IN)
    return hook(user, target) if hook else target


def start_session(user, *, remember: bool = False) -> None:
    """Sign ``user`` in on a fresh session: nothing from before, the CSRF secret included.

    Someone who planted a session (or read a CSRF token) before the sign-in gains
    nothing from it afterwards.
    """
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    login_user(user, remember=remember)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.index"))
    form = LoginForm()
    if form.validate_on_submit():
        throttle = LoginThrottle(form.email.data, request.remote_addr, request.cookies.get(DEVICE_COOKIE))
        throttle.begin()  # counts this attempt first; HTTP 429 without looking at the password
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.EmailNotConfirmed as error:
            throttle.succeeded()  # the password was right; the account waits for its owner
            form.email.errors.append(str(error))
            return render_template("auth/login.html", form=form)
        if user is not None:
            db.session.commit()
            throttle.succeeded()  # after the commit: SQLite allows one writer at a time
            start_session(user, remember=form.remember.data)
            response = redirect(after_sign_in_url(user, safe_next_url(request.args.get("next"))))
            remember_device(response, throttle)
            return response
        throttle.failed()
        form.password.errors.append(gettext("Email or password is not correct."))
    return render_template("auth/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
def register():
    if not current_app.config["SELF_REGISTRATION"]:
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("web.index"))
    form = RegistrationForm()
    if form.validate_on_submit():
        ratelimit.limit(f"register:address:{request.remote_addr}", REGISTRATIONS_PER_ADDRESS_PER_HOUR, 3600)
        services.register_user(form.email.data, form.name.data, form.new_password.data)
        db.session.commit()
        flash(str(REGISTERED), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # A new session token kills this cookie, copies of it and the remember-me cookie.
        services.end_sessions(acting_user())
        db.session.commit()
    logout_user()
    session.clear()
    flash(gettext("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/profile/password", methods=["POST"])
@login_required
def change_password():
    user = acting_user()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(user, form.current_password.data, form.new_password.data)
        except services.WrongPassword as error:
            form.current_password.errors.append(str(error))
        else:
            db.session.commit()
            login_user(user)  # this session continues with the new token; others end
            flash(gettext("Your password is changed. You were signed out everywhere else."), "success")
            return redirect(url_for("profiles.edit"))
    return render_template("auth/password.html", password_form=form), 400
