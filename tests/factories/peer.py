"""A cohort taking an assignment that asks for peer reviews, its learners and their hand-ins."""
from __future__ import annotations

from dataclasses import dataclass, field

from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.extensions import db
from lms.peer.models import PeerDuty
from lms.tracks.models import Lesson
from tests.factories.auth import make_user
from tests.factories.submissions import RUBRIC, enroll, hand_in, make_cohort, make_track

PEER_RUBRIC = [
    {"name": "Clarity", "description": "", "levels": [{"label": "Clear", "points": 2, "description": ""},
                                                      {"label": "Unclear", "points": 0, "description": ""}]},
]
CALIBRATION = {"text": "An **example** page with a menu that overlaps the photo.", "scores": [1]}


def peer_spec(reviews: int = 2, *, anonymous: bool = True, rubric=None, calibration=None) -> dict:
    return {"reviews": reviews, "anonymous": anonymous, "rubric": PEER_RUBRIC if rubric is None else rubric,
            "calibration": calibration}


@dataclass
class PeerCohort:
    cohort: Cohort
    lesson: Lesson
    learners: list = field(default_factory=list)
    enrollments: list[Enrollment] = field(default_factory=list)
    mentor: object = None


def peer_cohort(learners: int = 3, *, names=None, reviews: int = 2, anonymous: bool = True, calibration=None,
                rubric=None) -> PeerCohort:
    _, lesson = make_track(rubric=RUBRIC, peer=peer_spec(reviews, anonymous=anonymous, rubric=rubric,
                                                         calibration=calibration))
    cohort = make_cohort(lesson.track)
    world = PeerCohort(cohort, lesson)
    world.mentor = make_user(name="Mira Mentor")
    enroll(cohort, world.mentor, EnrollmentRole.MENTOR)
    for index in range(learners):
        name = names[index] if names else f"Learner {index + 1}"
        user = make_user(name=name)
        world.learners.append(user)
        world.enrollments.append(enroll(cohort, user, mentor=world.mentor))
    return world


def hand_in_all(world: PeerCohort, *indexes: int) -> None:
    for index in indexes or range(len(world.enrollments)):
        hand_in(world.enrollments[index], world.lesson, text=f"Work of learner {index + 1}")


def duty(enrollment: Enrollment, lesson: Lesson) -> PeerDuty | None:
    db.session.expire_all()
    return db.session.query(PeerDuty).filter_by(enrollment_id=enrollment.id, lesson_id=lesson.id).one_or_none()
