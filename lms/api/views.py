"""Pages: each person's API tokens, the admins' service tokens, and the API's docs page.

A new token is shown once, on the page that answers the form (never in a redirect or
the session), with a Cache-Control that keeps it out of caches.
"""
from __future__ import annotations

import os
from datetime import timedelta

import swagger_ui
from flask import Blueprint, abort, flash, make_response, redirect, render_template, send_from_directory, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms.api import tokens
from lms.api.forms import TokenForm
from lms.api.models import ApiToken, TokenKind
from lms.database import utcnow
from lms.extensions import db
from lms.permissions import can_manage_api_tokens, can_revoke_api_token, can_use_api, require

bp = Blueprint("tokens", __name__, template_folder="templates")
docs = Blueprint("apidocs", __name__, url_prefix="/api/v1/docs", static_folder=None)
SWAGGER_FILES = os.path.join(os.path.dirname(swagger_ui.__file__), "static")
DOCS_FILES = frozenset({"swagger-ui.css", "swagger-ui-bundle.js"})


def _create(form: TokenForm, kind: TokenKind):
    expires_at = utcnow() + timedelta(days=int(form.lifetime.data))
    try:
        raw, token = tokens.create_token(current_user, kind, form.name.data, form.scopes.data, expires_at,
                                         actor=current_user)
    except tokens.TokenError as error:
        form.form_errors.append(str(error))
        return None
    db.session.commit()
    form.process(formdata=None)  # an empty form again: sending it twice would make a second token
    return raw, token


def _page(template: str, form: TokenForm, rows, new=None):
    status = 422 if form.errors or form.form_errors else 200
    response = make_response(render_template(template, form=form, rows=rows, new=new), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/api-tokens", methods=["GET", "POST"])
@login_required
def mine():
    require(can_use_api(current_user))
    form = TokenForm()
    new = _create(form, TokenKind.PERSONAL) if form.validate_on_submit() else None
    return _page("api/my_tokens.html", form, tokens.tokens_of(current_user), new)


@bp.route("/admin/api-tokens", methods=["GET", "POST"])
@login_required
def service():
    require(can_manage_api_tokens(current_user))
    form = TokenForm()
    new = _create(form, TokenKind.SERVICE) if form.validate_on_submit() else None
    return _page("api/service_tokens.html", form, tokens.service_tokens(), new)


@bp.post("/api-tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    token = db.session.get(ApiToken, token_id)
    require(token is not None and can_revoke_api_token(current_user, token), hide=True)
    tokens.revoke_token(token, actor=current_user)
    db.session.commit()
    flash(gettext("“%(name)s” is revoked: it stopped working at once.", name=token.name), "success")
    return redirect(url_for("tokens.service" if token.kind == TokenKind.SERVICE else "tokens.mine"))


@docs.get("/")
def page():
    return render_template("api/docs.html")


@docs.get("/files/<name>")
def files(name: str):
    if name not in DOCS_FILES:
        abort(404)
    return send_from_directory(SWAGGER_FILES, name, max_age=86400)
