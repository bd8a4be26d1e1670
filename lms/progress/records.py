"""What learners have done, per enrolment and lesson, loaded in bulk.

One loader answers every page, export and rule that needs progress: the learner's track
pages and dashboard, the mentor dashboard, the cohort grid and at-risk list, the CSV
exports, the progress chart and certificate eligibility. It issues at most three queries
(lessons marked, quiz attempts, submissions with their latest review), plus one for the
track's lessons when the caller has not loaded them, however many enrolments.

A lesson is done when marked complete, a quiz when an attempt passed, an assignment when
its submission in this enrolment is approved and, when the assignment asks for peer
reviews, the learner's peer duty is met (or waived): done at the later of the two. (The
duties are one more query, only when some assignment asks for peer reviews.) Work credited from an earlier enrolment
counts as done but is labelled ``credited`` and is never activity in this enrolment.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select

from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.database import as_utc
from lms.extensions import db
from lms.peer.models import PeerDuty
from lms.progress import figures
from lms.progress.models import LessonProgress, QuizAttempt
from lms.reviews.outcomes import AssignmentStatus, assignment_statuses
from lms.submissions.models import SubmissionStatus
from lms.tracks.models import Lesson, LessonKind
from lms.tracks.peerspec import peer_settings
from lms.tracks.queries import current_lessons

# Assignment statuses that mean the learner handed something in (not overdue any more).
HANDED_IN = frozenset(s.value for s in (SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW,
                                        SubmissionStatus.APPROVED, SubmissionStatus.NOT_PASSED))


@dataclass(frozen=True)
class QuizResult:
    best_percent: int
    passed: bool
    attempts: int
    credited: bool = False


@dataclass
class EnrolmentProgress:
    """One learner's work in one enrolment, over the current lessons of its track."""

    enrollment_id: int
    user_id: int
    cohort_id: int
    lesson_ids: tuple[int, ...] = ()
    kinds: dict[int, LessonKind] = field(default_factory=dict)
    done: set[int] = field(default_factory=set)
    done_at: dict[int, datetime] = field(default_factory=dict)
    credited: set[int] = field(default_factory=set)
    quizzes: dict[int, QuizResult] = field(default_factory=dict)
    assignments: dict[int, AssignmentStatus] = field(default_factory=dict)
    last_activity: datetime | None = None

    @property
    def total(self) -> int:
        return len(self.lesson_ids)

    @property
    def done_count(self) -> int:
        return len(self.done.intersection(self.lesson_ids))

    @property
    def percent(self) -> int:
        return figures.percent(self.done_count, self.total)

    @property
    def is_complete_by_items(self) -> bool:
        return self.total > 0 and self.done_count == self.total

    def is_done(self, lesson) -> bool:
        return getattr(lesson, "id", lesson) in self.done

    def is_credited(self, lesson) -> bool:
        return getattr(lesson, "id", lesson) in self.credited

    def assignment_status(self, lesson) -> str:
        entry = self.assignments.get(getattr(lesson, "id", lesson))
        return entry.status if entry is not None else ""

    def handed_in(self, lesson) -> bool:
        return self.assignment_status(lesson) in HANDED_IN

    def counts(self) -> figures.Counts:
        """Done and total per kind, for the "3 / 4 lessons read" lines."""
        return figures.counts((self.kinds[i], i in self.done) for i in self.lesson_ids)

    def _saw(self, moment: datetime | None) -> None:
        if moment is not None and (self.last_activity is None or moment > self.last_activity):
            self.last_activity = moment


def for_cohort(cohort: Cohort, lessons: list[Lesson] | None = None, *,
               enrollments: Iterable[Enrollment] | None = None) -> dict[int, EnrolmentProgress]:
    """Every learner enrolment of ``cohort`` (withdrawn included), by enrolment id.

    Pass the cohort's ``enrollments`` when the page has loaded them already (one query
    fewer); the rows are read with a subquery on the cohort, never a list of ids.
    """
    if enrollments is None:
        enrollments = db.session.scalars(select(Enrollment).where(Enrollment.cohort_id == cohort.id))
    meta = [(e.id, e.user_id, cohort.id, cohort.track_id) for e in enrollments
            if e.role == EnrollmentRole.LEARNER and e.cohort_id == cohort.id]
    if lessons is None:
        lessons = current_lessons([cohort.track_id])
    learners = select(Enrollment.id).where(Enrollment.cohort_id == cohort.id,
                                           Enrollment.role == EnrollmentRole.LEARNER)
    return _load(meta, lessons, learners.scalar_subquery())


def for_enrollments(enrollments: Iterable[Enrollment], lessons: list[Lesson] | None = None
                    ) -> dict[int, EnrolmentProgress]:
    """These enrolments (of any cohorts, their cohorts loaded), by enrolment id."""
    meta = [(e.id, e.user_id, e.cohort_id, e.cohort.track_id) for e in enrollments]
    if not meta:
        return {}
    if lessons is None:
        lessons = current_lessons({track_id for *_, track_id in meta})
    return _load(meta, lessons, [enrollment_id for enrollment_id, *_ in meta])


