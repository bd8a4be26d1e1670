"""What asks services refuse with; every message is safe to show."""
from __future__ import annotations

from lms.errors import DomainError


class AskError(DomainError):
    """An action on an ask was refused."""


class AlreadyClaimed(AskError):
    """Someone else holds the ask."""


class TooManyClaims(AskError):
    """The mentor already holds ``ASK_MAX_CLAIMS`` unanswered claims."""


class InvalidAsk(AskError):
    """What was written does not fit; ``errors`` maps a form field to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(" ".join(m for messages in errors.values() for m in messages))
        self.errors = errors
