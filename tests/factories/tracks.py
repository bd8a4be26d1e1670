"""Tracks: imported from fixture folders, or written directly; cohorts to read them in."""
from __future__ import annotations

import itertools
import shutil
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.tracks.importer import import_track
from lms.tracks.models import Lesson, LessonKind, Track
from lms.tracks.parser import parse_track
from tests.factories import cohorts as cohort_factories

FIXTURES = Path(__file__).resolve().parents[1] / "tracks" / "fixtures"
_sequence = itertools.count(1)

QUIZ_SPEC = {
    "pass_percent": 50, "max_attempts": 2,
    "questions": [
        {"prompt": "Which is a block element?", "choices": ["span", "div", "em"], "answer": [1],
         "multiple": False, "explanation": "A div is a block."},
        {"prompt": "Which are inline?", "choices": ["span", "div", "em"], "answer": [0, 2],
         "multiple": True, "explanation": ""},
    ],
}


def copy_fixture(name: str, destination: Path) -> Path:
    """A writable copy of a fixture track folder (tests edit it to simulate new versions)."""
    target = destination / name
    shutil.copytree(FIXTURES / name, target)
    return target


def import_folder(folder: Path, *, actor=None, commit: bool = True) -> Track:
    parsed = parse_track(folder)
    assert parsed.ok, [str(p) for p in parsed.errors]
    track = import_track(parsed, actor=actor).track
    if commit:
        db.session.commit()
    return track


def make_track(*, lessons: int = 3, quizzes: int = 0, assignments: int = 0, slug: str | None = None,
               commit: bool = True) -> Track:
    """A track written directly: ``lessons`` plain lessons, then quizzes, then assignments."""
    n = next(_sequence)
    track = Track(slug=slug or f"track-{n}", title=f"Track {n}", overview_html="<p>Overview.</p>",
                  completion={"lessons": "all", "assignments": "all", "quizzes": "all"})
    db.session.add(track)
    db.session.flush()
    rows = [(LessonKind.LESSON, f"lesson-{i}", {}) for i in range(1, lessons + 1)]
    rows += [(LessonKind.QUIZ, f"quiz-{i}", QUIZ_SPEC) for i in range(1, quizzes + 1)]
    rows += [(LessonKind.ASSIGNMENT, f"assignment-{i}", {"submission": ["text"], "due_days": 7, "pass_points": 2,
                                                         "rubric": [], "max_points": 0})
             for i in range(1, assignments + 1)]
    db.session.execute(insert(Lesson), [
        {"track_id": track.id, "slug": slug_, "title": slug_.replace("-", " ").capitalize(), "kind": kind,
         "position": position, "spec": spec, "body_html": f"<p>Body of {slug_}.</p>", "objectives": [],
         "toc": [], "is_archived": False, "source_path": f"{position:02d}-{slug_}.md", "content_hash": ""}
        for position, (kind, slug_, spec) in enumerate(rows, 1)])
    if commit:
        db.session.commit()
    return track


def lesson(track: Track, slug: str) -> Lesson:
    return db.session.scalar(db.select(Lesson).where(Lesson.track_id == track.id, Lesson.slug == slug))


def make_cohort(track: Track, *, starts_on: date | None = None, timezone: str = "UTC", commit: bool = True) -> Cohort:
    """A running cohort that started three days ago."""
    return cohort_factories.make_cohort(track, starts_on=starts_on or date.today() - timedelta(days=3),
                                        timezone=timezone, commit=commit)


def enroll(user, track_or_cohort, *, role: EnrollmentRole = EnrollmentRole.LEARNER,
           status: EnrollmentStatus = EnrollmentStatus.ACTIVE, commit: bool = True) -> Enrollment:
    """Put ``user`` in a cohort (a new cohort of the track when given a track)."""
    cohort = track_or_cohort if isinstance(track_or_cohort, Cohort) else make_cohort(track_or_cohort, commit=False)
    return cohort_factories.enrol(cohort, user, role, status=status, commit=commit)


def bulk_learners(cohort: Cohort, count: int) -> list[int]:
    """``count`` learners enrolled with bulk inserts; returns their user ids."""
    prefix = f"bulk{next(_sequence)}"
    db.session.execute(insert(User), [{"email": f"{prefix}-{i}@example.org", "name": f"Learner {i}",
                                       "session_token": f"{prefix}x{i}"} for i in range(count)])
    ids = list(db.session.scalars(db.select(User.id).where(User.email.like(f"{prefix}-%"))))
    db.session.execute(insert(Enrollment), [{"cohort_id": cohort.id, "user_id": uid, "role": EnrollmentRole.LEARNER,
                                             "status": EnrollmentStatus.ACTIVE} for uid in ids])
    db.session.commit()
    return ids
