"""Small helpers for driving the hand-in form over HTTP."""
from __future__ import annotations

import io
import re
import uuid

from sqlalchemy import func, select

from lms.extensions import db
from lms.submissions.models import Attempt


def submit_url(world) -> str:
    return f"/submissions/cohort/{world.cohort.id}/lesson/{world.lesson.id}"


def form_key(html: bytes) -> str:
    match = re.search(rb'name="idempotency_key" type="hidden" value="([0-9a-f-]+)"', html) or \
        re.search(rb'id="idempotency_key" name="idempotency_key" type="hidden" value="([0-9a-f-]+)"', html)
    assert match, "the form carries an idempotency key"
    return match.group(1).decode()


def post_attempt(client, world, *, text="My **answer**", url="", files=(), key=None, extra=None, to=None):
    data = {"idempotency_key": key or str(uuid.uuid4()), "text": text, "url": url, "submit": "Hand in"}
    if files:
        data["files"] = [(io.BytesIO(content), name) for name, content in files]
    data.update(extra or {})
    return client.post(to or submit_url(world), data=data, content_type="multipart/form-data")


def attempt_count() -> int:
    return db.session.scalar(select(func.count(Attempt.id)))
