"""Two app servers (gunicorn, separate ports) sharing one PostgreSQL, one Redis, one secret key
and one instance folder serve the same people as one server would."""
from __future__ import annotations

import os
import uuid

import pytest
import requests

from bench.driving.forms import post_form
from bench.driving.server import Gunicorn, csrf_of, sign_in
from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from lms.submissions.models import AttemptFile
from lms.tracks.models import LessonKind
from tests.factories.auth import PASSWORD, make_user
from tests.factories.cohorts import enrol, lessons_of, make_cohort, make_track

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (os.environ.get("LMS_TEST_DATABASE_URL", "").startswith("postgres")
                            and os.environ.get("LMS_TEST_REDIS_URL")),
                       reason="needs LMS_TEST_DATABASE_URL (PostgreSQL) and LMS_TEST_REDIS_URL: several servers "
                              "share a database server and Redis, never a SQLite file"),
]
ITEMS = ((LessonKind.LESSON, "welcome", {}),
         (LessonKind.ASSIGNMENT, "landing-page", {"submission": ["text", "file"], "due_days": 7}))


@pytest.fixture
def two_servers(app, tmp_path):
    """(first, second, learner email, cohort id, assignment id, track slug), the servers serving."""
    track = make_track(items=ITEMS)
    cohort = make_cohort(track)
    learner = make_user(email=f"lea-{uuid.uuid4().hex[:6]}@example.test")
    enrol(cohort, learner, EnrollmentRole.LEARNER)
    assignment = [lesson for lesson in lessons_of(track) if lesson.kind == LessonKind.ASSIGNMENT][0]
    db.session.commit()
    facts = (learner.email, cohort.id, assignment.id, track.slug)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    shared = {"secret_key": "two-servers-secret", "instance_path": str(tmp_path / "instance"),
              "redis_url": os.environ["LMS_TEST_REDIS_URL"],
              "extra_env": {"RATELIMIT_KEY_PREFIX": f"lms:test-{uuid.uuid4().hex[:8]}:"}}
    (tmp_path / "instance").mkdir()
    with Gunicorn(url, workers=1, **shared) as first, Gunicorn(url, workers=1, **shared) as second:
        yield first, second, *facts


def _signed_in(response: requests.Response) -> bool:
    return response.status_code == 200 and "/login" not in response.url


def test_a_session_made_on_one_server_is_valid_on_the_other(two_servers):
    first, second, email, *_ = two_servers
    session = sign_in(first.base, email, PASSWORD)
    assert _signed_in(session.get(second.base + "/profile"))


def test_signing_out_on_one_server_ends_the_session_on_both(two_servers):
    first, second, email, *_ = two_servers
    session = sign_in(first.base, email, PASSWORD)
    stolen_copy = dict(session.cookies)
    token = csrf_of(session.get(first.base + "/profile").text)
    assert session.post(first.base + "/logout", data={"csrf_token": token}, allow_redirects=False).status_code == 302
    replay = requests.Session()
    replay.cookies.update(stolen_copy)
    answer = replay.get(second.base + "/profile", allow_redirects=False)
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_sign_in_failures_are_limited_across_both_servers(two_servers):
    first, second, email, *_ = two_servers
    answers = []
    for attempt in range(8):
        server = (first, second)[attempt % 2]
        browser = requests.Session()
        token = csrf_of(browser.get(server.base + "/login").text)
        answers.append(browser.post(server.base + "/login", allow_redirects=False,
                                    data={"email": email, "password": "wrong password", "csrf_token": token})
                       .status_code)
    assert 429 not in answers[:5]  # LOGIN_FAILURE_LIMIT: five failures in total, whichever server saw them
    assert set(answers[5:]) == {429}


def test_an_upload_through_one_server_downloads_through_the_other(app, two_servers):
    first, second, email, cohort_id, assignment_id, _ = two_servers
    session = sign_in(first.base, email, PASSWORD)
    page = f"/submissions/cohort/{cohort_id}/lesson/{assignment_id}"
    form = post_form(session.get(first.base + page).text, having="idempotency_key")
    data = dict(form["fields"], text="My landing page", submit="Hand in")
    data.pop("preview", None)
    answer = session.post(first.base + (form["action"] or page), data=data, allow_redirects=False,
                          files={"files": ("notes.txt", b"Hello from server one\n", "text/plain")})
    assert answer.status_code == 302
    db.session.remove()
    stored = db.session.query(AttemptFile).one()
    download = session.get(second.base + f"/submissions/files/{stored.id}")
    assert download.status_code == 200 and download.content == b"Hello from server one\n"


def test_a_change_through_one_server_is_seen_at_once_through_the_other(two_servers):
    first, second, email, _, _, slug = two_servers
    session = sign_in(first.base, email, PASSWORD)
    lesson = f"/tracks/{slug}/lessons/welcome"
    assert f"{lesson}/incomplete" not in session.get(second.base + lesson).text
    assert session.get(second.base + lesson).headers["X-Page-Cache"] == "hit"  # the second keeps the page
    token = csrf_of(session.get(first.base + lesson).text)
    answer = session.post(first.base + f"{lesson}/complete", data={"csrf_token": token}, allow_redirects=False)
    assert answer.status_code == 302
    after = session.get(second.base + lesson)
    assert f"{lesson}/incomplete" in after.text and after.headers.get("X-Page-Cache") != "hit"
