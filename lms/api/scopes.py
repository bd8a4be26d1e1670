"""What a token may touch: read or write, per area of the product.

A scope narrows what the token's person may do; it never widens it (the rules in
``lms.permissions`` still decide each object). ``area:write`` includes ``area:read``.
"""
from __future__ import annotations

AREAS: dict[str, str] = {
    "tracks": "Skill tracks and their lessons",
    "cohorts": "Cohorts (admins create and change them)",
    "enrolments": "Who is in which cohort",
    "progress": "Progress per enrolment",
    "submissions": "Hand-ins and their files",
    "reviews": "Mentors' reviews of hand-ins",
    "mentoring": "Mentoring relationships",
    "goals": "Development-plan goals",
    "asks": "Asks to mentors and their threads",
    "sessions": "One-to-one sessions and workshops",
    "certificates": "Certificates and completion records",
    "users": "People's accounts (admins)",
}
SCOPES: tuple[str, ...] = tuple(f"{area}:{level}" for area in AREAS for level in ("read", "write"))


def grants(scope_set: frozenset[str], area: str, *, write: bool = False) -> bool:
    if area not in AREAS:
        raise ValueError(f"unknown API area {area!r}")
    return f"{area}:write" in scope_set or (not write and f"{area}:read" in scope_set)


def needed(area: str, write: bool) -> str:
    return f"{area}:{'write' if write else 'read'}"


def describe() -> dict[str, str]:
    """Each scope and what it covers: for the OpenAPI document and the token form."""
    return {scope: f"{AREAS[scope.split(':')[0]]} ({'change' if scope.endswith('write') else 'read'})"
            for scope in SCOPES}
