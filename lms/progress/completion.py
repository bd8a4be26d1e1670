"""Has a learner completed their track in this enrolment? The track's own rule
(``lms.tracks.completion.evaluate_completion``, pure) applied to the enrolment's record."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lms.progress.records import EnrolmentProgress
from lms.tracks.completion import CompletionFacts, evaluate_completion, required
from lms.tracks.models import Lesson, LessonKind, Track


@dataclass(frozen=True)
class Completion:
    complete: bool
    missing: list[str]
    completed_at: datetime | None  # when the last required item was done


def facts(lessons: list[Lesson], record: EnrolmentProgress) -> CompletionFacts:
    """The rule's input: the track's current items and those done in this enrolment."""
    current = [lesson for lesson in lessons if not lesson.is_archived]

    def slugs(kind: LessonKind, done_only: bool = False) -> list[str]:
        return [l.slug for l in current if l.kind is kind and (not done_only or record.is_done(l))]

    return CompletionFacts(
        lessons=slugs(LessonKind.LESSON), assignments=slugs(LessonKind.ASSIGNMENT), quizzes=slugs(LessonKind.QUIZ),
        lessons_done=frozenset(slugs(LessonKind.LESSON, True)),
        assignments_approved=frozenset(slugs(LessonKind.ASSIGNMENT, True)),
        quizzes_passed=frozenset(slugs(LessonKind.QUIZ, True)),
        titles={l.slug: l.title for l in current})


def completion(track: Track, lessons: list[Lesson], record: EnrolmentProgress) -> Completion:
    """Evaluate ``track``'s completion rule for one enrolment's record."""
    rule = track.completion or {}
    result = evaluate_completion(rule, facts(lessons, record))
    if not result.complete:
        return Completion(False, list(result.missing), None)
    current = [lesson for lesson in lessons if lesson.track_id == track.id and not lesson.is_archived]
    wanted = set()
    for key, kind in (("lessons", LessonKind.LESSON), ("assignments", LessonKind.ASSIGNMENT),
                      ("quizzes", LessonKind.QUIZ)):
        wanted.update(required((rule or {}).get(key, "all"), [l.slug for l in current if l.kind is kind]))
    moments = [record.done_at[l.id] for l in current if l.slug in wanted and l.id in record.done_at]
    return Completion(True, [], max(moments) if moments else None)
