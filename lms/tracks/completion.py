"""When a learner has completed a track (pure; certificates use it).

The rule comes from the ``completion`` front matter of track.md, normalised at parse
time to ``{"lessons": R, "assignments": R, "quizzes": R}`` where ``R`` is ``"all"``,
``"none"`` or a list of slugs. The default is everything: every lesson done, every
assignment approved, every quiz passed.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field

from flask_babel import lazy_gettext

from lms.tracks.models import LessonKind

RULE_KEYS = {"lessons": LessonKind.LESSON, "assignments": LessonKind.ASSIGNMENT, "quizzes": LessonKind.QUIZ}
DEFAULT_RULE = {"lessons": "all", "assignments": "all", "quizzes": "all"}
# Problems with the rule, one whole sentence per kind of item (translators see each).
_MUST_BE = {"lessons": lazy_gettext("%(key)s must be all, none or a list of lesson slugs"),
            "assignments": lazy_gettext("%(key)s must be all, none or a list of assignment slugs"),
            "quizzes": lazy_gettext("%(key)s must be all, none or a list of quiz slugs")}
_NO_SUCH = {"lessons": lazy_gettext("%(key)s: no lesson with the slug '%(slug)s'"),
            "assignments": lazy_gettext("%(key)s: no assignment with the slug '%(slug)s'"),
            "quizzes": lazy_gettext("%(key)s: no quiz with the slug '%(slug)s'")}
# %(kind)s is the other item's type as written in front matter: lesson, assignment or quiz.
_WRONG_KIND = {"lessons": lazy_gettext("%(key)s: '%(slug)s' is a %(kind)s, not a lesson"),
               "assignments": lazy_gettext("%(key)s: '%(slug)s' is a %(kind)s, not an assignment"),
               "quizzes": lazy_gettext("%(key)s: '%(slug)s' is a %(kind)s, not a quiz")}


@dataclass(frozen=True)
class CompletionFacts:
    """The track's current items (slugs, in order) and what the learner has achieved."""

    lessons: Sequence[str] = ()
    assignments: Sequence[str] = ()
    quizzes: Sequence[str] = ()
    lessons_done: Set[str] = frozenset()
    assignments_approved: Set[str] = frozenset()
    quizzes_passed: Set[str] = frozenset()
    titles: Mapping[str, str] = field(default_factory=dict)

    # Other names callers use for the same facts, accepted by :meth:`from_mapping`.
    _ALIASES = {"completed_lessons": "lessons_done", "approved_assignments": "assignments_approved",
                "passed_quizzes": "quizzes_passed"}

    @classmethod
    def from_mapping(cls, data: Mapping) -> CompletionFacts:
        """Build from a plain dict (``lessons_done`` or ``completed_lessons`` etc.)."""
        values = {cls._ALIASES.get(key, key): value for key, value in data.items()}
        known = {name for name in cls.__dataclass_fields__ if not name.startswith("_")}
        values = {key: value for key, value in values.items() if key in known}
        for name in ("lessons_done", "assignments_approved", "quizzes_passed"):
            values[name] = frozenset(values.get(name, ()))
        return cls(**values)


@dataclass(frozen=True)
class CompletionResult:
    complete: bool
    missing: list[str]


def evaluate_completion(rule: dict, facts: CompletionFacts | Mapping) -> CompletionResult:
    """Whether ``facts`` satisfy ``rule``, and what is still missing (readable, in track order).

    ``facts`` may also be a plain mapping with the same keys (see :meth:`CompletionFacts.from_mapping`).
    """
    if isinstance(facts, Mapping):
        facts = CompletionFacts.from_mapping(facts)
    rule = {**DEFAULT_RULE, **(rule or {})}
    checks = (
        ("lessons", facts.lessons, facts.lessons_done, lazy_gettext("Complete the lesson “%(title)s”")),
        ("assignments", facts.assignments, facts.assignments_approved,
         lazy_gettext("Get the assignment “%(title)s” approved")),
        ("quizzes", facts.quizzes, facts.quizzes_passed, lazy_gettext("Pass the quiz “%(title)s”")),
    )
    missing: list[str] = []
    for key, items, achieved, message in checks:
        unmet = [slug for slug in required(rule[key], items) if slug not in achieved]
        if unmet:
            sentence = str(message)  # translated once, not once per item: exports evaluate thousands
            missing.extend(sentence % {"title": facts.titles.get(slug, slug)} for slug in unmet)
    return CompletionResult(complete=not missing, missing=missing)


def required(value, items: Sequence[str]) -> list[str]:
    """The slugs a rule value requires, among the track's current ``items``."""
    if value == "none":
        return []
    if value == "all" or value is None:
        return list(items)
    wanted = set(value)
    return [slug for slug in items if slug in wanted]


def read_completion(fields, parent, lessons) -> dict:
    """Normalise the ``completion`` mapping (a :class:`~lms.tracks.fields.Fields` or None)."""
    rule = dict(DEFAULT_RULE)
    if fields is None:
        return rule
    kinds = {lesson.slug: lesson.kind for lesson in lessons}
    for key, kind in RULE_KEYS.items():
        value = fields.raw(key)
        if value is None:
            continue
        if isinstance(value, bool):
            value = "all" if value else "none"
        if isinstance(value, str) and value.strip().lower() in ("all", "none"):
            rule[key] = value.strip().lower()
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            rule[key] = [slug for slug in value if _known(fields, key, slug, kind, kinds)]
        else:
            fields.error(key, str(_MUST_BE[key]) % {"key": fields.label(key)})
    fields.warn_unknown(set(RULE_KEYS))
    return rule


def _known(fields, key: str, slug: str, kind: LessonKind, kinds: dict) -> bool:
    if slug not in kinds:
        fields.error(key, str(_NO_SUCH[key]) % {"key": fields.label(key), "slug": slug})
        return False
    if kinds[slug] is not kind:
        fields.error(key, str(_WRONG_KIND[key]) % {"key": fields.label(key), "slug": slug, "kind": kinds[slug].value})
        return False
    return True
