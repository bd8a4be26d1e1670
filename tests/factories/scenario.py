"""The "two cohorts" world: everything one cohort owns, and a second cohort beside it.

Cohort A (track A) and cohort B (track B) each have a learner and a mentor; an admin
runs both. Cohort A holds one of each private object, so tests can ask who may reach
it: learner A's submission (attempt 1 reviewed with changes requested, attempt 2 with
a file waiting for review), the review, a notification, an issued certificate (with a
stored PDF, so no renderer runs), a calendar feed token, an enrolment CSV plan, an
uploaded track archive waiting for confirmation, and invitation and reset links.

The world is returned as plain ids and strings (``TwoCohorts``), so it stays usable
after the session that built it is gone.
"""
from __future__ import annotations

import hashlib
import io
import itertools
import uuid
import zipfile
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from lms import storage
from lms.auth import tokens
from lms.auth.models import TokenPurpose
from lms.certificates import services as certificates
from lms.cohorts import calendar, enrolment
from lms.cohorts.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    MatchExclusion,
    Mentorship,
    MentorshipStatus,
    ReviewPolicy,
)
from lms.extensions import db
from lms.mentorships.models import MentorRequest, PickStatus, RequestPick, RequestStatus
from lms.mentorships.requests import respond_by_for
from lms.notifications.services import notify
from lms.reviews.models import Decision
from lms.reviews.services import ReviewData, review_attempt
from lms.submissions.services import AttemptData, UploadedFile, submit_attempt
from lms.tracks import uploads
from lms.tracks.models import Lesson, LessonKind, Track, TrackAsset
from tests.factories.auth import make_admin, make_user
from tests.factories.submissions import RUBRIC
from tests.factories.tracks import QUIZ_SPEC

GOOD_TRACK = Path(__file__).resolve().parents[1] / "tracks" / "fixtures" / "good"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")
_sequence = itertools.count(1)


