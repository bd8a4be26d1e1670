"""Community spaces: a discussion space per cohort and one per track (docs/community.md)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    app.config.setdefault("COMMUNITY_POSTS_PER_PAGE", 50)
    from lms.community import views

    app.register_blueprint(views.bp)
    from lms.community.moderation_demo import demo_moderation  # moderation (issue 15): runs after the spaces demo
    from lms.demo import register_demo_step

    register_demo_step(app, demo_moderation)
