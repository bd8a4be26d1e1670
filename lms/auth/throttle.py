"""Sign-in throttling that slows guessing down without letting anyone lock the owner out.

Every attempt is counted *before* the password is checked (increment, then compare), so
racing guesses cannot slip past a limit; an attempt that is refused, or that succeeds,
is given back afterwards. What is counted depends on the browser:

- **A known device** (one holding the signed ``lms_device`` cookie that a previous
  successful sign-in to this account set) counts only against itself. Failures from
  other addresses and devices never block it, so the owner always gets in from there.
- **Any other browser** counts against its address (however many accounts it tries),
  against this account from this address, and against the account from everywhere.

Limits grow progressively: ``LOGIN_FAILURE_LIMIT`` per ``LOGIN_FAILURE_WINDOW_SECONDS``,
then three times as many per 15 windows, then ten times as many per day; refused
attempts get HTTP 429 with Retry-After and cost no Argon2 work. A successful sign-in
clears the account's count from that address or device.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.exceptions import TooManyRequests

from lms import ratelimit
from lms.auth.models import normalise_email

MESSAGE = lazy_gettext("Too many sign-in attempts. Please wait a minute and try again.")
DEVICE_COOKIE = "lms_device"
DEVICE_COOKIE_LIFETIME = timedelta(days=365)
# The account-wide limit (attempts from browsers the owner never used) is this many
# times the per-address one, over 15 windows: a distributed guesser still meets a limit.
ACCOUNT_WIDE_FACTOR = 4


@dataclass(frozen=True)
class Rule:
    key: str
    limit: int
    window: int


@dataclass
class LoginThrottle:
    email: str
    address: str | None
    device_cookie: str | None = None
    _counted: list[Rule] = field(default_factory=list)

    @property
    def account(self) -> str:
        return _account_digest(self.email)

    @property
    def device(self) -> str | None:
        """This browser's device id when its cookie is valid for this account."""
        if not self.device_cookie:
            return None
        try:
            payload = _device_serializer().loads(self.device_cookie)
        except BadSignature:
            return None
        if not isinstance(payload, dict) or payload.get("account") != self.account:
            return None
        device = payload.get("device")
        return device if isinstance(device, str) else None

    def rules(self) -> list[Rule]:
        limit, window = _settings()
        device = self.device
        if device is not None:
            return _progressive(f"login:device:{device}", limit, window)
        address = self.address or "unknown"
        return [
            Rule(f"login:address:{address}", limit, window),
            *_progressive(f"login:account-address:{self.account}:{address}", limit, window),
            Rule(f"login:account:{self.account}", limit * ACCOUNT_WIDE_FACTOR,
                 min(window * 15, ratelimit.MAX_WINDOW_SECONDS)),
        ]

    def begin(self) -> None:
        """Count this attempt; raise HTTP 429 (counting nothing) when any limit is passed."""
        self._counted = []
        refused_for = 0
        for rule in self.rules():
            usage = ratelimit.attempt(rule.key, rule.window)
            self._counted.append(rule)
            if usage.count > rule.limit:
                refused_for = max(refused_for, usage.retry_after)
        if refused_for:
            self._give_back()
            raise TooManyRequests(description=MESSAGE, retry_after=refused_for)

    def failed(self) -> None:
        """The password was wrong: the attempt stays counted."""
        self._counted = []

    def succeeded(self) -> None:
        """The password was right: this attempt does not count, nor earlier failures from here."""
        own = [rule for rule in self._counted
               if rule.key.startswith(("login:device:", "login:account-address:"))]
        for rule in own:
            ratelimit.reset(rule.key)
        self._counted = [rule for rule in self._counted if rule not in own]
        self._give_back()

    def device_cookie_for_success(self) -> str:
        """The signed cookie that makes this browser a known device of the account."""
        device = self.device or secrets.token_urlsafe(16)
        return _device_serializer().dumps({"account": self.account, "device": device})

    def _give_back(self) -> None:
        for rule in self._counted:
            ratelimit.undo(rule.key)
        self._counted = []


def remember_device(response, throttle: LoginThrottle) -> None:
    """Set the known-device cookie on the response to a successful sign-in."""
    config = current_app.config
    response.set_cookie(DEVICE_COOKIE, throttle.device_cookie_for_success(),
                        max_age=int(DEVICE_COOKIE_LIFETIME.total_seconds()), httponly=True, samesite="Lax",
                        secure=bool(config.get("SESSION_COOKIE_SECURE")))


def _progressive(key: str, limit: int, window: int) -> list[Rule]:
    """The same count over longer windows with higher limits: the wait grows with the guessing."""
    longest = ratelimit.MAX_WINDOW_SECONDS
    return [
        Rule(f"{key}:short", limit, window),
        Rule(f"{key}:medium", limit * 3, min(window * 15, longest)),
        Rule(f"{key}:long", limit * 10, min(window * 1440, longest)),
    ]


def _account_digest(email: str) -> str:
    """The account in keys and cookies: keyed, so neither shows the address."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, normalise_email(email).encode(), hashlib.sha256).hexdigest()[:32]


def _device_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="login-device")


def _settings() -> tuple[int, int]:
    config = current_app.config
    return config["LOGIN_FAILURE_LIMIT"], config["LOGIN_FAILURE_WINDOW_SECONDS"]
