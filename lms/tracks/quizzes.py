"""Quizzes: pure grading, and the service that records an attempt within the attempt limit."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.errors import DomainError
from lms.extensions import db
from lms.tracks.models import Lesson, LessonKind, QuizAttempt


class QuizError(DomainError):
    """The attempt was refused; the message is safe to show."""


class AttemptsUsedUp(QuizError):
    pass


@dataclass(frozen=True)
class QuestionResult:
    chosen: list[int]
    answer: list[int]

    @property
    def correct(self) -> bool:
        return self.chosen == self.answer


@dataclass(frozen=True)
class Grade:
    results: list[QuestionResult]
    correct: int
    total: int
    percent: int
    passed: bool


def grade(spec: dict, answers: list[list[int]]) -> Grade:
    """Grade ``answers`` (per question, the chosen choice indexes) against a quiz spec.

    A question counts when exactly its right choices are chosen. ``passed`` compares the
    exact score with ``pass_percent``; ``percent`` is rounded down for display.
    """
    questions = spec.get("questions", [])
    results = [QuestionResult(sorted(set(answers[i])) if i < len(answers) else [], list(q["answer"]))
               for i, q in enumerate(questions)]
    correct = sum(r.correct for r in results)
    total = len(results)
    pass_percent = spec.get("pass_percent", 70)
    return Grade(results, correct, total, correct * 100 // total if total else 0,
                 passed=total > 0 and correct * 100 >= pass_percent * total)


def validate_answers(spec: dict, answers: list[list[int]]) -> list[str]:
    """Problems with a submitted answer sheet, one message per question (empty when fine)."""
    problems = []
    questions = spec.get("questions", [])
    for number, question in enumerate(questions, start=1):
        chosen = answers[number - 1] if number - 1 < len(answers) else []
        if not chosen:
            problems.append(f"Answer question {number}.")
        elif any(not 0 <= c < len(question["choices"]) for c in chosen) or (
                not question.get("multiple") and len(chosen) > 1):
            problems.append(f"Question {number}: choose from the options shown.")
    return problems


def attempts_used(user, lesson: Lesson) -> int:
    return db.session.scalar(select(func.count()).select_from(QuizAttempt).where(
        QuizAttempt.user_id == user.id, QuizAttempt.lesson_id == lesson.id)) or 0


def attempts_left(lesson: Lesson, used: int) -> int | None:
    """Attempts still allowed, or None when unlimited."""
    limit = lesson.spec.get("max_attempts", 3)
    return None if not limit else max(limit - used, 0)


def submit_quiz(user, lesson: Lesson, answers: list[list[int]]) -> QuizAttempt:
    """Grade and record an attempt; refuses once ``max_attempts`` are used (0 = unlimited)."""
    if lesson.kind is not LessonKind.QUIZ or lesson.is_archived:
        raise QuizError("This page is not a quiz you can take.")
    problems = validate_answers(lesson.spec, answers)
    if problems:
        raise QuizError(" ".join(problems))
    used = attempts_used(user, lesson)
    if attempts_left(lesson, used) == 0:
        raise AttemptsUsedUp(f"You have used all {used} attempts at this quiz.")
    result = grade(lesson.spec, answers)
    attempt = QuizAttempt(user_id=user.id, lesson_id=lesson.id, number=used + 1,
                          answers=[r.chosen for r in result.results], correct=result.correct,
                          total=result.total, percent=result.percent, passed=result.passed)
    try:
        with db.session.begin_nested():  # the unique (user, lesson, number) refuses a concurrent duplicate
            db.session.add(attempt)
    except IntegrityError:
        raise QuizError("These answers were already submitted (twice at once?). Reload the page to see the "
                        "result.") from None
    if attempt.passed:
        from lms.tracks.progress import progress_changed

        progress_changed(user.id, lesson.track_id)
    return attempt


def attempts_of(user, lesson: Lesson) -> list[QuizAttempt]:
    return list(db.session.scalars(select(QuizAttempt).where(
        QuizAttempt.user_id == user.id, QuizAttempt.lesson_id == lesson.id).order_by(QuizAttempt.number)))


def best_attempt(attempts: list[QuizAttempt]) -> QuizAttempt | None:
    """The attempt that decides: the highest score, the earliest among equals."""
    return max(attempts, key=lambda a: (a.percent, -a.number), default=None)
