"""What peer review services refuse, in words the learner reads."""
from __future__ import annotations

from lms.errors import DomainError


class PeerError(DomainError):
    """A refusal shown to the person who asked."""


class NothingToReview(PeerError):
    """No hand-in of the assignment is eligible for this reviewer right now."""


class CalibrationNeeded(PeerError):
    """The assignment has a calibration example the learner has not scored yet."""


class InvalidPeerReview(PeerError):
    """The review's fields do not fit the rubric; ``errors`` maps criterion index -> message."""

    def __init__(self, message: str, errors: dict[int, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


class StalePeerReview(PeerError):
    """The review changed since the form was shown (a second tab or a double submit)."""