def for_enrollment(enrollment: Enrollment, lessons: list[Lesson] | None = None) -> EnrolmentProgress:
    return for_enrollments([enrollment], lessons)[enrollment.id]


def _load(meta: list[tuple[int, int, int, int]], lessons: list[Lesson], enrolments) -> dict[int, EnrolmentProgress]:
    by_track: dict[int, list[Lesson]] = {}
    for lesson in lessons:
        by_track.setdefault(lesson.track_id, []).append(lesson)
    result = {}
    for enrollment_id, user_id, cohort_id, track_id in meta:
        own = by_track.get(track_id, [])
        result[enrollment_id] = EnrolmentProgress(enrollment_id, user_id, cohort_id, tuple(l.id for l in own),
                                                  {l.id: l.kind for l in own})
    if not result:
        return result

    def of_kind(kind: LessonKind) -> list[int]:
        return [lesson.id for lesson in lessons if lesson.kind is kind]

    _read_lessons(result, enrolments, of_kind(LessonKind.LESSON))
    _read_quizzes(result, enrolments, of_kind(LessonKind.QUIZ))
    peer_ids = {lesson.id for lesson in lessons
                if lesson.kind is LessonKind.ASSIGNMENT and peer_settings(lesson.spec) is not None}
    _read_assignments(result, enrolments, of_kind(LessonKind.ASSIGNMENT), peer_ids)
    return result


def _read_lessons(result, enrolments, lesson_ids) -> None:
    if not lesson_ids:
        return
    for enrollment_id, lesson_id, completed_at, credited_from in db.session.execute(
            select(LessonProgress.enrollment_id, LessonProgress.lesson_id, LessonProgress.completed_at,
                   LessonProgress.credited_from_id)
            .where(LessonProgress.enrollment_id.in_(enrolments), LessonProgress.lesson_id.in_(lesson_ids))):
        record = result.get(enrollment_id)
        if record is None or lesson_id not in record.kinds:
            continue
        record.done.add(lesson_id)
        record.done_at[lesson_id] = completed_at
        if credited_from is not None:
            record.credited.add(lesson_id)
        else:
            record._saw(completed_at)


def _read_quizzes(result, enrolments, quiz_ids) -> None:
    if not quiz_ids:
        return
    own = QuizAttempt.credited_from_id.is_(None)
    first_pass = func.min(case((QuizAttempt.passed.is_(True), QuizAttempt.submitted_at)))
    for enrollment_id, lesson_id, best, passed_at, count, latest_own, credited in db.session.execute(
            select(QuizAttempt.enrollment_id, QuizAttempt.lesson_id, func.max(QuizAttempt.percent), first_pass,
                   func.count(QuizAttempt.id), func.max(case((own, QuizAttempt.submitted_at))),
                   func.max(case((own, 0), else_=1)))
            .where(QuizAttempt.enrollment_id.in_(enrolments), QuizAttempt.lesson_id.in_(quiz_ids))
            .group_by(QuizAttempt.enrollment_id, QuizAttempt.lesson_id)):
        record = result.get(enrollment_id)
        if record is None or lesson_id not in record.kinds:
            continue
        only_credited = bool(credited) and latest_own is None
        record.quizzes[lesson_id] = QuizResult(best, passed_at is not None, count, only_credited)
        if passed_at is not None:
            record.done.add(lesson_id)
            record.done_at[lesson_id] = as_utc(passed_at)
            if only_credited:
                record.credited.add(lesson_id)
        record._saw(as_utc(latest_own))


def _read_assignments(result, enrolments, assignment_ids, peer_ids=frozenset()) -> None:
    if not assignment_ids:
        return
    duties = _peer_duties_met(enrolments, peer_ids)
    for (enrollment_id, lesson_id), status in assignment_statuses(enrolments, assignment_ids).items():
        record = result.get(enrollment_id)
        if record is None or lesson_id not in record.kinds:
            continue
        record.assignments[lesson_id] = status
        met = duties.get((enrollment_id, lesson_id), True) if lesson_id in peer_ids else True
        if status.status == SubmissionStatus.APPROVED.value and met is not None:
            record.done.add(lesson_id)
            moments = [m for m in (status.decided_at, met if isinstance(met, datetime) else None) if m is not None]
            if moments:
                record.done_at[lesson_id] = max(moments)
        record._saw(status.submitted_at)


def _peer_duties_met(enrolments, peer_ids) -> dict[tuple[int, int], datetime | None]:
    """(enrolment, assignment) -> when the peer duty was met, None while unmet; no row, no duty."""
    if not peer_ids:
        return {}
    return {(enrollment_id, lesson_id): as_utc(met_at) for enrollment_id, lesson_id, met_at in db.session.execute(
        select(PeerDuty.enrollment_id, PeerDuty.lesson_id, PeerDuty.met_at)
        .where(PeerDuty.enrollment_id.in_(enrolments), PeerDuty.lesson_id.in_(peer_ids)))}
