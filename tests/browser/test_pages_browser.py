"""Every page under the strict Content-Security-Policy, and the main pages with axe-core.

The CSP crawl opens, as each person, every page the authorisation matrix says they may
read (``tests/security/test_authorization_matrix.py``: each GET row answering 200 with
HTML), so pages added later are crawled too. The harness fails a test on any CSP error
in the console; the crawl also fails on any other console error.
"""
from __future__ import annotations

import pytest
from flask import url_for

from lms.security import CONTENT_SECURITY_POLICY
from tests.browser.conftest import audit_pages, axe_violations, sign_in_page
from tests.factories.auth import PASSWORD
from tests.factories.scenario import two_cohorts
from tests.security.test_authorization_matrix import MATRIX

CRAWLERS = ("anon", "learner_a", "mentor_a", "admin")


@pytest.fixture
def world(app):
    return two_cohorts()


def _readable_urls(app, world, actor: str) -> list[str]:
    urls = []
    with app.test_request_context():
        for (endpoint, method), row in sorted(MATRIX.items()):
            if method == "GET" and row.expected[actor] == 200 and not endpoint.endswith("static"):
                urls.append(url_for(endpoint, **row.values(world)))
    return urls


def _person(new_page, world, actor: str):
    page = new_page()
    if actor != "anon":
        sign_in_page(page, world.email(getattr(world, actor)), PASSWORD)
    return page


def test_policy_has_no_unsafe_inline_or_eval():
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert "unsafe" not in directives["script-src"] and "unsafe" not in directives["style-src"]
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("actor", CRAWLERS)
def test_csp_crawl_every_readable_page(app, new_page, world, actor):
    page = _person(new_page, world, actor)
    visited = []
    for url in _readable_urls(app, world, actor):
        probe = page.request.get(url, max_redirects=0)
        if probe.status != 200 or not probe.headers.get("content-type", "").startswith("text/html"):
            continue  # downloads, feeds, JSON and images are not pages
        assert "script-src 'self'" in probe.headers["content-security-policy"]
        page.goto(url)
        page.wait_for_load_state("load")
        visited.append(url)
    assert len(visited) >= {"anon": 4, "learner_a": 12, "mentor_a": 10, "admin": 25}[actor], visited
    errors = [e for e in page.console_errors if "Failed to load resource" not in e]
    assert errors == [], errors


# (actor, url builder): the pages named in issue 7 for the accessibility check.
AXE_PAGES = {
    "login": ("anon", lambda w: "/login"),
    "verify form": ("anon", lambda w: "/verify"),
    "verify result": ("anon", lambda w: f"/verify/{w.certificate_code_a}"),
    "learner dashboard": ("learner_a", lambda w: "/dashboard"),
    "lesson": ("learner_a", lambda w: f"/tracks/{w.track_a}/lessons/{w.lesson_a}"),
    "quiz": ("learner_a", lambda w: f"/tracks/{w.track_a}/lessons/{w.quiz_a}"),
    "assignment": ("learner_a", lambda w: f"/tracks/{w.track_a}/lessons/{w.assignment_a}"),
    "submission": ("learner_a", lambda w: f"/submissions/{w.submission_a}"),
    "profile": ("learner_a", lambda w: "/profile"),
    "schedule": ("learner_a", lambda w: f"/cohorts/{w.cohort_a}/schedule"),
    "certificates": ("learner_a", lambda w: "/certificates"),
    "notifications": ("learner_a", lambda w: "/notifications/"),
    "mentor dashboard": ("mentor_a", lambda w: "/dashboard"),
    "review queue": ("mentor_a", lambda w: "/reviews/"),
    "review": ("mentor_a", lambda w: f"/reviews/{w.submission_a}"),
    "cohort admin page": ("admin", lambda w: f"/cohorts/{w.cohort_a}"),
    "cohort people": ("admin", lambda w: f"/cohorts/{w.cohort_a}/people"),
    "cohort matches": ("admin", lambda w: f"/cohorts/{w.cohort_a}/matches"),
    "cohort form": ("admin", lambda w: "/admin/cohorts/new"),
    "tracks admin": ("admin", lambda w: "/admin/tracks"),
    "users admin": ("admin", lambda w: "/admin/users/"),
    "certificates admin": ("admin", lambda w: "/admin/certificates"),
}


def test_main_pages_have_no_serious_accessibility_violations(new_page, world):
    pages, found = {}, {}
    for name, (actor, url) in AXE_PAGES.items():
        if actor not in pages:
            pages[actor] = _person(new_page, world, actor)
        page = pages[actor]
        page.goto(url(world))
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}, found


# --- Mentor requests and relationships (issue 12): axe, and no sideways scrolling on a phone ---
MENTORSHIP_PAGES = {
    "my mentors": ("learner_a", lambda w: f"/cohorts/{w.cohort_a}/mentor"),
    "request a mentor": ("learner_a", lambda w: f"/cohorts/{w.cohort_a}/mentor-requests/new"),
    "agreement": ("learner_a", lambda w: f"/mentorships/{w.requests_mentorship_a}/agreement"),
    "check-in": ("learner_a", lambda w: f"/mentorships/{w.requests_mentorship_a}/check-in"),
    "closing survey": ("learner_a", lambda w: f"/mentorships/{w.requests_mentorship_a}/closing-survey"),
    "mentor request queue": ("mentor_a", lambda w: "/mentor-requests"),
    "mentees": ("mentor_a", lambda w: "/mentees"),
    "cohort mentor requests": ("admin", lambda w: f"/cohorts/{w.cohort_a}/mentor-requests"),
}


def test_mentorship_pages_pass_axe_and_fit_a_phone(new_page, world):
    found, wide = audit_pages(new_page, world, MENTORSHIP_PAGES)
    assert found == {} and wide == {}, (found, wide)
