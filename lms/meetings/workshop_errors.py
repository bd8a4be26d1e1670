"""What the workshop services refuse with; every message is safe to show."""
from __future__ import annotations

from lms.errors import DomainError


class WorkshopError(DomainError):
    """An action on a workshop or a seat was refused."""


class InvalidWorkshop(WorkshopError):
    """What was written does not fit; ``errors`` maps a form field to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(" ".join(m for messages in errors.values() for m in messages))
        self.errors = errors
