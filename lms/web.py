"""Shared web plumbing: the home page, navigation registry, template helpers, and reads
that survive a dropped database connection."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from babel import Locale
from flask import Blueprint, Flask, current_app, g, redirect, request, url_for
from flask_babel import get_locale, lazy_gettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import Integer, bindparam, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ColumnElement

from lms.errors import render_error
from lms.extensions import db, login_manager

log = logging.getLogger(__name__)

bp = Blueprint("web", __name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD"})
CONNECTION_LOST = lazy_gettext("We lost the connection to the database while handling this. If you were saving "
                               "something, check whether it was saved before you try again.")


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy string (``lazy_gettext``): read in the reader's language at each page
    endpoint: str
    visible: Callable[[object], bool]
    order: int = 50


def local_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site (safe to redirect to), else None."""
    if target and not any(c == "\\" or ord(c) < 32 for c in target):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return None


def add_nav_item(app: Flask, label, endpoint: str,
                 visible: Callable[[object], bool] = lambda user: user.is_authenticated,
                 order: int = 50) -> None:
    """Let a feature add a link to the main navigation, shown when ``visible(user)``.

    ``label`` is registered once for every reader, so it is a ``lazy_gettext`` string (or an
    object whose ``str``/``__html__`` translate when the page is drawn), never a plain one."""
    app.extensions.setdefault("lms_nav", []).append(NavItem(label, endpoint, visible, order))


def add_nav_fact(app: Flask, name: str, expression: Callable[[ColumnElement], ColumnElement]) -> None:
    """Let a feature give the navigation a fact about the signed-in person: ``expression(user_id)``
    is a SQL scalar (a count, an EXISTS) of their id, read back with ``nav_fact(user, name)``.

    Every page shows the navigation, so its facts are read together in one statement, built
    once per application (only the id is bound per request), the first time the page asks
    for one: a change the request made before rendering is in it.
    """
    app.extensions.setdefault("lms_nav_facts", {})[name] = expression
    app.extensions.pop("lms_nav_facts_statement", None)


def nav_fact(user, name: str):
    """The value of the fact ``name`` (see ``add_nav_fact``) for ``user``, a signed-in person."""
    user_id = user.id
    known = g.get("lms_nav_facts")
    if known is None or known[0] != user_id:
        row = db.session.execute(_nav_facts_statement(), {"nav_user_id": user_id}).one()
        known = g.lms_nav_facts = (user_id, row._mapping)
    return known[1][name]


def _nav_facts_statement():
    extensions = current_app.extensions
    statement = extensions.get("lms_nav_facts_statement")
    if statement is None:
        user_id = bindparam("nav_user_id", type_=Integer)
        statement = select(*(expression(user_id).label(name)
                             for name, expression in extensions.get("lms_nav_facts", {}).items()))
        extensions["lms_nav_facts_statement"] = statement
    return statement


def add_page_panel(app: Flask, slot: str, panel: Callable[[object], str | None]) -> None:
    """Let a feature add a section to another feature's page without that page importing it.

    The page calls ``page_panels(slot, subject)`` in its template (e.g. ``"reviews.review"``
    with the submission); each panel returns its HTML (a ``Markup``) or None to stay out.
    A panel must run a fixed number of queries, so the page's count stays constant.
    """
    app.extensions.setdefault("lms_page_panels", {}).setdefault(slot, []).append(panel)


def _page_panels(slot: str, subject) -> Markup:
    parts = (panel(subject) for panel in current_app.extensions.get("lms_page_panels", {}).get(slot, ()))
    return Markup("").join(part for part in parts if part)


def _nav_items() -> list[NavItem]:
    items = current_app.extensions.get("lms_nav", [])
    user = current_user._get_current_object()  # asked a dozen times: not through the proxy each time
    return sorted((i for i in items if i.visible(user)), key=lambda i: (i.order, str(i.label)))


def add_home_provider(app: Flask, provider: Callable[[object], str | None]) -> None:
    """Let a feature choose the home page of a signed-in user.

    Providers are asked in registration order; the first URL returned wins.
    Without any, the profile page is home.
    """
    app.extensions.setdefault("lms_home", []).append(provider)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    for provider in current_app.extensions.get("lms_home", []):
        target = provider(current_user)
        if target:
            return redirect(target)
    return redirect(url_for("profiles.edit"))


@bp.route("/healthz")
def healthz():
    """The bare route: no database, no template, no session. Load balancers poll it, and the
    page benchmark (bench/pages.py) measures every page against it."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


def _on_database_error(error: DBAPIError):
    """A dropped database connection (a restart, a failover, a terminated backend): a read
    is dispatched once more on a fresh connection; anything else gets a clean 503.

    SQLAlchemy has already invalidated the broken connection and the pool's older ones
    (a connection that sat idle is pinged before it is handed out:
    ``lms.database.ping_connections_after_idle``). Writes are never repeated: the
    first attempt may have committed.
    """
    if not error.connection_invalidated:
        raise error  # not a lost connection: the usual 500
    _forget_the_broken_session()
    if request.method in IDEMPOTENT_METHODS and not g.get("lms_db_retried"):
        g.lms_db_retried = True
        log.warning("database connection lost during %s %s; dispatching it once more", request.method, request.path)
        app = current_app._get_current_object()
        try:
            response = app.preprocess_request()  # the before_request checks run again too
            if response is None:
                response = app.dispatch_request()
        except Exception as again:  # noqa: BLE001 (its own handler: a 404, or this one for a 503)
            response = app.handle_user_exception(again)
        return response
    log.warning("database connection lost during %s %s; answering 503", request.method, request.path)
    g._login_user = login_manager.anonymous_user()  # the error page must not query the database
    body, code = render_error(503, str(CONNECTION_LOST))
    return body, code, {"Retry-After": "5"}


def _forget_the_broken_session() -> None:
    try:
        db.session.rollback()
    except DBAPIError:
        pass  # the connection is gone already
    db.session.remove()
    g.pop("_login_user", None)  # loaded through the broken session: load it again
    g.pop("lms_nav_facts", None)


# Numbers that between them fall in every plural category of the languages we ship (CLDR).
_PLURAL_SAMPLES = (0, 1, 2, 3, 5, 11, 21, 100, 101, 102, 1000000)


def plural_samples() -> list[tuple[str, int]]:
    """``[(CLDR plural category, a number in it), ...]`` for the reader's language, so a template
    can hand a script every plural form of a sentence (``ngettext`` once per sample, keyed by the
    category ``Intl.PluralRules`` gives in the browser): ``one``/``other`` in English, six in Arabic."""
    locale = get_locale() or Locale("en")
    samples: dict[str, int] = {}
    for number in _PLURAL_SAMPLES:
        samples.setdefault(locale.plural_form(number), number)
    return list(samples.items())


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_error_handler(DBAPIError, _on_database_error)
    app.jinja_env.globals["nav_items"] = _nav_items
    app.jinja_env.globals["page_panels"] = _page_panels
    app.jinja_env.globals["plural_samples"] = plural_samples
    app.jinja_env.globals["organisation_name"] = lambda: current_app.config["ORGANISATION_NAME"]
