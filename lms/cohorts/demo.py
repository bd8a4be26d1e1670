"""``flask demo`` step: a running "Spring cohort" on the shipped track, with mentors and learners.

Idempotent: the cohort is found by name and track; people and mentors are only added
where missing. The learners' progress is the progress feature's demo step.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from lms.cohorts import enrolment, services
from lms.cohorts.exclusions import exclude_pair, exclusions_between
from lms.cohorts.matching_inputs import matching_inputs
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole
from lms.cohorts.suggestions import apply_choices, suggest
from lms.database import utcnow
from lms.demo import register_demo_step
from lms.extensions import db
from lms.tracks.demo import shipped_track
from lms.tracks.models import Track

TRACK_SLUG = "freelance-web-foundations"
COHORT_NAME = "Spring cohort"
# Demo content, as an admin would have typed it (stored, not interface text: it stays as written).
COHORT_DESCRIPTION = ("Ten weeks from first HTML page to a launched client site, "
                      "with a weekly call and written reviews from your mentor.")
# How many items (in track order) each demo learner has completed.
LEARNERS = {"learner": 6, "learner2": 2, "learner3": 99, "learner4": 0, "learner5": 3, "learner6": 1}


def register(app: Flask) -> None:
    register_demo_step(app, demo_cohort)


def _cohort(track: Track, actor) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME, Cohort.track_id == track.id))
    today = utcnow().date()
    if cohort is None:
        cohort = services.create_cohort(services.CohortData(
            name=COHORT_NAME, track_id=track.id, starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=60), timezone="Europe/Berlin", capacity=20,
            description=COHORT_DESCRIPTION), actor)
    while cohort.status in (CohortStatus.DRAFT, CohortStatus.OPEN):
        services.change_status(cohort, services.next_statuses(cohort)[0], actor)
    return cohort


def _enrol(cohort: Cohort, user, role: EnrollmentRole, actor, **fields) -> Enrollment:
    enrollment = db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == user.id))
    if enrollment is None:
        enrollment = enrolment.enrol(cohort, user, role, actor=actor)
    if "max_mentees" in fields:
        enrollment.max_mentees = fields["max_mentees"]
    return enrollment


def demo_cohort(accounts: dict) -> str | None:
    track = shipped_track(TRACK_SLUG)
    if track is None:
        return (f"Cohorts: skipped the demo cohort, the track {TRACK_SLUG} is not imported "
                "(flask tracks import courses/).")
    admin = accounts["admin"]
    cohort = _cohort(track, admin)
    for handle in ("mentor", "mentor2"):
        _enrol(cohort, accounts[handle], EnrollmentRole.MENTOR, admin, max_mentees=4)
    for handle in LEARNERS:
        _enrol(cohort, accounts[handle], EnrollmentRole.LEARNER, admin)
    db.session.flush()
    # An excluded pair the matches page lists (and the matcher respects).
    if not exclusions_between([accounts["learner2"].id], [accounts["mentor2"].id]):
        exclude_pair(accounts["learner2"].id, accounts["mentor2"].id, "Luis is one of Mei's freelance clients", admin)
    suggestions = suggest(matching_inputs(cohort))
    apply_choices(cohort, {s.learner_id: s.mentor_id for s in suggestions if s.mentor_id},
                  {s.learner_id: s.reason for s in suggestions}, admin)
    db.session.flush()
    return (f"Cohorts: “{COHORT_NAME}” ({track.title}) is running since {cohort.starts_on}, "
            "with 2 mentors and 6 learners.")
