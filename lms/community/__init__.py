"""Community spaces: a discussion space per cohort and one per track (docs/community.md)."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext

DEFAULT_CONDUCT = """Be kind and assume good intent: everyone here is learning, mentors included.

- Help with questions; do not hand in someone else's work as yours.
- Keep criticism about the work, never about the person.
- No harassment, discrimination or spam. Keep private what people share here.
- Report a post that breaks these rules: mentors look at every report."""


def init_app(app: Flask) -> None:
    app.config.setdefault("COMMUNITY_POSTS_PER_PAGE", 50)
    app.config.setdefault("COMMUNITY_POSTS_PER_MINUTE", 6)
    app.config.setdefault("COMMUNITY_POSTS_PER_HOUR", 60)
    app.config.setdefault("COMMUNITY_DEFAULT_CONDUCT", DEFAULT_CONDUCT)
    from lms.community import views

    app.register_blueprint(views.bp)
    _init_community(app)


def _init_community(app: Flask) -> None:
    """The navigation item and the demo (imported when the app is assembled)."""
    from lms.community import spaces
    from lms.community.demo import demo_community
    from lms.community.moderation_demo import demo_moderation
    from lms.demo import register_demo_step
    from lms.web import add_nav_fact, add_nav_item

    add_nav_fact(app, "community_member", spaces.belongs_to_a_space)
    add_nav_item(app, lazy_gettext("Community"), "community.index", visible=spaces.has_any_space, order=37)
    register_demo_step(app, demo_community)
    register_demo_step(app, demo_moderation)   # after the spaces' demo: it moderates their topics
