"""No XSS payload runs in a real browser, on any page that shows what users wrote.

The data is ``tests/security/content_world.py``: every corpus payload, packed into names,
cohort names, file names, Markdown bios, descriptions, submission texts, links, feedback
and rubric comments. Each page is opened in Chromium with a dialog handler (any alert,
confirm or prompt fails) and then searched for injected elements: event-handler
attributes, script URLs, frames and objects, scripts other than the app's own static
files, a refresh. CSP violations in the console fail the test too (the harness).
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lms.auth.models import User
from lms.extensions import db
from tests.browser.conftest import sign_in_page
from tests.factories.auth import PASSWORD, _password_hash
from tests.factories.scenario import two_cohorts
from tests.security.content_world import build_content_world, name_chunks, pack, payloads

PAGE_SIZE = 50
# Everything in the page that could run script, or did something on its own.
INJECTED = """() => {
  const problems = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc", "background"];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (["iframe", "frame", "frameset", "object", "embed", "applet", "base"].includes(tag)) problems.push(`<${tag}>`);
    if (tag === "meta" && (el.getAttribute("http-equiv") || "").toLowerCase() === "refresh") {
      problems.push("meta refresh");
    }
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (name.startsWith("on")) problems.push(`${tag} ${name}=`);
      if (urlAttributes.includes(name) && /^(javascript|data|vbscript|livescript):/.test(value)) {
        problems.push(`${tag} ${name}=${attribute.value.slice(0, 40)}`);
      }
    }
  }
  for (const script of document.scripts) {
    const url = script.src ? new URL(script.src) : null;
    const ours = url && url.origin === location.origin && /\\/static\\/[\\w./-]+\\.js$/.test(url.pathname);
    if (!ours || script.text.trim()) {
      problems.push(`script ${script.src || script.text.slice(0, 40)}`);
    }
  }
  return problems;
}"""


def _watch_dialogs(page):
    page.dialogs = []

    def record(dialog):
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()
    page.on("dialog", record)
    return page


def visit(page, url: str) -> None:
    """Open ``url``; fail when a payload ran or was injected as markup."""
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_load_state("load")
    assert page.dialogs == [], f"{url}: a payload ran: {page.dialogs}"
    assert page.evaluate(INJECTED) == [], f"{url}: injected markup: {page.evaluate(INJECTED)[:5]}"
    assert page.url.endswith(url), f"{url}: the page navigated to {page.url}"


def _person(new_page, email: str):
    page = _watch_dialogs(new_page())
    sign_in_page(page, email, PASSWORD)
    return page


@pytest.fixture
def world(app):
    world = two_cohorts()
    content = build_content_world(world)
    db.session.execute(db.update(User).where(User.id.in_(content.probes)).values(password_hash=_password_hash()))
    db.session.commit()
    return world, content


def _pages(count: int) -> range:
    return range(1, -(-count // PAGE_SIZE) + 1)


def test_no_payload_runs_on_work_review_and_list_pages(new_page, world):
    world, content = world
    mentor = _person(new_page, world.email(world.mentor_a))
    for page_number in _pages(len(content.probes)):
        visit(mentor, f"/reviews/?page={page_number}")
    for submission_id in content.fat_submissions:
        visit(mentor, f"/reviews/{submission_id}")
        visit(mentor, f"/submissions/{submission_id}")
    visit(mentor, "/dashboard")

    admin = _person(new_page, world.email(world.admin))
    for page_number in _pages(len(content.probes) + 1):
        visit(admin, f"/cohorts/{world.cohort_a}?page={page_number}")
        visit(admin, f"/admin/certificates?page={page_number}")
        visit(admin, f"/admin/users/?page={page_number}")
    for url in (f"/cohorts/{world.cohort_a}/people", f"/admin/certificates/cohorts/{world.cohort_a}", "/admin/cohorts"):
        visit(admin, url)

    visitor = _watch_dialogs(new_page())
    for code in content.certificate_codes:
        visit(visitor, f"/verify/{code}")


def test_no_payload_runs_for_the_learners(new_page, world):
    world, content = world
    for n, submission_id in enumerate(content.fat_submissions):
        learner = _person(new_page, f"probe{n}@example.org")
        visit(learner, f"/submissions/{submission_id}")
        visit(learner, "/certificates")
        learner.context.close()
    learner = _person(new_page, world.email(world.learner_a))
    visit(learner, "/dashboard")
    for cohort_id in content.described_cohorts:
        visit(learner, f"/cohorts/{cohort_id}/schedule")


def test_no_payload_runs_in_bios_names_and_notifications(new_page, world):
    world, _ = world
    from lms.database import utcnow
    from lms.notifications.models import Notification

    learner = _person(new_page, world.email(world.learner_a))
    names = name_chunks()
    for i, bio in enumerate(pack(payloads(), 4000, "\n\n")):  # the longest bio the profile form takes
        for user_id, name in ((world.learner_a, names[i]), (world.mentor_a, names[-1 - i])):
            user = db.session.get(User, user_id)
            user.bio, user.name = bio, name
        db.session.commit()
        visit(learner, "/profile")
        visit(learner, f"/cohorts/{world.cohort_a}/mentor")
    titles = pack(payloads(), 300)
    for start in range(0, len(titles), PAGE_SIZE):
        db.session.execute(db.delete(Notification).where(Notification.user_id == world.learner_a))
        db.session.add_all([Notification(user_id=world.learner_a, kind="review", title=title, body=title,
                                         url="/submissions/", created_at=utcnow())
                            for title in titles[start:start + PAGE_SIZE]])
        db.session.commit()
        visit(learner, "/notifications/")


def test_no_payload_runs_from_an_enrolment_csv(new_page, world, tmp_path: Path):
    world, _ = world
    people = tmp_path / "people.csv"
    with people.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("email", "name")] + [(f"csv{n}@example.org", name)
                                                            for n, name in enumerate(name_chunks())])
    admin = _person(new_page, world.email(world.admin))
    admin.goto(f"/cohorts/{world.cohort_a}/people")
    from_file = admin.get_by_role("region", name="Enrol from a CSV file")
    from_file.get_by_label("CSV file").set_input_files(str(people))
    from_file.get_by_role("button", name="Preview").click()
    preview = admin.url.removeprefix(admin.url.split("/cohorts/")[0])
    visit(admin, preview)
    admin.get_by_role("button", name="Enrol").click()
    visit(admin, f"/cohorts/{world.cohort_a}/people")


def test_the_page_check_finds_injected_markup(page):
    """Not vacuous: a page with a handler attribute and an inline script is flagged."""
    _watch_dialogs(page)
    page.goto("/login")
    page.evaluate("""() => { const b = document.createElement("b"); b.setAttribute("onpayload", "x");
                             document.body.append(b); const a = document.createElement("a");
                             a.href = "javascript:void 0"; document.body.append(a); }""")
    problems = page.evaluate(INJECTED)
    assert "b onpayload=" in problems and any(p.startswith("a href=javascript") for p in problems)

