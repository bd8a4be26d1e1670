"""Community spaces: a discussion space per cohort and one per track (docs/community.md)."""
from __future__ import annotations

from flask import Flask
from flask_babel import gettext, lazy_gettext


def default_conduct() -> str:
    """The built-in code of conduct (Markdown) in the reader's language: shown when neither the
    program nor the instance (``COMMUNITY_DEFAULT_CONDUCT``) wrote its own."""
    rules = [gettext("Help with questions; do not hand in someone else's work as yours."),
             gettext("Keep criticism about the work, never about the person."),
             gettext("No harassment, discrimination or spam. Keep private what people share here."),
             gettext("Report a post that breaks these rules: mentors look at every report.")]
    intro = gettext("Be kind and assume good intent: everyone here is learning, mentors included.")
    return intro + "\n\n" + "\n".join(f"- {rule}" for rule in rules)


def init_app(app: Flask) -> None:
    app.config.setdefault("COMMUNITY_POSTS_PER_PAGE", 50)
    app.config.setdefault("COMMUNITY_POSTS_PER_MINUTE", 6)
    app.config.setdefault("COMMUNITY_POSTS_PER_HOUR", 60)
    # An instance's own default text (any language, shown as written); empty: the built-in one,
    # in the reader's language (``default_conduct``).
    app.config.setdefault("COMMUNITY_DEFAULT_CONDUCT", "")
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
