"""Learner pages: overview, lessons, progress buttons, who may see what, constant queries."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.cohorts.models import EnrollmentStatus
from lms.extensions import db
from lms.progress.models import LessonProgress
from tests.factories.auth import make_user
from tests.factories.tracks import bulk_learners, enroll, lesson, make_cohort, make_track
from tests.querycount import count_queries


def test_overview_shows_syllabus_by_module_with_types_and_progress(client, auth, learner, track):
    auth.login_as(learner)
    page = client.get("/tracks/good").get_data(as_text=True)
    assert "Good Track" in page and "A small track that uses every feature" in page
    assert 'id="module-deeper"' in page and "Going deeper" in page
    positions = [page.index(text) for text in ("Introduction", "Going deeper", "Homework", "Check yourself")]
    assert positions == sorted(positions)
    assert "badge--warning\">Assignment" in page and "badge--info\">Quiz" in page
    assert "10 min" in page
    assert 'value="0"' in page  # the progress bar
    assert "0 of 5 done" in page
    assert "Due " in page  # the assignment's due date in the learner's cohort


def test_lesson_page_has_content_toc_objectives_and_neighbours(client, auth, learner, track):
    auth.login_as(learner)
    page = client.get("/tracks/good/lessons/basics").get_data(as_text=True)
    assert "<h1 id=\"lesson-title\">The basics</h1>" in page
    assert 'href="/tracks/good/lessons/intro"' in page and 'rel="prev"' in page
    assert 'href="/tracks/good/lessons/inside"' in page and 'rel="next"' in page
    assert "2 of 5" in page
    intro = client.get("/tracks/good/lessons/intro").get_data(as_text=True)
    assert "Know the layout" in intro  # objectives box
    assert "Mark as complete" in intro


def test_table_of_contents_is_shown_when_a_lesson_has_sections(client, auth, learner, track):
    auth.login_as(learner)
    page = client.get("/tracks/good/lessons/inside").get_data(as_text=True)
    assert "On this page" not in page  # a single heading needs no table of contents
    homework = lesson(track, "homework")
    homework.toc = [{"level": 2, "id": "a", "title": "Part A"}, {"level": 3, "id": "b", "title": "Part <B>"}]
    db.session.commit()
    page = client.get("/tracks/good/lessons/homework").get_data(as_text=True)
    assert "On this page" in page and 'href="#a"' in page and "Part &lt;B&gt;" in page


def test_mark_complete_and_undo(client, auth, learner, track):
    auth.login_as(learner)
    response = client.post("/tracks/good/lessons/intro/complete")
    assert response.status_code == 302 and response.location.endswith("/tracks/good/lessons/intro")
    page = client.get("/tracks/good/lessons/intro").get_data(as_text=True)
    assert "Mark as not complete" in page
    assert "1 of 5 done" in client.get("/tracks/good").get_data(as_text=True)
    client.post("/tracks/good/lessons/intro/complete")  # twice is harmless
    assert len(db.session.scalars(select(LessonProgress)).all()) == 1
    client.post("/tracks/good/lessons/intro/incomplete")
    assert db.session.scalars(select(LessonProgress)).all() == []
    assert "Mark as complete" in client.get("/tracks/good/lessons/intro").get_data(as_text=True)


def test_progress_actions_need_post_and_csrf(client, auth, learner, track):
    auth.login_as(learner)
    assert client.get("/tracks/good/lessons/intro/complete").status_code == 405
    assert client.post("/tracks/good/lessons/intro/complete", csrf=False).status_code == 400
    assert db.session.scalars(select(LessonProgress)).all() == []


def test_assignments_and_quizzes_cannot_be_marked_complete_by_hand(client, auth, learner, track):
    auth.login_as(learner)
    client.post("/tracks/good/lessons/homework/complete")
    assert db.session.scalars(select(LessonProgress)).all() == []


def test_assignment_page_shows_brief_rubric_and_facts(client, auth, learner, track):
    auth.login_as(learner)
    page = client.get("/tracks/good/lessons/homework").get_data(as_text=True)
    assert "Build the thing" in page
    assert "Structure" in page and "Strong" in page and "4 pts" in page
    assert page.index("Strong") < page.index("Fair") < page.index("Weak")
    assert "5 of 7 points" in page
    assert "text, a link" in page
    assert "23:59" in page  # due_days after the cohort start, in the cohort's time zone


def test_non_enrolled_user_gets_404_and_anonymous_is_sent_to_login(client, auth, outsider, track):
    assert client.get("/tracks/good").status_code == 302
    auth.login_as(outsider)
    for url in ("/tracks/good", "/tracks/good/lessons/intro", "/tracks/good/assets/fig/diagram.svg",
                "/tracks/nope", "/tracks/good/lessons/nope"):
        assert client.get(url).status_code == 404, url
    assert client.post("/tracks/good/lessons/intro/complete").status_code == 404


def test_admin_previews_any_track_with_a_banner_and_records_nothing(client, auth, admin, track):
    auth.login_as(admin)
    page = client.get("/tracks/good/lessons/intro").get_data(as_text=True)
    assert "Preview." in page and "Mark as complete" not in page
    assert "Preview." in client.get("/tracks/good").get_data(as_text=True)
    assert client.post("/tracks/good/lessons/intro/complete").status_code == 403
    assert "Right answer" in client.get("/tracks/good/lessons/check").get_data(as_text=True)  # answer key


def test_mentor_reads_but_does_not_record(client, auth, mentor, track):
    auth.login_as(mentor)
    page = client.get("/tracks/good/lessons/intro").get_data(as_text=True)
    assert "Introduction" in page and "Mark as complete" not in page and "Preview." not in page
    assert client.post("/tracks/good/lessons/intro/complete").status_code == 403
    assert "Reading only" in client.get("/tracks/good").get_data(as_text=True)


def test_withdrawn_learner_reads_but_does_not_record(client, auth, track):
    user = make_user()
    enroll(user, track, status=EnrollmentStatus.WITHDRAWN)
    auth.login_as(user)
    assert client.get("/tracks/good/lessons/intro").status_code == 200
    assert client.post("/tracks/good/lessons/intro/complete").status_code == 403


def test_archived_lessons_are_hidden_from_the_syllabus(client, auth, learner, track):
    basics = lesson(track, "basics")
    basics.is_archived = True
    db.session.commit()
    auth.login_as(learner)
    assert "The basics" not in client.get("/tracks/good").get_data(as_text=True)
    page = client.get("/tracks/good/lessons/intro").get_data(as_text=True)
    assert 'href="/tracks/good/lessons/inside"' in page and 'rel="next"' in page


def test_tracks_index_lists_the_learners_tracks(client, auth, learner, track):
    auth.login_as(learner)
    page = client.get("/tracks").get_data(as_text=True)
    assert "Good Track" in page and "0 of 5 done" in page


def _queries_for(client, auth, url_for_track, lessons: int, learners: int) -> int:
    track = make_track(lessons=lessons, quizzes=1, assignments=1)
    cohort = make_cohort(track)
    user = make_user()
    enroll(user, cohort)
    bulk_learners(cohort, learners - 1)
    auth.login_as(user)
    url = url_for_track(track)
    assert client.get(url).status_code == 200  # warm up: the login, caches
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


@pytest.mark.parametrize("page", [
    lambda t: f"/tracks/{t.slug}/lessons/lesson-2",
    lambda t: f"/tracks/{t.slug}/lessons/quiz-1",
    lambda t: f"/tracks/{t.slug}/lessons/assignment-1",
    lambda t: f"/tracks/{t.slug}",
], ids=["lesson", "quiz", "assignment", "overview"])
def test_page_queries_do_not_grow_with_lessons_or_learners(client, auth, app, page):
    small = _queries_for(client, auth, page, lessons=3, learners=2)
    large = _queries_for(client, auth, page, lessons=60, learners=200)
    assert small == large


def test_tracks_index_queries_do_not_grow_with_tracks(client, auth, app):
    user = make_user()
    auth.login_as(user)

    def count() -> int:
        client.get("/tracks")
        with count_queries() as counter:
            assert client.get("/tracks").status_code == 200
        return counter.count

    enroll(user, make_track(lessons=2, quizzes=1, assignments=1))
    one = count()
    for _ in range(3):
        enroll(user, make_track(lessons=4, assignments=1))
    assert count() == one


def test_learner_of_a_finished_cohort_reads_but_cannot_record_progress(client, auth, app, track):
    from lms.cohorts.models import CohortStatus

    finished = make_user(email="fin@example.org")
    enrollment = enroll(finished, track)
    enrollment.cohort.status = CohortStatus.FINISHED
    db.session.commit()
    auth.login_as(finished)
    assert client.get("/tracks/good/lessons/intro").status_code == 200
    assert client.post("/tracks/good/lessons/intro/complete").status_code in (302, 403)
    assert db.session.scalars(select(LessonProgress)).all() == []
