"""Every XSS payload of the shared corpus, written into every place users write text.

Short fields (names, cohort names, file names) get the payloads packed into as many
values as their length allows; long fields (Markdown bios, descriptions, submission
texts, feedback, rubric comments) get them in about ten large chunks, one payload a
paragraph. ``build_content_world`` writes it all next to the two-cohort world:

- one "probe" learner in cohort A per name chunk, each with a certificate and a
  submission (attempt 1 reviewed by mentor A, attempt 2 waiting) — the review queue,
  cohort pages, gradebook and certificate lists then show every name;
- the first probes ("fat" probes), one per large chunk, carry that chunk as attempt
  texts, feedback and rubric comments, a link, and the file names of their attempts;
- cohorts named after the cohort-name chunks, with the large chunks as descriptions,
  learner A and mentor A enrolled in each.

Bios, learner A's notifications and the enrolment CSV are written per round by the
tests themselves (one value per user at a time): see ``bio_rounds`` and friends.
The rows are written directly (not through the forms): the pages must stay safe even
for values a form would have refused.
"""
from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from lms.auth.models import User
from lms.certificates.codes import hash_code, new_code
from lms.certificates.models import Certificate, CertificateStatus
from lms.certificates.services import next_status_list_index
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.rendering import render_user_markdown
from lms.reviews.models import Decision, Review
from lms.storage import put
from lms.submissions.models import Attempt, AttemptFile, Submission, SubmissionStatus
from tests.corpus import corpus_lines
from tests.factories.scenario import TwoCohorts

NAME_LIMIT = 120        # User.name, Certificate.learner_name
COHORT_NAME_LIMIT = 200
FILE_NAME_LIMIT = 250
TITLE_LIMIT = 300       # Notification.title
CHUNK_LIMIT = 2000      # Markdown fields: bios, descriptions, texts, feedback, comments


def payloads() -> list[str]:
    """Every line of ``../shared/corpus/xss/*.txt`` (skips the test when the corpus is absent)."""
    return [line for _, line in corpus_lines("xss")]


def pack(items: list[str], limit: int, separator: str = " ") -> list[str]:
    """``items`` joined into values of at most ``limit`` characters (a longer item is cut)."""
    values, current = [], ""
    for item in items:
        item = item[:limit]
        if current and len(current) + len(separator) + len(item) > limit:
            values.append(current)
            current = item
        else:
            current = f"{current}{separator}{item}" if current else item
    if current:
        values.append(current)
    return values


def markdown_chunks() -> list[str]:
    return pack(payloads(), CHUNK_LIMIT, "\n\n")


def name_chunks() -> list[str]:
    return pack(payloads(), NAME_LIMIT)


@dataclass(frozen=True)
class ContentWorld:
    probes: list[int]              # user ids, one per name chunk
    fat_submissions: list[int]     # submission ids of the fat probes
    certificate_codes: list[str]   # of the fat probes
    cohorts: list[int]             # the cohorts named with payloads
    described_cohorts: list[int]   # those with a payload description


