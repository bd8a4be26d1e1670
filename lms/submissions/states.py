"""The submission state machine: ``transition`` is the only way a status changes.

    submitted ──claim──▶ in_review ──release / claim expired──▶ submitted
    submitted | in_review ──review──▶ changes_requested | approved | not_passed
    changes_requested ──new attempt (the learner)──▶ submitted

approved and not_passed are final. Whether a decision is allowed for this attempt
(points, attempts left) is the review service's business; this module only knows
which moves exist and who makes them: the learner who owns the work, a reviewer
(anyone else, permission checked by the caller), or the system (``actor=None``).
"""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext

from lms import states
from lms.audit.services import record
from lms.database import utcnow
from lms.states import InvalidTransition
from lms.submissions.models import Submission, SubmissionStatus as S

LEARNER, REVIEWER, REVIEWER_OR_SYSTEM = "learner", "reviewer", "reviewer or system"

# (from, to) -> who may make the move, and the audit action it records.
ALLOWED: dict[tuple[S, S], tuple[str, str]] = {
    (S.SUBMITTED, S.IN_REVIEW): (REVIEWER, "claimed"),
    (S.IN_REVIEW, S.SUBMITTED): (REVIEWER_OR_SYSTEM, "released"),
    (S.SUBMITTED, S.CHANGES_REQUESTED): (REVIEWER, "changes_requested"),
    (S.IN_REVIEW, S.CHANGES_REQUESTED): (REVIEWER, "changes_requested"),
    (S.SUBMITTED, S.APPROVED): (REVIEWER, "approved"),
    (S.IN_REVIEW, S.APPROVED): (REVIEWER, "approved"),
    (S.SUBMITTED, S.NOT_PASSED): (REVIEWER, "not_passed"),
    (S.IN_REVIEW, S.NOT_PASSED): (REVIEWER, "not_passed"),
    (S.CHANGES_REQUESTED, S.SUBMITTED): (LEARNER, "resubmitted"),
}


_LABELS = {
    S.SUBMITTED: "waiting for review",
    S.IN_REVIEW: "in review",
    S.CHANGES_REQUESTED: "changes requested",
    S.APPROVED: "approved",
    S.NOT_PASSED: "not passed",
}

# The same words in the reader's language (lms.states builds its English messages from _LABELS;
# a notification composed inside speaking_to reads these in its recipient's language).
_TRANSLATED_LABELS = {
    S.SUBMITTED: lazy_gettext("waiting for review"),
    S.IN_REVIEW: lazy_gettext("in review"),
    S.CHANGES_REQUESTED: lazy_gettext("changes requested"),
    S.APPROVED: lazy_gettext("approved"),
    S.NOT_PASSED: lazy_gettext("not passed"),
}

# The moves as data for ``lms.states``: ALLOWED's pairs, and new work starts submitted.
MACHINE = states.StateMachine(
    noun="work", plural="pieces of work", labels=_LABELS,
    transitions={None: {S.SUBMITTED}, **{state: {to for (source, to) in ALLOWED if source == state} for state in S}},
    stamps={S.CHANGES_REQUESTED: "decided_at", S.APPROVED: "decided_at", S.NOT_PASSED: "decided_at"})


def label(status: S) -> str:
    """The status in words, in the reader's language (``changes requested``)."""
    return str(_TRANSLATED_LABELS[status])


def _actor_may(who: str, submission: Submission, actor) -> bool:
    if actor is None:
        return who == REVIEWER_OR_SYSTEM
    is_owner = actor.id == submission.user_id
    if who == LEARNER:
        return is_owner
    return not is_owner  # nobody reviews their own work


def _not_yours(who: str, to_state: S) -> str:
    if who == LEARNER:
        return gettext("Only the learner can make this work %(state)s.", state=label(to_state))
    if who == REVIEWER:
        return gettext("Only the reviewer can make this work %(state)s.", state=label(to_state))
    return gettext("Only the reviewer or system can make this work %(state)s.", state=label(to_state))


def transition(submission: Submission, to_state: S, actor, **data) -> None:
    """Move ``submission`` to ``to_state`` or raise ``InvalidTransition``; audit the move.

    Claim fields follow the state: set when claimed, cleared otherwise;
    ``waiting_since`` is set while the work waits for a decision.
    """
    from_state = submission.status
    MACHINE.check(from_state, to_state)
    who, action = ALLOWED[(from_state, to_state)]
    if not _actor_may(who, submission, actor):
        raise InvalidTransition(_not_yours(who, to_state))
    now = utcnow()
    states.transition(submission, to_state, machine=MACHINE, now=now)
    if to_state == S.IN_REVIEW:
        submission.claimed_by_id, submission.claimed_at = actor.id, now
    else:
        submission.claimed_by_id = submission.claimed_at = None
    if to_state in (S.APPROVED, S.NOT_PASSED, S.CHANGES_REQUESTED):
        submission.waiting_since = None
    elif to_state == S.SUBMITTED and from_state == S.CHANGES_REQUESTED:
        submission.waiting_since = now
    record(actor, data.pop("action", action), submission,
           **{"from": from_state.value, "to": to_state.value, **data})
