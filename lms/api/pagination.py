"""Cursor pagination, stable under inserts: items in id order, the cursor names the last id seen.

A list answers ``{"data": [...], "next_cursor": "..." | null}`` and a ``Link: <...>;
rel="next"`` header. New rows take higher ids, so a client walking the pages never sees
an item twice or skips one that existed when it started; ``updated_since`` (where a
list offers it) lets a sync ask only for what changed.
"""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from urllib.parse import urlencode

import marshmallow as ma
from flask import request

from lms.api.problems import ApiProblem

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageArgs(ma.Schema):
    cursor = ma.fields.String(metadata={"description": "The `next_cursor` of the previous page."})
    limit = ma.fields.Integer(load_default=DEFAULT_LIMIT, validate=ma.validate.Range(1, MAX_LIMIT),
                              metadata={"description": f"Items per page (1–{MAX_LIMIT})."})


class SyncPageArgs(PageArgs):
    updated_since = ma.fields.AwareDateTime(
        metadata={"description": "Only items changed at or after this moment (ISO 8601 with a zone)."})


def page_schema(item_schema: type[ma.Schema], name: str | None = None) -> type[ma.Schema]:
    """The envelope of a list of ``item_schema``: ``data`` and ``next_cursor``."""
    return ma.Schema.from_dict({
        "data": ma.fields.List(ma.fields.Nested(item_schema), required=True),
        "next_cursor": ma.fields.String(required=True, allow_none=True),
    }, name=name or f"{item_schema.__name__.removesuffix('Schema')}Page")


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        after = json.loads(base64.urlsafe_b64decode(padded.encode()))["after"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        after = None
    if not isinstance(after, int) or isinstance(after, bool) or after < 0:
        raise ApiProblem(422, "This cursor is not one the API gave: start again without it.", code="invalid-cursor",
                         errors={"cursor": ["Not a cursor from this API."]})
    return after


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None

    def body(self, serialise=None) -> dict:
        return {"data": [serialise(item) for item in self.items] if serialise else self.items,
                "next_cursor": self.next_cursor}

    def headers(self) -> dict[str, str]:
        """``Link: <…>; rel="next"`` when another page follows."""
        if not self.next_cursor:
            return {}
        query = {key: value for key, value in request.args.items() if key != "cursor"}
        query["cursor"] = self.next_cursor
        return {"Link": f'<{request.base_url}?{urlencode(query)}>; rel="next"'}

    def answer(self, serialise=None):
        """What a list view returns under ``@blp.response(200, page_schema(...))``."""
        return self.body(serialise), 200, self.headers()


def paginate(session, query, id_column, args: dict, id_of=lambda item: item.id) -> Page:
    """One page of ``query`` (a select) after the cursor, ordered by ``id_column``.

    Fetches one row more than asked to know whether another page follows.
    """
    limit = args.get("limit", DEFAULT_LIMIT)
    after = decode_cursor(args.get("cursor"))
    rows = list(session.scalars(query.where(id_column > after).order_by(id_column).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, encode_cursor(id_of(rows[-1])) if more and rows else None)
