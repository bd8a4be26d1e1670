"""What community services refuse with; every message is safe to show."""
from __future__ import annotations

from lms.errors import DomainError


class CommunityError(DomainError):
    """An action in a space was refused."""


class InvalidPost(CommunityError):
    """What was written does not fit; ``errors`` maps a form field to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(" ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


class StaleEdit(CommunityError):
    """The post changed since the editor opened it."""


class TooManyPosts(CommunityError):
    """The person posted more than the rate limits allow."""
