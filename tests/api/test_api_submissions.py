"""/api/v1/submissions: hand-ins with attempts and files, per can_view_submission."""
from __future__ import annotations

import pytest

from lms.cohorts.models import Enrollment
from lms.extensions import db
from lms.submissions.models import Submission
from lms.tracks.models import Lesson
from tests.api.mentoring_helpers import assert_constant_queries, callers, more_learners_of_a
from tests.factories.submissions import hand_in


@pytest.fixture
def c(app, api_as):
    return callers(api_as)


def test_the_learner_reads_her_hand_in_with_text_files_and_review(c):
    w = c.world
    body = c.learner_a.get(f"/api/v1/submissions/{w.submission_a}").get_json()
    assert body["user_id"] == w.learner_a and body["status"] == "submitted" and body["attempt_count"] == 2
    first, second = body["attempts"]
    assert first["number"] == 1 and first["text"] == "My **first** site"
    assert "<strong>first</strong>" in first["text_html"]
    assert first["review_id"] == w.review_a and second["review_id"] is None
    assert second["files"][0]["id"] == w.file_a
    assert second["files"][0]["url"] == f"/api/v1/submissions/{w.submission_a}/files/{w.file_a}"
    assert body["created_at"].endswith("+00:00")


def test_a_mentor_of_the_cohort_reads_it_and_other_people_get_404(c):
    url = f"/api/v1/submissions/{c.world.submission_a}"
    assert c.mentor_a.get(url).status_code == 200
    for other in (c.learner_b, c.mentor_b):
        response = other.get(url)
        assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_the_list_shows_each_caller_only_what_they_may_see(c):
    w = c.world
    def ids(client, query=""):
        return {item["id"] for item in client.get(f"/api/v1/submissions/{query}").get_json()["data"]}
    assert w.submission_a in ids(c.learner_a) and w.submission_a in ids(c.mentor_a) and w.submission_a in ids(c.admin)
    assert w.submission_a not in ids(c.learner_b) | ids(c.mentor_b)
    assert w.submission_a in ids(c.admin, f"?cohort_id={w.cohort_a}&status=submitted")
    assert w.submission_a not in ids(c.admin, "?status=approved") | ids(c.admin, f"?cohort_id={w.cohort_b}")
    assert w.submission_a not in ids(c.admin, "?updated_since=2999-01-01T00:00:00%2B00:00")


@pytest.mark.parametrize("query, field", [("status=lost", "status"), ("cohort_id=x", "cohort_id"),
                                          ("updated_since=yesterday", "updated_since"), ("limit=0", "limit")])
def test_bad_filters_are_problems_naming_the_field(c, query, field):
    response = c.admin.get(f"/api/v1/submissions/?{query}")
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert field in str(response.get_json()["errors"])


def test_a_file_comes_as_a_sandboxed_attachment_with_its_bytes(c):
    w = c.world
    response = c.learner_a.get(f"/api/v1/submissions/{w.submission_a}/files/{w.file_a}")
    assert response.status_code == 200 and response.data == b"second notes"
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="site.txt"')
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_a_file_is_404_for_other_people_and_under_another_submission(c):
    w = c.world
    assert c.learner_b.get(f"/api/v1/submissions/{w.submission_a}/files/{w.file_a}").status_code == 404
    assert c.mentor_b.get(f"/api/v1/submissions/{w.submission_a}/files/{w.file_a}").status_code == 404
    assert c.admin.get(f"/api/v1/submissions/{w.submission_a + 999}/files/{w.file_a}").status_code == 404


def test_a_token_without_the_submissions_scope_is_refused(app, api_as):
    from tests.api.mentoring_helpers import callers as make
    narrow = make(api_as, scopes=["tracks:read"])
    response = narrow.learner_a.get(f"/api/v1/submissions/{narrow.world.submission_a}")
    assert response.status_code == 403 and 'scope="submissions:read"' in response.headers["WWW-Authenticate"]


def test_the_list_costs_the_same_queries_for_more_hand_ins(c):
    w = c.world
    lesson = db.session.get(Lesson, w.assignment_a_id)

    def grow(count):
        for enrollment in more_learners_of_a(w, count):
            hand_in(db.session.get(Enrollment, enrollment.id), lesson, files=[("a.txt", b"x")])
    assert_constant_queries(lambda: c.mentor_a.get("/api/v1/submissions/?limit=200"), grow)
    assert db.session.query(Submission).count() >= 14
