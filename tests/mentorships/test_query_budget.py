"""The mentor's queue, the admins' requests page, the learner's mentors page and the mentee
history run a constant number of queries however many requests and relationships there are."""
from __future__ import annotations

from datetime import timedelta

from lms.cohorts.models import MentorshipRole
from lms.cohorts.relationships import end_mentorship, start_mentorship
from lms.database import utcnow
from lms.extensions import db
from lms.mentorships import requests
from tests.mentorships.conftest import learner_in
from tests.mentorships.helpers import asked_pick
from tests.querycount import count_queries


def _grow(world, count: int, start: int) -> None:
    """``count`` more learners, each with a request asking Ana and one going to the admins,
    and a relationship with Ben."""
    ana, ben, cleo = world.mentors
    for n in range(start, start + count):
        _, enrollment = learner_in(world.cohort, f"Learner {n}")
        requests.open_request(enrollment, requests.NewRequest((ana.id, cleo.id), message=f"Hi {n}"))
        declined = requests.open_request(enrollment, requests.NewRequest((cleo.id,), MentorshipRole.SKILL, "css"))
        requests.decline(asked_pick(declined), "Busy", actor=cleo)
        mentorship = start_mentorship(enrollment, ben.id, MentorshipRole.SKILL, skill="html",
                                      now=utcnow() - timedelta(days=40))
        end_mentorship(mentorship, reason="done")
        start_mentorship(enrollment, ben.id, MentorshipRole.SKILL, skill="html")
    db.session.commit()


def _queries(client, url: str) -> int:
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    return queries.count


def test_pages_run_a_constant_number_of_queries_as_requests_grow(client, auth, world, admin):
    ana, ben, _ = world.mentors
    _grow(world, 2, 0)
    pages = [(ana, "/mentor-requests"), (admin, f"/cohorts/{world.cohort.id}/mentor-requests"),
             (ben, "/mentees")]
    before = {}
    for user, url in pages:
        auth.login_as(user)
        before[url] = _queries(client, url)
    _grow(world, 6, 2)
    for user, url in pages:
        auth.login_as(user)
        assert _queries(client, url) == before[url], url


def test_the_learners_mentor_page_is_constant_as_relationships_grow(client, auth, world):
    ana, ben, cleo = world.mentors
    auth.login_as(world.learner)
    url = f"/cohorts/{world.cohort.id}/mentor"
    start_mentorship(world.enrollment, ana.id)
    db.session.commit()
    first = _queries(client, url)
    old = start_mentorship(world.enrollment, ben.id, MentorshipRole.SKILL, skill="css")
    end_mentorship(old, reason="done")
    start_mentorship(world.enrollment, ben.id, MentorshipRole.SKILL, skill="css")
    requests.open_request(world.enrollment, requests.NewRequest((cleo.id,), MentorshipRole.SKILL, "sql"))
    requests.open_request(world.enrollment, requests.NewRequest((cleo.id,), MentorshipRole.SKILL, "git"))
    db.session.commit()
    assert _queries(client, url) == first
