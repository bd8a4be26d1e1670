"""The URLs stored inside rendered lesson HTML. Built here, without a request, because
import runs from the CLI too; tests check that they agree with the blueprint's routes."""
from __future__ import annotations

from urllib.parse import quote


def overview_url(track_slug: str) -> str:
    return f"/tracks/{quote(track_slug)}"


def lesson_url(track_slug: str, lesson_slug: str) -> str:
    return f"/tracks/{quote(track_slug)}/lessons/{quote(lesson_slug)}"


def asset_url(track_slug: str, path: str) -> str:
    return f"/tracks/{quote(track_slug)}/assets/{quote(path, safe='/')}"
