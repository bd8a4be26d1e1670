"""Emailed links: accepting an invitation, asking for and using a password reset, confirming an address."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from lms import ratelimit
from lms.auth import resets, services, tokens
from lms.auth.forms import EmailForm, SetPasswordForm
from lms.auth.models import TokenPurpose, normalise_email
from lms.auth.views import after_sign_in_url, bp, start_session
from lms.extensions import db

RESET_REQUESTED = lazy_gettext("If an account exists for that address, we sent a link to choose a new password. "
                               "Check your inbox (and spam folder).")
RESET_LIMITED = lazy_gettext("Too many password reset requests. Please try again later.")


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return _set_password_page(token, TokenPurpose.INVITE)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _set_password_page(token, TokenPurpose.RESET)


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    try:
        user = tokens.resolve_confirmation(token)
    except tokens.LinkProblem as problem:
        return _link_problem(problem, "confirm")
    if request.method == "GET":  # mail scanners open links: confirming takes a click
        return render_template("auth/confirm_email.html", user=user)
    services.confirm_email(user)
    db.session.commit()
    start_session(user)
    flash(gettext("Welcome! Your account is ready. Tell us a little about yourself."), "success")
    return redirect(after_sign_in_url(user, url_for("profiles.edit")))


def _set_password_page(signed: str, purpose: TokenPurpose):
    try:
        account_token = tokens.resolve_token(signed, purpose)
    except tokens.LinkProblem as problem:
        return _link_problem(problem, purpose)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.use_link(account_token, form.new_password.data)
        except tokens.LinkProblem as problem:
            return _link_problem(problem, purpose)
        db.session.commit()
        start_session(user)
        flash(gettext("Your password is set and you are signed in.") if purpose is TokenPurpose.INVITE
              else gettext("Your password is changed. You were signed out everywhere else."), "success")
        return redirect(after_sign_in_url(user, url_for("web.index")))
    return render_template("auth/set_password.html", form=form, user=account_token.user,
                           purpose=purpose.value), 400 if form.errors else 200


def _link_problem(problem: tokens.LinkProblem, purpose: TokenPurpose | str):
    expired_on = None
    if isinstance(problem, tokens.ExpiredLink):
        expired_on = tokens.describe_time(problem.expires_at, problem.timezone)
    kind = {tokens.UsedLink: "used", tokens.ExpiredLink: "expired"}.get(type(problem), "invalid")
    return render_template("auth/link_problem.html", kind=kind, purpose=getattr(purpose, "value", purpose),
                           expired_on=expired_on), problem.status_code


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        limit, window = (current_app.config["PASSWORD_RESET_REQUEST_LIMIT"],
                         current_app.config["PASSWORD_RESET_REQUEST_WINDOW_SECONDS"])
        ratelimit.limit(f"reset:address:{request.remote_addr}", limit, window, RESET_LIMITED)
        ratelimit.limit(f"reset:email:{normalise_email(form.email.data)}", limit, window, RESET_LIMITED)
        # Recorded for every address alike and looked up after the response: the answer
        # and its timing are the same whether or not the address has an account.
        resets.request_password_reset(form.email.data)
        db.session.commit()
        flash(str(RESET_REQUESTED), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form), 400 if form.errors else 200
