"""Skill-track mentorship LMS: the application factory."""
from __future__ import annotations

import gc
import logging
import os

from flask import Flask

from lms import config as config_module, database
from lms.extensions import csrf, db, login_manager, migrate

# Feature packages, each exposing ``init_app(app)`` that registers its blueprint,
# CLI commands and hooks. Order matters only for the navigation.
FEATURES = (
    "lms.auth",
    "lms.profiles",
    "lms.tracks",
    "lms.cohorts",
    "lms.mentorships",
    "lms.dashboard",
    "lms.submissions",
    "lms.asks",
    "lms.reviews",
    "lms.peer",
    "lms.community",
    "lms.progress",
    "lms.learning",
    "lms.reports",
    "lms.plans",
    "lms.meetings",
    "lms.peermentors",
    "lms.health",
    "lms.notifications",
    "lms.certificates",
    "lms.api",
    "lms.webhooks",
    "lms.backup",
)


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an application instance."""
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("LMS_INSTANCE_PATH")
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    app.config.from_object(config_module.Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_mapping(config_module.from_environment(os.environ, app.config, vars(config_module.Defaults)))
    else:
        app.config.from_mapping(test_config)
    config_module.finalise(app.config, app.instance_path)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for chatty in ("weasyprint", "fontTools"):  # step-by-step progress, not news
        logging.getLogger(chatty).setLevel(logging.WARNING)

    db.init_app(app)
    with app.app_context():
        database.ping_connections_after_idle(db.engine, app.config["DATABASE_PING_AFTER_IDLE_SECONDS"])
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)

    # Here, not at the top: importing any lms module runs this file first, and these
    # import the features, which import lms.extensions.
    from lms import errors, i18n, jobs, models, outbox, pagecache, permissions, security, web  # noqa: F401 (models: the whole schema)

    security.init_app(app)
    pagecache.init_app(app)
    jobs.init_app(app)
    outbox.init_app(app)
    errors.init_app(app)
    web.init_app(app)
    i18n.init_app(app)
    permissions.init_app(app)
    defined = set(app.config)
    for name in FEATURES:
        module = __import__(name, fromlist=["init_app"])
        module.init_app(app)
    if test_config is None:  # the environment also sets the features' own settings
        feature_keys = set(app.config) - defined
        app.config.from_mapping(config_module.from_environment(os.environ, app.config, feature_keys))
    return app


def freeze_start_up_objects() -> None:
    """For a serving process, once the app is built: what building it made (modules, routes,
    templates, the ORM's mappings: ~280,000 objects) lives as long as the process. Moved out of
    the collector's reach, a full collection no longer walks it: a pause of ~160 ms every few
    hundred requests, ~1 ms per request on average, gone (docs/performance.md, "gc.freeze()")."""
    gc.collect()
    gc.freeze()
