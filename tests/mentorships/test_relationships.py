"""Starting and ending relationships: capacity (own and per cohort), roles, away, excluded pairs,
and the primary mentor kept in step with ``Enrollment.mentor_id`` and its history."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from lms.cohorts import enrolment, mentor_load, mentoring, services
from lms.cohorts.models import (
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    MatchExclusion,
    MentorAssignment,
    Mentorship,
    MentorshipRole,
    MentorshipStatus,
)
from lms.cohorts.relationships import (
    MentoringError,
    MentorUnavailable,
    NoFreePlace,
    active_mentorships,
    active_primary,
    end_mentorship,
    start_mentorship,
)
from lms.extensions import db
from lms.profiles.models import Profile
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol
from tests.mentorships.conftest import learner_in, set_capacity

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def _active(user_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Profile, user_id).active_mentees


def test_starting_takes_a_place_and_ending_gives_it_back(world):
    ana = world.mentors[0]
    mentorship = start_mentorship(world.enrollment, ana.id, MentorshipRole.PRIMARY, origin="test", now=NOW)
    db.session.commit()
    assert _active(ana.id) == 1
    assert world.enrollment.mentor_id == ana.id
    assert mentorship.checkin_due_at == NOW + timedelta(days=30)
    end_mentorship(mentorship, reason="moved on", now=NOW + timedelta(days=40))
    db.session.commit()
    assert _active(ana.id) == 0
    assert mentorship.status == MentorshipStatus.ENDED and mentorship.ended_at == NOW + timedelta(days=40)
    assert world.enrollment.mentor_id is None


def test_a_full_mentor_is_refused_with_a_clear_message(world):
    ana = world.mentors[0]
    set_capacity(ana, 1, active=1)
    with pytest.raises(NoFreePlace, match="Ana Mentor has no free place"):
        start_mentorship(world.enrollment, ana.id, MentorshipRole.PRIMARY)
    db.session.rollback()
    assert active_mentorships(world.enrollment.id) == []


def test_the_cohort_maximum_for_a_mentor_also_holds(world):
    ana = world.mentors[0]
    db.session.get(type(world.enrollment), _mentor_enrollment_id(world, ana)).max_mentees = 1
    db.session.commit()
    _, other = learner_in(world.cohort)
    start_mentorship(other, ana.id, MentorshipRole.SKILL, skill="css")
    db.session.commit()
    with pytest.raises(NoFreePlace, match="already has 1 of 1 mentees"):
        start_mentorship(world.enrollment, ana.id, MentorshipRole.PRIMARY)
    db.session.rollback()
    assert _active(ana.id) == 1  # the refused start left the counter as it was


def _mentor_enrollment_id(world, mentor) -> int:
    return next(e.id for e in world.cohort.enrollments if e.user_id == mentor.id and e.role == EnrollmentRole.MENTOR)


def test_peer_mentors_do_not_count_against_capacity(world):
    peer, _ = learner_in(world.cohort, "Pia Peer")
    set_capacity(peer, 0)
    start_mentorship(world.enrollment, peer.id, MentorshipRole.PEER)
    db.session.commit()
    assert _active(peer.id) == 0
    assert mentor_load.loads([peer.id], world.cohort.id)[peer.id].in_cohort == 0


def test_several_mentors_with_roles_but_one_primary_and_one_relationship_per_pair(world):
    ana, ben, cleo = world.mentors
    start_mentorship(world.enrollment, ana.id, MentorshipRole.PRIMARY)
    start_mentorship(world.enrollment, ben.id, MentorshipRole.SKILL, skill="css")
    with pytest.raises(MentoringError, match="already has a primary"):
        start_mentorship(world.enrollment, cleo.id, MentorshipRole.PRIMARY)
    with pytest.raises(MentoringError, match="already mentors"):
        start_mentorship(world.enrollment, ben.id, MentorshipRole.SKILL, skill="html")
    db.session.commit()
    assert [(m.mentor_id, m.role) for m in active_mentorships(world.enrollment.id)] == [
        (ana.id, MentorshipRole.PRIMARY), (ben.id, MentorshipRole.SKILL)]


def test_an_away_mentor_gets_no_new_relationship_until_the_day_after(world):
    ana = world.mentors[0]
    set_capacity(ana, None, away_until=date(2026, 3, 5))
    with pytest.raises(MentorUnavailable, match="away"):
        start_mentorship(world.enrollment, ana.id, now=datetime(2026, 3, 5, 23, 0, tzinfo=timezone.utc))
    db.session.rollback()
    start_mentorship(world.enrollment, ana.id, now=datetime(2026, 3, 6, 0, 5, tzinfo=timezone.utc))


def test_an_excluded_pair_can_never_start(world, admin):
    ana = world.mentors[0]
    db.session.add(MatchExclusion(learner_id=world.learner.id, mentor_id=ana.id, reason="client"))
    db.session.commit()
    for role in MentorshipRole:
        with pytest.raises(MentorUnavailable, match="excluded"):
            start_mentorship(world.enrollment, ana.id, role, skill="css")
    with pytest.raises(MentorUnavailable):
        mentoring.assign_mentor(world.enrollment, ana.id, actor=admin)


def test_assign_mentor_ends_the_old_primary_starts_the_new_and_keeps_history(world, admin):
    ana, ben, _ = world.mentors
    mentoring.assign_mentor(world.enrollment, ana.id, actor=admin, reason="first")
    mentoring.assign_mentor(world.enrollment, ben.id, actor=admin, reason="reassigned")
    db.session.commit()
    rows = db.session.scalars(db.select(Mentorship).where(Mentorship.enrollment_id == world.enrollment.id)
                              .order_by(Mentorship.id)).all()
    assert [(m.mentor_id, m.status) for m in rows] == [(ana.id, MentorshipStatus.ENDED),
                                                       (ben.id, MentorshipStatus.ACTIVE)]
    history = db.session.scalars(db.select(MentorAssignment.mentor_id).where(
        MentorAssignment.enrollment_id == world.enrollment.id).order_by(MentorAssignment.id)).all()
    assert history == [ana.id, ben.id]
    assert world.enrollment.mentor_id == ben.id
    assert (_active(ana.id), _active(ben.id)) == (0, 1)
    mentoring.assign_mentor(world.enrollment, None, actor=admin)
    db.session.commit()
    assert world.enrollment.mentor_id is None and active_mentorships(world.enrollment.id) == []
    assert _active(ben.id) == 0


def test_a_refused_reassignment_keeps_the_old_primary(world, admin):
    ana, ben, _ = world.mentors
    mentoring.assign_mentor(world.enrollment, ana.id, actor=admin)
    db.session.commit()
    set_capacity(ben, 0)
    with pytest.raises(NoFreePlace):
        mentoring.assign_mentor(world.enrollment, ben.id, actor=admin)
    db.session.commit()
    db.session.expire_all()
    assert [m.mentor_id for m in active_mentorships(world.enrollment.id)] == [ana.id]
    assert db.session.get(type(world.enrollment), world.enrollment.id).mentor_id == ana.id


def test_only_active_mentors_of_the_cohort_can_mentor(world):
    outsider, _ = learner_in(world.cohort, "Not A Mentor")
    with pytest.raises(MentorUnavailable, match="not a mentor of this cohort"):
        start_mentorship(world.enrollment, outsider.id, MentorshipRole.PRIMARY)
    with pytest.raises(MentorUnavailable):
        start_mentorship(world.enrollment, world.learner.id, MentorshipRole.PEER)


def test_the_load_module_reports_own_and_cohort_figures(world):
    ana = world.mentors[0]
    set_capacity(ana, 3)
    enrol_other = learner_in(world.cohort)[1]
    start_mentorship(world.enrollment, ana.id, MentorshipRole.PRIMARY)
    start_mentorship(enrol_other, ana.id, MentorshipRole.SKILL, skill="css")
    db.session.commit()
    load = mentor_load.loads([ana.id], world.cohort.id)[ana.id]
    assert (load.active, load.maximum, load.in_cohort, load.free, load.has_room) == (2, 3, 2, 1, True)
    assert mentoring.mentee_counts(world.cohort.id) == {ana.id: 2}  # what the cohort's maximum counts


def test_the_enrol_factory_keeps_mentor_id_and_the_relationship_in_step(world):
    ana = world.mentors[0]
    other = enrol(world.cohort, make_user(name="Factory Learner"), mentor=ana)
    primary = active_primary(other.id)
    assert primary is not None and primary.mentor_id == other.mentor_id == ana.id
    assert _active(ana.id) == 1


def test_a_learner_who_leaves_ends_their_relationships_and_frees_the_places(world, admin):
    ana, ben, _ = world.mentors
    start_mentorship(world.enrollment, ana.id)
    start_mentorship(world.enrollment, ben.id, MentorshipRole.SKILL, skill="css")
    db.session.commit()
    enrolment.withdraw(world.enrollment, admin)
    db.session.commit()
    assert active_mentorships(world.enrollment.id) == []
    assert (_active(ana.id), _active(ben.id)) == (0, 0)
    assert world.enrollment.mentor_id is None


def test_a_withdrawn_mentor_and_a_finished_cohort_end_the_relationships(world, admin):
    ana, ben, _ = world.mentors
    _, other = learner_in(world.cohort)
    start_mentorship(world.enrollment, ana.id)
    start_mentorship(other, ben.id)
    db.session.commit()
    ana_enrollment = db.session.scalar(db.select(Enrollment).where(
        Enrollment.cohort_id == world.cohort.id, Enrollment.user_id == ana.id))
    enrolment.withdraw(ana_enrollment, admin)
    db.session.commit()
    assert active_mentorships(world.enrollment.id) == [] and _active(ana.id) == 0
    services.change_status(world.cohort, CohortStatus.FINISHED, admin)
    db.session.commit()
    assert active_mentorships(other.id) == [] and _active(ben.id) == 0
