"""Why a mentor fits a learner, in words: shared skills with levels, goals, hours, languages.

Pure: plain data in, sentences out, so it is tested without HTTP or a database.
"""
from __future__ import annotations

from lms.cohorts.matching import goal_tokens
from lms.profiles import languages as language_names
from lms.profiles.models import SkillLevel

MIN_USEFUL_OVERLAP = 2.0   # hours of shared working time worth mentioning
_MIN_GOAL_WORD = 4         # short words ("and", "web") say little about a goal


def _about_goals(skill: str, goal_words: set[str]) -> bool:
    return bool(goal_words) and all(word in goal_words for word in skill.split())


def fit_reasons(*, mentor_skills: dict[str, SkillLevel], learner_skills: dict[str, SkillLevel],
                goal_words: tuple[str, ...] | set[str], help_with: str, overlap_hours: float,
                mentor_languages: list[str], learner_languages: list[str]) -> list[str]:
    """Sentences, strongest first; empty when nothing in particular connects them."""
    goals = set(goal_words)
    reasons: list[str] = []
    for skill, level in mentor_skills.items():
        mine = learner_skills.get(skill)
        if mine is not None and SkillLevel(level).rank > SkillLevel(mine).rank:
            theirs, yours = SkillLevel(level).value.capitalize(), SkillLevel(mine).value
            reasons.append(f"{theirs} in {skill}, where you are {yours}.")
    for skill, level in mentor_skills.items():
        if skill not in learner_skills and _about_goals(skill, goals):
            reasons.append(f"{SkillLevel(level).value.capitalize()} in {skill}, which your goals mention.")
    for line in (help_with or "").splitlines():
        words = {word for word in goal_tokens(line) if len(word) >= _MIN_GOAL_WORD}
        if words & goals:
            reasons.append(f"Helps with “{line.strip()[:80]}”, close to your goals.")
            break
    for skill, level in mentor_skills.items():
        mine = learner_skills.get(skill)
        if mine is not None and SkillLevel(level).rank <= SkillLevel(mine).rank:
            reasons.append(f"You both know {skill}.")
    if overlap_hours >= MIN_USEFUL_OVERLAP:
        reasons.append(f"Your working hours overlap by {overlap_hours:g} hours a day.")
    shared = dict.fromkeys(language_names.name(tag.split("-")[0]) for tag in mentor_languages
                           if language_names.speaks(learner_languages, tag.split("-")[0]))
    if shared:
        reasons.append(f"You both speak {', '.join(shared)}.")
    return reasons
