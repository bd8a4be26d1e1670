"""No page shows a person's email to someone outside an active mentorship with them (admins aside).

Every page the authorisation matrix lets learners and mentors read is opened as each of
them; none may contain the address of anyone but the other side of their own active
mentorships (in the world: learner A and mentor A).
"""
from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import select

from lms.cohorts.models import Enrollment, Mentorship, MentorshipStatus
from lms.extensions import db
from tests.factories.scenario import two_cohorts
from tests.security.conftest import sign_in_as
from tests.security.test_authorization_matrix import MATRIX

PEOPLE = ("learner_a", "learner_b", "mentor_a", "mentor_b")
# Links carrying a secret token name the account they were sent to: whoever holds the link
# was sent it (the matrix's public rows).
SECRET_LINKS = {"auth.reset_password", "auth.accept_invitation", "auth.confirm_email"}


def _active_partners(user_id: int) -> set[int]:
    """The other side of ``user_id``'s active mentorships, read straight from the table."""
    rows = db.session.execute(
        select(Mentorship.mentor_id, Enrollment.user_id).join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
        .where(Mentorship.status == MentorshipStatus.ACTIVE,
               (Mentorship.mentor_id == user_id) | (Enrollment.user_id == user_id)))
    return {learner if mentor == user_id else mentor for mentor, learner in rows}


@pytest.fixture
def world(app):
    return two_cohorts()


@pytest.mark.parametrize("actor", PEOPLE)
def test_no_page_shows_another_persons_email(app, client, world, actor):
    partners = _active_partners(getattr(world, actor))
    others = {world.email(getattr(world, other)) for other in (*PEOPLE, "admin")
              if other != actor and getattr(world, other) not in partners}
    with app.test_request_context():
        urls = [url_for(endpoint, **row.values(world)) for (endpoint, method), row in sorted(MATRIX.items())
                if method == "GET" and row.expected[actor] == 200 and not endpoint.endswith("static")
                and endpoint not in SECRET_LINKS]
    sign_in_as(client, world, actor)
    opened = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or not response.mimetype.startswith(("text/", "application/json")):
            continue
        body = response.get_data().decode("utf-8", "replace")
        leaked = [email for email in others if email in body]
        assert not leaked, f"{actor} sees {leaked} on {url}"
        opened += 1
    assert opened >= 8, urls
