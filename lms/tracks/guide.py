"""The authoring guide (docs/authoring.md) as admins read it inside the app.

Rendered with the lesson renderer (trusted content from the repository, sanitised all
the same), once per change of the file. Code blocks can be scrolled with the keyboard,
and the checklist's boxes are drawn as characters, not unlabelled form fields.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lms.rendering import render_lesson

_CHECKBOX = re.compile(r'<input(?=[^>]*type="checkbox")[^>]*>')  # the sanitiser's attribute order varies
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def guide_html(path: Path | None = None) -> str | None:
    """The guide as HTML, or None when the file is not there (an install without docs/)."""
    path = path or GUIDE
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        return None
    return _render(str(path), modified)


@lru_cache(maxsize=4)
def _render(path: str, _modified: int) -> str:
    html = render_lesson(Path(path).read_text(encoding="utf-8")).html
    html = html.replace("<pre>", '<pre tabindex="0">')
    return _CHECKBOX.sub('<span aria-hidden="true">☐</span>', html)
