"""Accounts, cohorts, enrolments and mentoring relationships."""
from __future__ import annotations

from datetime import timedelta

from bench.seeding.plan import CohortPlan, World
from bench.seeding.writer import Writer
from lms.auth.models import User
from lms.cohorts.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    MentorAssignment,
    Mentorship,
    MentorshipRole,
    MentorshipStatus,
)
from lms.meetings.models import AvailabilityRule, MentorSchedule
from lms.profiles.models import Profile, SkillLevel, UserSkill

FIRST = ("Ada", "Ben", "Chloé", "Dev", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luis", "Mei",
         "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Viktor", "Wen", "Yara", "Zoltan")
LAST = ("Okafor", "Berg", "Nair", "Taylor", "García", "Kowalski", "Haddad", "Nguyen", "Müller", "Rossi", "Silva",
        "Kim", "Dubois", "Novak", "Ahmed", "Ivanova", "Jensen", "Mensah", "Sato", "O'Brien")
ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "Asia/Singapore", "Africa/Lagos", "UTC")
# Share of learners who withdrew (their seat freed, their primary mentorship ended).
WITHDRAWN_SHARE = 0.03


def seed_people(world: World, writer: Writer) -> None:
    writer.phase("people")
    world.admin_id = _user(world, writer, "admin@seed.test", "Ada Admin", is_admin=True)
    _user(world, writer, "ops@seed.test", "Olu Operations", is_admin=True)
    world.mentor_ids = [_user(world, writer, f"mentor{n}@seed.test", _name(world, n + 7)) for n in
                        range(1, world.size.mentors + 1)]
    world.learner_ids = [_user(world, writer, f"learner{n}@seed.test", _name(world, n)) for n in
                         range(1, world.size.learners + 1)]
    _mentor_profiles(world, writer)
    writer.phase("cohorts")
    _cohorts(world, writer)


def _name(world: World, n: int) -> str:
    return f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n}"


def _user(world: World, writer: Writer, email: str, name: str, *, is_admin: bool = False) -> int:
    created = world.now - timedelta(days=200)
    row = writer.add(User.__table__, {
        "email": email, "name": name, "password_hash": world.password_hash, "is_admin": is_admin, "is_active": True,
        "created_at": created, "last_login_at": None, "bio": "", "timezone": world.rng.choice(ZONES),
        "session_token": "%022x" % world.rng.getrandbits(88), "email_confirmed_at": created})
    world.users[row["id"]] = row
    return row["id"]


def _mentor_profiles(world: World, writer: Writer) -> None:
    skills = sorted({skill for track in world.tracks for skill in track.skills})
    for n, mentor in enumerate(world.mentor_ids):
        writer.add(MentorSchedule.__table__, {
            "user_id": mentor, "timezone": world.users[mentor]["timezone"], "lengths": [30, 60], "buffer_minutes": 10,
            "notice_hours": 12, "horizon_days": 28, "max_per_day": None, "max_per_week": None,
            "requires_confirmation": n % 4 == 0, "room_url": f"https://meet.example.test/mentor-{mentor}",
            "cancel_hours": 12, "max_reschedules": 2, "updated_at": world.now, "version": 1}, with_id=False)
        for weekday in range(5):
            writer.add(AvailabilityRule.__table__, {"mentor_id": mentor, "weekday": weekday, "start_minute": 9 * 60,
                                                    "end_minute": 12 * 60})
        for skill in world.rng.sample(skills, min(3, len(skills))):
            writer.add(UserSkill.__table__, {"user_id": mentor, "skill": skill, "level": SkillLevel.STRONG})


