"""Accounts: sign-in, profiles, invitations, password resets, admin user management.

``init_app`` also sets up the account foundations other features build on: outgoing
mail (``lms.mail``), rate limits (``lms.ratelimit``), the client address behind a
proxy (``lms.proxy``) and ``flask demo`` (``lms.demo``).
"""
from __future__ import annotations

from flask import Flask, abort
from flask_babel import lazy_gettext
from flask_login import current_user

from lms.extensions import login_manager


def acting_user():
    """The signed-in ``User`` making this request, to hand to services.

    The real object, not the ``current_user`` proxy: services store it, compare it and
    keep it after the request. Views behind ``login_required`` always have one; without
    one this answers 401 rather than handing an anonymous user to a service.
    """
    if not current_user.is_authenticated:
        abort(401)
    return current_user._get_current_object()


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, not with the package: the features above import
    # this package's models, and that must not load its views and everything they use.
    from lms import demo, mail, proxy, ratelimit
    from lms.auth import admin, cli, link_views, resets, services, views  # noqa: F401 (link_views: routes)
    from lms.permissions import can_manage_users
    from lms.web import add_nav_item

    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    login_manager.localize_callback = str  # the flashed message is text in the reader's language
    login_manager.login_message_category = "info"
    login_manager.user_loader(services.load_user_from_session)
    app.register_blueprint(views.bp)
    app.register_blueprint(admin.bp)
    app.cli.add_command(cli.users_cli)
    add_nav_item(app, lazy_gettext("Users"), "users.index", visible=can_manage_users, order=90)

    mail.init_app(app)
    ratelimit.init_app(app)
    proxy.init_app(app)
    demo.init_app(app)
    resets.init_app(app)
