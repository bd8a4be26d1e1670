"""How well one mentor fits one learner: the fit score and its reasons in words.

Pure: plain dataclasses in, plain data out. ``lms.cohorts.matching`` documents the score
and uses it; the matches page, the benchmark and the tests read it from here only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale, gettext, ngettext

from lms.i18n.formatting import format_list, format_number
from lms.profiles import languages

LEVELS = ("learning", "working", "strong", "expert")   # lms.profiles.models.SkillLevel, lowest first
LEVEL_POINTS = {"learning": 0, "working": 3, "strong": 5, "expert": 6}
TEACH_BONUS = 2          # the mentor is strong/expert in a skill the learner is learning or working on
GOAL_BONUS = 3           # the skill is among the words of the learner's goals
SKILL_CAP = 64
LANGUAGE_POINTS = 8
HOUR_POINTS = 2          # per hour of overlapping 09:00-18:00 working day (at most 9 h)
WORKDAY_HOURS = 9
LOAD_POINTS = 10
MAX_FIT = SKILL_CAP + LANGUAGE_POINTS + HOUR_POINTS * WORKDAY_HOURS + LOAD_POINTS   # 100

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


def overlap_hours(offset_a: float, offset_b: float) -> float:
    """Hours two 09:00-18:00 working days share, for people at these UTC offsets."""
    apart = abs(offset_a - offset_b) % 24
    return max(0.0, WORKDAY_HOURS - min(apart, 24 - apart))


def language(tag: str) -> str:
    """The primary subtag of a BCP 47 tag, lower-case: "pt-BR" -> "pt"."""
    return (tag or "").strip().split("-")[0].split("_")[0].lower()


def language_name(tag: str) -> str:
    """The language's name without region or script, in the reader's language: "pt-BR" -> "Portuguese"
    ("portugués" for a Spanish reader)."""
    code = language(tag)
    try:
        return Locale.parse(str(get_locale() or "en")).languages.get(code) or languages.name(code)
    except (ValueError, UnknownLocaleError):
        return languages.name(code)


def _levelled(skills) -> dict[str, str]:
    """Skill -> level from ("python", "strong") pairs or plain names (level "working")."""
    result = {}
    for item in skills:
        name, level = (item, "working") if isinstance(item, str) else item
        result.setdefault(name.lower(), str(level))
    return result


@dataclass(frozen=True)
class LearnerInfo:
    id: int                       # the learner's enrollment id
    name: str = ""
    skills: tuple = ()            # ("python", "learning") pairs, or plain names (level "working")
    goals: tuple[str, ...] = ()   # goal_tokens(...) of their open goals
    utc_offset: float = 0.0       # hours, at the cohort's start date
    languages: tuple[str, ...] = ()
    user_id: int | None = None
    excluded_mentors: frozenset[int] = frozenset()   # mentor user ids an admin ruled out


@dataclass(frozen=True)
class MentorInfo:
    id: int                       # the mentor's user id
    name: str = ""
    skills: tuple = ()
    utc_offset: float = 0.0
    mentees: int = 0              # learners they mentor in this cohort
    max_mentees: int | None = None        # this cohort's limit (None: none)
    languages: tuple[str, ...] = ()
    active_mentees: int = 0               # across all cohorts (their profile)
    profile_max: int | None = None        # their own limit across cohorts (None: none)


def _limits(mentor: MentorInfo) -> list[tuple[int, int, str]]:
    """(free places, limit, words) for each limit the mentor has."""
    limits = []
    if mentor.max_mentees is not None:
        limits.append((mentor.max_mentees - mentor.mentees, mentor.max_mentees, ""))
    if mentor.profile_max is not None:
        limits.append((mentor.profile_max - mentor.active_mentees, mentor.profile_max, "across cohorts"))
    return limits


def free_places(mentor: MentorInfo) -> int | None:
    """Places left: the smaller of the cohort's and the profile's (None: unlimited)."""
    limits = _limits(mentor)
    return max(0, min(free for free, _, _ in limits)) if limits else None


def load_words(mentor: MentorInfo, extra: int) -> str:
    """The mentor's load with ``extra`` more mentees, against the limit that binds first."""
    limits = _limits(mentor)
    if not limits:
        count = mentor.mentees + extra
        return ngettext("%(num)d mentee", "%(num)d mentees", count)
    free, limit, where = min(limits)
    if where:
        return ngettext("%(used)s of %(num)d mentees across cohorts", "%(used)s of %(num)d mentees across cohorts",
                        limit, used=limit - free + extra)
    # English says "1 of 1 mentees" as before; the plural forms are for the other languages.
    return ngettext("%(used)s of %(num)d mentees", "%(used)s of %(num)d mentees", limit, used=limit - free + extra)


def _load_points(mentor: MentorInfo) -> float:
    limits = _limits(mentor)
    if not limits:
        return LOAD_POINTS / (1 + mentor.mentees / 10)
    free, limit, _ = min(limits)
    return LOAD_POINTS * max(0, free) / limit if limit > 0 else 0.0


