"""XSS at the HTTP level: every corpus payload in every field users write, on every page
that shows it, and no page may come back with markup that can run script.

``assert_page_safe`` strips the app's own ``<script src="/…static/…js">`` tags and runs
``tests/html_safety.py`` on the rest. The same data opened in Chromium is
``tests/browser/test_xss_browser.py``.
"""
from __future__ import annotations

import csv
import html
import io
import re

import pytest
from sqlalchemy import delete

from lms.auth.models import User
from lms.database import utcnow
from lms.extensions import db
from lms.notifications.models import Notification
from lms.text import single_line
from tests.factories.scenario import TwoCohorts, two_cohorts
from tests.html_safety import html_safety_problems
from tests.security.conftest import sign_in_as
from tests.security.content_world import (
    TITLE_LIMIT,
    ContentWorld,
    build_content_world,
    markdown_chunks,
    name_chunks,
    pack,
    payloads,
)

APP_SCRIPT = re.compile(r'<script src="/(?:[\w-]+/)*static/[\w./-]+\.js"(?: defer)?></script>')
PAGE_SIZE = 50


def page_problems(page: str) -> list[str]:
    """What could run script in a whole page, apart from the app's own static scripts."""
    return html_safety_problems(APP_SCRIPT.sub("", page))


def assert_page_safe(response, url: str = "") -> str:
    assert response.status_code == 200, f"{url}: {response.status_code}"
    page = response.get_data(as_text=True)
    problems = page_problems(page)
    assert not problems, f"{url or response.request.path}: {problems[:5]}"
    return page


def get_safe(client, world, actor: str, url: str) -> str:
    sign_in_as(client, world, actor)
    return assert_page_safe(client.get(url), url)


