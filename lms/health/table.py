"""The health figures as table rows: the CSV exports write these, the pages show the same values.

Column names and the words in the cohort file's first three columns are in the reader's
language (``_l`` here, ``str()`` when written); figures stay numbers.

``hours_value`` rounds a wait once (one decimal) for both; ``None`` is "—" on a page and an
empty cell in a CSV file (nothing to divide, or nothing measured yet).
"""
from __future__ import annotations

from babel import numbers
from flask_babel import get_locale, gettext, lazy_gettext as _l

from lms.health.figures import CohortHealth, Health
from lms.health.stats import Waits
from lms.meetings.hours import Hours, HoursTable

ORGANISATION_HEADER = [
    _l("cohort"), _l("status"), _l("active learners"), _l("with a primary mentor"), _l("match rate %"),
    _l("asks"), _l("asks unanswered"), _l("ask first response median (h)"), _l("ask first response p90 (h)"),
    _l("asks past target"), _l("attempts"), _l("attempts waiting"), _l("review median (h)"), _l("review p90 (h)"),
    _l("reviews past target"),
    _l("submissions"), _l("mean attempts per submission"), _l("most attempts"), _l("stuck learners"),
]
COHORT_HEADER = [_l("section"), _l("subject"), _l("figure"), _l("value")]
# Mentor hours (lms.meetings.hours): after the figures of each cohort, and per mentor.
HOURS_HEADER = [_l("one-to-one hours"), _l("one-to-one sessions"), _l("no-shows"), _l("workshop hours"),
                _l("workshops"), _l("mentor hours")]


SECTIONS = {"cohort": _l("cohort"), "mentor": _l("mentor"), "assignment": _l("assignment"),
            "stuck learner": _l("stuck learner")}
# The figures of a mentor, an assignment and a stuck learner in the cohort file.
LABELS = {
    "accepted answers (community)": _l("accepted answers (community)"),
    "active mentees": _l("active mentees"),
    "ask first response median (h)": _l("ask first response median (h)"),
    "asks rated": _l("asks rated"),
    "asks rated helpful": _l("asks rated helpful"),
    "asks rated not helpful": _l("asks rated not helpful"),
    "asks rated somewhat helpful": _l("asks rated somewhat helpful"),
    "maximum": _l("maximum"),
    "mean attempts per submission": _l("mean attempts per submission"),
    "most attempts": _l("most attempts"),
    "reason": _l("reason"),
    "review median (h)": _l("review median (h)"),
    "reviews rated": _l("reviews rated"),
    "reviews rated helpful %": _l("reviews rated helpful %"),
    "submissions": _l("submissions"),
}


def _words(names) -> list[str]:
    return [str(name) for name in names]


def hours_value(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def hours_text(value: float | None) -> str:
    """A rounded wait as a page shows it, one decimal in the reader's way: ``30.0`` (``30,0``, ``٣٠٫٠``)."""
    if value is None:
        return "—"
    return numbers.format_decimal(hours_value(value), "#,##0.0", locale=get_locale() or "en")


def _waits(waits: Waits) -> list:
    return [waits.count, waits.open, hours_value(waits.median), hours_value(waits.p90)]


def figures_row(h: CohortHealth) -> list:
    return ([h.cohort.name if h.cohort else gettext("All cohorts"), h.cohort.status if h.cohort else "",
             h.learners, h.matched, h.match_rate]
            + _waits(h.ask_waits) + [len(h.asks_past_target)]
            + _waits(h.review_waits) + [len(h.reviews_past_target)]
            + [h.cycles.submissions, h.cycles.mean, h.cycles.most if h.cycles.submissions else None, len(h.stuck)])


NO_HOURS = HoursTable()


def hours_row(hours: Hours) -> list:
    return [hours.session_hours, hours.sessions, hours.no_shows, hours.workshop_hours, hours.workshops,
            hours.total_hours]


def organisation(health: Health, hours: HoursTable = NO_HOURS) -> tuple[list[str], list[list]]:
    return _words(ORGANISATION_HEADER + HOURS_HEADER), (
        [figures_row(h) + hours_row(hours.cohort(h.cohort.id)) for h in health.cohorts]
        + [figures_row(health.total) + hours_row(hours.total)])


def cohort(health: Health, hours: HoursTable = NO_HOURS) -> tuple[list[str], list[list]]:
    """One cohort as a long table: its figures, then one block per mentor, assignment and stuck learner."""
    [h] = health.cohorts
    name = h.cohort.name
    figures = zip(_words(ORGANISATION_HEADER[2:]), figures_row(h)[2:], strict=True)
    section = {key: str(word) for key, word in SECTIONS.items()}
    label = {key: str(word) for key, word in LABELS.items()}
    rows = [[section["cohort"], name, figure, value] for figure, value in figures]
    rows += [[section["cohort"], name, figure, value]
             for figure, value in zip(_words(HOURS_HEADER), hours_row(hours.cohort(h.cohort.id)), strict=True)]
    for m in health.mentors:
        rows += [[section["mentor"], m.name, label["active mentees"], m.mentees],
                 [section["mentor"], m.name, label["maximum"], m.capacity],
                 [section["mentor"], m.name, label["reviews rated"], m.reviews.rated],
                 [section["mentor"], m.name, label["reviews rated helpful %"], m.reviews.percent],
                 [section["mentor"], m.name, label["asks rated"], m.asks.rated],
                 [section["mentor"], m.name, label["asks rated helpful"], m.asks.helpful],
                 [section["mentor"], m.name, label["asks rated somewhat helpful"], m.asks.somewhat],
                 [section["mentor"], m.name, label["asks rated not helpful"], m.asks.not_helpful],
                 [section["mentor"], m.name, label["review median (h)"], hours_value(m.review_median)],
                 [section["mentor"], m.name, label["ask first response median (h)"], hours_value(m.ask_median)],
                 [section["mentor"], m.name, label["accepted answers (community)"], m.accepted_answers]]
        rows += [[section["mentor"], m.name, figure, value]
                 for figure, value in zip(_words(HOURS_HEADER), hours_row(hours.mentor(m.user_id, h.cohort.id)),
                                          strict=True)]
    for c in h.cycles_by_lesson:
        rows += [[section["assignment"], c.title, label["submissions"], c.submissions],
                 [section["assignment"], c.title, label["mean attempts per submission"], c.mean],
                 [section["assignment"], c.title, label["most attempts"], c.most]]
    for s in h.stuck:
        rows += [[section["stuck learner"], s.name, label["reason"], reason.text] for reason in s.reasons]
    return _words(COHORT_HEADER), rows
