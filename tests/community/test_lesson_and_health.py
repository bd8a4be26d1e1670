"""A lesson page's foot lists its topics; mentors' accepted answers count in program health."""
from __future__ import annotations

from lms.community import spaces, topics
from lms.community.models import TopicKind
from lms.extensions import db
from tests.factories.community import cohort_space, new_reply, new_topic
from tests.querycount import count_queries


def _lesson_url(world) -> str:
    return f"/tracks/{world.track.slug}/lessons/{world.lesson.slug}"


def test_the_lesson_foot_lists_the_lessons_topics_from_my_cohort_and_the_program(client, auth, world):
    new_topic(cohort_space(world.cohort), world.learner, title="Cohort A about it", lesson_id=world.lesson.id)
    new_topic(cohort_space(world.other_cohort), world.other_learner, title="Cohort B about it",
              lesson_id=world.lesson.id)
    new_topic(spaces.track_space(world.track.id), world.other_learner, title="Program about it",
              lesson_id=world.lesson.id)
    new_topic(cohort_space(world.cohort), world.learner, title="Not about it")
    auth.login_as(world.learner)
    page = client.get(_lesson_url(world)).get_data(as_text=True)
    assert "Cohort A about it" in page and "Program about it" in page
    assert "Cohort B about it" not in page and "Not about it" not in page
    assert "Start a discussion about this lesson" in page
    start = client.get(f"/spaces/cohorts/{world.cohort.id}/?new=1&lesson={world.lesson.id}")
    assert f"/topics/new?lesson={world.lesson.id}" in start.location


def test_the_lesson_foot_costs_the_same_queries_with_many_topics(client, auth, world):
    space = cohort_space(world.cohort)
    new_topic(space, world.learner, lesson_id=world.lesson.id)
    auth.login_as(world.learner)
    client.get(_lesson_url(world))
    with count_queries() as few:
        client.get(_lesson_url(world))
    for i in range(12):
        new_topic(space, world.peer, title=f"Topic {i}", lesson_id=world.lesson.id)
    with count_queries() as many:
        page = client.get(_lesson_url(world)).get_data(as_text=True)
    assert many.count == few.count and page.count("/spaces/topics/") == 8


def test_accepted_answers_count_in_the_mentor_figures(client, auth, world):
    question = new_topic(cohort_space(world.cohort), world.learner, kind=TopicKind.QUESTION)
    topics.accept_answer(new_reply(question, world.mentor), world.learner)
    db.session.commit()
    auth.login_as(world.admin)
    csv = client.get(f"/cohorts/{world.cohort.id}/health.csv").get_data(as_text=True)
    assert "Mia Mentor,accepted answers (community),1" in csv
    assert "Accepted answers" in client.get(f"/cohorts/{world.cohort.id}/health").get_data(as_text=True)
