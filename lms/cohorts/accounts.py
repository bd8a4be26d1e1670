"""ADAPTER to the accounts feature (integrator: see the report).

Enrolling someone new creates their account and invites them through
``lms.auth.services.invite_user(email, name, *, invited_by, cohort_name=None) -> (User, url)``.
Until that function exists, the account is created without a password and no
invitation is sent (an admin can invite them later from the accounts pages).
"""
from __future__ import annotations

from lms.auth.models import User


def invite(email: str, name: str, *, invited_by, cohort_name: str | None) -> User:
    from lms.auth import services

    invite_user = getattr(services, "invite_user", None)
    if invite_user is None:
        return services.create_user(email, name)
    user, _url = invite_user(email, name, invited_by=invited_by, cohort_name=cohort_name)
    return user
