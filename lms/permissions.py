"""Who may do what: the one place every view, template, API and CLI asks.

Each rule is a plain function ``can_<verb>_<noun>(user, obj) -> bool``. Views call
``require(can_x(user, obj))``, which answers 404 rather than 403 where telling that
the object exists would already leak something (another learner's work).
Feature issues add their rules here; tests cover every rule.
"""
from __future__ import annotations

from flask import abort
from sqlalchemy import and_, exists, false, or_, select, true

from lms.cohorts.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Mentorship,
    MentorshipStatus,
    ReviewPolicy,
)
from lms.cohorts.peer_mentor_seat import PeerMentorSeat, SeatStatus
from lms.database import alias
from lms.extensions import db
from lms.submissions.models import Submission
from lms.tracks.models import Lesson, Track
from lms.tracks.quizzes import attempts_left

# Learners keep read access to their cohort when they finished or withdrew (their work
# and downloads remain theirs); mentors only while active.
_LEARNER_VISIBLE = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED, EnrollmentStatus.WITHDRAWN)


def require(allowed: bool, *, hide: bool = False) -> None:
    """Abort with 403, or 404 when ``hide`` (the object's existence is itself private)."""
    if not allowed:
        abort(404 if hide else 403)


def is_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_admin)


def enrollment_in(user, cohort: Cohort, role: EnrollmentRole | None = None) -> Enrollment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    query = select(Enrollment).where(Enrollment.cohort_id == cohort.id, Enrollment.user_id == user.id)
    if role is not None:
        query = query.where(Enrollment.role == role)
    return db.session.scalar(query)


def is_mentor_of(user, cohort: Cohort) -> bool:
    enrollment = enrollment_in(user, cohort, EnrollmentRole.MENTOR)
    return enrollment is not None and enrollment.status == EnrollmentStatus.ACTIVE


def is_learner_of(user, cohort: Cohort) -> bool:
    enrollment = enrollment_in(user, cohort, EnrollmentRole.LEARNER)
    return enrollment is not None and enrollment.status in _LEARNER_VISIBLE


def can_view_track(user, track: Track) -> bool:
    """Admins preview any track; learners read the tracks of their cohorts, also once they
    finished or withdrew; mentors only while they are active in a cohort of the track."""
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(viewable_track_clause(user).where(Track.id == track.id)))


def viewable_track_clause(user):
    """``can_view_track`` as a condition on ``Track`` (lists: the API's, the pages')."""
    if is_admin(user):
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    return exists().where(
        Enrollment.user_id == user.id,
        Enrollment.cohort_id == Cohort.id,
        Cohort.track_id == Track.id,
        or_(Enrollment.status == EnrollmentStatus.ACTIVE,
            and_(Enrollment.role == EnrollmentRole.LEARNER, Enrollment.status.in_(_LEARNER_VISIBLE))),
    )


def can_manage_tracks(user) -> bool:
    return is_admin(user)


def can_view_every_track(user) -> bool:
    """Admins list every track; everyone else only the tracks of their cohorts."""
    return is_admin(user)


def can_preview_track(user, track: Track) -> bool:
    """Reading a track as a preview, archived ones included (not as one of its learners)."""
    return is_admin(user)


def uses_learner_pages(user) -> bool:
    """Signed-in people who are not admins see the learner's track and certificate pages."""
    return bool(getattr(user, "is_authenticated", False)) and not is_admin(user)


# --- Cohorts, enrolment and mentoring (issue 4) ---

def can_view_cohort(user, cohort: Cohort) -> bool:
    """Admins; the cohort's active mentors; its learners, also once they finished or withdrew."""
    return is_admin(user) or is_mentor_of(user, cohort) or is_learner_of(user, cohort)


def can_manage_cohort(user, cohort: Cohort | None = None) -> bool:
    """Create, edit, change status, enrol, match mentors, set deadlines: admins only."""
    return is_admin(user)


def can_view_cohort_admin_page(user, cohort: Cohort) -> bool:
    """The progress grid, learners at risk and mentor load: admins and the cohort's mentors."""
    return is_admin(user) or is_mentor_of(user, cohort)


def can_export_cohort(user, cohort: Cohort) -> bool:
    """Gradebook and roster exports carry every learner's email and grades: admins only."""
    return is_admin(user)


def cohort_accepts_work(cohort: Cohort) -> bool:
    return cohort.accepts_work


def can_review_learner(user, cohort: Cohort, learner_enrollment: Enrollment) -> bool:
    """Admins; a mentor of the cohort when its policy is any mentor, or when they are the learner's primary mentor."""
    if is_admin(user):
        return True
    if learner_enrollment.cohort_id != cohort.id or not is_mentor_of(user, cohort):
        return False
    return cohort.review_policy == ReviewPolicy.ANY_MENTOR or learner_enrollment.mentor_id == user.id


def can_view_learner_progress(user, cohort: Cohort, learner_enrollment: Enrollment) -> bool:
    """The learner themself, the cohort's mentors and admins."""
    if learner_enrollment.cohort_id != cohort.id:
        return False
    if getattr(user, "is_authenticated", False) and user.id == learner_enrollment.user_id:
        return True
    return can_view_cohort_admin_page(user, cohort)


# --- Submissions and reviews -------------------------------------------------------
# Learners see only their own work (404 for anyone else's); mentors review per the
# cohort's review policy and see their cohorts' work; admins see and review all.

