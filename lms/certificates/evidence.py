"""Achieved goals a learner cites as evidence (``lms.plans``), on their certificates.

An issued certificate is a signed statement, so its credential cites only goals achieved
by the time it was issued: a goal achieved later belongs to later certificates. The
learner stays in charge of what is shown: withdrawing a citation (or reopening the goal)
takes it out of what the pages and credential downloads show from then on, and an
achieved goal's text can only change by reopening it, so a cited goal never changes its
words under an issued certificate.
"""
from __future__ import annotations

from flask_babel import gettext

from lms.certificates.badges import Evidence
from lms.certificates.models import Certificate, CertificateStatus
from lms.i18n.formatting import format_day
from lms.plans.models import Goal
from lms.plans.queries import cited_goals


def goals_cited_by(certificate: Certificate, goals: list[Goal] | None = None) -> list[Goal]:
    """The cited goals achieved by the time ``certificate`` was issued (none before that).
    ``goals``: the learner's cited goals when already loaded (a page of several certificates)."""
    if certificate.status == CertificateStatus.PENDING_APPROVAL or certificate.issued_at is None:
        return []
    if goals is None:
        return cited_goals(certificate.user_id, achieved_by=certificate.issued_at)
    return [goal for goal in goals if goal.achieved_at is not None and goal.achieved_at <= certificate.issued_at]


def evidence_items(certificate: Certificate, verify_url: str) -> list[Evidence]:
    """The credential's evidence, in the language spoken now (the certificate's, in ``credential_of``)."""
    items = []
    for goal in goals_cited_by(certificate):
        narrative = "\n\n".join(part for part in (
            gettext("Why: %(why)s", why=goal.why.strip()) if goal.why.strip() else "",
            gettext("How it was measured: %(measure)s", measure=goal.measure.strip()) if goal.measure.strip() else "")
            if part)
        items.append(Evidence(id=f"{verify_url}#evidence-{goal.id}", name=goal.title,
                              description=gettext("A goal of the learner's development plan, achieved on %(day)s.",
                                                  day=format_day(goal.achieved_at)),
                              narrative=narrative))
    return items
