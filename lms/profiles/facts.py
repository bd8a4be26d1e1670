"""Short facts about people shown on their profile and cards ("Completed Python in May 2026").

Features above register loaders in ``app.extensions[PERSON_FACTS]``: ``loader(user_ids) ->
{user id: [text]}``, each in a fixed number of queries for any list of people.
"""
from __future__ import annotations

from flask import current_app

PERSON_FACTS = "person_facts"


def person_facts(user_ids) -> dict[int, list[str]]:
    ids = list({int(i) for i in user_ids})
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    for loader in current_app.extensions.get(PERSON_FACTS, []):
        for user_id, texts in loader(ids).items():
            found.setdefault(user_id, []).extend(texts)
    return found