def build_content_world(world: TwoCohorts) -> ContentWorld:
    names, chunks = name_chunks(), markdown_chunks()
    file_names = [name + ".txt" for name in pack(payloads(), FILE_NAME_LIMIT - 4)]
    cohort_a = db.session.get(Cohort, world.cohort_a)
    now = utcnow()
    users = [User(email=f"probe{i}@example.org", name=name, bio="", timezone="UTC", is_active=True,
                  session_token=secrets.token_urlsafe(16)) for i, name in enumerate(names)]
    db.session.add_all(users)
    db.session.flush()
    enrollments = [Enrollment(cohort_id=world.cohort_a, user_id=user.id, role=EnrollmentRole.LEARNER,
                              mentor_id=world.mentor_a, enrolled_at=now) for user in users]
    db.session.add_all(enrollments)
    db.session.flush()
    stored = put(b"probe file\n")
    fat_submissions, codes = [], []
    for i, (user, enrollment) in enumerate(zip(users, enrollments, strict=True)):
        fat = i < len(chunks)
        text = chunks[i] if fat else user.name
        submission = Submission(cohort_id=world.cohort_a, enrollment_id=enrollment.id, user_id=user.id,
                                lesson_id=world.assignment_a_id, status=SubmissionStatus.SUBMITTED, attempt_count=2,
                                waiting_since=now)
        first = Attempt(submission=submission, number=1, text=text, text_html=render_user_markdown(text),
                        url="https://example.org/?q=" + text[:1900], idempotency_key=str(uuid.uuid4()),
                        submitted_at=now - timedelta(days=1))
        # The second attempt changes every other line, so the review page shows a diff of payloads.
        second_text = "\n".join(line + " (v2)" if n % 2 else line for n, line in enumerate(text.split("\n")))
        second = Attempt(submission=submission, number=2, text=second_text,
                         text_html=render_user_markdown(second_text), url=first.url,
                         idempotency_key=str(uuid.uuid4()), submitted_at=now)
        db.session.add_all([submission, first, second])
        if fat:
            for name in file_names[i::len(chunks)]:
                for attempt in (first, second):
                    attempt.files.append(AttemptFile(storage_key=stored, filename=name, extension="txt", size=11))
        db.session.flush()
        db.session.add(Review(submission_id=submission.id, attempt_id=first.id, reviewer_id=world.mentor_a,
                              decision=Decision.REQUEST_CHANGES, rubric_snapshot=_rubric(), max_points=8,
                              scores=[{"level": 0, "points": 4, "comment": text},
                                      {"level": 1, "points": 2, "comment": text[::-1]}],
                              total_points=6, pass_points=5, passed=False, feedback=text, created_at=now))
        code = new_code()
        db.session.add(_certificate(user, cohort_a, code, now))
        if fat:
            fat_submissions.append(submission.id)
            codes.append(code)
    db.session.execute(Cohort.__table__.update().where(Cohort.__table__.c.id == world.cohort_a)
                       .values(seats_taken=Cohort.__table__.c.seats_taken + len(users)))
    cohort_ids, described = _payload_cohorts(world, chunks)
    db.session.commit()
    return ContentWorld([u.id for u in users], fat_submissions, codes, cohort_ids, described)


def _rubric() -> list[dict]:
    from tests.factories.submissions import RUBRIC
    return RUBRIC


def _certificate(user: User, cohort: Cohort, code: str, now) -> Certificate:
    return Certificate(
        user_id=user.id, cohort_id=cohort.id, track_id=cohort.track_id, status=CertificateStatus.ISSUED,
        code=code, code_hash=hash_code(code), learner_name=user.name, track_slug="track-a", track_title="Track A",
        track_version=1, cohort_name=cohort.name, cohort_starts_on=cohort.starts_on, cohort_ends_on=cohort.ends_on,
        completed_at=now, mentor_names=["Mia Mentor"], skills=["html"], title="Certificate of Completion",
        statement="has completed Track A.", criteria="Everything.", identity_salt="00" * 8, identity_hash="x" * 64,
        status_list_index=next_status_list_index(), created_at=now, issued_at=now)


def _payload_cohorts(world: TwoCohorts, chunks: list[str]) -> tuple[list[int], list[int]]:
    cohort_a = db.session.get(Cohort, world.cohort_a)
    starts_on = date.today() - timedelta(days=3)
    cohorts = [Cohort(name=name, track_id=cohort_a.track_id, starts_on=starts_on,
                      ends_on=starts_on + timedelta(days=60), status=CohortStatus.RUNNING,
                      description=chunks[i] if i < len(chunks) else "")
               for i, name in enumerate(pack(payloads(), COHORT_NAME_LIMIT))]
    db.session.add_all(cohorts)
    db.session.flush()
    db.session.add_all([Enrollment(cohort_id=cohort.id, user_id=user_id, role=role, enrolled_at=utcnow())
                        for cohort in cohorts
                        for user_id, role in ((world.learner_a, EnrollmentRole.LEARNER),
                                              (world.mentor_a, EnrollmentRole.MENTOR))])
    return [c.id for c in cohorts], [c.id for c in cohorts[:len(chunks)]]