def pages(count: int) -> range:
    return range(1, -(-count // PAGE_SIZE) + 1)


@pytest.fixture
def world(app) -> TwoCohorts:
    return two_cohorts()


@pytest.fixture
def content(world) -> ContentWorld:
    return build_content_world(world)


def test_the_checker_finds_the_corpus_dangerous():
    """Not vacuous: the raw payloads, pasted into a page, would be flagged."""
    raw = "<html><body>" + "\n".join(payloads()) + "</body></html>"
    assert len(page_problems(raw)) > 100
    assert page_problems('<script src="/static/js/app.js" defer></script>') == []
    assert page_problems('<script src="https://evil.example/static/x.js"></script>')


def test_lists_and_work_pages_show_every_payload_as_text(client, world, content):
    names = name_chunks()
    # Mentor A: the queue (every probe's name), each fat probe's review page and submission page.
    for page in pages(len(content.probes)):
        get_safe(client, world, "mentor_a", f"/reviews/?page={page}")
    for submission_id in content.fat_submissions:
        get_safe(client, world, "mentor_a", f"/reviews/{submission_id}")
        get_safe(client, world, "mentor_a", f"/submissions/{submission_id}")
        get_safe(client, world, "admin", f"/submissions/{submission_id}")
    get_safe(client, world, "mentor_a", "/dashboard")
    # The learners themselves: their work with its review, their lists.
    for probe, submission_id in zip(content.probes, content.fat_submissions, strict=False):  # the fat probes
        sign_in_as(client, _as(world, probe), "learner_a")
        assert_page_safe(client.get(f"/submissions/{submission_id}"))
        assert_page_safe(client.get("/submissions/"))
        assert_page_safe(client.get("/certificates"))
    # Admins: the cohort page, people, certificates, accounts.
    for page in pages(len(content.probes) + 1):
        get_safe(client, world, "admin", f"/cohorts/{world.cohort_a}?page={page}")
        get_safe(client, world, "admin", f"/admin/certificates?page={page}")
        get_safe(client, world, "admin", f"/admin/users/?page={page}")
    people = "".join(get_safe(client, world, "admin", f"/cohorts/{world.cohort_a}/people?page={page}")
                     for page in pages(len(content.probes) + 1))  # learners 50 a page
    found = get_safe(client, world, "admin", f"/cohorts/{world.cohort_b}/people?q=probe")  # found: payload names
    assert 'name="users"' in found
    # Names are stored on one line (lms.text.single_line): that is the text shown.
    assert all(single_line(name) in html.unescape(people) for name in names), "every name is shown, as text"
    get_safe(client, world, "admin", f"/admin/certificates/cohorts/{world.cohort_a}")
    get_safe(client, world, "admin", "/admin/cohorts")
    # Everyone: the verification page states the learner's name.
    for code in content.certificate_codes:
        get_safe(client, world, "anon", f"/verify/{code}")


def test_cohort_names_and_descriptions(client, world, content):
    dashboard = get_safe(client, world, "learner_a", "/dashboard")
    assert single_line(pack(payloads(), 200)[0]) in html.unescape(dashboard)
    get_safe(client, world, "mentor_a", "/dashboard")
    for cohort_id in content.described_cohorts:
        get_safe(client, world, "learner_a", f"/cohorts/{cohort_id}/schedule")
        get_safe(client, world, "mentor_a", f"/cohorts/{cohort_id}")
        get_safe(client, world, "admin", f"/cohorts/{cohort_id}/edit")


def test_profile_bio_and_name_and_the_mentor_page(client, world):
    names = name_chunks()
    for i, chunk in enumerate(markdown_chunks()):
        learner, mentor = db.session.get(User, world.learner_a), db.session.get(User, world.mentor_a)
        learner.bio, learner.name = chunk, names[i]
        mentor.bio, mentor.name = chunk, names[-1 - i]
        db.session.commit()
        get_safe(client, world, "learner_a", "/profile")
        get_safe(client, world, "learner_a", f"/cohorts/{world.cohort_a}/mentor")


def test_notification_titles_and_bodies(client, world):
    titles, chunks = pack(payloads(), TITLE_LIMIT), markdown_chunks()
    for start in range(0, len(titles), PAGE_SIZE):
        db.session.execute(delete(Notification).where(Notification.user_id == world.learner_a))
        db.session.add_all([Notification(user_id=world.learner_a, kind="review", title=title,
                                         body=chunks[n % len(chunks)], url="/submissions/", created_at=utcnow())
                            for n, title in enumerate(titles[start:start + PAGE_SIZE])])
        db.session.commit()
        get_safe(client, world, "learner_a", "/notifications/")


def test_csv_names_on_the_preview_and_people_pages(client, world):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["email", "name"])
    for n, name in enumerate(name_chunks()):
        writer.writerow([f"csv{n}@example.org", name])
    sign_in_as(client, world, "admin")
    response = client.post(f"/cohorts/{world.cohort_a}/people/csv", data={
        "role": "learner", "file": (io.BytesIO(buffer.getvalue().encode()), "<img src=x onerror=alert(1)>.csv")})
    assert response.status_code == 302
    preview = response.headers["Location"]
    assert_page_safe(client.get(preview), preview)
    assert client.post(preview).status_code == 302
    people = "".join(assert_page_safe(client.get(f"/cohorts/{world.cohort_a}/people?page={page}"))
                     for page in pages(len(name_chunks()) + 5))  # learners 50 a page
    assert single_line(name_chunks()[-1]) in html.unescape(people)


def test_submission_form_and_live_preview(client, world):
    """Through the real forms: text, link and file names the learner chose."""
    from lms.tracks.models import Lesson, Track

    lesson = db.session.scalar(db.select(Lesson).join(Track).where(Track.slug == world.track_b,
                                                                   Lesson.slug == "first-site"))
    sign_in_as(client, world, "learner_b")
    for chunk in markdown_chunks():
        preview = client.post("/submissions/preview", data={"text": chunk}).get_json()["html"]
        assert not html_safety_problems(preview)
    text = "\n\n".join(payloads())
    # Real file names (a "/" would start a path); every payload is a file name in build_content_world.
    names = [p[:100] for p in payloads() if "/" not in p and "\\" not in p][:10]
    url = f"/submissions/cohort/{world.cohort_b}/lesson/{lesson.id}"
    form = {"idempotency_key": "0123456789abcdef0123456789abcdef", "text": text, "submit": "Hand in"}
    refused = client.post(url, data={**form, "url": "javascript:alert(1)//https://example.org/\"><script>x</script>",
                                     "files": [(io.BytesIO(b"notes"), name + ".txt") for name in names]})
    assert refused.status_code == 400, "a javascript: link is refused, and the form shows it back escaped"
    assert not page_problems(refused.get_data(as_text=True))
    response = client.post(url, data={**form, "url": "https://example.org/?q=\"><script>alert(1)</script>",
                                      "files": [(io.BytesIO(b"notes"), name + ".txt") for name in names]})
    assert response.status_code == 302
    assert_page_safe(client.get(response.headers["Location"]))


def _as(world: TwoCohorts, user_id: int) -> TwoCohorts:
    """The world seen with ``learner_a`` replaced by another learner (to sign in as them)."""
    from dataclasses import replace
    return replace(world, learner_a=user_id)