@dataclass(frozen=True)
class TwoCohorts:
    admin: int
    learner_a: int
    learner_b: int
    mentor_a: int
    mentor_b: int
    track_a: str          # slugs
    track_b: str
    cohort_a: int
    cohort_b: int
    lesson_a: str         # lesson slugs in track A
    quiz_a: str
    assignment_a: str
    assignment_a_id: int
    lesson_b_id: int      # an assignment of track B
    asset_a: str          # an asset path in track A
    enrollment_a: int     # learner A's enrolment
    mentor_enrollment_a: int
    submission_a: int
    attempt_a: int        # the waiting attempt (2)
    file_a: int
    review_a: int
    certificate_a: int
    certificate_code_a: str
    notification_a: int
    calendar_token_a: str
    csv_plan_a: str
    upload_token: str
    invite_token: str     # for an invited user who has no password yet
    invited_user: int
    reset_token: str      # for learner A
    confirm_token: str    # for a self-registered account waiting for confirmation
    # --- Matching (issue 12): a pair never matched, learner B with mentor A (who never share a
    # cohort, so no suggestion or request elsewhere in the world changes); removable from cohort A's page.
    matching_exclusion_a: int = 0
    # --- plans (issue 12): learner A's goal, with a note from mentor A (their active mentorship) ---
    plans_goal_a: int = 0


    # --- Mentor requests and relationships (issue 12): see _mentor_requests_world ---
    requests_mentor_a2: int = 0      # a second mentor of cohort A, free to be picked
    requests_mentorship_a: int = 0   # learner A's active primary relationship with mentor A
    requests_request_a: int = 0      # learner A's open request (skill "css"), mentor A asked
    requests_pick_a: int = 0         # its asked pick
    requests_with_admins_a: int = 0  # learner A's request (skill "html") waiting for the admins
    # --- Asks (issue 13) ---
    ask_a: int = 0        # learner A's open ask (nobody holds it), offered to mentor A
    ask_file_a: int = 0   # its attached file
    # --- The one mentor queue and feedback on feedback (issue 13): see _queue_world ---
    queue_ask_a: int = 0             # learner A's open ask in cohort A, offered to their own mentors
    queue_rating_a: int = 0          # learner A's rating of review A (helpful, with a comment)
    # --- Meetings (issue 14) ---
    availability_exception_a: int = 0   # mentor A's away day (mentors A and B each have a schedule, version 1)
    booking_a: int = 0               # learner A's confirmed session with mentor A, next Monday 09:00 UTC
    booking_slot_a: str = ""         # a free slot of mentor A (ISO, UTC) the day after it
    workshop_a: int = 0              # cohort A's workshop in 3 days (20:00 UTC), hosted by mentor A, nobody registered
    # --- Community moderation and search (issue 15) ---
    moderation_space_a: int = 0        # cohort A's space
    moderation_track_space_a: int = 0  # track A's space
    moderation_topic_a: int = 0        # learner A's topic in cohort A's space
    moderation_post_a: int = 0         # mentor A's reply in it, reported by learner A (open)
    moderation_hidden_post_a: int = 0  # learner A's hidden reply in it
    moderation_hidden_topic_a: int = 0  # a hidden topic in cohort A's space
    # --- Peer review, the mentor's and author's side (issue 15): see _peer_feedback_world ---
    peer_review_a: int = 0           # a submitted peer review of learner A's waiting attempt
    peer_reported_a: int = 0         # another one, which learner A reported (open: hidden from her)
    # --- Community spaces core (issue 15): see _community_core_world ---
    community_space_a: int = 0       # cohort A's space
    community_track_a_id: int = 0    # track A's id (its program-wide space is made on first use)
    community_topic_a: int = 0       # learner A's question in cohort A's space
    community_post_a: int = 0        # its opening post (learner A's, version 1), with a file
    community_answer_a: int = 0      # mentor A's reply (not accepted)
    community_file_a: int = 0        # the file on learner A's post
    # --- Peer mentors (issue 15): see _peer_mentors_world ---
    peer_graduate: int = 0           # Gus, who completed track A in an earlier (finished) cohort
    peer_seat_a: int = 0             # Gus's invited (not yet answered) seat in cohort A
    # --- Peer review, learner side (issue 15): see _peer_learn_world ---
    peer_duty_a: int = 0             # learner A's duty (1 review) on assignment A, which asks for peer reviews
    peer_lease_a: int = 0            # learner A's open lease on the hand-in (with a file) of Pia, a second learner of A
    # --- The API (issue 18): see _api_world ---
    api_token_a: int = 0             # learner A's personal token (every scope), revocable by her and admins
    api_raw: tuple = ()              # (actor, raw token with every scope) for each signed-in actor
    # --- Webhooks (issue 18): see _webhooks_world ---
    webhook_endpoint_a: int = 0      # a disabled endpoint (version 1) for every event: the world's events send nothing
    webhook_delivery_a: int = 0      # its failed delivery, with one attempt in the log

    def api_token_of(self, actor: str) -> str | None:
        """The raw token of ``actor`` (None for "anon")."""
        return dict(self.api_raw).get(actor)

    def email(self, user_id: int) -> str:
        from lms.auth.models import User
        return db.session.get(User, user_id).email


def make_world_track(*, title: str, slug: str | None = None) -> Track:
    """A track with a lesson, a quiz and an assignment (text, link and files, with a rubric) and an image."""
    n = next(_sequence)
    track = Track(slug=slug or f"world-{n}", title=title, summary="A track of the two-cohort world.",
                  skills=["html", "css"], overview_html="<p>Overview.</p>",
                  completion={"lessons": "all", "assignments": "all", "quizzes": "all"},
                  certificate={"title": "Certificate of Completion", "statement": f"has completed {title}."})
    db.session.add(track)
    db.session.add_all([
        Lesson(track=track, slug="welcome", title="Welcome", kind=LessonKind.LESSON, position=1,
               body_html='<p>Hello.</p><p><img src="fig/dot.png" alt="A dot"></p>'),
        Lesson(track=track, slug="check", title="Check yourself", kind=LessonKind.QUIZ, position=2,
               spec=QUIZ_SPEC),
        Lesson(track=track, slug="first-site", title="Build your first site", kind=LessonKind.ASSIGNMENT,
               position=3, body_html="<p>Build a site.</p>",
               spec={"submission": ["text", "url", "file"], "due_days": 7, "rubric": RUBRIC, "pass_points": 5}),
    ])
    db.session.flush()
    db.session.add(TrackAsset(track_id=track.id, path="fig/dot.png", media_type="image/png", content=PNG,
                              content_hash=hashlib.sha256(PNG).hexdigest()))
    return track


