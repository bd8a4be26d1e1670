"""The whole program in Chromium, as its people use it, against a real server process.

An admin imports a track from a .zip, creates a cohort, enrols two mentors and two
learners (the learners from a CSV file: they get invitation emails), accepts the
suggested mentors. A learner accepts the invitation, reads the lessons, passes the quiz
and hands in text and a file; the mentor asks for changes with rubric comments; the
learner reads the feedback and hands in again; the mentor approves. The learner
downloads the certificate PDF, and a visitor who is not signed in verifies its code.
"""
from __future__ import annotations

import csv
import re
import time
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader

from tests.browser.conftest import sign_in_page
from tests.factories.auth import PASSWORD, make_admin, make_user
from tests.factories.scenario import zip_of_folder

TRACK = Path(__file__).parent / "fixtures" / "mentoring-basics"
LEARNER_PASSWORD = "my own long passphrase"


def _accept_dialogs(page) -> None:
    """Destructive actions ask once (``data-confirm``); these people mean it."""
    page.on("dialog", lambda dialog: dialog.accept())


def _invitation_link(live_server, email: str) -> str:
    for message in reversed(live_server.mails()):
        if message["To"] == email:
            body = message.get_body(preferencelist=("plain",)).get_content()
            return re.search(r"https?://\S+/invite/\S+", body).group(0)
    raise AssertionError(f"no invitation email for {email}: {[m['To'] for m in live_server.mails()]}")


