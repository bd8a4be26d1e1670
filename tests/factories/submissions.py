"""Tracks with an assignment, cohorts, enrolments and hand-ins for the submission and review tests."""
from __future__ import annotations

import itertools
import uuid
from datetime import date, timedelta

from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, ReviewPolicy
from lms.extensions import db
from lms.submissions.services import AttemptData, UploadedFile, submit_attempt
from lms.tracks.models import Lesson, LessonKind, Track

_sequence = itertools.count(1)

RUBRIC = [
    {"name": "Structure", "description": "Semantic HTML",
     "levels": [{"label": "Excellent", "points": 4, "description": "All semantic"},
                {"label": "Good", "points": 3, "description": "Mostly"},
                {"label": "Needs work", "points": 1, "description": "Div soup"}]},
    {"name": "Accessibility", "description": "Alt text, contrast",
     "levels": [{"label": "Excellent", "points": 4, "description": ""},
                {"label": "Good", "points": 2, "description": ""},
                {"label": "Missing", "points": 0, "description": ""}]},
]


def assignment_spec(**overrides) -> dict:
    spec = {"submission": ["text", "url", "file"], "due_days": 7, "rubric": RUBRIC, "pass_points": 5}
    spec.update(overrides)
    return spec


def make_track(*, commit: bool = True, **spec_overrides) -> tuple[Track, Lesson]:
    n = next(_sequence)
    track = Track(slug=f"track-{n}", title=f"Track {n}")
    lesson = Lesson(track=track, slug=f"first-site-{n}", title="Build your first site", kind=LessonKind.ASSIGNMENT,
                    position=1, body_html="<p>Build a <strong>one-page</strong> site.</p>",
                    spec=assignment_spec(**spec_overrides))
    db.session.add_all([track, lesson])
    if commit:
        db.session.commit()
    return track, lesson


def make_cohort(track: Track, *, status: CohortStatus = CohortStatus.RUNNING,
                policy: ReviewPolicy = ReviewPolicy.ANY_MENTOR, starts_on: date | None = None,
                turnaround_hours: int = 48, commit: bool = True, **fields) -> Cohort:
    n = next(_sequence)
    starts_on = starts_on or date.today() - timedelta(days=3)
    cohort = Cohort(name=fields.pop("name", f"Cohort {n}"), track=track, starts_on=starts_on,
                    ends_on=starts_on + timedelta(days=60), status=status, review_policy=policy,
                    review_turnaround_hours=turnaround_hours, **fields)
    db.session.add(cohort)
    if commit:
        db.session.commit()
    return cohort


def enroll(cohort: Cohort, user, role: EnrollmentRole = EnrollmentRole.LEARNER, *, mentor=None,
           commit: bool = True) -> Enrollment:
    enrollment = Enrollment(cohort=cohort, user_id=user.id, role=role,
                            mentor_id=mentor.id if mentor is not None else None)
    db.session.add(enrollment)
    if commit:
        db.session.commit()
    return enrollment


def hand_in(enrollment: Enrollment, lesson: Lesson, *, text: str = "My **answer**", url: str = "",
            files: list[tuple[str, bytes]] = (), key: str | None = None, carry_file_ids=(), commit: bool = True):
    """Submit an attempt through the service, as the enrolled learner."""
    data = AttemptData(idempotency_key=key or str(uuid.uuid4()), text=text, url=url,
                       files=[UploadedFile(name, content) for name, content in files],
                       carry_file_ids=list(carry_file_ids))
    attempt = submit_attempt(enrollment, lesson, data, enrollment.user)
    if commit:
        db.session.commit()
    return attempt
