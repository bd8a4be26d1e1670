"""The layout works in a real browser under the strict CSP, and is accessible."""
from tests.browser.conftest import axe_violations
from tests.factories.auth import PASSWORD, make_user


def test_user_signs_in_and_sees_profile(page, sign_in, app):
    make_user(email="browser@example.org", name="Bea Browser")
    sign_in("browser@example.org", PASSWORD)
    page.goto("/profile")
    assert page.get_by_role("heading", name="Your profile").is_visible()
    assert "Bea Browser" in page.content()


def test_login_page_has_no_serious_accessibility_violations(page):
    page.goto("/login")
    assert axe_violations(page) == []


def test_login_page_fits_a_phone(page):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto("/login")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
