"""Filling the profile and welcome forms the way a browser does: the token from the page."""
from __future__ import annotations

import html
import re

_VERSION = re.compile(r'name="version"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="version"')


def form_version(client, url: str = "/profile") -> str:
    page = client.get(url).get_data(as_text=True)
    match = _VERSION.search(page)
    assert match, "the form carries its version"
    return html.unescape(match.group(1) or match.group(2))


def skill_rows(*rows) -> dict:
    """``("python", "expert"), ("sql", "learning", "remove")`` -> the posted row fields."""
    data = {}
    for index, row in enumerate(rows):
        data[f"skills-{index}-skill"] = row[0]
        data[f"skills-{index}-level"] = row[1]
        if len(row) > 2:
            data[f"skills-{index}-remove"] = "y"
    return data


def profile_post(client, version: str | None = None, **fields):
    data = {"name": "Lea Learner", "headline": "", "bio": "", "timezone": "UTC", "languages": "",
            "version": form_version(client) if version is None else version}
    data.update(fields)
    return client.post("/profile", data=data)
