"""Why a mentor fits a learner, in words: shared skills with levels, goals, hours, languages.

Pure: plain data in, sentences out, so it is tested without HTTP or a database.
"""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext

from lms.cohorts.matching import goal_tokens
from lms.i18n.formatting import format_list, format_number
from lms.profiles import languages as language_names
from lms.profiles.models import SkillLevel

MIN_USEFUL_OVERLAP = 2.0   # hours of shared working time worth mentioning
_MIN_GOAL_WORD = 4         # short words ("and", "web") say little about a goal


def _about_goals(skill: str, goal_words: set[str]) -> bool:
    return bool(goal_words) and all(word in goal_words for word in skill.split())


def _level(level) -> str:
    """A skill level as a word inside a sentence (``expert``)."""
    return str(_LEVEL_WORDS[SkillLevel(level)])


_LEVEL_WORDS = {SkillLevel.LEARNING: lazy_gettext("learning"), SkillLevel.WORKING: lazy_gettext("working"),
                SkillLevel.STRONG: lazy_gettext("strong"), SkillLevel.EXPERT: lazy_gettext("expert")}


def fit_reasons(*, mentor_skills: dict[str, SkillLevel], learner_skills: dict[str, SkillLevel],
                goal_words: tuple[str, ...] | set[str], help_with: str, overlap_hours: float,
                mentor_languages: list[str], learner_languages: list[str]) -> list[str]:
    """Sentences, strongest first, in the reader's language; empty when nothing in particular connects them."""
    goals = set(goal_words)
    reasons: list[str] = []
    for skill, level in mentor_skills.items():
        mine = learner_skills.get(skill)
        if mine is not None and SkillLevel(level).rank > SkillLevel(mine).rank:
            reasons.append(_capital(gettext("%(level)s in %(skill)s, where you are %(yours)s.", level=_level(level),
                                            skill=skill, yours=_level(mine))))
    for skill, level in mentor_skills.items():
        if skill not in learner_skills and _about_goals(skill, goals):
            reasons.append(_capital(gettext("%(level)s in %(skill)s, which your goals mention.", level=_level(level),
                                            skill=skill)))
    for line in (help_with or "").splitlines():
        words = {word for word in goal_tokens(line) if len(word) >= _MIN_GOAL_WORD}
        if words & goals:
            reasons.append(gettext("Helps with “%(text)s”, close to your goals.", text=line.strip()[:80]))
            break
    for skill, level in mentor_skills.items():
        mine = learner_skills.get(skill)
        if mine is not None and SkillLevel(level).rank <= SkillLevel(mine).rank:
            reasons.append(gettext("You both know %(skill)s.", skill=skill))
    if overlap_hours >= MIN_USEFUL_OVERLAP:
        reasons.append(gettext("Your working hours overlap by %(hours)s hours a day.",
                               hours=format_number(round(overlap_hours, 2))))
    shared = dict.fromkeys(language_names.name(tag.split("-")[0]) for tag in mentor_languages
                           if language_names.speaks(learner_languages, tag.split("-")[0]))
    if shared:
        reasons.append(gettext("You both speak %(languages)s.", languages=format_list(shared)))
    return reasons


def _capital(sentence: str) -> str:
    """A sentence that starts with a level word (``expert in css…``) starts with a capital."""
    return sentence[:1].upper() + sentence[1:]
