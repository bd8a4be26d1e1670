"""Accounts: sign-in, profiles, invitations, password resets."""
from __future__ import annotations

from flask import Flask

from lms.extensions import login_manager


def init_app(app: Flask) -> None:
    from lms.auth import services, views

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see this page."
    login_manager.login_message_category = "info"
    login_manager.user_loader(services.load_user_from_session)
    app.register_blueprint(views.bp)
