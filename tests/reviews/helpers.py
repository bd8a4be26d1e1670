from __future__ import annotations

import re

from tests.factories.submissions import hand_in


def review_form_values(html: bytes) -> dict:
    """The hidden fields of the review form as rendered (attempt id, version, CSRF token)."""
    values = {}
    for name in ("attempt_id", "version"):
        match = re.search(rb'name="%s" type="hidden" value="(\d+)"' % name.encode(), html) or \
            re.search(rb'id="%s" name="%s" type="hidden" value="(\d+)"' % (name.encode(), name.encode()), html)
        assert match, f"{name} in the review form"
        values[name] = match.group(1).decode()
    return values


def review_post(hidden: dict, *, levels=(0, 0), decision="approve", feedback="Well done", comments=(), **extra):
    data = dict(hidden, decision=decision, feedback=feedback)
    for index, level in enumerate(levels):
        if level is not None:
            data[f"level-{index}"] = str(level)
    for index, comment in enumerate(comments):
        data[f"comment-{index}"] = comment
    data.update(extra)
    return data


def waiting_submission(world, text="First draft\nline two"):
    return hand_in(world.enrollment, world.lesson, text=text).submission
