"""Every status change, allowed and refused, goes through ``transition``."""
from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.submissions.models import SubmissionStatus as S
from lms.submissions.states import ALLOWED, InvalidTransition, transition
from tests.factories.submissions import hand_in

REVIEWER_MOVES = [pair for pair, (who, _) in ALLOWED.items() if who != "learner"]
ALL_PAIRS = list(itertools.product(S, S))


@pytest.fixture
def submission(world):
    return hand_in(world.enrollment, world.lesson).submission


def _actor(world, who):
    return {"learner": world.learner, "reviewer": world.mentor, "reviewer or system": world.mentor}[who]


@pytest.mark.parametrize("from_state,to_state", list(ALLOWED))
def test_allowed_transition_changes_status_and_is_audited(world, submission, from_state, to_state):
    submission.status = from_state
    if from_state == S.IN_REVIEW:
        submission.claimed_by_id, submission.claimed_at = world.mentor.id, submission.created_at
    who, action = ALLOWED[(from_state, to_state)]
    transition(submission, to_state, _actor(world, who))
    db.session.flush()
    assert submission.status == to_state
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).one()
    assert event.data["from"] == from_state.value and event.data["to"] == to_state.value


@pytest.mark.parametrize("from_state,to_state", [p for p in ALL_PAIRS if p not in ALLOWED])
def test_transition_not_in_the_table_is_refused(world, submission, from_state, to_state):
    submission.status = from_state
    for actor in (world.learner, world.mentor, None):
        with pytest.raises(InvalidTransition):
            transition(submission, to_state, actor)
        assert submission.status == from_state


@pytest.mark.parametrize("from_state,to_state", REVIEWER_MOVES)
def test_learner_cannot_make_reviewer_moves_on_own_work(world, submission, from_state, to_state):
    submission.status = from_state
    with pytest.raises(InvalidTransition):
        transition(submission, to_state, world.learner)


def test_mentor_cannot_resubmit_for_the_learner(world, submission):
    submission.status = S.CHANGES_REQUESTED
    with pytest.raises(InvalidTransition):
        transition(submission, S.SUBMITTED, world.mentor)


def test_only_release_can_happen_without_an_actor(world, submission):
    for from_state, to_state in ALLOWED:
        submission.status = from_state
        if (from_state, to_state) == (S.IN_REVIEW, S.SUBMITTED):
            transition(submission, to_state, None)
        else:
            with pytest.raises(InvalidTransition):
                transition(submission, to_state, None)


def test_claim_sets_and_release_clears_the_claimant(world, submission):
    transition(submission, S.IN_REVIEW, world.mentor)
    assert submission.claimed_by_id == world.mentor.id and submission.claimed_at is not None
    transition(submission, S.SUBMITTED, world.mentor)
    assert submission.claimed_by_id is None and submission.claimed_at is None


def test_final_states_have_no_way_out():
    assert not [pair for pair in ALLOWED if pair[0] in (S.APPROVED, S.NOT_PASSED)]
