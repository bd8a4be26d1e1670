"""Profiles: skills with levels, languages, time zone, and a mentor's offer and capacity."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, not with the package: the features above import
    # this package's models, and that must not load its views and everything they use.
    from lms.auth.views import AFTER_SIGN_IN
    from lms.profiles import demo, languages, skills, views

    app.register_blueprint(views.bp)
    app.add_template_filter(languages.name, "language_name")
    app.add_template_filter(skills.level_word, "skill_level")
    # People who never gave their skills see the welcome step right after signing in.
    app.extensions[AFTER_SIGN_IN] = views.after_sign_in
    demo.register(app)
