"""What a goal may be linked to: the skills of the learner's tracks and profile, and the
rubric criteria of the assignments in the tracks they are enrolled in.

The same lists offer the choices in the form and decide, on the server, what may be saved.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.profiles.skills import normalise_all, skill_names
from lms.tracks.models import Lesson, LessonKind, Track

# Withdrawn enrolments no longer count as "enrolled in"; finished ones still do.
_ENROLLED = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


@dataclass(frozen=True)
class CriterionOption:
    lesson_id: int
    lesson_title: str
    track_title: str
    criterion: str

    @property
    def key(self) -> str:
        """The form value: the lesson id, a colon, the criterion name."""
        return f"{self.lesson_id}:{self.criterion}"

    @property
    def label(self) -> str:
        return f"{self.criterion} — {self.lesson_title} ({self.track_title})"


def _enrolled_tracks(user_id: int) -> list[Track]:
    # Track ids in a subquery: DISTINCT over a whole track row fails on PostgreSQL (JSON columns).
    track_ids = (select(Cohort.track_id).join(Enrollment, Enrollment.cohort_id == Cohort.id)
                 .where(Enrollment.user_id == user_id, Enrollment.role == EnrollmentRole.LEARNER,
                        Enrollment.status.in_(_ENROLLED)))
    return list(db.session.scalars(select(Track).where(Track.id.in_(track_ids)).order_by(Track.title, Track.id)))


def linkable_skills(user_id: int) -> list[str]:
    """The skills of the learner's tracks, then their own profile skills, without duplicates."""
    track_skills = [skill for track in _enrolled_tracks(user_id) for skill in track.skills or []]
    return normalise_all(track_skills + skill_names(user_id))


def linkable_criteria(user_id: int) -> list[CriterionOption]:
    """Every rubric criterion of the (not archived) assignments in the learner's tracks."""
    tracks = {track.id: track for track in _enrolled_tracks(user_id)}
    if not tracks:
        return []
    lessons = db.session.scalars(select(Lesson).where(
        Lesson.track_id.in_(list(tracks)), Lesson.kind == LessonKind.ASSIGNMENT, Lesson.is_archived.is_(False))
        .order_by(Lesson.track_id, Lesson.position, Lesson.id))
    options = []
    for lesson in lessons:
        names = []
        for criterion in (lesson.spec or {}).get("rubric") or []:
            name = str(criterion.get("name", "")).strip() if isinstance(criterion, dict) else ""
            if name and name not in names:
                names.append(name)
                options.append(CriterionOption(lesson.id, lesson.title, tracks[lesson.track_id].title, name[:200]))
    return options
