"""Shared web plumbing: the home page, navigation registry, template helpers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Blueprint, Flask, current_app, redirect, url_for
from flask_login import current_user

bp = Blueprint("web", __name__)


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    visible: Callable[[object], bool]
    order: int = 50


def add_nav_item(app: Flask, label: str, endpoint: str,
                 visible: Callable[[object], bool] = lambda user: user.is_authenticated,
                 order: int = 50) -> None:
    """Let a feature add a link to the main navigation, shown when ``visible(user)``."""
    app.extensions.setdefault("lms_nav", []).append(NavItem(label, endpoint, visible, order))


def _nav_items() -> list[NavItem]:
    items = current_app.extensions.get("lms_nav", [])
    return sorted((i for i in items if i.visible(current_user)), key=lambda i: (i.order, i.label))


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
    return redirect(url_for("auth.profile"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["nav_items"] = _nav_items
    app.jinja_env.globals["organisation_name"] = lambda: current_app.config["ORGANISATION_NAME"]