def reviewable_submission_clause(user):
    """The review rule as an SQL condition on Submission, for lists (the queue, counts)."""
    if is_admin(user):
        return Submission.user_id != user.id
    if not getattr(user, "is_authenticated", False):
        return false()
    # Uncorrelated sets, each read once: the database reaches the mentored cohorts' work through
    # ``submission (cohort_id, status, ...)`` instead of testing every waiting hand-in in turn.
    mentor, learner = alias(Enrollment, "reviewer_enrollment"), alias(Enrollment, "reviewed_enrollment")
    cohort = alias(Cohort, "reviewed_cohort")
    mentored = select(mentor.cohort_id).where(mentor.user_id == user.id, mentor.role == EnrollmentRole.MENTOR,
                                              mentor.status == EnrollmentStatus.ACTIVE)
    any_mentor = select(cohort.id).where(cohort.review_policy == ReviewPolicy.ANY_MENTOR)
    mentees = select(learner.id).where(learner.mentor_id == user.id)
    return and_(
        Submission.user_id != user.id,
        Submission.cohort_id.in_(mentored),
        or_(Submission.cohort_id.in_(any_mentor), Submission.enrollment_id.in_(mentees)),
    )


def can_submit_work(user, enrollment: Enrollment) -> bool:
    return (getattr(user, "is_authenticated", False) and enrollment.user_id == user.id
            and enrollment.role == EnrollmentRole.LEARNER and enrollment.status == EnrollmentStatus.ACTIVE
            and cohort_accepts_work(enrollment.cohort))


def can_view_submission(user, submission) -> bool:
    """The learner, the cohort's active mentors and admins; views answer 404 otherwise."""
    if not getattr(user, "is_authenticated", False):
        return False
    if submission.user_id == user.id or is_admin(user):
        return True
    return is_mentor_of(user, submission.cohort)


def can_review_submission(user, submission) -> bool:
    """Per ``can_review_learner``; nobody reviews their own work."""
    if getattr(user, "is_authenticated", False) and submission.user_id == user.id:
        return False
    return can_review_learner(user, submission.cohort, submission.enrollment)


def can_review_every_cohort(user) -> bool:
    """Admins review in every cohort; mentors only in the cohorts they mentor."""
    return is_admin(user)


def can_release_claim(user, submission) -> bool:
    """The mentor who claimed the work, and admins, may give it back to the queue."""
    if not getattr(user, "is_authenticated", False):
        return False
    return submission.claimed_by_id == user.id or is_admin(user)


def can_use_review_queue(user) -> bool:
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(exists().where(
        Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.MENTOR,
        Enrollment.status == EnrollmentStatus.ACTIVE)))


def can_use_queue(user) -> bool:
    """The merged queue page: mentors active somewhere, active peer mentors (they see asks only),
    and admins. One query."""
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(queue_user_clause(user.id))) is True


def queue_user_clause(user_id):
    """``can_use_queue`` for someone who is not an admin, as SQL of their id (the navigation
    reads it with its other facts in one statement)."""
    return or_(
        exists().where(Enrollment.user_id == user_id, Enrollment.role == EnrollmentRole.MENTOR,
                       Enrollment.status == EnrollmentStatus.ACTIVE),
        exists().where(PeerMentorSeat.user_id == user_id, PeerMentorSeat.status == SeatStatus.ACTIVE))


def can_view_audit(user) -> bool:
    return is_admin(user)


def can_manage_users(user) -> bool:
    """Create, invite, deactivate and reactivate accounts."""
    return is_admin(user)


# --- Tracks ----------------------------------------------------------------------------
# Reading a track: can_view_track above (learners and active mentors of a cohort of the track, admins).

def can_record_progress(user, enrollment: Enrollment) -> bool:
    """Marking lessons complete and taking quizzes in an enrolment: the same rule as handing in work."""
    return can_submit_work(user, enrollment)


def mentors_track(user, track_id: int) -> bool:
    """An active mentor of some cohort of the track."""
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(exists().where(
        Enrollment.user_id == user.id,
        Enrollment.role == EnrollmentRole.MENTOR,
        Enrollment.status == EnrollmentStatus.ACTIVE,
        Enrollment.cohort_id == Cohort.id,
        Cohort.track_id == track_id,
    )))


def can_see_quiz_answers(user, quiz: Lesson, enrollment: Enrollment | None = None, attempts=()) -> bool:
    """The right choices of ``quiz``: admins previewing and the track's active mentors see
    them; a learner only in an enrolment they may still work in (active, cohort open or
    running), once the quiz's own rule reveals them there: one of ``attempts`` (theirs in
    that enrolment) passed, or none is left. Everyone else never: learners of a draft
    cohort, withdrawn learners, learners of a finished cohort, withdrawn mentors."""
    if is_admin(user) or mentors_track(user, quiz.track_id):
        return True
    if enrollment is None or enrollment.cohort.track_id != quiz.track_id or not can_record_progress(user, enrollment):
        return False
    return any(attempt.passed for attempt in attempts) or attempts_left(quiz, len(attempts)) == 0


# --- Certificates -------------------------------------------------------------------

