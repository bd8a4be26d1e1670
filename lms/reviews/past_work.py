"""A mentor's past work: the reviews they wrote and the asks they answered, newest first,
searchable and filtered, in a constant number of queries (admins: everyone's, or one mentor's)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext, lazy_gettext
from sqlalchemy import and_, func, literal, or_, select, union, union_all

from lms.asks.models import Ask, AskReply, AskState, ReplyKind
from lms.auth.models import User
from lms.cohorts.models import Cohort
from lms.database import alias
from lms.extensions import db
from lms.reviews.models import Decision, Review
from lms.submissions.models import Submission
from lms.tracks.models import Lesson

PAGE_SIZE = 30
KINDS = ("all", "reviews", "asks")


@dataclass
class HistoryFilters:
    q: str = ""
    kind: str = "all"
    cohort_id: int | None = None
    learner_id: int | None = None
    lesson_id: int | None = None
    mentor_id: int | None = None   # whose work; a mentor always sees only their own
    page: int = 1

    def __post_init__(self) -> None:
        self.q = (self.q or "").strip()[:100]
        if self.kind not in KINDS:
            self.kind = "all"

    @property
    def narrowed(self) -> bool:
        return bool(self.q or self.kind != "all" or self.cohort_id or self.learner_id or self.lesson_id)


@dataclass(frozen=True)
class PastItem:
    kind: str                # "review" | "ask"
    at: datetime             # when the review was written / the mentor last replied
    learner_id: int
    learner_name: str
    title: str               # the assignment's or the ask's title
    cohort_name: str
    mentor_name: str
    outcome: str             # the decision, or the ask's state
    submission_id: int | None = None
    ask_id: int | None = None
    lesson_title: str | None = None


@dataclass
class PastPage:
    items: list[PastItem]
    total: int
    page: int
    pages: int
    cohorts: list[tuple[int, str]] = field(default_factory=list)
    learners: list[tuple[int, str]] = field(default_factory=list)
    lessons: list[tuple[int, str]] = field(default_factory=list)
    mentors: list[tuple[int, str]] = field(default_factory=list)   # admins' mentor filter only


OUTCOMES = {Decision.APPROVE: lazy_gettext("Approved"), Decision.REQUEST_CHANGES: lazy_gettext("Changes requested"),
            Decision.NOT_PASSED: lazy_gettext("Not passed")}
ASK_OUTCOMES = {AskState.AWAITING_MENTOR: lazy_gettext("Waiting for a mentor"),
                AskState.AWAITING_LEARNER: lazy_gettext("Waiting for the learner"),
                AskState.RESOLVED: lazy_gettext("Resolved"), AskState.TIMED_OUT: lazy_gettext("Timed out")}


def _contains(text: str) -> str:
    return "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filtered(query, filters: HistoryFilters, mentor_id: int | None, *, author, cohort, learner, lesson,
              learner_name, title):
    """``query`` narrowed by the page's filters; the columns say where each one reads."""
    if mentor_id:
        query = query.where(author == mentor_id)
    if filters.cohort_id:
        query = query.where(cohort == filters.cohort_id)
    if filters.learner_id:
        query = query.where(learner == filters.learner_id)
    if filters.lesson_id:
        query = query.where(lesson == filters.lesson_id)
    if filters.q:
        pattern = _contains(filters.q)
        query = query.where(or_(func.lower(learner_name).like(pattern, escape="\\"),
                                func.lower(title).like(pattern, escape="\\")))
    return query


def _review_keys(filters: HistoryFilters, mentor_id: int | None):
    learner = alias(User, "past_review_learner")
    query = (select(literal("review").label("kind"), Review.id.label("id"), Review.created_at.label("at"))
             .join(Submission, Submission.id == Review.submission_id)
             .join(learner, learner.id == Submission.user_id)
             .join(Lesson, Lesson.id == Submission.lesson_id))
    return _filtered(query, filters, mentor_id, author=Review.reviewer_id, cohort=Submission.cohort_id,
                     learner=Submission.user_id, lesson=Submission.lesson_id, learner_name=learner.name,
                     title=Lesson.title)


def _ask_keys(filters: HistoryFilters, mentor_id: int | None):
    """One row per (ask, answering mentor): the mentor's latest reply."""
    learner = alias(User, "past_ask_learner")
    query = (select(literal("ask").label("kind"), func.max(AskReply.id).label("id"),
                    func.max(AskReply.created_at).label("at"))
             .join(Ask, Ask.id == AskReply.ask_id)
             .join(learner, learner.id == Ask.user_id)
             .where(AskReply.kind == ReplyKind.REPLY, AskReply.author_id.is_not(None),
                    AskReply.author_id != Ask.user_id)
             .group_by(AskReply.ask_id, AskReply.author_id))
    return _filtered(query, filters, mentor_id, author=AskReply.author_id, cohort=Ask.cohort_id,
                     learner=Ask.user_id, lesson=Ask.lesson_id, learner_name=learner.name, title=Ask.title)


