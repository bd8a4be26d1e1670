"""Mentor matching: propose a primary mentor for every learner who has none.

Pure and deterministic: plain dataclasses in, suggestions out, ties broken by ids.
For each learner in id order, the mentors with room left are ranked by

1. time zone: mentors at most ``NEAR_HOURS`` apart come before farther ones
   (live calls need overlapping working hours);
2. skill overlap: the mentor's skills shared with the track's skills plus the
   learner's own skills and goals (more is better);
3. load: fewest mentees first (the load counts the suggestions made so far);
4. time-zone distance in hours, then the mentor's id.

The best is suggested; a mentor at ``max_mentees`` is never suggested.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

NEAR_HOURS = 6

_WORD = re.compile(r"[a-z0-9][a-z0-9+#.\-]*")


def goal_tokens(text: str) -> tuple[str, ...]:
    """The lower-case words of a learner's stated goals, in order, without repeats."""
    seen: list[str] = []
    for word in _WORD.findall((text or "").lower()):
        word = word.rstrip(".-")
        if word and word not in seen:
            seen.append(word)
    return tuple(seen)


def utc_offset_hours(tz: str, on: date) -> float:
    """The UTC offset of ``tz`` at noon on ``on``, in hours (e.g. 1.0, -4.0, 5.5)."""
    try:
        zone = ZoneInfo(tz or "UTC")
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    offset = datetime.combine(on, time(12), tzinfo=zone).utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0


@dataclass(frozen=True)
class LearnerInfo:
    id: int                       # the learner's enrollment id
    name: str = ""
    skills: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()   # goal_tokens(enrollment.goals)
    utc_offset: float = 0.0       # hours, at the cohort's start date


@dataclass(frozen=True)
class MentorInfo:
    id: int                       # the mentor's user id
    name: str = ""
    skills: tuple[str, ...] = ()
    utc_offset: float = 0.0
    mentees: int = 0              # learners already assigned
    max_mentees: int | None = None


@dataclass(frozen=True)
class Suggestion:
    learner_id: int
    mentor_id: int | None         # None: no mentor has room
    shared_skills: tuple[str, ...] = ()
    mentees: int = 0              # the mentor's load including this learner
    max_mentees: int | None = None
    hours_apart: float = 0.0
    reason: str = ""
    alternatives: tuple[int, ...] = field(default=())  # other mentors with room, best first


def _shares(skill: str, interests: set[str]) -> bool:
    """A mentor skill matches an interest tag, or all its words appear among the goal words."""
    return skill in interests or all(word in interests for word in skill.split())


def _shared_skills(mentor: MentorInfo, learner: LearnerInfo, track_skills: list[str]) -> tuple[str, ...]:
    interests = {s.lower() for s in track_skills} | {s.lower() for s in learner.skills} | set(learner.goals)
    return tuple(skill for skill in mentor.skills if _shares(skill.lower(), interests))


def _hours_text(hours: float) -> str:
    if hours == 0:
        return "same time zone"
    return f"{hours:g} h apart"


def _reason(shared: tuple[str, ...], mentees: int, maximum: int | None, hours: float) -> str:
    skills = f"shares {', '.join(shared)}" if shared else "no shared skills"
    if maximum is not None:
        load = f"{mentees} of {maximum} mentees"
    else:
        load = f"{mentees} mentee{'s' if mentees != 1 else ''}"
    return f"{skills}; {load}; {_hours_text(hours)}"


def suggest_matches(learners: list[LearnerInfo], mentors: list[MentorInfo],
                    track_skills: list[str]) -> list[Suggestion]:
    """One suggestion per learner, in learner-id order, assigning greedily."""
    loads = {mentor.id: mentor.mentees for mentor in mentors}
    ordered_mentors = sorted(mentors, key=lambda m: m.id)
    suggestions = []
    for learner in sorted(learners, key=lambda item: item.id):
        ranked = []
        for mentor in ordered_mentors:
            if mentor.max_mentees is not None and loads[mentor.id] >= mentor.max_mentees:
                continue
            shared = _shared_skills(mentor, learner, track_skills)
            hours = abs(mentor.utc_offset - learner.utc_offset)
            key = (hours > NEAR_HOURS, -len(shared), loads[mentor.id], hours, mentor.id)
            ranked.append((key, mentor, shared, hours))
        if not ranked:
            suggestions.append(Suggestion(learner_id=learner.id, mentor_id=None,
                                          reason="no mentor has room left"))
            continue
        ranked.sort(key=lambda item: item[0])
        _, best, shared, hours = ranked[0]
        loads[best.id] += 1
        suggestions.append(Suggestion(
            learner_id=learner.id, mentor_id=best.id, shared_skills=shared, mentees=loads[best.id],
            max_mentees=best.max_mentees, hours_apart=hours,
            reason=_reason(shared, loads[best.id], best.max_mentees, hours),
            alternatives=tuple(item[1].id for item in ranked[1:]),
        ))
    return suggestions
