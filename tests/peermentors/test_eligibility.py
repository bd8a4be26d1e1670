"""Who may be a peer mentor where: graduates of an earlier cohort of the same track only."""
from __future__ import annotations

from datetime import timedelta

from lms.cohorts.models import CohortStatus, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.peermentors import eligibility
from tests.factories.auth import make_user
from tests.factories.peermentors import make_graduate
from tests.factories.submissions import enroll, make_cohort


def _eligible_ids(cohort) -> set[int]:
    return {g.user.id for g in eligibility.graduates_for(cohort)}


def test_a_graduate_of_an_earlier_cohort_may_peer_mentor_a_later_one(world):
    graduate = eligibility.graduate_in(world.cohort, world.graduate.id)
    assert graduate is not None and graduate.enrollment.cohort_id == world.earlier.id
    assert graduate.completed_on == world.earlier.ends_on  # no lesson done: the cohort's end


def test_someone_who_did_not_complete_is_not_eligible(world):
    active, _ = make_graduate(world.cohort, name="Ann Active", status=EnrollmentStatus.ACTIVE)
    withdrawn, _ = make_graduate(world.cohort, name="Wes Withdrawn", status=EnrollmentStatus.WITHDRAWN)
    assert _eligible_ids(world.cohort) == {world.graduate.id}
    assert eligibility.graduate_in(world.cohort, active.id) is None
    assert eligibility.graduate_in(world.cohort, withdrawn.id) is None


def test_the_same_or_an_earlier_cohort_is_not_eligible(world):
    assert eligibility.graduate_in(world.earlier, world.graduate.id) is None  # the cohort they completed
    before = make_cohort(world.track, name="Even earlier", starts_on=world.earlier.starts_on - timedelta(days=30))
    assert eligibility.graduate_in(before, world.graduate.id) is None
    same_day = make_cohort(world.track, name="Same start", starts_on=world.earlier.starts_on)
    assert eligibility.graduate_in(same_day, world.graduate.id) is None


def test_another_tracks_cohort_is_not_eligible(world):
    assert eligibility.graduate_in(world.other_cohort, world.graduate.id) is None


def test_never_in_a_cohort_where_they_are_a_learner_or_mentor(world):
    enroll(world.cohort, world.graduate, EnrollmentRole.MENTOR)
    assert eligibility.graduate_in(world.cohort, world.graduate.id) is None
    learner_again = make_cohort(world.track, name="Retake", starts_on=world.cohort.starts_on + timedelta(days=1))
    enroll(learner_again, world.graduate)
    assert eligibility.graduate_in(learner_again, world.graduate.id) is None


def test_finished_or_archived_cohorts_take_no_peer_mentors(world):
    world.cohort.status = CohortStatus.FINISHED
    db.session.commit()
    assert eligibility.graduates_for(world.cohort) == []


def test_deactivated_graduates_are_not_listed(world):
    world.graduate.is_active = False
    db.session.commit()
    assert eligibility.graduates_for(world.cohort) == []


def test_completions_name_the_track_and_month_for_many_people_at_once(world):
    other = make_user(name="Nobody")
    found = eligibility.completions([world.graduate.id, other.id])
    assert [c.track_title for c in found[world.graduate.id]] == [world.track.title]
    assert other.id not in found


def test_open_later_cohorts_are_those_the_graduate_may_be_invited_to_now(world):
    draft = make_cohort(world.track, name="Draft", status=CohortStatus.DRAFT)
    assert draft not in eligibility.open_later_cohorts(world.graduate.id)
    assert eligibility.open_later_cohorts(world.graduate.id) == [world.cohort]


def test_completed_in_is_the_month_of_the_last_lesson_done(world):
    from datetime import datetime, timezone

    from lms.peermentors.queries import person_facts
    from lms.progress.models import LessonProgress

    enrollment = eligibility.graduate_in(world.cohort, world.graduate.id).enrollment
    db.session.add(LessonProgress(enrollment_id=enrollment.id, lesson_id=world.lesson.id,
                                  completed_at=datetime(2026, 1, 2, 8, tzinfo=timezone.utc)))
    db.session.commit()
    assert eligibility.completions([world.graduate.id])[world.graduate.id][0].completed_on.isoformat() == "2026-01-02"
    assert person_facts([world.graduate.id])[world.graduate.id] == [f"Completed {world.track.title} in January 2026"]
