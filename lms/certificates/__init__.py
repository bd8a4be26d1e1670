"""Certificates of completion: issued when a learner completes a track, rendered once to
PDF in the background, verifiable by anyone at ``/verify/<code>``, and exported as a
signed Open Badges 3.0 credential.

Settings (defaults below; see README): ``CERTIFICATE_PAGE_SIZE`` ("A4" or "Letter"),
``CERTIFICATE_LOGO_PATH`` (an .svg/.png inside the instance folder; default: packaged),
``CERTIFICATE_SIGNATORY_NAME``, ``CERTIFICATE_SIGNATORY_TITLE``,
``CREDENTIAL_SIGNING_KEY_PATH`` (default ``instance/keys/credential-signing-ed25519.pem``),
``CERTIFICATE_VERIFY_LIMIT_PER_MINUTE`` (per address).
"""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext

from lms import signals

DEFAULTS = {
    "CERTIFICATE_PAGE_SIZE": "A4",
    "CERTIFICATE_LOGO_PATH": None,
    "CERTIFICATE_SIGNATORY_NAME": "",
    "CERTIFICATE_SIGNATORY_TITLE": "",
    "CREDENTIAL_SIGNING_KEY_PATH": None,
    "CERTIFICATE_VERIFY_LIMIT_PER_MINUTE": 30,
}


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, not with the package: the features above import
    # this package's models, and that must not load its views and everything they use.
    from lms.certificates import cli, jobs, services, views
    from lms.certificates.pdf import warm_up
    from lms.jobs import register_periodic
    from lms.permissions import can_manage_certificates, uses_learner_pages
    from lms.web import add_nav_item

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    if app.config["CERTIFICATE_PAGE_SIZE"] not in ("A4", "Letter"):
        raise ValueError("CERTIFICATE_PAGE_SIZE must be 'A4' or 'Letter'")
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.certificates_cli)
    signals.progress_changed.connect(services.on_progress_changed)
    # Catch-up for renders lost while Redis or every worker was down.
    register_periodic(app, "certificates.render_missing", jobs.render_missing, timedelta(minutes=15))
    # Workers load WeasyPrint and the fonts once; their forked work horses inherit them.
    app.extensions.setdefault("lms_worker_warm_ups", []).append(warm_up)
    _register_template_helpers(app)
    add_nav_item(app, lazy_gettext("Certificates"), "certificates.mine", order=80, visible=uses_learner_pages)
    add_nav_item(app, lazy_gettext("Certificates"), "certificates.admin_list", order=80,
                 visible=can_manage_certificates)
    _register_demo_step(app)


def _register_template_helpers(app: Flask) -> None:
    # Imported when the app is assembled, like the views in init_app.
    from lms.certificates.codes import format_code
    from lms.certificates.publishing import verify_url
    from lms.certificates.queries import certificates_of
    from lms.certificates.sharing import linkedin_url
    from lms.i18n.formatting import format_day

    def certificate_date(moment) -> str:
        """``28 May 2025`` in the reader's language; a moment is first put in the reader's time zone."""
        return format_day(moment, long=True)

    app.jinja_env.globals["learner_certificates"] = certificates_of  # for certificates/_learner_panel.html
    app.jinja_env.globals["certificate_verify_url"] = lambda certificate: verify_url(certificate.code)
    app.jinja_env.globals["certificate_linkedin_url"] = linkedin_url
    app.jinja_env.filters["certificate_date"] = certificate_date
    app.jinja_env.filters["certificate_code"] = format_code


def _register_demo_step(app: Flask) -> None:
    # Imported when the app is assembled, like the views in init_app.
    from lms.certificates.demo import demo_certificate
    from lms.demo import register_demo_step

    register_demo_step(app, demo_certificate)
