"""The admins' home: what needs attention across the organisation, read from the modules that
compute each figure (``lms.health`` for waits, matching and stuck learners), so the numbers are
the ones ``/health`` shows; plus draft cohorts about to start and the latest certificates."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.certificates.models import Certificate, CertificateStatus
from lms.cohorts.models import Cohort, CohortStatus
from lms.extensions import db
from lms.health.figures import CohortHealth, Health, Settings, program_health
from lms.health.loading import organisation_cohorts

RECENT_CERTIFICATES = 5
DRAFTS_WITHIN_DAYS = 14


@dataclass(frozen=True)
class Attention:
    """One cohort that needs an admin, with the reasons in words."""

    cohort: Cohort
    reasons: list[str]
    weight: int   # how many things are wrong: the list is sorted by it


@dataclass
class Overview:
    health: Health
    attention: list[Attention] = field(default_factory=list)
    drafts: list[Cohort] = field(default_factory=list)   # drafts starting soon (or late)
    certificates: list[Certificate] = field(default_factory=list)

    @property
    def reviews_waiting(self) -> int:
        return self.health.total.review_waits.open

    @property
    def reviews_past_target(self) -> int:
        return len(self.health.total.reviews_past_target)

    @property
    def asks_waiting(self) -> int:
        return self.health.total.ask_waits.open

    @property
    def stuck(self) -> int:
        return len(self.health.total.stuck)


def _reasons(health: CohortHealth) -> list[str]:
    reasons = []
    if health.stuck:
        reasons.append(ngettext("%(num)d learner stuck", "%(num)d learners stuck", len(health.stuck)))
    if health.reviews_past_target:
        reasons.append(ngettext("%(num)d review past its target", "%(num)d reviews past their target",
                                len(health.reviews_past_target)))
    if health.asks_past_target:
        reasons.append(ngettext("%(num)d ask past its target", "%(num)d asks past their target",
                                len(health.asks_past_target)))
    unmatched = health.learners - health.matched
    if unmatched:
        reasons.append(ngettext("%(num)d learner without a mentor", "%(num)d learners without a mentor", unmatched))
    return reasons


def _attention(health: Health) -> list[Attention]:
    found = []
    for item in health.cohorts:
        if item.cohort.status is CohortStatus.FINISHED:
            continue
        reasons = _reasons(item)
        if reasons:
            weight = (len(item.stuck) + len(item.reviews_past_target) + len(item.asks_past_target)
                      + item.learners - item.matched)
            found.append(Attention(item.cohort, reasons, weight))
    return sorted(found, key=lambda a: (-a.weight, a.cohort.starts_on, a.cohort.id))


def _drafts(today: date) -> list[Cohort]:
    return list(db.session.scalars(select(Cohort).where(
        Cohort.status == CohortStatus.DRAFT, Cohort.starts_on <= today + timedelta(days=DRAFTS_WITHIN_DAYS))
        .order_by(Cohort.starts_on, Cohort.id)))


def _certificates() -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).options(joinedload(Certificate.user))
                                   .where(Certificate.status == CertificateStatus.ISSUED)
                                   .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
                                   .limit(RECENT_CERTIFICATES)))


def admin_overview(now: datetime, settings: Settings) -> Overview:
    health = program_health(organisation_cohorts(), now, settings)
    return Overview(health, _attention(health), _drafts(now.date()), _certificates())
