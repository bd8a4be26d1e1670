"""Certificates of completion and the per-cohort certificate settings.

A certificate copies everything it states (the learner's name, the track, the cohort,
mentors, skills, score) at the moment it is created, so renaming a track or a learner
later never changes a certificate already handed out. Once issued it is frozen: only
revocation and the stored PDF (re-rendered after a template change) may change.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, event, inspect, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms import states
from lms.auth.models import User
from lms.cohorts.models import Cohort
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.errors import DomainError
from lms.extensions import db
from lms.tracks.models import Track


class CertificateStatus(enum.StrEnum):
    PENDING_APPROVAL = "pending_approval"  # complete, waiting for an admin (cohort setting)
    ISSUED = "issued"
    REVOKED = "revoked"


class FrozenCertificate(DomainError):
    """An issued certificate's content cannot change; revoke it and issue a new one."""


# Views catch it under this name with the other certificate errors.
InvalidTransition = states.InvalidTransition

# Revocation is final; a certificate is created pending approval or issued.
STATUS = states.StateMachine(
    noun="certificate", plural="certificates",
    transitions={
        None: {CertificateStatus.PENDING_APPROVAL, CertificateStatus.ISSUED},
        CertificateStatus.PENDING_APPROVAL: {CertificateStatus.ISSUED, CertificateStatus.REVOKED},
        CertificateStatus.ISSUED: {CertificateStatus.REVOKED},
        CertificateStatus.REVOKED: set(),
    },
    stamps={CertificateStatus.ISSUED: "issued_at", CertificateStatus.REVOKED: "revoked_at"})



class Certificate(db.Model):
    __tablename__ = "certificate"
    __table_args__ = (
        # Exactly one valid (pending or issued) certificate per learner per cohort, whatever
        # races between requests, events and retried jobs; revoked ones stay as history.
        Index("uq_certificate_valid_per_learner", "user_id", "cohort_id", unique=True,
              postgresql_where=text("revoked_at IS NULL"), sqlite_where=text("revoked_at IS NULL")),
        Index("ix_certificate_cohort_status", "cohort_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    track_id: Mapped[int | None] = mapped_column(ForeignKey("track.id", ondelete="SET NULL"), index=True)
    status: Mapped[CertificateStatus] = mapped_column(enum_column_type(CertificateStatus))
    # The code is printed on the certificate; lookups go through its hash only.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)

    # What the certificate states, as it was when it was created.
    learner_name: Mapped[str] = mapped_column(String(120))
    track_slug: Mapped[str] = mapped_column(String(120))
    track_title: Mapped[str] = mapped_column(String(200))
    track_version: Mapped[int] = mapped_column(Integer)
    cohort_name: Mapped[str] = mapped_column(String(200))
    cohort_starts_on: Mapped[date] = mapped_column(Date)
    cohort_ends_on: Mapped[date] = mapped_column(Date)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mentor_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    score_points: Mapped[int | None] = mapped_column(Integer)
    score_max: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(Text, default="")
    criteria: Mapped[str] = mapped_column(Text, default="")
    # The language of its PDF and badge text (lms.i18n.LANGUAGES), fixed when it is issued.
    language: Mapped[str | None] = mapped_column(String(16))
    # The recipient in the Open Badges credential: a salted hash of the email at issue time.
    identity_salt: Mapped[str] = mapped_column(String(32))
    identity_hash: Mapped[str] = mapped_column(String(80))
    # Its bit in the published revocation list (lms.certificates.status_list): assigned
    # once when the certificate is created, never reused.
    status_list_index: Mapped[int] = mapped_column(Integer, unique=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    revocation_reason: Mapped[str | None] = mapped_column(Text)

    # The rendered PDF in lms.storage; None until the render job has run.
    pdf_key: Mapped[str | None] = mapped_column(String(64))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_rendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    cohort: Mapped[Cohort] = relationship()
    track: Mapped[Track | None] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.ISSUED

    @property
    def score_percent(self) -> int | None:
        if not self.score_max:
            return None
        return round(100 * (self.score_points or 0) / self.score_max)

    def __repr__(self) -> str:
        return f"<Certificate {self.id} {self.status.value} user={self.user_id} cohort={self.cohort_id}>"


# What may still change once a certificate is issued.
MUTABLE_AFTER_ISSUE = frozenset({
    "status", "revoked_at", "revoked_by_id", "revocation_reason",
    "pdf_key", "pdf_sha256", "pdf_rendered_at",
})


@event.listens_for(Certificate, "before_update")
def _refuse_changes_to_issued(mapper, connection, target: Certificate) -> None:
    state = inspect(target)
    status_history = state.attrs.status.history
    previous = status_history.deleted[0] if status_history.deleted else target.status
    if previous == CertificateStatus.PENDING_APPROVAL:
        return
    changed = {attr.key for attr in state.attrs
               if attr.key in mapper.column_attrs and attr.history.has_changes()}
    frozen = sorted(changed - MUTABLE_AFTER_ISSUE)
    if frozen:
        raise FrozenCertificate(f"Certificate {target.id} is {previous.value}; "
                                f"{', '.join(frozen)} cannot change.")


class CohortCertificateSettings(db.Model):
    """How a cohort hands out certificates (a row only where it differs from the defaults)."""

    __tablename__ = "cohort_certificate_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), unique=True)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    # Certificates in this language for everyone; None: each learner's own language.
    language: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