def allowed(learner: LearnerInfo, mentor: MentorInfo, required_language: str = "") -> bool:
    """The hard constraints: not an excluded pair, and both speak the required language."""
    if mentor.id in learner.excluded_mentors:
        return False
    if required_language:
        wanted = language(required_language)
        return (wanted in {language(tag) for tag in learner.languages}
                and wanted in {language(tag) for tag in mentor.languages})
    return True


@dataclass(frozen=True, slots=True)
class PairFit:
    points: int
    shared_skills: tuple[str, ...]           # the mentor's skills that meet the learner's interests
    strong: tuple[tuple[str, str], ...]      # (skill, level) of those held at strong or expert
    languages: tuple[str, ...]               # shared, as primary subtags
    overlap: float                           # hours of overlapping working day

    def reason(self, load: str) -> str:
        """E.g. "shares python (strong), pandas; both speak Spanish; 6 h of overlapping working hours;
        2 of 5 mentees"."""
        levels = dict(self.strong)
        # Skill names and levels are the profile's tags, shown as stored.
        skills = ", ".join(f"{skill} ({levels[skill]})" if skill in levels else skill for skill in self.shared_skills)
        parts = [gettext("shares %(skills)s", skills=skills) if skills else gettext("no shared skills")]
        if self.languages:
            parts.append(gettext("both speak %(languages)s",
                                 languages=format_list([language_name(tag) for tag in self.languages[:2]])))
        parts.append(gettext("%(hours)s h of overlapping working hours", hours=format_number(self.overlap))
                     if self.overlap else gettext("no overlapping working hours"))
        parts.append(load)
        return gettext("; ").join(parts)


@dataclass(frozen=True)
class _Learner:
    """A learner's interests, computed once per run."""
    names: frozenset[str]           # track skills and their own skills
    goals: frozenset[str]
    own: dict[str, str]
    languages: frozenset[str]
    utc_offset: float


@dataclass(frozen=True)
class _Mentor:
    skills: tuple[tuple[str, str, tuple[str, ...]], ...]   # (skill, level, its words)
    languages: tuple[str, ...]
    language_set: frozenset[str]
    utc_offset: float
    load_points: float


def prepare_learner(learner: LearnerInfo, track_skills) -> _Learner:
    own = _levelled(learner.skills)
    return _Learner(names=frozenset({s.lower() for s in track_skills} | set(own)), goals=frozenset(learner.goals),
                    own=own, languages=frozenset(language(tag) for tag in learner.languages),
                    utc_offset=learner.utc_offset)


def prepare_mentor(mentor: MentorInfo) -> _Mentor:
    skills = _levelled(mentor.skills).items()
    return _Mentor(skills=tuple((skill, level, tuple(skill.split())) for skill, level in skills),
                   languages=tuple(dict.fromkeys(language(tag) for tag in mentor.languages)),
                   language_set=frozenset(language(tag) for tag in mentor.languages),
                   utc_offset=mentor.utc_offset, load_points=_load_points(mentor))


STRONG = ("strong", "expert")
STILL_LEARNING = ("learning", "working")


def _skill_points(learner: _Learner, mentor: _Mentor, met: list | None = None) -> int:
    """Points for the mentor's skills that meet the learner's interests (appended to ``met``)."""
    goals, total = learner.goals, 0
    for skill, level, words in mentor.skills:
        # A mentor skill meets an interest tag, or all its words appear among the goal words.
        in_goals = bool(goals) and all(word in goals for word in words)
        if not (in_goals or skill in learner.names):
            continue
        points = LEVEL_POINTS.get(level, 0)
        if level in STRONG and learner.own.get(skill) in STILL_LEARNING:
            points += TEACH_BONUS
        if in_goals:
            points += GOAL_BONUS
        total += points
        if met is not None:
            met.append((skill, level))
    return total


def _points(learner: _Learner, mentor: _Mentor, skill_points: int, shares_language: bool) -> tuple[int, float]:
    apart = abs(learner.utc_offset - mentor.utc_offset) % 24
    hours = max(0.0, WORKDAY_HOURS - min(apart, 24 - apart))   # overlap_hours, inlined: this runs per pair
    total = (min(SKILL_CAP, skill_points) + (LANGUAGE_POINTS if shares_language else 0) + HOUR_POINTS * hours
             + mentor.load_points)
    return int(round(total)), hours


def fit_points(learner: _Learner, mentor: _Mentor) -> int:
    """``prepared_fit(...).points`` without the details, for every pair of a cohort."""
    return _points(learner, mentor, _skill_points(learner, mentor),
                   not learner.languages.isdisjoint(mentor.language_set))[0]


def prepared_fit(learner: _Learner, mentor: _Mentor) -> PairFit:
    met: list[tuple[str, str]] = []
    common = tuple(tag for tag in mentor.languages if tag in learner.languages)
    points, hours = _points(learner, mentor, _skill_points(learner, mentor, met), bool(common))
    return PairFit(points=points, shared_skills=tuple(skill for skill, _ in met),
                   strong=tuple((skill, level) for skill, level in met if level in STRONG),
                   languages=common, overlap=hours)


def pair_fit(learner: LearnerInfo, mentor: MentorInfo, track_skills) -> PairFit:
    """The fit of one pair, in whole points from 0 to ``MAX_FIT`` (see lms.cohorts.matching)."""
    return prepared_fit(prepare_learner(learner, track_skills), prepare_mentor(mentor))
