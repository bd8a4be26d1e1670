"""Demo data: in the Spring cohort, the first assignment asking for peer reviews gets one
written peer review (learner2 reviews a peer), so the author sees "Peer 1" and the
others see reviews to do. The duties themselves come from the hand-ins (lms.reviews' demo)."""
from __future__ import annotations

from sqlalchemy import select

from lms.cohorts.models import Cohort, Enrollment
from lms.database import utcnow
from lms.extensions import db
from lms.peer import allocation, calibration, writing
from lms.peer.errors import PeerError
from lms.peer.models import PeerDuty, PeerReview
from lms.tracks.peerspec import peer_settings

COHORT_NAME = "Spring cohort"


def demo_peer(accounts: dict) -> str | None:
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME))
    reviewer = accounts.get("learner2")
    if cohort is None or reviewer is None:
        return None
    duty = db.session.scalar(select(PeerDuty).join(Enrollment, Enrollment.id == PeerDuty.enrollment_id)
                             .where(PeerDuty.cohort_id == cohort.id, Enrollment.user_id == reviewer.id))
    if duty is None or db.session.scalar(select(PeerReview.id).where(PeerReview.lesson_id == duty.lesson_id)):
        return "Peer review demo skipped: no peer duty for learner2, or reviews exist already."
    now = utcnow()
    peer = peer_settings(duty.lesson.spec)
    try:
        if peer.get("calibration"):
            calibration.score_example(duty.enrollment, duty.lesson, list(peer["calibration"]["scores"]), now)
        review = allocation.lease_next(duty.enrollment, duty.lesson, now)
        levels = [0] * len(peer["rubric"])
        writing.submit_review(review, writing.PeerReviewData(
            review.version, levels, [""] * len(levels),
            "The offer is clear at a glance. On my phone the contact form was easy to use; "
            "maybe add the opening hours near the top."), reviewer, now)
    except PeerError as error:
        return f"Peer review demo skipped: {error}"
    return f"Peer review demo: one peer review written on “{duty.lesson.title}” in {COHORT_NAME}."
