"""Calibration: before reviewing peers, a learner scores the assignment's example and sees
how their levels compare with the reference (what the author or mentor scored)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.cohorts.models import Enrollment
from lms.extensions import db
from lms.peer.errors import InvalidPeerReview, PeerError
from lms.peer.models import PeerCalibration
from lms.tracks.models import Lesson
from lms.tracks.peerspec import peer_settings


@dataclass(frozen=True)
class Difference:
    criterion: str
    mine: str
    reference: str
    agrees: bool
    steps: int   # how many levels apart


def agreement(mine: list[int | None], reference: list[int]) -> int:
    """Percent of criteria scored on the reference level (pure)."""
    if not reference:
        return 100
    same = sum(1 for index, level in enumerate(reference) if index < len(mine) and mine[index] == level)
    return round(100 * same / len(reference))


def differences(rubric: list[dict], mine: list, reference: list[int]) -> list[Difference]:
    rows = []
    for index, criterion in enumerate(rubric):
        labels = [level["label"] for level in criterion["levels"]]
        own = mine[index] if index < len(mine) and isinstance(mine[index], int) else None
        ref = reference[index] if index < len(reference) else None
        rows.append(Difference(criterion["name"], labels[own] if own is not None and own < len(labels) else "-",
                               labels[ref] if ref is not None and ref < len(labels) else "-",
                               own == ref, abs((own or 0) - (ref or 0))))
    return rows


def calibration_of(enrollment_id: int, lesson_id: int) -> PeerCalibration | None:
    return db.session.scalar(select(PeerCalibration).where(PeerCalibration.enrollment_id == enrollment_id,
                                                           PeerCalibration.lesson_id == lesson_id))


def score_example(enrollment: Enrollment, lesson: Lesson, levels: list[int | None], now: datetime) -> PeerCalibration:
    """Store the learner's scoring of the example once (a second one returns the first)."""
    example = (peer_settings(lesson.spec) or {}).get("calibration")
    if not example:
        raise PeerError(gettext("This assignment has no example to score."))
    rubric = peer_settings(lesson.spec)["rubric"]
    errors = {index: gettext("Choose a level for “%(criterion)s”.", criterion=criterion["name"])
              for index, criterion in enumerate(rubric)
              if index >= len(levels) or levels[index] is None or not 0 <= levels[index] < len(criterion["levels"])}
    if errors:
        raise InvalidPeerReview(gettext("Choose a level for every criterion."), errors)
    existing = calibration_of(enrollment.id, lesson.id)
    if existing is not None:
        return existing
    row = PeerCalibration(enrollment_id=enrollment.id, lesson_id=lesson.id, scores=list(levels[:len(rubric)]),
                          agreement=agreement(levels, example["scores"]), created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return calibration_of(enrollment.id, lesson.id)
    return row
