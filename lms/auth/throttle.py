"""Sign-in throttling: failures are counted per account and per client address.

Past ``LOGIN_FAILURE_LIMIT`` failures in ``LOGIN_FAILURE_WINDOW_SECONDS`` the next
attempt is refused with HTTP 429 before the password is checked, so guessing costs the
attacker time and costs us no Argon2 work. A successful sign-in clears the account's
count (not the address's: one address may be guessing many accounts).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from lms import ratelimit
from lms.auth.models import normalise_email

MESSAGE = "Too many sign-in attempts. Please wait a minute and try again."


@dataclass(frozen=True)
class LoginThrottle:
    email: str
    address: str | None

    @property
    def account_key(self) -> str:
        return f"login:account:{normalise_email(self.email)}"

    @property
    def address_key(self) -> str:
        return f"login:address:{self.address or 'unknown'}"

    def check(self) -> None:
        """Raise HTTP 429 when the account or the address used up its failures."""
        limit, window = _settings()
        for key in (self.account_key, self.address_key):
            ratelimit.check(key, limit, window, MESSAGE)

    def failed(self) -> None:
        _, window = _settings()
        ratelimit.hit(self.account_key, window)
        ratelimit.hit(self.address_key, window)

    def succeeded(self) -> None:
        ratelimit.reset(self.account_key)


def _settings() -> tuple[int, int]:
    config = current_app.config
    return config["LOGIN_FAILURE_LIMIT"], config["LOGIN_FAILURE_WINDOW_SECONDS"]