def past_work(viewer_id: int, filters: HistoryFilters, *, sees_everyone: bool) -> PastPage:
    """The page of ``filters`` (newest first). ``sees_everyone`` (admins) honours the mentor
    filter; anyone else sees only the work they did themselves."""
    mentor_id = filters.mentor_id if sees_everyone else viewer_id
    halves = []
    if filters.kind in ("all", "reviews"):
        halves.append(_review_keys(filters, mentor_id))
    if filters.kind in ("all", "asks"):
        halves.append(_ask_keys(filters, mentor_id))
    merged = union_all(*halves).subquery() if len(halves) > 1 else halves[0].subquery()
    total = db.session.scalar(select(func.count()).select_from(merged)) or 0
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(filters.page, 1), pages)
    keys = db.session.execute(select(merged.c.kind, merged.c.id)
                              .order_by(merged.c.at.desc(), merged.c.kind, merged.c.id.desc())
                              .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    reviews = _review_rows([i for k, i in keys if k == "review"])
    asks = _ask_rows([i for k, i in keys if k == "ask"])
    items = [(reviews if kind == "review" else asks).get(key) for kind, key in keys]
    result = PastPage([item for item in items if item is not None], total, page, pages)
    _options(result, mentor_id, sees_everyone)
    return result


def _review_rows(ids) -> dict[int, PastItem]:
    learner, mentor = alias(User, "past_review_row_learner"), alias(User, "past_review_row_mentor")
    rows = db.session.execute(
        select(Review.id, Review.created_at, learner.id, learner.name, Lesson.title, Cohort.name, mentor.name,
               Review.decision, Submission.id)
        .join(Submission, Submission.id == Review.submission_id)
        .join(learner, learner.id == Submission.user_id)
        .join(Lesson, Lesson.id == Submission.lesson_id)
        .join(Cohort, Cohort.id == Submission.cohort_id)
        .outerjoin(mentor, mentor.id == Review.reviewer_id)
        .where(Review.id.in_(list(ids)))).all()
    return {rid: PastItem("review", at, lid, lname, title, cohort, mname or gettext("A former mentor"),
                          OUTCOMES[decision], submission_id=sid)
            for rid, at, lid, lname, title, cohort, mname, decision, sid in rows}


def _ask_rows(reply_ids) -> dict[int, PastItem]:
    learner, mentor = alias(User, "past_ask_row_learner"), alias(User, "past_ask_row_mentor")
    rows = db.session.execute(
        select(AskReply.id, AskReply.created_at, learner.id, learner.name, Ask.title, Cohort.name, mentor.name,
               Ask.state, Ask.id, Lesson.title)
        .join(Ask, Ask.id == AskReply.ask_id)
        .join(learner, learner.id == Ask.user_id)
        .join(Cohort, Cohort.id == Ask.cohort_id)
        .outerjoin(Lesson, Lesson.id == Ask.lesson_id)
        .outerjoin(mentor, mentor.id == AskReply.author_id)
        .where(AskReply.id.in_(list(reply_ids)))).all()
    return {rid: PastItem("ask", at, lid, lname, title, cohort, mname or gettext("A former mentor"),
                          ASK_OUTCOMES[state], ask_id=aid, lesson_title=lesson)
            for rid, at, lid, lname, title, cohort, mname, state, aid, lesson in rows}


def _options(result: PastPage, mentor_id: int | None, sees_everyone: bool) -> None:
    """The filters' choices: the cohorts, learners and assignments of this mentor's past work
    (one query for all three), and for admins the mentors who did any."""
    review_side = (select(Submission.cohort_id.label("cohort_id"), Submission.user_id.label("learner_id"),
                          Submission.lesson_id.label("lesson_id"))
                   .join(Review, Review.submission_id == Submission.id))
    ask_side = (select(Ask.cohort_id, Ask.user_id, Ask.lesson_id).join(AskReply, AskReply.ask_id == Ask.id)
                .where(AskReply.kind == ReplyKind.REPLY, AskReply.author_id != Ask.user_id))
    if mentor_id:
        review_side = review_side.where(Review.reviewer_id == mentor_id)
        ask_side = ask_side.where(AskReply.author_id == mentor_id)
    seen = union(review_side, ask_side).subquery()
    learner = alias(User, "past_seen_learner")
    rows = db.session.execute(
        select(Cohort.id, Cohort.name, learner.id, learner.name, Lesson.id, Lesson.title)
        .select_from(seen)
        .join(Cohort, Cohort.id == seen.c.cohort_id)
        .join(learner, learner.id == seen.c.learner_id)
        .outerjoin(Lesson, Lesson.id == seen.c.lesson_id)).all()
    result.cohorts = sorted({(r[0], r[1]) for r in rows}, key=lambda c: (c[1].lower(), c[0]))
    result.learners = sorted({(r[2], r[3]) for r in rows}, key=lambda c: (c[1].lower(), c[0]))
    result.lessons = sorted({(r[4], r[5]) for r in rows if r[4] is not None}, key=lambda c: (c[1].lower(), c[0]))
    if sees_everyone:
        mentors = union(select(Review.reviewer_id.label("id")).where(Review.reviewer_id.is_not(None)),
                        select(AskReply.author_id).join(Ask, Ask.id == AskReply.ask_id)
                        .where(and_(AskReply.kind == ReplyKind.REPLY, AskReply.author_id != Ask.user_id))).subquery()
        result.mentors = [tuple(r) for r in db.session.execute(
            select(User.id, User.name).join(mentors, mentors.c.id == User.id).order_by(User.name, User.id))]
