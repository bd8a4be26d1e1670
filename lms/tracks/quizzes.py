"""Quizzes, pure: grading an answer sheet, checking it, and the attempt limit.

Recording attempts belongs to an enrolment: ``lms.progress.services.submit_quiz``.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from lms.tracks.models import Lesson


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
            problems.append(gettext("Answer question %(number)s.", number=number))
        elif any(not 0 <= c < len(question["choices"]) for c in chosen) or (
                not question.get("multiple") and len(chosen) > 1):
            problems.append(gettext("Question %(number)s: choose from the options shown.", number=number))
    return problems


def attempts_left(lesson: Lesson, used: int) -> int | None:
    """Attempts still allowed, or None when unlimited."""
    limit = lesson.spec.get("max_attempts", 3)
    return None if not limit else max(limit - used, 0)


def best_attempt(attempts: list):
    """The attempt that decides: the highest score, the earliest among equals."""
    return max(attempts, key=lambda a: (a.percent, -a.number), default=None)