def _admin_sets_up_the_cohort(page, admin, mentors, learners, tmp_path: Path) -> int:
    sign_in_page(page, admin.email, PASSWORD)
    _accept_dialogs(page)

    # Import the track from a zip upload: check, then confirm.
    archive = tmp_path / "mentoring-basics.zip"
    archive.write_bytes(zip_of_folder(TRACK))
    page.goto("/admin/tracks")
    page.get_by_label("Track archive (.zip)").set_input_files(str(archive))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("button", name="Import", exact=True).click()
    assert "Imported “Mentoring Basics”" in page.locator(".flashes").inner_text()

    # A cohort of that track, open for enrolment.
    page.goto("/admin/cohorts/new")
    page.get_by_label("Name").fill("Spring journey")
    page.get_by_label("Track").select_option(label="Mentoring Basics")
    page.get_by_label("Starts on").fill((date.today() - timedelta(days=1)).isoformat())
    page.get_by_label("Ends on").fill((date.today() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Create cohort").click()
    cohort_id = int(re.search(r"/cohorts/(\d+)", page.url).group(1))
    page.get_by_role("link", name="Next step: open for enrolment…").click()
    page.get_by_role("button", name="Make open for enrolment").click()
    assert "open for enrolment" in page.locator(".flashes").inner_text()

    # Two mentors by email, the learners from a CSV file (new accounts: invited).
    page.goto(f"/cohorts/{cohort_id}/people")
    enrol = page.get_by_role("region", name="Enrol people")
    enrol.get_by_label("Emails").fill("\n".join(m.email for m in mentors))
    enrol.get_by_label("Enrol as").select_option("mentor")
    enrol.get_by_role("button", name="Enrol", exact=True).click()
    assert "2 people enrolled" in page.locator(".flashes").inner_text()
    people = tmp_path / "learners.csv"
    with people.open("w", newline="") as handle:
        csv.writer(handle).writerows([("email", "name"), *learners])
    from_file = page.get_by_role("region", name="Enrol from a CSV file")
    from_file.get_by_label("CSV file").set_input_files(str(people))
    from_file.get_by_label("Enrol as").select_option("learner")
    from_file.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name=f"Enrol {len(learners)} people").click()
    assert f"{len(learners)} people enrolled" in page.locator(".flashes").inner_text()

    # The suggested mentors, accepted as they are.
    page.get_by_role("link", name="Suggest mentors").click()
    page.get_by_role("button", name="Assign all").click()
    assert "have a mentor now" in page.locator(".flashes").inner_text()
    return cohort_id


def _learner_reads_and_hands_in(page, live_server, email: str) -> None:
    page.goto(_invitation_link(live_server, email))
    page.get_by_label("New password", exact=True).fill(LEARNER_PASSWORD)
    page.get_by_label("Repeat the new password").fill(LEARNER_PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    # First sign-in: the welcome step asks for skills, then for first goals, then goes on.
    page.wait_for_url("**/welcome?**")
    page.get_by_label("Skill 1", exact=True).fill("html")
    page.get_by_label("Level of skill 1").select_option("learning")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/welcome/goals?**")
    page.get_by_label("First goal").fill("Build accessible shop sites")
    page.get_by_role("button", name="Save my goals").click()
    page.wait_for_url("**/dashboard")

    page.goto("/tracks/mentoring-basics")
    page.get_by_role("link", name="Welcome").first.click()
    page.get_by_role("button", name="Mark as complete").click()
    assert "is marked as complete" in page.locator(".flashes").inner_text()
    page.goto("/tracks/mentoring-basics/lessons/semantic-pages")
    page.get_by_role("button", name="Mark as complete").click()

    page.goto("/tracks/mentoring-basics/lessons/check")
    page.get_by_label("<main>").check()
    page.get_by_label("Every image").check()
    page.get_by_role("button", name="Submit answers").click()
    assert page.get_by_text("2 of 2").first.is_visible()

    page.goto("/tracks/mentoring-basics/lessons/portfolio-page")
    page.get_by_role("link", name="Hand in your work").click()
    page.get_by_label("Your answer").fill("My portfolio has a header, a main and a footer.")
    page.get_by_label("Files").set_input_files(files=[{"name": "portfolio.html", "mimeType": "text/html",
                                                       "buffer": b"<!doctype html><title>Me</title><main>Hi</main>"}])
    page.get_by_role("button", name="Hand in").click()
    assert "Attempt 1 is handed in." in page.locator(".flashes").inner_text()


def _mentor_reviews(page, decision: str, levels: tuple[int, int], comment: str, feedback: str) -> None:
    page.goto("/reviews/")
    page.get_by_role("link", name="Portfolio page").first.click()
    for criterion, level in enumerate(levels):
        page.locator(f"input[name=level-{criterion}][value='{level}']").check()
    page.locator("#comment-0").fill(comment)
    page.get_by_label("Overall feedback").fill(feedback)
    page.get_by_label(decision, exact=True).check()
    page.get_by_role("button", name="Submit review").click()
    assert "is saved" in page.locator(".flashes").inner_text()


def _certificate_pdf(page, tmp_path: Path) -> tuple[str, str]:
    """Wait for the PDF (rendered by a job after the approving request), download it."""
    deadline = time.monotonic() + 30
    page.goto("/certificates")
    while not page.get_by_role("link", name="Download PDF").count():
        assert time.monotonic() < deadline, ("the certificate PDF was not rendered in time; the page says: "
                                             + page.locator("main").inner_text()[:800])
        time.sleep(0.5)
        page.reload()
    code = page.locator(".certificate-code").first.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)
    return code, "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_the_whole_journey(new_page, live_server, tmp_path, app):
    admin = make_admin(email="ada@journey.example", name="Ada Admin")
    mentors = [make_user(email="mia@journey.example", name="Mia Mentor", skills=["html"]),
               make_user(email="max@journey.example", name="Max Mentor", skills=["communication"])]
    learners = [("lea@journey.example", "Lea Learner"), ("leo@journey.example", "Leo Learner")]

    admin_page = new_page()
    _admin_sets_up_the_cohort(admin_page, admin, mentors, learners, tmp_path)

    learner = new_page()
    _learner_reads_and_hands_in(learner, live_server, "lea@journey.example")

    mentor = new_page()
    sign_in_page(mentor, mentors[0].email, PASSWORD)
    _mentor_reviews(mentor, "Request changes", (2, 1), "Use a <main> landmark.", "Good start; see the rubric.")

    learner.goto("/tracks/mentoring-basics/lessons/portfolio-page")
    learner.get_by_role("link", name="Your attempts and reviews").click()
    assert learner.get_by_text("Use a <main> landmark.").is_visible()
    assert learner.get_by_text("Good start; see the rubric.").is_visible()
    learner.get_by_role("link", name="Start attempt 2").click()
    learner.get_by_label("Your answer").fill("Now with a <main> landmark and alt texts.")
    learner.get_by_role("button", name="Hand in").click()
    assert "Attempt 2 is handed in." in learner.locator(".flashes").inner_text()

    _mentor_reviews(mentor, "Approve", (0, 0), "", "Well done.")

    code, text = _certificate_pdf(learner, tmp_path)
    assert "Lea Learner" in text and "Mentoring Basics" in text and code.replace("-", "") in text.replace("-", "")

    visitor = new_page()
    visitor.goto("/verify")
    visitor.get_by_label("Verification code").fill(code.lower())
    visitor.get_by_role("button", name="Verify").click()
    assert visitor.get_by_role("heading", name="This certificate is genuine and valid.").is_visible()
    assert "Lea Learner" in visitor.locator("main").inner_text()
