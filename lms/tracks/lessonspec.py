"""Kind-specific lesson settings (assignments, quizzes), validated and normalised for ``Lesson.spec``."""
from __future__ import annotations

from flask_babel import gettext

from lms.tracks.fields import Fields
from lms.tracks.models import LessonKind
from lms.tracks.peerspec import PEER_KEYS, read_peer
from lms.tracks.rubric import read_rubric, rubric_max_points

SUBMISSION_KINDS = ("text", "url", "file")
ASSIGNMENT_KEYS = frozenset({"submission", "due_days", "pass_points", "rubric"}) | PEER_KEYS
QUIZ_KEYS = frozenset({"pass_percent", "max_attempts", "questions"})
DEFAULT_PASS_PERCENT = 70
DEFAULT_MAX_ATTEMPTS = 3


def read_spec(kind: LessonKind, fields: Fields) -> dict:
    """The spec of a lesson of ``kind``; keys of another kind are warned about and ignored."""
    foreign = {LessonKind.ASSIGNMENT: QUIZ_KEYS, LessonKind.QUIZ: ASSIGNMENT_KEYS}.get(
        kind, ASSIGNMENT_KEYS | QUIZ_KEYS)
    for key in fields.data:
        if key in foreign:
            if key in ASSIGNMENT_KEYS:
                message = gettext("'%(key)s' only applies to assignments (this is a %(kind)s); ignored",
                                  key=key, kind=kind.value)
            else:
                message = gettext("'%(key)s' only applies to quizzes (this is a %(kind)s); ignored",
                                  key=key, kind=kind.value)
            fields.warning(key, message)
    if kind is LessonKind.ASSIGNMENT:
        return read_assignment(fields)
    if kind is LessonKind.QUIZ:
        return read_quiz(fields)
    return {}


def read_assignment(fields: Fields) -> dict:
    submission = _read_submission(fields)
    rubric = read_rubric(fields)
    max_points = rubric_max_points(rubric)
    pass_points = fields.integer("pass_points", what=gettext("a whole number of points"))
    if pass_points is not None and rubric and pass_points > max_points:
        fields.error("pass_points", gettext("pass_points (%(points)s) is more than the rubric's maximum (%(maximum)s)",
                                            points=pass_points, maximum=max_points))
        pass_points = None
    if not fields.has("rubric"):
        fields.report.warning(fields.document.start_line, gettext("assignment has no rubric"))
    spec = {
        "submission": submission,
        "due_days": fields.integer("due_days", what=gettext("a whole number of days")),
        "pass_points": pass_points,
        "rubric": rubric,
        "max_points": max_points,
    }
    peer = read_peer(fields, rubric)
    if peer is not None:
        spec["peer"] = peer
    return spec


def _read_submission(fields: Fields) -> list[str]:
    value = fields.raw("submission")
    if value is None:
        return list(SUBMISSION_KINDS)
    kinds = [value] if isinstance(value, str) else value
    if (not isinstance(kinds, list) or not kinds
            or any(not isinstance(k, str) or k.strip().lower() not in SUBMISSION_KINDS for k in kinds)):
        fields.error("submission", gettext("submission must be a non-empty list of: text, url, file"))
        return list(SUBMISSION_KINDS)
    chosen = {k.strip().lower() for k in kinds}
    return [k for k in SUBMISSION_KINDS if k in chosen]


def read_quiz(fields: Fields) -> dict:
    questions = [q for q in (_read_question(fields, index, item)
                             for index, item in enumerate(fields.items("questions"))) if q]
    if not fields.has("questions") or not fields.raw("questions"):
        fields.report.error(fields.line("questions") if fields.has("questions") else fields.document.start_line,
                            gettext("quiz has no questions"))
    return {
        "pass_percent": fields.integer("pass_percent", maximum=100, default=DEFAULT_PASS_PERCENT,
                                       what=gettext("a whole percentage")),
        "max_attempts": fields.integer("max_attempts", default=DEFAULT_MAX_ATTEMPTS,
                                       what=gettext("a whole number (0 = unlimited)")),
        "questions": questions,
    }


def _read_question(fields: Fields, index: int, item) -> dict | None:
    number = index + 1
    if not isinstance(item, Fields):
        fields.report.error(fields.line("questions", index),
                            gettext("question %(number)s must have a prompt, choices and answer", number=number))
        return None
    prompt = item.text("prompt")
    if not prompt:
        fields.report.error(item.line(), gettext("question %(number)s has no prompt", number=number))
    choices = item.text_list("choices")
    if len(choices) < 2:
        item.error("choices" if item.has("choices") else "prompt",
                   gettext("question %(number)s needs at least two choices", number=number))
    answer = _read_answer(item, number, len(choices))
    item.warn_unknown({"prompt", "choices", "answer", "explanation"})
    if not prompt or len(choices) < 2 or answer is None:
        return None
    return {
        "prompt": prompt,
        "choices": choices,
        "answer": answer,
        "multiple": isinstance(item.raw("answer"), list),
        "explanation": item.text("explanation"),
    }


def _read_answer(item: Fields, number: int, choice_count: int) -> list[int] | None:
    value = item.raw("answer")
    if value is None:
        item.report.error(item.line(), gettext("question %(number)s has no answer", number=number))
        return None
    values = value if isinstance(value, list) else [value]
    if not values or any(isinstance(v, bool) or not isinstance(v, int) for v in values):
        item.error("answer", gettext("question %(number)s: answer must be a choice number (0-based) or a list of them",
                                     number=number))
        return None
    for v in values:
        if choice_count >= 2 and not 0 <= v < choice_count:
            item.error("answer", gettext("question %(number)s: answer %(answer)s is out of range "
                                         "(choices are numbered 0 to %(last)s)",
                                         number=number, answer=v, last=choice_count - 1))
            return None
    return sorted(set(values))
