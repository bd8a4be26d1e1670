"""Open Badges 3.0: the issuer profile and the ``OpenBadgeCredential`` of a certificate.

Pure: plain data in, JSON-ready dicts out. The shapes follow the 1EdTech
AchievementCredential JSON Schema (``type`` values are arrays, alignments need a
``targetUrl``, the recipient is a salted SHA-256 of their email). The words a person
reads (names, descriptions, criteria) are in the language spoken when it is built:
``publishing.credential_of`` builds it inside ``speaking_to`` the certificate's language.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import quote

from flask_babel import gettext, lazy_gettext

from lms.certificates import status_list

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


@dataclass(frozen=True)
class Evidence:
    """An achieved goal the learner cites (``evidence`` of the credential)."""

    id: str           # a URL on the verification page
    name: str
    description: str
    narrative: str = ""


@dataclass(frozen=True)
class BadgeInput:
    base_url: str
    organisation_name: str
    credential_id: str
    learner_name: str
    identity_hash: str  # from ``identity_hash(email, salt)``
    identity_salt: str
    track_slug: str
    track_title: str
    track_version: int
    certificate_title: str
    statement: str
    criteria: str
    issued_at: datetime
    skills: list[str] = field(default_factory=list)
    # The certificate's bit in the revocation list; None leaves ``credentialStatus`` out.
    status_list_index: int | None = None
    evidence: list[Evidence] = field(default_factory=list)
    # The language of its words (lms.i18n.languages.LANGUAGES), as the achievement's inLanguage.
    language: str | None = None


def issuer_id(base_url: str) -> str:
    return base_url.rstrip("/") + "/issuer"


def key_url(base_url: str, kid: str) -> str:
    return f"{base_url.rstrip('/')}/issuer/keys/{kid}.json"


def skill_url(base_url: str, skill: str) -> str:
    return f"{base_url.rstrip('/')}/issuer/skills/{quote(skill, safe='')}"


def achievement_id(base_url: str, track_slug: str) -> str:
    return f"{base_url.rstrip('/')}/issuer/achievements/{quote(track_slug, safe='')}"


def iso_z(moment: datetime) -> str:
    """``2025-05-29T10:00:00Z``: UTC, second precision, as credentials expect."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def identity_hash(email: str, salt: str) -> str:
    """``sha256$<hex>`` of the email followed by the salt (Open Badges IdentityHash)."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()


# What a completion rule asks, one whole sentence per combination (lessons: every one, some
# named ones or none; every assignment approved or not; every quiz passed or not).
_RULES = {
    ("all", True, True): lazy_gettext("The learner completed every lesson of the track, had every assignment "
                                      "approved by a mentor against its rubric, and passed every quiz."),
    ("all", True, False): lazy_gettext("The learner completed every lesson of the track and had every assignment "
                                       "approved by a mentor against its rubric."),
    ("all", False, True): lazy_gettext("The learner completed every lesson of the track and passed every quiz."),
    ("all", False, False): lazy_gettext("The learner completed every lesson of the track."),
    ("some", True, True): lazy_gettext("The learner completed the required lessons (%(lessons)s), had every "
                                       "assignment approved by a mentor against its rubric, and passed every quiz."),
    ("some", True, False): lazy_gettext("The learner completed the required lessons (%(lessons)s) and had every "
                                        "assignment approved by a mentor against its rubric."),
    ("some", False, True): lazy_gettext("The learner completed the required lessons (%(lessons)s) and passed "
                                        "every quiz."),
    ("some", False, False): lazy_gettext("The learner completed the required lessons (%(lessons)s)."),
    ("none", True, True): lazy_gettext("The learner had every assignment approved by a mentor against its rubric "
                                       "and passed every quiz."),
    ("none", True, False): lazy_gettext("The learner had every assignment approved by a mentor against its rubric."),
    ("none", False, True): lazy_gettext("The learner passed every quiz."),
    ("none", False, False): lazy_gettext("The learner took part in a mentored cohort of the track."),
}


def describe_rule(rule: dict | None) -> str:
    """A completion rule (track front matter ``completion:``) in plain words."""
    rule = rule or {"lessons": "all", "assignments": "all", "quizzes": "all"}
    lessons = rule.get("lessons", "all")
    kind = "all" if lessons == "all" else "some" if isinstance(lessons, list) and lessons else "none"
    sentence = _RULES[(kind, rule.get("assignments", "all") == "all", rule.get("quizzes", "all") == "all")]
    return str(sentence) % {"lessons": ", ".join(str(s) for s in lessons) if kind == "some" else ""}


def issuer_profile(base_url: str, name: str, verification_methods: list[dict] | None = None) -> dict:
    """The issuer's public profile, listing the keys its credentials are signed with."""
    profile = {
        "@context": CONTEXT,
        "id": issuer_id(base_url),
        "type": ["Profile"],
        "name": name,
        "url": base_url.rstrip("/") + "/",
    }
    if verification_methods:
        profile["verificationMethod"] = verification_methods
    return profile