def can_view_certificate(user, certificate) -> bool:
    """The learner it was issued to, and admins; anyone else gets 404 (it is personal)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return certificate.user_id == user.id or is_admin(user)


def can_manage_certificates(user) -> bool:
    """Approve, revoke, re-issue, issue manually, export: admins."""
    return is_admin(user)


# --- Matching (issue 12) ---------------------------------------------------------------
# Excluded pairs hold in every cohort; an admin manages them from a cohort's matches page.

def can_manage_exclusions(user, cohort: Cohort) -> bool:
    """Add or remove pairs that are never matched: admins only (who may manage the cohort)."""
    return can_manage_cohort(user, cohort)


# --- Plans (development plans, issue 12) -----------------------------------------------
# A learner's plan is theirs: they read and edit it; their mentors (an ACTIVE mentorship
# with any of the learner's enrolments) and admins read it and leave check-in notes.
# Access ends the moment the mentorship ends. Private notes never reach the learner.

def mentors_learner(user, owner_id: int) -> bool:
    """``user`` has an active mentorship with one of ``owner_id``'s enrolments."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(db.session.scalar(select(exists().where(
        Mentorship.mentor_id == user.id,
        Mentorship.status == MentorshipStatus.ACTIVE,
        Mentorship.enrollment_id == Enrollment.id,
        Enrollment.user_id == owner_id,
    ))))


def can_view_plan(user, owner_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.id == owner_id or is_admin(user) or mentors_learner(user, owner_id)


def can_edit_plan(user, owner_id: int) -> bool:
    """Goals are in the learner's own words: only the learner writes them."""
    return bool(getattr(user, "is_authenticated", False)) and user.id == owner_id


def can_add_checkin(user, owner_id: int) -> bool:
    """Check-in notes on a learner's goals: their active mentors and admins."""
    if not getattr(user, "is_authenticated", False) or user.id == owner_id:
        return False
    return is_admin(user) or mentors_learner(user, owner_id)


def can_see_private_notes(user, owner_id: int) -> bool:
    """Notes private to mentors: the learner's active mentors and admins, never the learner."""
    return can_add_checkin(user, owner_id)


# --- Profiles, the mentor directory, contact details (issue 12: profiles) -------------
# Everyone edits only their own profile; a person's email and contact details are shown
# only to admins and to people in an active mentoring relationship with them.

def can_edit_profile(user, person) -> bool:
    """Only the person themself (admins manage accounts elsewhere, not profiles)."""
    return bool(getattr(user, "is_authenticated", False)) and user.id == getattr(person, "id", None)


def can_offer_mentoring(user) -> bool:
    """People who mentor in some cohort say what they help with, their capacity and when they are away."""
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(exists().where(
        Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.MENTOR,
        Enrollment.status == EnrollmentStatus.ACTIVE)))