def _cohorts(world: World, writer: Writer) -> None:
    size = world.size
    biggest = size.biggest or max(size.learners // 20, size.learners // size.cohorts)
    rest = size.learners - biggest
    shares = [biggest] + [rest // (size.cohorts - 1) + (1 if n < rest % (size.cohorts - 1) else 0)
                          for n in range(size.cohorts - 1)]
    per_cohort = max(2, 2 * size.mentors // size.cohorts)
    learners = iter(world.learner_ids)
    mentees: dict[int, int] = {mentor: 0 for mentor in world.mentor_ids}
    for number, share in enumerate(shares):
        track = world.tracks[number % len(world.tracks)]
        finished = number % 10 == 9
        starts_on = (world.now - timedelta(days=(120 if finished else 20 + number % 50))).date()
        cohort = CohortPlan(id=writer.new_id(Cohort.__table__), name=f"{track.title}: cohort {number + 1}",
                            track=track, starts_on=starts_on, ends_on=starts_on + timedelta(days=90),
                            status=CohortStatus.FINISHED if finished else CohortStatus.RUNNING,
                            timezone=ZONES[number % len(ZONES)])
        count = per_cohort * (2 if number == 0 else 1)
        cohort.mentors = [world.mentor_ids[(number * per_cohort + j) % len(world.mentor_ids)] for j in range(count)]
        cohort.mentors = list(dict.fromkeys(cohort.mentors))
        enrolled_at = world.now - timedelta(days=(world.now.date() - starts_on).days + 7)
        seats = 0
        cohort_rows = []
        for mentor in cohort.mentors:
            cohort_rows.append({"user_id": mentor, "role": EnrollmentRole.MENTOR, "status": EnrollmentStatus.ACTIVE,
                                "mentor_id": None, "max_mentees": None})
        for index in range(share):
            learner = next(learners)
            withdrawn = world.rng.random() < WITHDRAWN_SHARE
            mentor = cohort.mentors[index % len(cohort.mentors)]
            cohort_rows.append({"user_id": learner, "role": EnrollmentRole.LEARNER,
                                "status": EnrollmentStatus.WITHDRAWN if withdrawn else EnrollmentStatus.ACTIVE,
                                "mentor_id": None if withdrawn else mentor, "max_mentees": None, "_mentor": mentor})
            seats += 0 if withdrawn else 1
        writer.add(Cohort.__table__, {
            "id": cohort.id, "name": cohort.name, "track_id": track.id, "starts_on": cohort.starts_on,
            "ends_on": cohort.ends_on, "timezone": cohort.timezone,
            "capacity": None if number == 0 else share + 10, "status": cohort.status,
            "description": f"A mentored run of {track.title}.", "review_policy": "any_mentor",
            "review_turnaround_hours": 48, "learners_request_mentors": number % 3 == 0, "request_response_days": 3,
            "required_language": "", "ask_response_hours": 24, "ask_nudge_days": "2,5,9", "ask_timeout_days": 14,
            "version": 1, "seats_taken": seats, "created_at": enrolled_at - timedelta(days=14)})
        for row in cohort_rows:
            mentor = row.pop("_mentor", None)
            enrolment = writer.add(Enrollment.__table__, dict(row, cohort_id=cohort.id, enrolled_at=enrolled_at))
            if row["role"] == EnrollmentRole.LEARNER:
                cohort.learners.append((enrolment["id"], row["user_id"], row["status"]))
                world.enrolment_started[enrolment["id"]] = enrolled_at
                _mentorship(world, writer, enrolment, mentor, enrolled_at)
                if row["status"] == EnrollmentStatus.ACTIVE:
                    world.enrolment_mentor[enrolment["id"]] = mentor
                    mentees[mentor] += 1
        world.cohorts.append(cohort)
    for mentor, active in mentees.items():
        writer.add(Profile.__table__, {
            "user_id": mentor, "headline": "Freelancer and mentor", "bio_html": "<p>I review with a checklist.</p>",
            "languages": ["en"], "help_with": "Pricing, proposals and clean front-end work.",
            "max_mentees": None if mentor % 3 else active + 5, "hours_per_week": 4, "active_mentees": active,
            "away_until": None, "onboarded_at": world.now - timedelta(days=150), "offers_peer_mentoring": False,
            "updated_at": world.now, "version": 1}, with_id=False)


def _mentorship(world: World, writer: Writer, enrolment: dict, mentor: int, started) -> None:
    ended = enrolment["status"] == EnrollmentStatus.WITHDRAWN
    ended_at = started + timedelta(days=10) if ended else None
    writer.add(Mentorship.__table__, {
        "enrollment_id": enrolment["id"], "mentor_id": mentor, "role": MentorshipRole.PRIMARY, "skill": "",
        "status": MentorshipStatus.ENDED if ended else MentorshipStatus.ACTIVE, "started_at": started,
        "started_by_id": world.admin_id, "origin": "matched by an admin", "agreement_goals": "",
        "meeting_cadence": "every two weeks", "agreed_end_on": None, "checkin_due_at": started + timedelta(days=30),
        "checkin_answer": None, "checkin_comment": "", "checkin_answered_at": None, "ended_at": ended_at,
        "ended_by_id": world.admin_id if ended else None, "end_reason": "The learner withdrew." if ended else "",
        "closing_rating": None, "closing_comment": "", "closing_answered_at": None, "version": 1})
    writer.add(MentorAssignment.__table__, {"enrollment_id": enrolment["id"], "mentor_id": mentor,
                                            "assigned_by_id": world.admin_id, "assigned_at": started,
                                            "reason": "Matched by an admin"})
