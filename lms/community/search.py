"""Searching a space: topic titles and post bodies (docs/community.md, "Search").

One function, ``search_space``, for the page. A hit is a post: it matches when its body holds
every word of the query, or when it opens its topic and the topic's title holds every word.
PostgreSQL: full-text search (``to_tsvector('simple', ...) @@ websearch_to_tsquery('simple', q)``,
so "quoted phrases" and -excluded words work) ranked by ``ts_rank``; other databases (SQLite):
a case-insensitive LIKE per word (``%`` and ``_`` taken literally), newest first. Members
never find hidden posts or posts of hidden topics; moderators find them, marked. Two queries
(a count and a page), whatever the size of the space.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from lms.community.models import Post, Space, Topic
from lms.database import alias
from lms.extensions import db
from lms.text import like_contains

PAGE_SIZE = 20
QUERY_MAX = 200          # characters of the query that are read
TERMS_MAX = 8            # words of the query that are used
SNIPPET_CHARS = 220
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Hit:
    post: Post
    topic: Topic
    snippet: Markup


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    page: int
    pages: int


def terms_of(query: str) -> list[str]:
    """The words of the query, lower-cased, without repeats."""
    return list(dict.fromkeys(word.lower() for word in _WORD.findall(query[:QUERY_MAX])))[:TERMS_MAX]


def _cut(query: str) -> str:
    """At most ``QUERY_MAX`` characters, without a word cut in half."""
    if len(query) <= QUERY_MAX:
        return query
    cut = query[:QUERY_MAX + 1]
    return cut[:cut.rfind(" ")].strip() if " " in cut else query[:QUERY_MAX]


def _opens_topic():
    earlier = alias(Post, "search_earlier_post")
    return Post.id == select(func.min(earlier.id)).where(earlier.topic_id == Post.topic_id).scalar_subquery()


def _matches(query: str, terms: list[str], postgres: bool):
    if postgres:
        wanted = func.websearch_to_tsquery("simple", query[:QUERY_MAX])
        body = func.to_tsvector("simple", Post.body)
        title = func.to_tsvector("simple", Topic.title)
        return (or_(body.op("@@")(wanted), and_(_opens_topic(), title.op("@@")(wanted))),
                func.ts_rank(body, wanted) + func.ts_rank(title, wanted))
    in_body = and_(*(func.lower(Post.body).like(like_contains(t), escape="\\") for t in terms))
    in_title = and_(*(func.lower(Topic.title).like(like_contains(t), escape="\\") for t in terms))
    return or_(in_body, and_(_opens_topic(), in_title)), literal(0)


def search_space(space: Space, query: str, *, moderator: bool, page: int = 1) -> Results:
    """The page ``page`` of hits for ``query`` in ``space``; ``moderator`` also finds hidden posts."""
    query = _cut((query or "").strip())
    terms = terms_of(query)
    if not terms:
        return Results(query, [], 0, 1, 1)
    postgres = db.session.get_bind().dialect.name == "postgresql"
    condition, rank = _matches(query, terms, postgres)
    statement = select(Post).join(Topic, Topic.id == Post.topic_id).where(Topic.space_id == space.id, condition)
    if not moderator:
        statement = statement.where(Post.is_hidden.is_(False), Topic.is_hidden.is_(False))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    posts = db.session.scalars(
        statement.options(contains_eager(Post.topic), joinedload(Post.author))
        .order_by(rank.desc(), Post.created_at.desc(), Post.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).unique()
    hits = [Hit(post, post.topic, snippet(post.body, terms)) for post in posts]
    return Results(query, hits, total, page, pages)


def snippet(text: str, terms: list[str], length: int = SNIPPET_CHARS) -> Markup:
    """A piece of ``text`` around the first word found, escaped, the words in ``<mark>``."""
    plain = " ".join((text or "").split())
    lowered = plain.lower()
    found = [i for i in (lowered.find(t) for t in terms) if i >= 0]
    start = max(0, min(found) - length // 4) if found else 0
    piece = plain[start:start + length]
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    out, at = [], 0
    for match in pattern.finditer(piece) if terms else ():
        out += [escape(piece[at:match.start()]), Markup("<mark>"), escape(match.group()), Markup("</mark>")]
        at = match.end()
    out.append(escape(piece[at:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(plain) else ""
    return Markup(escape(prefix) + Markup("").join(out) + escape(suffix))
