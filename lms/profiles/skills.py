"""Skills as people state them: normalised tags with a level, read in bulk."""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_pgettext
from sqlalchemy import delete, select

from lms.extensions import db
from lms.profiles.models import SkillLevel, UserSkill

MAX_LENGTH = 60

# A level inside a sentence or a badge ("python (strong)"), in the reader's language.
_LEVEL_WORDS = {
    SkillLevel.LEARNING: lazy_pgettext("skill level", "learning"),
    SkillLevel.WORKING: lazy_pgettext("skill level", "working"),
    SkillLevel.STRONG: lazy_pgettext("skill level", "strong"),
    SkillLevel.EXPERT: lazy_pgettext("skill level", "expert"),
}


def level_word(level) -> str:
    """``SkillLevel.STRONG`` (or ``"strong"``) -> "strong" in the reader's language: the template
    filter ``skill_level``."""
    try:
        return str(_LEVEL_WORDS[SkillLevel(level)])
    except ValueError:
        return str(level)


def normalise(skill: str) -> str:
    """A skill tag: lower-case, single spaces, at most ``MAX_LENGTH`` characters."""
    return " ".join(str(skill).strip().lower().split())[:MAX_LENGTH]


def normalise_all(skills: Iterable[str]) -> list[str]:
    """Tags without duplicates, in the order given."""
    seen: list[str] = []
    for skill in skills or []:
        tag = normalise(skill)
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def set_skills(user_id: int, levels: dict[str, SkillLevel] | Iterable[str]) -> None:
    """Replace the user's skills: a mapping skill -> level, or plain names (level "working")."""
    if not isinstance(levels, dict):
        levels = {name: SkillLevel.WORKING for name in levels}
    wanted: dict[str, SkillLevel] = {}
    for name, level in levels.items():
        tag = normalise(name)
        if tag and tag not in wanted:
            wanted[tag] = SkillLevel(level)
    existing = {row.skill: row for row in db.session.scalars(select(UserSkill).where(UserSkill.user_id == user_id))}
    gone = [tag for tag in existing if tag not in wanted]
    if gone:
        db.session.execute(delete(UserSkill).where(UserSkill.user_id == user_id, UserSkill.skill.in_(gone)))
    for tag, level in wanted.items():
        if tag in existing:
            existing[tag].level = level
        else:
            db.session.add(UserSkill(user_id=user_id, skill=tag, level=level))
    db.session.flush()


def skills_by_user(user_ids: Iterable[int]) -> dict[int, dict[str, SkillLevel]]:
    """User id -> {skill: level}, in one query, skills in alphabetical order."""
    ids = list(set(user_ids))
    result: dict[int, dict[str, SkillLevel]] = {user_id: {} for user_id in ids}
    if not ids:
        return result
    rows = db.session.execute(select(UserSkill.user_id, UserSkill.skill, UserSkill.level)
                              .where(UserSkill.user_id.in_(ids)).order_by(UserSkill.user_id, UserSkill.skill))
    for user_id, skill, level in rows:
        result[user_id][skill] = level
    return result


def skill_names(user_id: int) -> list[str]:
    return list(skills_by_user([user_id])[user_id])