def zip_of_folder(folder: Path, *, inner: str | None = None) -> bytes:
    """A track folder as a .zip (inside a top folder named ``inner`` or the folder's name)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{inner or folder.name}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


def two_cohorts(*, learner_a_fields: dict | None = None) -> TwoCohorts:
    """Build and commit the world; see the module docstring."""
    n = next(_sequence)
    admin = make_admin(email=f"admin{n}@example.org", name="Ada Admin", commit=False)
    learner_a = make_user(email=f"learner-a{n}@example.org", name="Lea Learner",
                          **(learner_a_fields or {}), commit=False)
    learner_b = make_user(email=f"learner-b{n}@example.org", name="Ben Learner", commit=False)
    mentor_a = make_user(email=f"mentor-a{n}@example.org", name="Mia Mentor", skills=["html"], commit=False)
    mentor_b = make_user(email=f"mentor-b{n}@example.org", name="Max Mentor", skills=["css"], commit=False)
    invited = make_user(email=f"invited{n}@example.org", name="Ivy Invited", password=False, commit=False)
    track_a = make_world_track(title="Track A")
    track_b = make_world_track(title="Track B")
    starts_on = date.today() - timedelta(days=3)
    cohort_a, cohort_b = (Cohort(name=name, track=track, starts_on=starts_on, ends_on=starts_on + timedelta(days=60),
                                 status=CohortStatus.RUNNING, review_policy=ReviewPolicy.ANY_MENTOR)
                          for name, track in (("Cohort A", track_a), ("Cohort B", track_b)))
    db.session.add_all([cohort_a, cohort_b])
    db.session.flush()

    mentor_enrollment_a = enrolment.enrol(cohort_a, mentor_a, EnrollmentRole.MENTOR)
    enrolment.enrol(cohort_b, mentor_b, EnrollmentRole.MENTOR)
    enrollment_a = enrolment.enrol(cohort_a, learner_a, EnrollmentRole.LEARNER, actor=admin, mentor_id=mentor_a.id)
    enrolment.enrol(cohort_b, learner_b, EnrollmentRole.LEARNER, actor=admin, mentor_id=mentor_b.id)

    assignment = next(lesson for lesson in track_a.lessons if lesson.kind is LessonKind.ASSIGNMENT)
    first = submit_attempt(enrollment_a, assignment, AttemptData(
        idempotency_key=str(uuid.uuid4()), text="My **first** site", url="https://example.org/site",
        files=[UploadedFile("notes.txt", b"first notes")]), learner_a)
    submission = first.submission
    review = review_attempt(submission, ReviewData(first.id, submission.version, Decision.REQUEST_CHANGES, [1, 0],
                                                   ["Use headings", "Add alt text"], "Nearly there."), mentor_a)
    second = submit_attempt(enrollment_a, assignment, AttemptData(
        idempotency_key=str(uuid.uuid4()), text="My **second** site", url="https://example.org/site2",
        files=[UploadedFile("site.txt", b"second notes")]), learner_a)

    certificate = certificates.issue_manually(learner_a, cohort_a, admin,
                                               override_reason="issued for the matrix (issue 16: override)").certificate
    # A stored stand-in PDF: the render job then finds one and skips WeasyPrint.
    certificate.pdf_key = storage.put(b"%PDF-1.4\n% stand-in certificate\n")
    certificate.pdf_sha256 = hashlib.sha256(b"stand-in").hexdigest()
    notification_id = notify(learner_a.id, "test", "A note for Lea", url="/submissions/")
    feed = calendar.token_for(learner_a)
    plan = enrolment.preview_csv(cohort_a, f"new{n}@example.org,New Person\n".encode(), EnrollmentRole.LEARNER,
                                 filename="people.csv", actor=admin)
    upload = uploads.store_upload("good.zip", zip_of_folder(GOOD_TRACK), admin)
    invite_token, _ = tokens.issue_token(invited, TokenPurpose.INVITE)
    reset_token, _ = tokens.issue_token(learner_a, TokenPurpose.RESET)
    registered = make_user(email=f"registered{n}@example.org", name="Reg Istered", commit=False)
    db.session.flush()
    registered.email_confirmed_at = None
    db.session.flush()
    confirm_token = tokens.confirmation_link_token(registered)
    # --- Matching (issue 12) ---
    matching_exclusion = MatchExclusion(learner_id=learner_b.id, mentor_id=mentor_a.id, reason="a client of Mia")
    db.session.add(matching_exclusion)
    db.session.flush()
    plans_goal_a = _plans_world(enrollment_a, mentor_a, assignment)
    db.session.commit()

    track_b_assignment = next(lesson for lesson in track_b.lessons if lesson.kind is LessonKind.ASSIGNMENT)
    world = TwoCohorts(
        admin=admin.id, learner_a=learner_a.id, learner_b=learner_b.id, mentor_a=mentor_a.id,
        mentor_b=mentor_b.id, track_a=track_a.slug, track_b=track_b.slug, cohort_a=cohort_a.id,
        cohort_b=cohort_b.id, lesson_a="welcome", quiz_a="check", assignment_a=assignment.slug,
        assignment_a_id=assignment.id, lesson_b_id=track_b_assignment.id, asset_a="fig/dot.png",
        enrollment_a=enrollment_a.id, mentor_enrollment_a=mentor_enrollment_a.id, submission_a=submission.id,
        attempt_a=second.id, file_a=second.files[0].id, review_a=review.id, certificate_a=certificate.id,
        certificate_code_a=certificate.code, notification_a=notification_id, calendar_token_a=feed.token,
        csv_plan_a=plan.token, upload_token=upload.token, invite_token=invite_token, invited_user=invited.id,
        reset_token=reset_token, confirm_token=confirm_token, matching_exclusion_a=matching_exclusion.id,
        plans_goal_a=plans_goal_a)
    world = replace(world, **_mentor_requests_world(cohort_a, enrollment_a, mentor_a), **_asks_world(enrollment_a))
    world = replace(world, **_queue_world(world))
    world = replace(world, **_meetings_availability_world(world))
    world = replace(world, **_meetings_bookings_world(world))
    world = replace(world, **_meetings_workshops_world(world))
    world = replace(world, **_community_core_world(world))
    world = replace(world, **_community_moderation_world(world))   # finds the core world's spaces
    world = replace(world, **_peer_feedback_world(world))
    world = replace(world, **_peer_mentors_world(world))
    world = replace(world, **_api_world(world))
    world = replace(world, **_webhooks_world(world))
    return replace(world, **_peer_learn_world(world))   # last: it sets assignment A's peer settings


def _api_world(world: TwoCohorts) -> dict:
    """A personal token with every scope for each of the five signed-in actors."""
    from lms.api.models import ApiToken
    from lms.auth.models import User
    from tests.factories.api import make_token

    raw = tuple((actor, make_token(db.session.get(User, getattr(world, actor)), name=f"{actor}'s token"))
                for actor in ("learner_a", "learner_b", "mentor_a", "mentor_b", "admin"))
    token_a = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == world.learner_a))
    return dict(api_raw=raw, api_token_a=token_a)


def _webhooks_world(world: TwoCohorts) -> dict:
    """A disabled endpoint (so no test's events go out), with one failed delivery and its attempt."""
    from lms.webhooks import events, signing
    from lms.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

    endpoint = WebhookEndpoint(url="https://93.184.216.34/lms-hooks", description="HR sync",
                               secret=signing.new_secret(), events=" ".join(events.EVENT_TYPES), is_active=False,
                               disabled_reason="Disabled by an admin.", consecutive_failures=0,
                               created_by_id=world.admin)
    db.session.add(endpoint)
    db.session.flush()
    row = WebhookDelivery(endpoint_id=endpoint.id, event_id=events.new_event_id(), event_type="enrolment.created",
                          payload='{"data":{"id":1},"timestamp":"2026-01-05T09:00:00+00:00","type":"enrolment.created"}',
                          status=DeliveryStatus.FAILED, attempts=1, last_status_code=500,
                          last_error="The endpoint answered 500.")
    db.session.add(row)
    db.session.flush()
    db.session.add(WebhookAttempt(delivery_id=row.id, status_code=500, response_excerpt="down", duration_ms=12))
    db.session.commit()
    return dict(webhook_endpoint_a=endpoint.id, webhook_delivery_a=row.id)


# --- plans (issue 12) -------------------------------------------------------------------------

def _plans_world(enrollment_a: Enrollment, mentor_a, assignment) -> int:
    """Mentor A mentors learner A (an active mentorship, unless enrolment made one already);
    learner A has a goal linked to a criterion of assignment A, with a shared note from mentor A.
    (Imported here to keep this block in one piece while other areas edit this file.)"""
    from sqlalchemy import select

    from lms.cohorts.models import Mentorship, MentorshipStatus
    from lms.plans.models import NoteVisibility
    from lms.plans.services import GoalData, add_checkin, create_goal

    active = db.session.scalar(select(Mentorship).where(
        Mentorship.enrollment_id == enrollment_a.id, Mentorship.mentor_id == mentor_a.id,
        Mentorship.status == MentorshipStatus.ACTIVE))
    if active is None:
        db.session.add(Mentorship(enrollment_id=enrollment_a.id, mentor_id=mentor_a.id, origin="scenario"))
        db.session.flush()
    criterion = assignment.spec["rubric"][0]["name"]
    goal = create_goal(enrollment_a.user_id, GoalData(title="Ship my first client site",
                                                      criteria=[f"{assignment.id}:{criterion}"]))
    add_checkin(goal, "Good start: pick one project.", NoteVisibility.SHARED, mentor_a)
    return goal.id


# --- Mentor requests and relationships (issue 12) ------------------------------------------
def _mentor_requests_world(cohort_a: Cohort, enrollment_a: Enrollment, mentor_a) -> dict:
    """Cohort A lets learners request mentors; learner A has an open request (mentor A asked)
    and one with the admins; a second mentor of cohort A can be picked or assigned."""
    # A plain UPDATE: the cohort's version stays 1, as the matrix's edit form expects.
    db.session.execute(Cohort.__table__.update().where(Cohort.__table__.c.id == cohort_a.id)
                       .values(learners_request_mentors=True))
    db.session.expire(cohort_a)
    mentor_a2 = make_user(email=f"requests-mentor-{uuid.uuid4().hex[:8]}@example.org", name="Mo Mentor")
    enrolment.enrol(cohort_a, mentor_a2, EnrollmentRole.MENTOR)
    mentorship = db.session.scalar(db.select(Mentorship).where(
        Mentorship.enrollment_id == enrollment_a.id, Mentorship.status == MentorshipStatus.ACTIVE))
    asked = MentorRequest(enrollment_id=enrollment_a.id, role="skill", skill="css", message="Help with grids?",
                          status=RequestStatus.OPEN)
    asked.picks.append(RequestPick(rank=1, mentor_id=mentor_a.id, status=PickStatus.ASKED,
                                   respond_by=respond_by_for(cohort_a)))
    with_admins = MentorRequest(enrollment_id=enrollment_a.id, role="skill", skill="html",
                                status=RequestStatus.WITH_ADMINS)
    db.session.add_all([asked, with_admins])
    db.session.commit()
    return {"requests_mentor_a2": mentor_a2.id, "requests_mentorship_a": mentorship.id,
            "requests_request_a": asked.id, "requests_pick_a": asked.picks[0].id,
            "requests_with_admins_a": with_admins.id}


# --- Asks (issue 13) ---------------------------------------------------------------------------
def _asks_world(enrollment_a: Enrollment) -> dict:
    """Learner A's open ask in cohort A, with a file, held by nobody."""
    from lms.asks.services import AskData, open_ask

    ask = open_ask(enrollment_a, AskData(title="Is my pricing table right?", body="Three **packages**.",
                                         files=[UploadedFile("prices.txt", b"basic 100\npro 300\n")]),
                   enrollment_a.user)
    db.session.commit()
    return {"ask_a": ask.id, "ask_file_a": ask.files[0].id}


def enrollment_of(cohort_id: int, user_id: int) -> Enrollment:
    return db.session.query(Enrollment).filter_by(cohort_id=cohort_id, user_id=user_id).one()


# --- The one mentor queue and feedback on feedback (issue 13) ---------------------------------
def _queue_world(world: TwoCohorts) -> dict:
    """Learner A has an open ask in cohort A (written as a row: the queue only reads it) and
    rated review A helpful with a comment, so the queue, the review page and the feedback
    page all have something to show."""
    from lms.asks.models import Ask
    from lms.reviews.models import ReviewRating

    ask = Ask(cohort_id=world.cohort_a, enrollment_id=world.enrollment_a, user_id=world.learner_a,
              title="Is my payment schedule fair?", body="Is *this* clause clear?",
              body_html="<p>Is <em>this</em> clause clear?</p>", lesson_id=world.assignment_a_id)
    rating = ReviewRating(review_id=world.review_a, user_id=world.learner_a, helpful=True,
                          comment="The alt text tip helped.")
    db.session.add_all([ask, rating])
    db.session.commit()
    return {"queue_ask_a": ask.id, "queue_rating_a": rating.id}


# --- Meetings (issue 14): availability, one-to-one sessions, workshops -----------------------
def _meetings_availability_world(world: TwoCohorts) -> dict:
    """Mentors A (Berlin) and B (UTC) publish weekday hours 09:00-17:00, 30- and 60-minute
    sessions (schedules at version 1, as the matrix's form says); mentor A is away for a day a
    month ahead (past the 28-day horizon)."""
    from datetime import datetime, timezone

    from lms.auth.models import User
    from lms.meetings.models import AvailabilityException, ExceptionKind
    from tests.factories.meetings import make_schedule

    make_schedule(db.session.get(User, world.mentor_a), timezone="Europe/Berlin", lengths=(30, 60), commit=False)
    make_schedule(db.session.get(User, world.mentor_b), commit=False)
    day = datetime.combine(date.today() + timedelta(days=30), datetime.min.time(), timezone.utc)
    away = AvailabilityException(mentor_id=world.mentor_a, kind=ExceptionKind.AWAY, starts_at=day,
                                 ends_at=day + timedelta(days=1), note="Conference")
    db.session.add(away)
    db.session.commit()
    return {"availability_exception_a": away.id}


def _meetings_bookings_world(world: TwoCohorts) -> dict:
    """Learner A has a confirmed session with mentor A next Monday at 09:00 UTC, and Tuesday
    10:00 UTC is free to book (inside mentor A's Berlin hours, on a slot boundary)."""
    from datetime import datetime, time, timezone

    from lms.auth.models import User
    from tests.factories.meetings import make_booking

    mentor_a = db.session.get(User, world.mentor_a)
    today = datetime.now(timezone.utc).date()
    monday = today + timedelta(days=7 - today.weekday())
    booking = make_booking(db.session.get(Enrollment, world.enrollment_a), mentor_a,
                           datetime.combine(monday, time(9), tzinfo=timezone.utc))
    free = datetime.combine(monday + timedelta(days=1), time(10), tzinfo=timezone.utc)
    return {"booking_a": booking.id, "booking_slot_a": free.isoformat()}


def _meetings_workshops_world(world: TwoCohorts) -> dict:
    """Cohort A's workshop in three days at 20:00 UTC (outside mentor A's hours, so it takes none
    of their slots), hosted by mentor A, with free seats and nobody registered."""
    from datetime import datetime, time, timezone

    from lms.auth.models import User
    from tests.factories.meetings import make_workshop

    starts_at = datetime.combine(datetime.now(timezone.utc).date() + timedelta(days=3), time(20), timezone.utc)
    cohort_a = db.session.get(Cohort, world.cohort_a)
    workshop = make_workshop(db.session.get(User, world.mentor_a), starts_at, cohort=cohort_a, seats=5)
    return {"workshop_a": workshop.id}


# --- Community moderation and search (issue 15) ---------------------------------------------
def _community_moderation_world(world: TwoCohorts) -> dict:
    """Cohort A's and track A's spaces (made here unless they exist), learner A's topic with
    mentor A's reply (reported by learner A) and a hidden reply, and a hidden topic."""
    from lms.auth.models import User
    from lms.community.models import PostReport, Space, SpaceKind
    from tests.factories.community_rows import make_post, make_topic

    def space(**key) -> Space:
        found = db.session.query(Space).filter_by(**key).first()
        if found is None:
            found = Space(track_id=cohort_a.track_id, **key)
            db.session.add(found)
            db.session.flush()
        return found

    cohort_a = db.session.get(Cohort, world.cohort_a)
    space_a = space(kind=SpaceKind.COHORT, cohort_id=cohort_a.id)
    track_space = space(kind=SpaceKind.TRACK, cohort_id=None)
    learner_a, mentor_a = (db.session.get(User, i) for i in (world.learner_a, world.mentor_a))
    topic = make_topic(space_a, learner_a, title="Pricing a landing page", body="How do you price **scope**?")
    reply = make_post(topic, mentor_a, body="By the project, with a clear scope.")
    hidden = make_post(topic, learner_a, body="My phone number", hidden=True)
    hidden_topic = make_topic(space_a, learner_a, title="Spam", body="Buy now", hidden=True)
    db.session.add(PostReport(post_id=reply.id, reporter_id=learner_a.id, reason="Too blunt"))
    db.session.commit()
    return {"moderation_space_a": space_a.id, "moderation_track_space_a": track_space.id,
            "moderation_topic_a": topic.id, "moderation_post_a": reply.id, "moderation_hidden_post_a": hidden.id,
            "moderation_hidden_topic_a": hidden_topic.id}
# --- Peer review: the mentor's and the author's side (issue 15) -----------------------------
def _peer_feedback_world(world: TwoCohorts) -> dict:
    """Assignment A asks for two anonymous peer reviews; two more learners of cohort A each
    reviewed learner A's waiting attempt; learner A reported the second review (open)."""
    from lms.peer.models import ReportStatus
    from lms.submissions.models import Submission
    from tests.factories.peer_rows import ask_for_peers, make_peer_learner, make_peer_review

    ask_for_peers(db.session.get(Lesson, world.assignment_a_id), anonymous=True, commit=False)
    cohort_a = db.session.get(Cohort, world.cohort_a)
    submission = db.session.get(Submission, world.submission_a)
    n = uuid.uuid4().hex[:8]
    reviews = []
    for name, report in (("Rita Reviewer", ReportStatus.NONE), ("Paul Peer", ReportStatus.OPEN)):
        _, enrollment = make_peer_learner(cohort_a, name=name, email=f"{name.split()[0].lower()}-{n}@example.org")
        reviews.append(make_peer_review(submission, enrollment, levels=(0, 1), comment="Clear headings.",
                                        report_status=report, report_reason="Mocking" if report else "",
                                        commit=False))
    db.session.commit()
    return {"peer_review_a": reviews[0].id, "peer_reported_a": reviews[1].id}
def _community_core_world(world: TwoCohorts) -> dict:
    """Cohort A's space: learner A's question (with a file) and mentor A's answer, not accepted.
    Learner A and mentor A agreed to the code of conduct; nobody else did."""
    from lms.auth.models import User
    from lms.community import posting, spaces
    from lms.community.files import UploadedFile as PostUpload
    from lms.community.models import Post, TopicKind

    learner_a, mentor_a = db.session.get(User, world.learner_a), db.session.get(User, world.mentor_a)
    space = spaces.cohort_space(db.session.get(Cohort, world.cohort_a))
    topic = posting.open_topic(space, posting.TopicData(
        title="Where do I start?", body="Is **this** the right start?", kind=TopicKind.QUESTION, agreed=True,
        client_key=str(uuid.uuid4()), files=[PostUpload("start.txt", b"my notes")]), learner_a)
    answer = posting.reply(topic, posting.PostData(body="Start small.", client_key=str(uuid.uuid4()), agreed=True),
                           mentor_a)
    db.session.flush()
    opening = db.session.scalar(db.select(Post).where(Post.topic_id == topic.id).order_by(Post.id).limit(1))
    post_file = opening.files[0]
    db.session.commit()
    return {"community_space_a": space.id, "community_track_a_id": space.track_id, "community_topic_a": topic.id,
            "community_post_a": opening.id, "community_answer_a": answer.id, "community_file_a": post_file.id}
# --- Peer mentors (issue 15) ------------------------------------------------------------------

def _peer_mentors_world(world: TwoCohorts) -> dict:
    """Gus completed track A in an earlier cohort; an admin invited him to cohort A (not answered)."""
    from lms.auth.models import User
    from tests.factories.peermentors import make_graduate, make_seat

    cohort_a = db.session.get(Cohort, world.cohort_a)
    graduate, _ = make_graduate(cohort_a, commit=False)
    seat = make_seat(cohort_a, graduate, invited_by=db.session.get(User, world.admin))
    return {"peer_graduate": graduate.id, "peer_seat_a": seat.id}
# --- Peer review, learner side (issue 15) ------------------------------------------------------
def _peer_learn_world(world: TwoCohorts) -> dict:
    """Assignment A asks for one anonymous peer review on its own rubric, with a calibration
    example. Pia, a second learner of cohort A, handed it in with a file; learner A owes one
    review (not calibrated yet) and holds a lease on Pia's hand-in."""
    from lms.database import utcnow
    from lms.peer.models import PeerDuty, PeerReview
    from lms.tracks.peerspec import peer_settings

    assignment = db.session.get(Lesson, world.assignment_a_id)
    rubric = (assignment.spec or {}).get("rubric") or []
    assignment.spec = {**assignment.spec, "peer": {"reviews": 1, "anonymous": True, "rubric": rubric,
                                                   "calibration": {"text": "An **example**",
                                                                   "scores": [0] * len(rubric)}}}
    assert peer_settings(assignment.spec) is not None
    pia = make_user(email=f"pia{world.cohort_a}@example.org", name="Pia Peer", commit=False)
    cohort_a = db.session.get(Cohort, world.cohort_a)
    pia_enrollment = enrolment.enrol(cohort_a, pia, EnrollmentRole.LEARNER)
    attempt = submit_attempt(pia_enrollment, assignment, AttemptData(
        idempotency_key=str(uuid.uuid4()), text="Pia's site", files=[UploadedFile("pia-notes.txt", b"notes")]), pia)
    now = utcnow()
    duty = PeerDuty(enrollment_id=world.enrollment_a, lesson_id=assignment.id, cohort_id=world.cohort_a,
                    required=1, created_at=now)
    lease = PeerReview(submission_id=attempt.submission_id, attempt_id=attempt.id, lesson_id=assignment.id,
                       cohort_id=world.cohort_a, reviewer_id=world.learner_a, reviewer_enrollment_id=world.enrollment_a,
                       leased_at=now, lease_expires_at=now + timedelta(days=30))
    db.session.add_all([duty, lease])
    db.session.commit()
    return {"peer_duty_a": duty.id, "peer_lease_a": lease.id}