def achievement(data: BadgeInput) -> dict:
    result = {
        "id": achievement_id(data.base_url, data.track_slug),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": data.track_title,
        "description": data.statement or gettext("Completion of the %(track)s skill track.", track=data.track_title),
        "criteria": {"narrative": data.criteria or describe_rule(None)},
        "alignment": [
            {"type": ["Alignment"], "targetName": skill, "targetUrl": skill_url(data.base_url, skill),
             "targetType": "ceasn:Competency"}
            for skill in data.skills
        ],
        "tag": list(data.skills),
        "version": str(data.track_version),
        "creator": {"id": issuer_id(data.base_url), "type": ["Profile"], "name": data.organisation_name},
    }
    if data.language:
        result["inLanguage"] = data.language.replace("_", "-")
    return result


def evidence_entry(item: Evidence) -> dict:
    entry = {"id": item.id, "type": ["Evidence"], "name": item.name, "description": item.description}
    if item.narrative:
        entry["narrative"] = item.narrative
    return entry


def build_credential(data: BadgeInput) -> dict:
    """The ``OpenBadgeCredential`` (JSON-LD, without an embedded proof; see ``signing``),
    with a ``credentialStatus`` naming its bit in the revocation list when it has one."""
    credential = {
        "@context": CONTEXT,
        "id": data.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": gettext("%(title)s: %(track)s", title=data.certificate_title, track=data.track_title),
        "description": gettext("%(learner)s completed the %(track)s skill track with %(organisation)s.",
                               learner=data.learner_name, track=data.track_title,
                               organisation=data.organisation_name),
        "issuer": {
            "id": issuer_id(data.base_url),
            "type": ["Profile"],
            "name": data.organisation_name,
            "url": data.base_url.rstrip("/") + "/",
        },
        "validFrom": iso_z(data.issued_at),
        "awardedDate": iso_z(data.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": data.learner_name,
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": data.identity_hash,
                "identityType": "emailAddress",
                "hashed": True,
                "salt": data.identity_salt,
            }],
            "achievement": achievement(data),
        },
    }
    if data.evidence:
        credential["evidence"] = [evidence_entry(item) for item in data.evidence]
    if data.status_list_index is not None:
        credential["credentialStatus"] = status_list.status_entry(data.base_url, data.status_list_index)
    return credential


def status_list_credential(base_url: str, organisation_name: str, number: int, revoked_positions: Iterable[int],
                           valid_from: datetime) -> dict:
    """The ``BitstringStatusListCredential`` of revocation list ``number`` (unsigned; see ``signing``)."""
    url = status_list.list_url(base_url, number)
    return {
        "@context": CONTEXT[:1],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": issuer_id(base_url), "name": organisation_name},
        "validFrom": iso_z(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.PURPOSE,
            "encodedList": status_list.encode(revoked_positions),
        },
    }
