"""One learner driven through a track: every page and export shows the same figure.

The figure is drawn by ``_macros.progress`` as ``<progress value=N aria-label=...>`` on
every page, so each page is read the same way; the roster CSV and the chart's
description are read as text.
"""
from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest

from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from lms.reviews.services import Decision, ReviewData, review_attempt
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.factories.submissions import hand_in
from tests.factories.tracks import lesson, make_track


def shown_percent(page: str, label: str) -> int:
    """The value of the progress bar labelled ``label`` (exactly one on the page)."""
    found = [int(value) for value, aria in re.findall(r'<progress class="progress" max="100" value="(\d+)" '
                                                      r'aria-label="([^"]*)"', page) if unescape(aria) == label]
    assert len(found) == 1, f"{label!r}: {found}"
    return found[0]


@pytest.fixture
def world(app):
    track = make_track(lessons=3, quizzes=1, assignments=1)
    assignment = lesson(track, "assignment-1")
    assignment.spec = {**assignment.spec, "pass_points": None}  # no rubric: the mentor's judgement
    cohort = make_cohort(track, name="Spring")
    mentor, learner, peer = make_user(name="Mia Mentor"), make_user(name="Lea Learner"), make_user(name="Pat Peer")
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    enrollment = enrol(cohort, learner, mentor=mentor)
    enrol(cohort, peer, mentor=mentor)
    return dict(track=track, cohort=cohort, mentor=mentor, learner=learner, enrollment=enrollment,
                admin=make_admin(name="Ada Admin"))


def every_figure(client, auth, world) -> dict[str, int]:
    track, cohort, learner = world["track"], world["cohort"], world["learner"]
    name = learner.name
    figures = {}
    auth.login_as(learner)
    figures["learner dashboard"] = shown_percent(client.get("/dashboard").get_data(as_text=True),
                                                 f"Your progress in {cohort.name}")
    figures["my tracks"] = shown_percent(client.get("/tracks").get_data(as_text=True), f"Progress in {track.title}")
    figures["track overview"] = shown_percent(client.get(f"/tracks/{track.slug}").get_data(as_text=True),
                                              "Track progress")
    auth.login_as(world["mentor"])
    figures["mentor dashboard"] = shown_percent(client.get("/dashboard").get_data(as_text=True), f"Progress of {name}")
    auth.login_as(world["admin"])
    figures["cohort page"] = shown_percent(client.get(f"/cohorts/{cohort.id}").get_data(as_text=True),
                                           f"Progress of {name}")
    figures["certificates page"] = shown_percent(
        client.get(f"/admin/certificates/cohorts/{cohort.id}").get_data(as_text=True), f"Progress of {name}")
    roster = list(csv.DictReader(io.StringIO(client.get(f"/cohorts/{cohort.id}/roster.csv").data.decode("utf-8-sig"))))
    figures["roster CSV"] = int(next(row["progress %"] for row in roster if row["name"] == name))
    return figures


def test_every_page_and_export_shows_the_same_progress(app, client, auth, world):
    track, learner = world["track"], world["learner"]
    seen = [every_figure(client, auth, world)]
    auth.login_as(learner)
    for slug in ("lesson-1", "lesson-2"):
        assert client.post(f"/tracks/{track.slug}/lessons/{slug}/complete").status_code == 302
    seen.append(every_figure(client, auth, world))
    auth.login_as(learner)
    response = client.post(f"/tracks/{track.slug}/lessons/quiz-1/attempts", data={"q0": "1", "q1": ["0", "2"]})
    assert response.status_code == 302
    seen.append(every_figure(client, auth, world))
    attempt = hand_in(world["enrollment"], lesson(track, "assignment-1"))
    submission = attempt.submission
    review_attempt(submission, ReviewData(attempt.id, submission.version, Decision.APPROVE, [], [], "Good."),
                   world["mentor"])
    db.session.commit()
    seen.append(every_figure(client, auth, world))
    # 0 of 5, 2 of 5, 3 of 5, 4 of 5: the same number on every page at every step.
    assert [set(figures.values()) for figures in seen] == [{0}, {40}, {60}, {80}], seen


def test_the_cohort_average_and_chart_agree_with_the_learners_figures(app, client, auth, world):
    track = world["track"]
    auth.login_as(world["learner"])
    for slug in ("lesson-1", "lesson-2", "lesson-3"):
        client.post(f"/tracks/{track.slug}/lessons/{slug}/complete")
    auth.login_as(world["admin"])
    page = client.get(f"/cohorts/{world['cohort'].id}").get_data(as_text=True)
    # Lea 60 %, Pat 0 %: the average is 30 % on the page and the chart's latest point.
    assert re.search(r'<span class="stat__value">30%</span><span class="stat__label">average progress', page)
    chart = client.get(f"/cohorts/{world['cohort'].id}/progress.svg").get_data(as_text=True)
    assert "latest 30% on" in chart
    assert '<span class="stat__value">2</span><span class="stat__label">learners</span>' in page
