"""What learners did: lessons marked, quiz attempts, hand-ins with their reviews, certificates."""
from __future__ import annotations

from datetime import datetime, timedelta

from bench.seeding.plan import CohortPlan, World
from bench.seeding.writer import Writer
from lms.certificates.badges import describe_rule, identity_hash
from lms.certificates.codes import ALPHABET, CODE_LENGTH, hash_code
from lms.certificates.models import Certificate, CertificateStatus
from lms.cohorts.models import CohortStatus, EnrollmentStatus
from lms.peer.models import PeerDuty
from lms.progress.models import LessonProgress, QuizAttempt
from lms.rendering import render_user_markdown
from lms.reviews.models import Decision, Review
from lms.submissions.models import Attempt, Submission, SubmissionStatus
from lms.tracks.models import LessonKind

S = SubmissionStatus
# Hand-ins the learner is working on now, and those settled weeks ago.
RECENT = ((S.SUBMITTED, 30), (S.IN_REVIEW, 10), (S.CHANGES_REQUESTED, 25), (S.APPROVED, 30), (S.NOT_PASSED, 5))
SETTLED = ((S.APPROVED, 93), (S.CHANGES_REQUESTED, 5), (S.NOT_PASSED, 2))
TEXTS = (
    "Here is my work. I kept the **scope** tight and listed what is *not* included.\n\n- Deliverables\n- Timeline",
    "Second pass after your notes: I rewrote the summary and fixed the links.\n\n> Thanks for the checklist!",
    "I was unsure about the pricing table, so I added two options:\n\n1. Fixed price\n2. Day rate",
)
FEEDBACK = ("Clear and complete. The exclusions list will save you arguments later.",
            "Good start. Please make the acceptance criteria checkable and add a change process.",
            "The structure is right; the details need another pass before a client sees it.")


def seed_work(world: World, writer: Writer) -> None:
    writer.phase("progress and hand-ins")
    texts = [(text, render_user_markdown(text)) for text in TEXTS]
    for cohort in world.cohorts:
        for enrolment_id, user_id, status in cohort.learners:
            _learner(world, writer, cohort, enrolment_id, user_id, status, texts)
    writer.phase("certificates")
    _certificates(world, writer)


def _pick(world: World, weighted) -> object:
    return world.rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def _learner(world: World, writer: Writer, cohort: CohortPlan, enrolment_id: int, user_id: int, status: str,
             texts) -> None:
    rng, lessons = world.rng, cohort.track.lessons
    finished = cohort.status == CohortStatus.FINISHED
    # Some have finished the track (most, in a finished cohort); the others are spread along it.
    share = 1.0 if rng.random() < (0.7 if finished else 0.15) else rng.random()
    if status == EnrollmentStatus.WITHDRAWN:
        share = min(share, 0.2)
    reached = round(share * len(lessons))
    start = world.enrolment_started[enrolment_id] + timedelta(days=1)
    end = min(world.now - timedelta(hours=3), datetime.combine(cohort.ends_on, datetime.min.time(),
                                                               tzinfo=world.now.tzinfo))
    step = (end - start) / (len(lessons) + 1)
    mentor = world.enrolment_mentor.get(enrolment_id) or cohort.mentors[0]
    complete, points, maximum, last = reached == len(lessons), 0, 0, start
    for index, lesson in enumerate(lessons[:reached]):
        at = start + step * (index + 1)
        last = at
        if lesson["kind"] == LessonKind.LESSON:
            writer.add(LessonProgress.__table__, {"enrollment_id": enrolment_id, "lesson_id": lesson["id"],
                                                  "completed_at": at, "credited_from_id": None})
        elif lesson["kind"] == LessonKind.QUIZ:
            recent = index >= reached - 1 and not finished and share < 1.0
            complete &= _quiz(world, writer, enrolment_id, lesson, at, recent=recent)
        else:
            recent = index >= reached - 2 and not finished and share < 1.0
            submission_status = _pick(world, RECENT if recent else SETTLED)
            got, out_of = _hand_in(world, writer, cohort, enrolment_id, user_id, lesson, submission_status, at,
                                   step, mentor, texts)
            complete &= submission_status == S.APPROVED
            points, maximum = points + got, maximum + out_of
    if complete and status != EnrollmentStatus.WITHDRAWN:
        world.completed.append((enrolment_id, user_id, cohort.id, last + timedelta(hours=1), points, maximum))


