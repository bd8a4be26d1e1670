"""``Idempotency-Key`` on creating POSTs: a retry gets the first answer, never a second object.

The key's row is inserted before the view runs, in the same transaction as what the
view creates. A concurrent request with the same key meets it at the unique index
(``ON CONFLICT DO NOTHING`` waits for the first transaction), then replays its answer;
if the first is still running it gets a 409 to retry. A key sent again with another
request (method, path or body) is refused with a 422. Failed requests (4xx/5xx) leave
no key, so a corrected retry runs. Keys are kept for a day.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import wraps

from flask import Response, request
from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from lms.api.auth import current_token
from lms.api.models import IdempotencyKey
from lms.api.problems import ApiProblem
from lms.database import utcnow
from lms.extensions import db

HEADER = "Idempotency-Key"
KEEP = timedelta(hours=24)
_IN_FLIGHT = -1


def _request_hash() -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _claim(token_id: int, key: str, request_hash: str) -> int | None:
    """Insert the key's row (in flight); its id, or None when the key exists."""
    values = dict(token_id=token_id, key=key, request_hash=request_hash, status_code=_IN_FLIGHT,
                  response_body="", created_at=utcnow())
    dialect = db.session.get_bind().dialect.name
    dialect_insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if dialect_insert is None:
        return db.session.execute(insert(IdempotencyKey).values(**values).returning(IdempotencyKey.id)).scalar_one()
    statement = (dialect_insert(IdempotencyKey).values(**values)
                 .on_conflict_do_nothing(index_elements=["token_id", "key"]).returning(IdempotencyKey.id))
    return db.session.execute(statement).scalar_one_or_none()


def _replay(token_id: int, key: str, request_hash: str) -> Response:
    db.session.rollback()
    stored = db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.token_id == token_id,
                                                            IdempotencyKey.key == key))
    if stored is None:  # the first request failed meanwhile and removed its key: just retry
        raise ApiProblem(409, "A request with this Idempotency-Key just failed. Send it again.",
                         code="idempotency-retry")
    if stored.request_hash != request_hash:
        raise ApiProblem(422, "This Idempotency-Key was used for a different request. Use a new key.",
                         code="idempotency-key-reused", errors={HEADER: ["Used for a different request."]})
    if stored.status_code == _IN_FLIGHT:
        raise ApiProblem(409, "A request with this Idempotency-Key is still running. Retry in a moment.",
                         code="idempotency-in-flight", headers={"Retry-After": "1"})
    response = Response(stored.response_body, status=stored.status_code, mimetype="application/json")
    if stored.location:
        response.headers["Location"] = stored.location
    response.headers["Idempotent-Replayed"] = "true"
    return response


def idempotent(view):
    """Wrap a creating POST view (outermost, just under ``@blp.route``)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        token = current_token()
        if key is None or token is None:
            return view(*args, **kwargs)
        if not 1 <= len(key) <= 255 or not key.isprintable():
            raise ApiProblem(400, "An Idempotency-Key is 1 to 255 printable characters.",
                             code="invalid-idempotency-key", errors={HEADER: ["1 to 255 printable characters."]})
        request_hash = _request_hash()
        row_id = _claim(token.id, key, request_hash)
        if row_id is None:
            return _replay(token.id, key, request_hash)
        response = view(*args, **kwargs)
        if 200 <= response.status_code < 300:
            db.session.execute(update(IdempotencyKey).where(IdempotencyKey.id == row_id).values(
                status_code=response.status_code, response_body=response.get_data(as_text=True),
                location=response.headers.get("Location")))
        else:
            db.session.rollback()
            db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == row_id))
        db.session.commit()
        return response
    return wrapper


def purge_old_keys() -> None:
    db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - KEEP))
    db.session.commit()
