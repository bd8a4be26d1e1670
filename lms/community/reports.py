"""Reports of posts and the moderation queue (docs/community.md).

Anyone who may see a post (not its author) reports it once (``uq_post_report_once``: a second
report, even at the same moment from another tab, changes nothing and says so). Moderators
settle every open report of a post at once: dismiss (the post is fine) or hide the post
(``moderation.hide_post``).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from lms import signals
from lms.audit.services import record
from lms.auth.models import User
from lms.community.models import Post, PostReport, ReportOutcome, Space, Topic
from lms.community.moderation import ModerationError, moderated_space_ids, settle_reports
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.text import single_line

REASON_MAX = 1000
QUEUE_PAGE_SIZE = 20
_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def report_post(post: Post, reason: str, reporter: User) -> PostReport | None:
    """The new report, or None when ``reporter`` had reported this post already."""
    reason = single_line(reason or "")
    if not reason:
        raise ModerationError(gettext("Say what is wrong with the post: moderators read it first."))
    if len(reason) > REASON_MAX:
        raise ModerationError(gettext("Keep the reason under %(max)s characters.", max=format_number(REASON_MAX)))
    values = dict(post_id=post.id, reporter_id=reporter.id, reason=reason, outcome=ReportOutcome.OPEN,
                  created_at=utcnow())
    # ON CONFLICT DO NOTHING also waits for a concurrent insert of the same pair: one row, always.
    statement = (_INSERT[db.session.get_bind().dialect.name](PostReport).values(**values)
                 .on_conflict_do_nothing(index_elements=["post_id", "reporter_id"]).returning(PostReport.id))
    report_id = db.session.execute(statement).scalar_one_or_none()
    if report_id is None:
        return None
    report = db.session.get(PostReport, report_id)
    record(reporter, "post.reported", post, report_id=report_id)
    signals.post_reported.send(report, actor=reporter)
    return report


def dismiss_reports(post: Post, actor: User) -> int:
    """The post is fine: its open reports close as ``dismissed``."""
    settled = settle_reports(post, ReportOutcome.DISMISSED, actor)
    if not settled:
        raise ModerationError(gettext("There is no open report of this post any more."))
    return settled


@dataclass
class QueueItem:
    post: Post
    reports: list[PostReport]


@dataclass
class Queue:
    items: list[QueueItem]
    total: int
    page: int
    pages: int


def open_queue(user: User, *, space_id: int | None = None, page: int = 1) -> Queue:
    """The posts with open reports in the spaces ``user`` moderates (or in one of them), oldest
    report first, with their topics, spaces, authors and reports: four queries whatever the size."""
    spaces = moderated_space_ids(user)
    if space_id is not None:
        spaces = spaces.where(Space.id == space_id)
    first_report = (select(PostReport.post_id, func.min(PostReport.created_at).label("since"))
                    .where(PostReport.outcome == ReportOutcome.OPEN).group_by(PostReport.post_id).subquery())
    query = (select(Post).join(first_report, first_report.c.post_id == Post.id).join(Topic, Topic.id == Post.topic_id)
             .where(Topic.space_id.in_(spaces)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // QUEUE_PAGE_SIZE))
    page = min(max(page, 1), pages)
    posts = list(db.session.scalars(
        query.options(joinedload(Post.author), joinedload(Post.topic).joinedload(Topic.space).joinedload(Space.cohort),
                      joinedload(Post.topic).joinedload(Topic.space).joinedload(Space.track))
        .order_by(first_report.c.since, Post.id).limit(QUEUE_PAGE_SIZE).offset((page - 1) * QUEUE_PAGE_SIZE)))
    reports: dict[int, list[PostReport]] = {post.id: [] for post in posts}
    if posts:
        for report in db.session.scalars(
                select(PostReport).options(joinedload(PostReport.reporter))
                .where(PostReport.post_id.in_(reports), PostReport.outcome == ReportOutcome.OPEN)
                .order_by(PostReport.created_at, PostReport.id)):
            reports[report.post_id].append(report)
    return Queue([QueueItem(post, reports[post.id]) for post in posts], total, page, pages)