def _quiz(world: World, writer: Writer, enrolment_id: int, lesson: dict, at: datetime, *, recent: bool) -> bool:
    spec = lesson["spec"]
    questions = len(spec.get("questions") or []) or 1
    tries = world.rng.choices((1, 2, 3), (70, 20, 10))[0]
    tries = min(tries, spec.get("max_attempts") or 3)
    passes = not (recent and world.rng.random() < 0.2)
    for number in range(1, tries + 1):
        passed = passes and number == tries
        correct = questions if passed else max(0, questions // 2 - 1)
        writer.add(QuizAttempt.__table__, {
            "enrollment_id": enrolment_id, "lesson_id": lesson["id"], "number": number,
            "answers": [[0]] * questions, "correct": correct, "total": questions,
            "percent": round(100 * correct / questions), "passed": passed,
            "submitted_at": at - timedelta(hours=tries - number), "credited_from_id": None})
    return passes


def _hand_in(world: World, writer: Writer, cohort: CohortPlan, enrolment_id: int, user_id: int, lesson: dict,
             status: SubmissionStatus, at: datetime, step: timedelta, mentor: int, texts) -> tuple[int, int]:
    rng, spec = world.rng, lesson["spec"]
    attempts = {S.APPROVED: rng.choices((1, 2, 3), (60, 30, 10))[0], S.NOT_PASSED: 3,
                S.CHANGES_REQUESTED: rng.choice((1, 2)), S.SUBMITTED: rng.choice((1, 1, 2)),
                S.IN_REVIEW: rng.choice((1, 2))}[status]
    reviewed = attempts if status in (S.APPROVED, S.NOT_PASSED, S.CHANGES_REQUESTED) else attempts - 1
    gap = step / (attempts + 1)
    times = [at - gap * (attempts - number) for number in range(1, attempts + 1)]
    waiting = status in (S.SUBMITTED, S.IN_REVIEW)
    submission = writer.add(Submission.__table__, {
        "cohort_id": cohort.id, "enrollment_id": enrolment_id, "user_id": user_id, "lesson_id": lesson["id"],
        "status": status, "attempt_count": attempts, "waiting_since": times[-1] if waiting else None,
        "claimed_by_id": mentor if status == S.IN_REVIEW else None,
        "claimed_at": times[-1] + timedelta(minutes=30) if status == S.IN_REVIEW else None,
        "decided_at": times[reviewed - 1] + gap / 2 if reviewed else None, "created_at": times[0],
        "updated_at": times[-1], "version": 1 + attempts + reviewed})
    if status == S.SUBMITTED and "review_submission" not in world.samples and cohort is world.cohorts[0]:
        world.samples["review_submission"] = submission["id"]
    due = times[0] + timedelta(days=-1 if rng.random() < 0.1 else 2)
    got = out_of = 0
    for number, handed_at in enumerate(times, 1):
        text, html = texts[(number + submission["id"]) % len(texts)]
        attempt = writer.add(Attempt.__table__, {
            "submission_id": submission["id"], "number": number, "text": text, "text_html": html,
            "url": f"https://example.org/work-{submission['id']}-{number}" if "url" in spec.get("submission", [])
            else None, "submitted_at": handed_at, "due_at": due, "is_late": handed_at > due,
            "idempotency_key": f"seed-{submission['id']}-{number}"})
        if number > reviewed:
            continue
        decision = Decision.REQUEST_CHANGES
        if number == attempts and status == S.APPROVED:
            decision = Decision.APPROVE
        elif number == attempts and status == S.NOT_PASSED:
            decision = Decision.NOT_PASSED
        got, out_of = _review(world, writer, submission["id"], attempt["id"], lesson, decision, mentor,
                              handed_at + gap / 2)
    if spec.get("peer", {}).get("reviews"):
        writer.add(PeerDuty.__table__, {
            "enrollment_id": enrolment_id, "lesson_id": lesson["id"], "cohort_id": cohort.id,
            "required": spec["peer"]["reviews"], "given": 0, "created_at": times[0],
            "met_at": times[0] + timedelta(hours=1), "waived_reason": "Seeded organisation: no peer reviews written.",
            "waived_by_id": None})
    return (got, out_of) if status == S.APPROVED else (0, out_of)


def _review(world: World, writer: Writer, submission_id: int, attempt_id: int, lesson: dict, decision: Decision,
            reviewer: int, at: datetime) -> tuple[int, int]:
    rubric = lesson["spec"].get("rubric") or []
    pass_points = lesson["spec"].get("pass_points")
    good = decision == Decision.APPROVE
    scores = []
    for criterion in rubric:
        levels = criterion["levels"]
        index = world.rng.choice((0, min(1, len(levels) - 1)) if good else (len(levels) - 2, len(levels) - 1))
        scores.append({"level": index, "points": levels[index]["points"], "comment": ""})
    maximum = sum(max(level["points"] for level in criterion["levels"]) for criterion in rubric)
    total = sum(score["points"] for score in scores)
    if good and pass_points is not None and total < pass_points:
        scores = [{"level": 0, "points": c["levels"][0]["points"], "comment": ""} for c in rubric]
    if not good and pass_points is not None and total >= pass_points:
        scores = [{"level": len(c["levels"]) - 1, "points": c["levels"][-1]["points"], "comment": ""} for c in rubric]
    total = sum(score["points"] for score in scores)
    writer.add(Review.__table__, {
        "submission_id": submission_id, "attempt_id": attempt_id, "reviewer_id": reviewer, "decision": decision,
        "rubric_snapshot": rubric, "scores": scores, "total_points": total, "max_points": maximum,
        "pass_points": pass_points, "passed": good, "feedback": FEEDBACK[0 if good else 1 + attempt_id % 2],
        "created_at": at})
    return total, maximum


def _certificates(world: World, writer: Writer) -> None:
    cohorts = {cohort.id: cohort for cohort in world.cohorts}
    for index, (enrolment_id, user_id, cohort_id, completed_at, points, maximum) in enumerate(world.completed):
        cohort, user = cohorts[cohort_id], world.users[user_id]
        track = cohort.track
        code = "".join(world.rng.choice(ALPHABET) for _ in range(CODE_LENGTH))
        salt = "%016x" % world.rng.getrandbits(64)
        revoked = world.rng.random() < 0.03
        mentor = world.users[world.enrolment_mentor.get(enrolment_id, cohort.mentors[0])]["name"]
        certificate = writer.add(Certificate.__table__, {
            "user_id": user_id, "cohort_id": cohort_id, "track_id": track.id,
            "status": CertificateStatus.REVOKED if revoked else CertificateStatus.ISSUED, "code": code,
            "code_hash": hash_code(code), "learner_name": user["name"], "track_slug": track.slug,
            "track_title": track.title, "track_version": track.version, "cohort_name": cohort.name,
            "cohort_starts_on": cohort.starts_on, "cohort_ends_on": cohort.ends_on, "completed_at": completed_at,
            "mentor_names": [mentor], "skills": track.skills, "score_points": points or None,
            "score_max": maximum or None, "title": (track.certificate or {}).get("title") or "Certificate",
            "statement": (track.certificate or {}).get("statement") or f"has completed {track.title}.",
            "criteria": describe_rule(track.completion), "identity_salt": salt,
            "identity_hash": identity_hash(user["email"], salt), "status_list_index": index,
            "created_at": completed_at, "issued_at": completed_at, "issued_by_id": None,
            "revoked_at": completed_at + timedelta(days=1) if revoked else None,
            "revoked_by_id": world.admin_id if revoked else None,
            "revocation_reason": "Issued in error." if revoked else None,
            "pdf_key": None, "pdf_sha256": None, "pdf_rendered_at": None})
        if not revoked:
            world.samples.setdefault("certificate_code", code)
            world.samples.setdefault("certificate_id", certificate["id"])

