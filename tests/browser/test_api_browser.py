"""The API's pages in Chromium (issue 18): an admin makes a token on the page, copies it
from the page and calls the API with it; the reference at /api/v1/docs renders every
operation from the app's own Swagger UI under the strict CSP; the token pages and the
reference fit a 375 px phone and pass axe."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from lms.auth.models import User
from lms.extensions import db
from tests.browser.conftest import axe_violations, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1280, "height": 800}
SHOTS = Path(os.environ.get("LMS_SCREENSHOTS_DIR", "/tmp/shots-api"))


@pytest.fixture
def world(app):
    return two_cohorts()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _signed_in(new_page, world, actor: str, size: dict, **options):
    page = new_page(**options)
    page.set_viewport_size(size)
    sign_in_page(page, db.session.get(User, getattr(world, actor)).email, PASSWORD)
    return page


def test_an_admin_creates_a_service_token_copies_it_and_calls_the_api(new_page, world):
    page = _signed_in(new_page, world, "admin", LAPTOP, permissions=["clipboard-read", "clipboard-write"])
    page.goto("/admin/api-tokens")
    page.get_by_label("Name").fill("HR sync")
    page.get_by_label("Skill tracks and their lessons (read)").check()
    page.get_by_role("button", name="Create service token").click()
    page.wait_for_load_state()
    _shot(page, "service-token-created-1280")
    assert page.get_by_label("Name").input_value() == ""    # sending the form again makes no second token
    page.get_by_role("button", name="Copy").click()
    page.get_by_text("Copied to the clipboard.").wait_for()
    raw = page.evaluate("navigator.clipboard.readText()")
    assert raw.startswith("lms_") and raw == page.get_by_label("Token").input_value()
    answer = page.request.get("/api/v1/tracks/", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status == 200
    assert {track["title"] for track in answer.json()["data"]} >= {"Track A", "Track B"}
    refused = page.request.get("/api/v1/tracks/", headers={"Authorization": f"Bearer {raw}x"})
    assert refused.status == 401
    page.goto("/admin/api-tokens")
    assert page.get_by_label("Token").count() == 0          # shown once
    assert page.locator("tbody tr").count() == 1 and "HR sync" in page.locator("tbody tr").inner_text()


def test_a_learner_makes_a_personal_token_from_the_profile(new_page, world):
    page = _signed_in(new_page, world, "learner_a", LAPTOP)
    page.goto("/profile")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("My script")
    page.get_by_label("Skill tracks and their lessons (read)").check()
    page.get_by_role("button", name="Create token").click()
    raw = page.get_by_label("Token").input_value()
    titles = {t["title"] for t in page.request.get(
        "/api/v1/tracks/", headers={"Authorization": f"Bearer {raw}"}).json()["data"]}
    assert titles == {"Track A"}


def test_the_reference_renders_every_operation_under_the_strict_csp(new_page, world):
    page = new_page()
    page.goto("/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    _shot(page, "docs-1280")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    document = page.request.get("/api/v1/openapi.json").json()
    expected = {path for path, item in document["paths"].items() for method in item if method != "parameters"}
    assert {path.replace("\u200b", "") for path in paths} == expected
    page.locator(".opblock-summary").first.click()
    page.locator(".opblock-body").first.wait_for()
    _shot(page, "docs-operation-open-1280")
    page.set_viewport_size(PHONE)
    _shot(page, "docs-375")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("actor, url", [("learner_a", "/account/api-tokens"), ("admin", "/admin/api-tokens"),
                                        ("admin", "/api/v1/docs/")])
def test_the_api_pages_fit_a_phone_and_pass_axe(new_page, world, actor, url):
    page = _signed_in(new_page, world, actor, PHONE)
    page.goto(url)
    if "docs" in url:
        page.locator(".opblock").first.wait_for()
    _shot(page, f"{actor}-{url.strip('/').replace('/', '_')}-375")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
