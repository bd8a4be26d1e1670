"""The application as a whole: error pages, CSRF on every form, cookies, configuration."""
from __future__ import annotations

import stat
import uuid

import pytest
from werkzeug.routing import AnyConverter, FloatConverter, IntegerConverter, UUIDConverter

from lms import create_app
from lms.config import ConfigurationError, finalise, from_environment
from tests.factories.auth import PASSWORD

# POST routes that may legitimately accept a request without a CSRF token, with the reason.
# (None today: keep this empty unless a route authenticates in another way, e.g. an API token.)
CSRF_EXEMPT: dict[str, str] = {}


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"We could not find that page." in response.data
    assert b'href="/"' in response.data


def test_api_clients_get_json_errors(client):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json() == {"error": "We could not find that page.", "status": 404}


def test_forbidden_page_is_a_friendly_403(client, auth, user):
    auth.login_as(user)
    response = client.get("/admin/users/")
    assert response.status_code == 403
    assert b"You do not have access to this page." in response.data


def test_unexpected_error_is_a_friendly_500_without_details(app_factory, caplog):
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    @app.route("/_test/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/_test/boom")
    assert response.status_code == 500
    assert b"Something went wrong on our side." in response.data
    assert b"secret internal detail" not in response.data
    assert "secret internal detail" in caplog.text, "logged for us"


def _dummy_url(app, rule) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, IntegerConverter):
            values[name] = 1
        elif isinstance(converter, FloatConverter):
            values[name] = 1.0
        elif isinstance(converter, UUIDConverter):
            values[name] = uuid.UUID(int=1)
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = "x"
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values, method="POST")


def _post_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.rule)


def test_every_post_route_refuses_a_request_without_csrf_token(app, client, auth, admin):
    """Covers every feature's forms, including routes added after this test was written."""
    auth.login_as(admin)  # so login_required cannot answer first
    rules = _post_rules(app)
    assert len(rules) >= 8
    accepted = []
    for rule in rules:
        if rule.endpoint in CSRF_EXEMPT:
            continue
        response = client.post(_dummy_url(app, rule), data={"anything": "x"}, csrf=False)
        if rule.endpoint.startswith("api_"):  # no CSRF token there: cookies never authenticate the API
            if response.status_code != 401:
                accepted.append(f"{rule.rule} ({rule.endpoint}): {response.status_code} with a session cookie")
            continue
        if response.status_code != 400 or b"This form has expired" not in response.data:
            accepted.append(f"{rule.rule} ({rule.endpoint}): {response.status_code}")
    assert accepted == [], "POST routes that did not refuse a request without CSRF token"


def test_the_same_forms_work_with_the_token(client, user):
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(client):
    cookie = client.get("/login").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_cookies_are_secure_when_the_site_is_https(app_factory, user):
    app = app_factory(LMS_BASE_URL="https://learn.example.org")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    with app.app_context():
        client = app.test_client()
        cookie = client.get("/login", base_url="https://localhost").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_remember_me_cookie_is_httponly(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    remember = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app({"LMS_ENV": "production", "INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_development_generates_a_secret_key_once_and_reuses_it(tmp_path):
    config = {"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    first = create_app(dict(config)).config["SECRET_KEY"]
    second = create_app(dict(config)).config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


@pytest.mark.parametrize("url, expected", [
    ("postgres://u:p@db/lms", "postgresql+psycopg://u:p@db/lms"),
    ("postgresql://u@db/lms", "postgresql+psycopg://u@db/lms"),
    ("postgresql+psycopg://u@db/lms", "postgresql+psycopg://u@db/lms"),
    ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
])
def test_database_url_uses_the_psycopg_driver(tmp_path, url, expected):
    config = {"SECRET_KEY": "x", **from_environment({"DATABASE_URL": url}, {}, [])}
    finalise(config, str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == expected


def test_environment_settings_are_typed():
    from lms.config import Defaults

    settings = from_environment({"SELF_REGISTRATION": "true", "LOGIN_FAILURE_LIMIT": "3",
                                 "PROXY_FIX_X_FOR": "1", "MAIL_USE_TLS": "no", "HOME": "/root"},
                                vars(Defaults), vars(Defaults))
    assert settings == {"SELF_REGISTRATION": True, "LOGIN_FAILURE_LIMIT": 3, "PROXY_FIX_X_FOR": 1,
                        "MAIL_USE_TLS": False}


def test_environment_sets_a_feature_setting(monkeypatch, tmp_path):
    from lms import create_app

    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SUBMISSION_MAX_FILE_BYTES", "1234")
    monkeypatch.setenv("SUBMISSION_ALLOWED_EXTENSIONS", "pdf, png")
    monkeypatch.setenv("REVIEW_CLAIM_MINUTES", "45")
    app = create_app()
    assert app.config["SUBMISSION_MAX_FILE_BYTES"] == 1234
    assert app.config["REVIEW_CLAIM_MINUTES"] == 45
    assert set(app.config["SUBMISSION_ALLOWED_EXTENSIONS"]) == {"pdf", "png"}


def _address_app(app_factory, **config):
    app = app_factory(**config)

    @app.route("/_test/address")
    def address():
        from flask import request
        return request.remote_addr or ""

    return app.test_client()


def test_forwarded_for_is_ignored_without_proxy_fix(app_factory):
    client = _address_app(app_factory)
    response = client.get("/_test/address", headers={"X-Forwarded-For": "203.0.113.9"},
                          environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert response.text == "10.0.0.1"


def test_proxy_fix_takes_the_client_address_from_the_proxy(app_factory):
    client = _address_app(app_factory, PROXY_FIX_X_FOR=1)
    response = client.get("/_test/address", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"},
                          environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert response.text == "203.0.113.9", "only the address our one proxy added is trusted"


def test_production_set_in_the_environment_also_needs_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError):
        create_app()


def test_the_pager_keeps_filters_and_path_arguments(app):
    from flask import render_template_string

    with app.test_request_context("/reviews/?cohort=3&page=2"):
        from flask import request
        html = render_template_string(
            '{% from "_macros.html" import pager %}{{ pager(2, 3, "reviews.queue", query=request.args) }}'
            '{{ pager(1, 1, "reviews.queue") }}', request=request)
    assert 'href="/reviews/?page=1&amp;cohort=3" rel="prev"' in html
    assert 'href="/reviews/?page=3&amp;cohort=3" rel="next"' in html
    assert "Page 2 of 3" in html and html.count("<nav") == 1
