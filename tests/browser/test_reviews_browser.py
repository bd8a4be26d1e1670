"""The hand-in form and the review page in a real browser: live preview, keyboard grading,
Ctrl+Enter, no horizontal scrolling at 1280×720, accessibility."""
from __future__ import annotations

from tests.browser.conftest import axe_violations
from tests.factories.auth import PASSWORD
from tests.factories.submissions import hand_in


def _waiting_with_history(world):
    from lms.extensions import db
    from lms.reviews.services import Decision, ReviewData, review_attempt

    attempt = hand_in(world.enrollment, world.lesson, text="# Site\n\nOpening hours in a table\n" + "word " * 200,
                      url="https://example.org/" + "very-long-path-" * 20)
    submission = attempt.submission
    review_attempt(submission, ReviewData(attempt.id, submission.version, Decision.REQUEST_CHANGES, [2, 2],
                                          ["", "Alt text missing"], "Please add alt text."), world.mentor)
    db.session.commit()
    hand_in(world.enrollment, world.lesson, text="# Site\n\nOpening hours in a list\n" + "word " * 200)
    return submission.id


def test_review_page_fits_a_laptop_and_works_from_the_keyboard(page, sign_in, world):
    submission_id = _waiting_with_history(world)
    page.set_viewport_size({"width": 1280, "height": 720})
    sign_in(world.mentor.email, PASSWORD)
    page.goto(f"/reviews/{submission_id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    work = page.locator(".review-layout__work").bounding_box()
    grade = page.locator(".review-layout__grade").bounding_box()
    assert grade["x"] > work["x"] + work["width"] - 1  # side by side
    assert page.get_by_text("Changes since attempt 1").is_visible()
    assert axe_violations(page) == []

    # Keyboard only: focus the first level of each criterion, move with the arrow keys.
    page.locator("input[name=level-0]").first.focus()
    page.keyboard.press("ArrowRight")  # Good (3)
    page.locator("input[name=level-1]").first.focus()
    page.keyboard.press("Space")       # Excellent (4)
    assert "7 of 8 points" in page.locator("[data-rubric-total]").inner_text()
    page.get_by_label("Approve").check()
    page.get_by_label("Overall feedback").fill("Much better.")
    page.keyboard.press("Control+Enter")
    page.wait_for_url("**/reviews/")
    assert "is saved" in page.content()


def test_live_preview_renders_sanitised_markdown(page, sign_in, world):
    sign_in(world.learner.email, PASSWORD)
    page.goto(f"/submissions/cohort/{world.cohort.id}/lesson/{world.lesson.id}")
    page.get_by_label("Your answer").fill("**bold** <img src=x onerror=alert(1)>")
    preview = page.locator("[data-preview-target]")
    preview.locator("strong").wait_for()
    assert preview.locator("strong").inner_text() == "bold"
    assert preview.locator("img").count() == 0
    assert axe_violations(page) == []
