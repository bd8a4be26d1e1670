"""The layout's navigation: what each person sees, read in one statement, never stale."""
from __future__ import annotations

import pytest
from flask import render_template_string
from flask_login import login_required
from sqlalchemy import select

from lms.cohorts.enrolment import set_enrollment_status
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from tests.conftest import in_app_context
from tests.factories.submissions import hand_in
from tests.querycount import count_queries
from tests.submissions.conftest import World, make_world

LAYOUT_ONLY = "{% extends 'base.html' %}{% block content %}layout only{% endblock %}"


@pytest.fixture
def app(app_factory):
    """With a page that renders the layout and nothing else, so its statements are the layout's."""
    app = app_factory(JOBS_TICK_ON_REQUESTS=False)

    @app.route("/test-layout-only")
    @login_required
    def layout_only():
        return render_template_string(LAYOUT_ONLY)

    with in_app_context(app):
        yield app


@pytest.fixture
def world(app) -> World:
    return make_world()


def _nav(client) -> str:
    html = client.get("/test-layout-only").get_data(as_text=True)
    return html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]


@pytest.mark.parametrize("who", ["learner", "mentor", "admin"])
def test_the_layout_loads_the_user_and_reads_the_navigation_in_one_statement(client, auth, world, who):
    hand_in(world.enrollment, world.lesson)  # the mentor has an unread notification
    auth.login_as(getattr(world, who))
    client.get("/test-layout-only")
    db.session.expire_all()
    with count_queries() as queries:
        assert client.get("/test-layout-only").status_code == 200
    assert queries.count == 2, queries  # the signed-in user, then every navigation fact


def test_each_person_sees_what_they_can_use(client, auth, world):
    hand_in(world.enrollment, world.lesson)
    auth.login_as(world.mentor)
    mentor_nav = _nav(client)
    assert 'href="/reviews/"' in mentor_nav and ">Community<" in mentor_nav
    assert 'aria-label="1 unread"' in mentor_nav
    auth.login_as(world.learner)
    learner_nav = _nav(client)
    assert 'href="/reviews/"' not in learner_nav and ">Community<" in learner_nav
    assert "nav-count" not in learner_nav


def test_the_navigation_follows_a_change_on_the_next_page(client, auth, world):
    auth.login_as(world.mentor)
    assert 'href="/reviews/"' in _nav(client) and "nav-count" not in _nav(client)
    hand_in(world.enrollment, world.lesson)
    assert 'aria-label="1 unread"' in _nav(client)
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == world.mentor.id,
                                                            Enrollment.role == EnrollmentRole.MENTOR))
    set_enrollment_status(enrollment, EnrollmentStatus.WITHDRAWN)
    db.session.commit()
    nav = _nav(client)
    assert 'href="/reviews/"' not in nav and ">Community<" not in nav
    assert client.get("/reviews/").status_code == 403


def test_every_navigation_label_is_translated_for_the_reader(app):
    """Labels are registered once at start-up (lazy strings) and read in each reader's language."""
    from flask_babel import refresh

    from lms.web import NavItem

    items: list[NavItem] = app.extensions["lms_nav"]
    labels = {}
    for language in ("es", "en"):
        with app.test_request_context(headers={"Accept-Language": language}):
            refresh()  # the test's app context (and Babel's choice in it) outlives each request
            labels[language] = {str(item.label) for item in items}
    spanish, english = labels["es"], labels["en"]
    assert {"Users", "Cohorts", "Notifications"} <= english
    assert {"Usuarios", "Cohortes", "Notificaciones"} <= spanish
    assert not english & spanish - {"Plan"}, "no label is left in English"