def can_view_mentor_directory(user, cohort: Cohort) -> bool:
    """Admins, the cohort's active mentors and its active or completed learners."""
    if is_admin(user) or is_mentor_of(user, cohort):
        return True
    enrollment = enrollment_in(user, cohort, EnrollmentRole.LEARNER)
    return enrollment is not None and enrollment.status in (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


def can_request_mentors(user, cohort: Cohort) -> bool:
    """The cohort lets learners ask mentors themselves, and ``user`` is an active learner there."""
    if not cohort.learners_request_mentors:
        return False
    enrollment = enrollment_in(user, cohort, EnrollmentRole.LEARNER)
    return enrollment is not None and enrollment.status == EnrollmentStatus.ACTIVE


def contact_visible_ids(viewer, person_ids) -> set[int]:
    """Which of ``person_ids`` ``viewer`` may see the email of, in one query (admins: all; oneself)."""
    ids = {int(i) for i in person_ids}
    if not ids or not getattr(viewer, "is_authenticated", False):
        return set()
    if is_admin(viewer):
        return ids
    rows = db.session.execute(
        select(Mentorship.mentor_id, Enrollment.user_id)
        .join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
        .where(Mentorship.status == MentorshipStatus.ACTIVE,
               or_(and_(Mentorship.mentor_id == viewer.id, Enrollment.user_id.in_(ids)),
                   and_(Enrollment.user_id == viewer.id, Mentorship.mentor_id.in_(ids)))))
    visible = {viewer.id} & ids
    for mentor_id, learner_id in rows:
        visible.add(learner_id if mentor_id == viewer.id else mentor_id)
    return visible & ids


def can_see_contact(viewer, person) -> bool:
    """Email and contact details: admins, the person themself, and the other side of an active mentorship."""
    person_id = getattr(person, "id", person)
    return person_id is not None and person_id in contact_visible_ids(viewer, [person_id])


# --- Mentor requests and relationships (issue 12) ---------------------------------------
# A learner asks for mentors in their own cohort when it allows it; only the asked mentor
# answers a pick; the cohort's admins settle what comes to them. A relationship's agreement
# belongs to its two people (and admins); its surveys to the learner alone.

def can_request_mentor(user, enrollment: Enrollment) -> bool:
    return (getattr(user, "is_authenticated", False) and enrollment.user_id == user.id
            and enrollment.role == EnrollmentRole.LEARNER and enrollment.status == EnrollmentStatus.ACTIVE
            and enrollment.cohort.learners_request_mentors)


def can_withdraw_mentor_request(user, mentor_request) -> bool:
    return getattr(user, "is_authenticated", False) and mentor_request.enrollment.user_id == user.id


def can_answer_mentor_request(user, pick) -> bool:
    return getattr(user, "is_authenticated", False) and pick.mentor_id == user.id


def _mentor_anywhere(user) -> bool:
    """An active mentor of some cohort."""
    return getattr(user, "is_authenticated", False) and db.session.scalar(select(exists().where(
        Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.MENTOR,
        Enrollment.status == EnrollmentStatus.ACTIVE))) is True


def can_use_mentor_request_queue(user) -> bool:
    """Mentors (active in some cohort) and admins; learners have no queue."""
    return is_admin(user) or _mentor_anywhere(user)


def can_settle_mentor_requests(user, cohort: Cohort) -> bool:
    return can_manage_cohort(user, cohort)


def can_edit_agreement(user, mentorship) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or user.id in (mentorship.mentor_id, mentorship.enrollment.user_id)


def can_answer_mentorship_survey(user, mentorship) -> bool:
    return getattr(user, "is_authenticated", False) and mentorship.enrollment.user_id == user.id


# --- Asks (micro-mentoring, issue 13) ----------------------------------------------------
# The rules read an ask's ``cohort_id``, ``user_id`` (the learner), ``mentor_id``, ``state``
# and its ``enrollment``: this module stands below lms.asks and never imports its model.
# Any active mentor of the ask's cohort may see and answer it (routing only decides whom it
# is *offered* to, i.e. who is told and whose queue shows it by default); a mentor who
# stops being active in the cohort loses access at once, as everywhere.

def mentored_cohort_ids(user):
    """The ids of the cohorts ``user`` is an active mentor of, as a SELECT (for ``in_``)."""
    return select(Enrollment.cohort_id).where(
        Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.MENTOR,
        Enrollment.status == EnrollmentStatus.ACTIVE)


def _mentors_cohort_id(user, cohort_id: int) -> bool:
    return mentor_active_in(user.id, cohort_id)


def ask_cohort_ids(user):
    """The cohorts whose asks ``user`` may answer: those they actively mentor and those they
    hold an active peer-mentor seat in, as a SELECT (for ``in_``)."""
    return mentored_cohort_ids(user).union(select(PeerMentorSeat.cohort_id).where(
        PeerMentorSeat.user_id == user.id, PeerMentorSeat.status == SeatStatus.ACTIVE))


def _answers_asks_in(user, cohort_id: int) -> bool:
    """An active mentor or an active peer mentor of the cohort."""
    return mentor_active_in(user.id, cohort_id) or peer_mentor_active_in(user.id, cohort_id)


def mentor_active_in(user_id: int, cohort_id: int) -> bool:
    """``user_id`` is an active mentor of the cohort."""
    return db.session.scalar(select(exists().where(
        Enrollment.cohort_id == cohort_id, Enrollment.user_id == user_id, Enrollment.role == EnrollmentRole.MENTOR,
        Enrollment.status == EnrollmentStatus.ACTIVE))) is True


def can_open_ask(user, enrollment: Enrollment) -> bool:
    """An active learner of a cohort that is open or running."""
    return can_submit_work(user, enrollment)


def can_view_ask(user, ask) -> bool:
    """The learner who asked (also after finishing or withdrawing), the cohort's active mentors, admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    if ask.user_id == user.id:
        return ask.enrollment.status in _LEARNER_VISIBLE
    return is_admin(user) or _answers_asks_in(user, ask.cohort_id)


def can_answer_ask(user, ask) -> bool:
    """Claim, reply as mentor, hand over, mark resolved: the cohort's active mentors and peer
    mentors, and admins."""
    if not getattr(user, "is_authenticated", False) or ask.user_id == user.id:
        return False
    return is_admin(user) or _answers_asks_in(user, ask.cohort_id)


def can_reply_as_learner(user, ask) -> bool:
    """The learner writes in their own thread while they are an active learner of the cohort."""
    return (getattr(user, "is_authenticated", False) and ask.user_id == user.id
            and ask.enrollment.status == EnrollmentStatus.ACTIVE)


def can_release_ask(user, ask) -> bool:
    """The mentor (or peer mentor) holding the ask, and admins."""
    return getattr(user, "is_authenticated", False) and (ask.mentor_id == user.id or is_admin(user))


def can_rate_ask(user, ask) -> bool:
    """Only the learner who asked rates it and writes the thank-you note."""
    return getattr(user, "is_authenticated", False) and ask.user_id == user.id


def can_show_thanks(user, ask) -> bool:
    """Only the mentor thanked chooses whether the note shows on their profile."""
    return getattr(user, "is_authenticated", False) and ask.mentor_id == user.id


def can_use_ask_queue(user) -> bool:
    """The asks half of the mentor queue: mentors active in some cohort, peer mentors with an
    active seat, and admins."""
    return can_use_mentor_request_queue(user) or has_active_seat(user)


def can_rate_review(user, review) -> bool:
    """Feedback on feedback: the learner whose work was reviewed."""
    return getattr(user, "is_authenticated", False) and review.submission.user_id == user.id


def can_view_program_health(user, cohort: Cohort | None = None) -> bool:
    """Program health (a cohort's or the whole organisation's) is for admins."""
    return is_admin(user)


# --- Meetings: availability, one-to-one sessions, workshops (issue 14) -------------------
# Objects come duck-typed (``booking.learner_id``, ``workshop.cohort_id``): this module
# stands below lms.meetings and never imports its models. A learner books with one of
# their own mentors (a primary mentor or an active mentorship), or with the mentor who
# holds one of their asks; access ends the moment the enrolment or mentorship ends.

def can_publish_availability(user) -> bool:
    """Weekly hours, exceptions and booking rules: people who mentor in some active cohort."""
    return bool(can_offer_mentoring(user))


def mentor_ids_for(enrollment: Enrollment) -> set[int]:
    """The mentors a learner's enrolment may book with: the primary and every active mentorship."""
    ids = set(db.session.scalars(select(Mentorship.mentor_id).where(
        Mentorship.enrollment_id == enrollment.id, Mentorship.status == MentorshipStatus.ACTIVE)))
    if enrollment.mentor_id:
        ids.add(enrollment.mentor_id)
    return {mentor_id for mentor_id in ids if mentor_active_in(mentor_id, enrollment.cohort_id)}


def can_book_with(user, enrollment: Enrollment, mentor_id: int, *, ask=None) -> bool:
    """An active learner of an open or running cohort, with one of their own mentors, or with
    the mentor holding ``ask`` (one of the learner's own asks in that cohort)."""
    if not can_submit_work(user, enrollment) or mentor_id == user.id:
        return False
    if ask is not None and ask.user_id == user.id and ask.enrollment_id == enrollment.id \
            and ask.mentor_id == mentor_id and mentor_active_in(mentor_id, enrollment.cohort_id):
        return True
    return mentor_id in mentor_ids_for(enrollment)


def can_view_booking(user, booking) -> bool:
    """The learner (while their enrolment is visible to them), the mentor, admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user) or booking.mentor_id == user.id:
        return True
    if booking.learner_id == user.id:
        enrollment = db.session.get(Enrollment, booking.enrollment_id)
        return enrollment is not None and enrollment.status in _LEARNER_VISIBLE
    return False


def can_answer_booking(user, booking) -> bool:
    """Confirm or decline a requested session, record attendance: the mentor of the session."""
    return getattr(user, "is_authenticated", False) and booking.mentor_id == user.id


def can_change_booking(user, booking) -> bool:
    """Cancel or reschedule (within the mentor's rules, checked by the service): either person,
    the learner only while their enrolment is active; admins may cancel too."""
    if not getattr(user, "is_authenticated", False):
        return False
    if booking.mentor_id == user.id or is_admin(user):
        return True
    if booking.learner_id == user.id:
        enrollment = db.session.get(Enrollment, booking.enrollment_id)
        return enrollment is not None and enrollment.status == EnrollmentStatus.ACTIVE
    return False


def can_write_booking_notes(user, booking) -> bool:
    """Notes are kept by the two people in the session (an admin reads shared notes, writes none)."""
    return getattr(user, "is_authenticated", False) and user.id in (booking.learner_id, booking.mentor_id)


def can_book_sessions(user, enrollment: Enrollment) -> bool:
    """The booking page of an enrolment: its learner, while they are active in an open or running cohort."""
    return can_submit_work(user, enrollment)


def can_schedule_workshop(user, cohort: Cohort | None = None) -> bool:
    """A cohort's workshop: its active mentors and admins; a program-wide one: any active mentor, admins."""
    if is_admin(user):
        return True
    if cohort is None:
        return bool(can_offer_mentoring(user))
    return is_mentor_of(user, cohort)


def can_manage_workshop(user, workshop) -> bool:
    """Edit, cancel, add the recording, take attendance: the host (while they mentor there) and admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    if workshop.host_id != user.id:
        return False
    if workshop.cohort_id is None:
        return bool(can_offer_mentoring(user))
    return _mentors_cohort_id(user, workshop.cohort_id)


def _member_of_cohort_id(user, cohort_id: int) -> bool:
    """An active learner or an active mentor of the cohort."""
    return db.session.scalar(select(exists().where(
        Enrollment.cohort_id == cohort_id, Enrollment.user_id == user.id,
        Enrollment.status == EnrollmentStatus.ACTIVE))) is True


def _member_anywhere(user) -> bool:
    return db.session.scalar(select(exists().where(
        Enrollment.user_id == user.id, Enrollment.status == EnrollmentStatus.ACTIVE))) is True


def can_view_workshop(user, workshop) -> bool:
    """A cohort's workshop: its active learners and mentors, admins; a program-wide one: anyone
    active in some cohort, and admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user) or workshop.host_id == user.id:
        return True
    return _member_anywhere(user) if workshop.cohort_id is None else _member_of_cohort_id(user, workshop.cohort_id)


def can_register_workshop(user, workshop) -> bool:
    """Take a seat (or a waitlist place): the people who may see it, except its host and admins."""
    if is_admin(user) or not getattr(user, "is_authenticated", False) or workshop.host_id == user.id:
        return False
    return can_view_workshop(user, workshop)


# Availability (issue 14, availability): a mentor's exceptions are theirs alone.
def can_manage_availability_exception(user, exception) -> bool:
    """Delete an away or extra-hours exception: only the mentor it belongs to, while they mentor."""
    return (getattr(user, "is_authenticated", False) and exception.mentor_id == user.id
            and can_publish_availability(user))


# Mentors' everyday flows (issue 16, mentor flows): a mentor's own past reviews and asks,
# and a page per mentee for the learner's active mentors and admins.
def can_view_review_history(user) -> bool:
    """Admins (everyone's), and anyone who is or was a mentor (their own work stays theirs)."""
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(db.session.scalar(select(exists().where(
        Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.MENTOR))))


def can_view_mentee(user, learner_id: int) -> bool:
    """The learner's page for mentors: their active mentors (any cohort) and admins, never themself."""
    if not getattr(user, "is_authenticated", False) or user.id == learner_id:
        return False
    return is_admin(user) or mentors_learner(user, learner_id)


def viewable_mentee_ids(user, learner_ids) -> set[int]:
    """Which of ``learner_ids`` ``user`` may open the mentee page of (``can_view_mentee``): one query
    for a mentor even for none, so a list's query count never depends on its rows."""
    learner_ids = {i for i in learner_ids if i}
    if not getattr(user, "is_authenticated", False):
        return set()
    if is_admin(user):
        return learner_ids - {user.id}
    return set(db.session.scalars(select(Enrollment.user_id).join(
        Mentorship, Mentorship.enrollment_id == Enrollment.id).where(
        Mentorship.mentor_id == user.id, Mentorship.status == MentorshipStatus.ACTIVE,
        Enrollment.user_id.in_(learner_ids), Enrollment.user_id != user.id).distinct()))


# --- Peer mentors (issue 15) ----------------------------------------------------------
# A graduate's active seat in a later cohort of their track: they answer asks, take peer
# mentoring relationships and help in the cohort's space; never approve hand-ins (the
# review rules above ask ``is_mentor_of``, which a seat never satisfies).

def is_peer_mentor_of(user, cohort: Cohort) -> bool:
    return getattr(user, "is_authenticated", False) and peer_mentor_active_in(user.id, cohort.id)


def peer_mentor_active_in(user_id: int, cohort_id: int) -> bool:
    return db.session.scalar(select(exists().where(
        PeerMentorSeat.cohort_id == cohort_id, PeerMentorSeat.user_id == user_id,
        PeerMentorSeat.status == SeatStatus.ACTIVE))) is True


def has_active_seat(user) -> bool:
    """``user`` is an active peer mentor of some cohort."""
    return getattr(user, "is_authenticated", False) and db.session.scalar(select(exists().where(
        PeerMentorSeat.user_id == user.id, PeerMentorSeat.status == SeatStatus.ACTIVE))) is True


def can_view_peer_mentor_seat(user, seat) -> bool:
    """The graduate the seat is for (any status), and admins."""
    return is_admin(user) or (getattr(user, "is_authenticated", False) and seat.user_id == user.id)


def can_manage_peer_mentors(user, cohort: Cohort | None = None) -> bool:
    """Invite graduates and end seats: admins."""
    return is_admin(user)


def can_answer_peer_mentor_invitation(user, seat) -> bool:
    """The invited graduate, while the invitation is open."""
    return (getattr(user, "is_authenticated", False) and seat.user_id == user.id
            and seat.status == SeatStatus.INVITED)


def can_end_peer_mentor_seat(user, seat) -> bool:
    """The peer mentor steps down, or an admin ends the seat."""
    if seat.status not in (SeatStatus.INVITED, SeatStatus.ACTIVE):
        return False
    return is_admin(user) or (getattr(user, "is_authenticated", False) and seat.user_id == user.id)


# --- Peer review (issue 15) -----------------------------------------------------------
# Reviewers see only the work handed to them (never the author's name when the assignment is
# anonymous); authors see the submitted reviews of their work that are not hidden by a
# report; the cohort's mentors and admins see everything and moderate. Peer scores never
# decide: approving stays ``can_review_submission``.

def can_review_peers(user, enrollment: Enrollment) -> bool:
    """Ask for work to review and write peer reviews: the active learner of a cohort taking work."""
    return can_submit_work(user, enrollment)


def can_write_peer_review(user, peer_review) -> bool:
    """The reviewer the work was handed to, while they are an active learner of the cohort."""
    return (getattr(user, "is_authenticated", False) and peer_review.reviewer_id == user.id
            and can_submit_work(user, peer_review.reviewer_enrollment))


def can_view_peer_review(user, peer_review) -> bool:
    """The reviewer; the author once submitted and not hidden by a report; mentors and admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    if peer_review.reviewer_id == user.id:
        return True
    if peer_review.submission.user_id == user.id:
        return peer_review.status == "submitted" and not peer_review.hidden_from_author
    return is_admin(user) or _mentors_cohort_id(user, peer_review.cohort_id)


def can_rate_peer_review(user, peer_review) -> bool:
    """The author of the reviewed work rates the review (helpful or not) and may report it."""
    return (getattr(user, "is_authenticated", False) and peer_review.submission.user_id == user.id
            and peer_review.status == "submitted")


def can_moderate_peer_review(user, peer_review) -> bool:
    """Settle a report (clear or uphold): the cohort's active mentors and admins."""
    return is_admin(user) or (getattr(user, "is_authenticated", False)
                              and _mentors_cohort_id(user, peer_review.cohort_id))


def can_see_peer_reviews_of(user, submission) -> bool:
    """All peer reviews beside the work, with reviewers' names: the people who may review it."""
    return can_review_submission(user, submission) or (
        getattr(user, "is_authenticated", False) and submission.user_id != user.id
        and _mentors_cohort_id(user, submission.cohort_id))


def can_waive_peer_duty(user, duty) -> bool:
    """A mentor of the cohort or an admin lets a learner off their peer reviews."""
    return is_admin(user) or (getattr(user, "is_authenticated", False) and _mentors_cohort_id(user, duty.cohort_id))


def can_view_peer_reports(user) -> bool:
    """The list of reported peer reviews: active mentors (their cohorts' reports) and admins."""
    return can_use_review_queue(user)


def can_view_peer_reviewers(user, cohort: Cohort) -> bool:
    """A cohort's peer reviewers with their agreement with mentors: its active mentors and admins."""
    return is_admin(user) or (getattr(user, "is_authenticated", False) and _mentors_cohort_id(user, cohort.id))


# --- Community spaces (issue 15) ------------------------------------------------------
# A cohort's space: its active and completed learners, active mentors and active peer
# mentors, and admins. A track's space: the same people of every cohort of the track
# (alumni included). Withdrawn learners and ended mentors lose access at once.

_SPACE_LEARNER = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


def _space_member_clause(user_id: int, space):
    """Enrolments that make ``user_id`` a member of ``space``, as an EXISTS condition."""
    in_space = (Enrollment.cohort_id == space.cohort_id if space.cohort_id is not None
                else Enrollment.cohort_id.in_(select(Cohort.id).where(Cohort.track_id == space.track_id)))
    enrolled = exists().where(in_space, Enrollment.user_id == user_id, or_(
        and_(Enrollment.role == EnrollmentRole.LEARNER, Enrollment.status.in_(_SPACE_LEARNER)),
        and_(Enrollment.role == EnrollmentRole.MENTOR, Enrollment.status == EnrollmentStatus.ACTIVE)))
    seat_in = (PeerMentorSeat.cohort_id == space.cohort_id if space.cohort_id is not None
               else PeerMentorSeat.cohort_id.in_(select(Cohort.id).where(Cohort.track_id == space.track_id)))
    seated = exists().where(seat_in, PeerMentorSeat.user_id == user_id, PeerMentorSeat.status == SeatStatus.ACTIVE)
    return or_(enrolled, seated)


def can_view_space(user, space) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or db.session.scalar(select(_space_member_clause(user.id, space))) is True


def can_post_in_space(user, space) -> bool:
    """Members write while the cohort is not archived (a track space stays open)."""
    if space.cohort_id is not None and space.cohort.status == CohortStatus.ARCHIVED:
        return is_admin(user)
    return can_view_space(user, space)


def can_moderate_space(user, space) -> bool:
    """Pin, lock, hide, move, settle reports: admins; the active mentors of the cohort (of any
    cohort of the track for a track space)."""
    if is_admin(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if space.cohort_id is not None:
        return _mentors_cohort_id(user, space.cohort_id)
    return db.session.scalar(select(exists().where(
        Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.MENTOR,
        Enrollment.status == EnrollmentStatus.ACTIVE,
        Enrollment.cohort_id.in_(select(Cohort.id).where(Cohort.track_id == space.track_id))))) is True


def can_view_topic(user, topic) -> bool:
    """Members of its space; a hidden topic only to moderators."""
    if topic.is_hidden:
        return can_moderate_space(user, topic.space)
    return can_view_space(user, topic.space)


def can_reply_to_topic(user, topic) -> bool:
    """Members while the topic is open; moderators also in a locked topic."""
    if topic.is_hidden or topic.is_locked:
        return can_moderate_space(user, topic.space)
    return can_post_in_space(user, topic.space)


def can_edit_post(user, post) -> bool:
    """The author, while they may still write in the topic; moderators."""
    if getattr(user, "is_authenticated", False) and post.author_id == user.id and not post.is_hidden:
        return can_reply_to_topic(user, post.topic)
    return can_moderate_space(user, post.topic.space)


def editable_post_ids(user, topic, posts) -> set[int]:
    """``can_edit_post`` for a page of ``topic``'s posts, in constant queries."""
    if can_moderate_space(user, topic.space):
        return {post.id for post in posts}
    if not getattr(user, "is_authenticated", False) or not can_reply_to_topic(user, topic):
        return set()
    return {post.id for post in posts if post.author_id == user.id and not post.is_hidden}


def can_report_post(user, post) -> bool:
    """Anyone who can see the post, except its author."""
    return (getattr(user, "is_authenticated", False) and post.author_id != user.id
            and not post.is_hidden and can_view_topic(user, post.topic))


def can_accept_answer(user, topic) -> bool:
    """The person who asked the question, and moderators."""
    if topic.kind != "question":
        return False
    if getattr(user, "is_authenticated", False) and topic.author_id == user.id:
        return can_view_topic(user, topic)
    return can_moderate_space(user, topic.space)


def can_move_topic(user, topic, target) -> bool:
    """Moderators of both spaces (the space it is in and the one it goes to)."""
    return can_moderate_space(user, topic.space) and can_moderate_space(user, target)


def can_moderate_any_space(user) -> bool:
    """Who has a moderation queue across spaces: admins and active mentors."""
    return is_admin(user) or _mentor_anywhere(user)
def can_view_post(user, post) -> bool:
    """A post and its files: whoever sees its topic; a hidden post only moderators."""
    if post.is_hidden:
        return can_moderate_space(user, post.topic.space)
    return can_view_topic(user, post.topic)


def can_edit_conduct(user, space) -> bool:
    """The program's code of conduct: admins."""
    return is_admin(user)


def can_follow_topic(user, topic) -> bool:
    return can_view_topic(user, topic)


# --- API tokens (issue 18) -------------------------------------------------------------

def can_use_api(user) -> bool:
    """Everyone with an account may make personal tokens: they carry only their own rights."""
    return bool(getattr(user, "is_authenticated", False))


def can_manage_api_tokens(user) -> bool:
    """Service tokens and the list of every token: admins."""
    return is_admin(user)


def can_revoke_api_token(user, token) -> bool:
    """The token's person (their personal tokens), or any admin (any token)."""
    if is_admin(user):
        return True
    return bool(getattr(user, "is_authenticated", False)) and token.user_id == user.id and token.kind == "personal"


# --- The API: cohorts, enrolments and people (issue 18) ----------------------------------
# The lists ask the same rules as ``can_view_cohort`` and the people pages, as SQL conditions.
# A learner sees their own enrolment, never the cohort's roster (which is on pages for the
# cohort's admins and active mentors only).

def viewable_cohort_clause(user):
    """``can_view_cohort`` as a condition on ``Cohort`` (the API's cohort list)."""
    if is_admin(user):
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    return exists().where(
        Enrollment.user_id == user.id, Enrollment.cohort_id == Cohort.id,
        or_(and_(Enrollment.role == EnrollmentRole.MENTOR, Enrollment.status == EnrollmentStatus.ACTIVE),
            and_(Enrollment.role == EnrollmentRole.LEARNER, Enrollment.status.in_(_LEARNER_VISIBLE))))


def can_view_enrollment(user, enrollment: Enrollment) -> bool:
    """Someone who may view the cohort: their own enrolment; its admins and active mentors: every one."""
    if not can_view_cohort(user, enrollment.cohort):
        return False
    return enrollment.user_id == user.id or can_view_cohort_admin_page(user, enrollment.cohort)


def viewable_enrollment_clause(user):
    """``can_view_enrollment`` as a condition on ``Enrollment``, for a cohort the user may view."""
    if is_admin(user):
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    mine = alias(Enrollment, "viewer_mentor_enrollment")
    return or_(Enrollment.user_id == user.id, exists().where(
        mine.user_id == user.id, mine.cohort_id == Enrollment.cohort_id,
        mine.role == EnrollmentRole.MENTOR, mine.status == EnrollmentStatus.ACTIVE))


def can_view_account(user, person) -> bool:
    """An account's details: admins, and the person themself."""
    return is_admin(user) or (getattr(user, "is_authenticated", False) and user.id == getattr(person, "id", None))


# --- The API's lists (issue 18: submissions, reviews, mentoring, asks, sessions) -------------
# Each clause is the rule above it names, as an SQL condition, so a list shows exactly the
# objects whose detail the same person may open. Models above this module come duck-typed.

def viewable_submission_clause(user):
    """``can_view_submission`` as a condition on Submission (and, joined, on its reviews)."""
    if is_admin(user):
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    return or_(Submission.user_id == user.id, Submission.cohort_id.in_(mentored_cohort_ids(user)))


def can_view_mentorship(user, mentorship) -> bool:
    """A relationship's two people and admins (as its agreement page)."""
    return can_edit_agreement(user, mentorship)


def viewable_mentorship_clause(user):
    """``can_view_mentorship`` as a condition on Mentorship."""
    if is_admin(user):
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    return or_(Mentorship.mentor_id == user.id,
               Mentorship.enrollment_id.in_(select(Enrollment.id).where(Enrollment.user_id == user.id)))


def viewable_ask_clause(user, ask):
    """``can_view_ask`` as a condition on the ``Ask`` model (passed in: it stands above this module)."""
    if is_admin(user):
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    own = and_(ask.user_id == user.id, exists().where(Enrollment.id == ask.enrollment_id,
                                                        Enrollment.status.in_(_LEARNER_VISIBLE)))
    return or_(own, and_(ask.user_id != user.id, ask.cohort_id.in_(ask_cohort_ids(user))))


def viewable_booking_clause(user, booking):
    """``can_view_booking`` as a condition on the ``Booking`` model (passed in)."""
    if is_admin(user):
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    learner = and_(booking.learner_id == user.id, exists().where(Enrollment.id == booking.enrollment_id,
                                                                   Enrollment.status.in_(_LEARNER_VISIBLE)))
    return or_(booking.mentor_id == user.id, learner)


def viewable_workshop_clause(user, workshop):
    """``can_view_workshop`` as a condition on the ``Workshop`` model (passed in)."""
    if is_admin(user):
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    active = select(Enrollment.cohort_id).where(Enrollment.user_id == user.id,
                                                Enrollment.status == EnrollmentStatus.ACTIVE)
    anywhere = exists().where(Enrollment.user_id == user.id, Enrollment.status == EnrollmentStatus.ACTIVE)
    return or_(workshop.host_id == user.id, and_(workshop.cohort_id.is_(None), anywhere),
               workshop.cohort_id.in_(active))


# --- Certificates and completion records through the API, HR exports (issue 18) -------

def can_view_every_certificate(user) -> bool:
    """Lists of certificates: admins see every one; everyone else only their own (``can_view_certificate``)."""
    return is_admin(user)


def can_export_person_completions(user, person) -> bool:
    """A person's completion records (CSV, API): admins, and the person themself; others get 404."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or user.id == person.id


# --- Webhooks (issue 18) ------------------------------------------------------------------

def can_manage_webhooks(user) -> bool:
    """Webhook endpoints, their secrets and delivery logs: admins."""
    return is_admin(user)


# --- For templates ---------------------------------------------------------------------

def init_app(app) -> None:
    """Templates ask the same rules as views: every ``can_*`` rule is a Jinja global."""
    app.jinja_env.globals.update({name: rule for name, rule in globals().items()
                                  if name.startswith("can_") and callable(rule)})

