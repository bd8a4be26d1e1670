"""The health figures as table rows: the CSV exports write these, the pages show the same values.

``hours_value`` rounds a wait once (one decimal) for both; ``None`` is "—" on a page and an
empty cell in a CSV file (nothing to divide, or nothing measured yet).
"""
from __future__ import annotations

from lms.health.figures import CohortHealth, Health
from lms.health.stats import Waits
from lms.meetings.hours import Hours, HoursTable

ORGANISATION_HEADER = [
    "cohort", "status", "active learners", "with a primary mentor", "match rate %",
    "asks", "asks unanswered", "ask first response median (h)", "ask first response p90 (h)", "asks past target",
    "attempts", "attempts waiting", "review median (h)", "review p90 (h)", "reviews past target",
    "submissions", "mean attempts per submission", "most attempts", "stuck learners",
]
COHORT_HEADER = ["section", "subject", "figure", "value"]
# Mentor hours (lms.meetings.hours): after the figures of each cohort, and per mentor.
HOURS_HEADER = ["one-to-one hours", "one-to-one sessions", "no-shows", "workshop hours", "workshops",
                "mentor hours"]


def hours_value(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _waits(waits: Waits) -> list:
    return [waits.count, waits.open, hours_value(waits.median), hours_value(waits.p90)]


def figures_row(h: CohortHealth) -> list:
    return ([h.cohort.name if h.cohort else "All cohorts", h.cohort.status if h.cohort else "",
             h.learners, h.matched, h.match_rate]
            + _waits(h.ask_waits) + [len(h.asks_past_target)]
            + _waits(h.review_waits) + [len(h.reviews_past_target)]
            + [h.cycles.submissions, h.cycles.mean, h.cycles.most if h.cycles.submissions else None, len(h.stuck)])


NO_HOURS = HoursTable()


def hours_row(hours: Hours) -> list:
    return [hours.session_hours, hours.sessions, hours.no_shows, hours.workshop_hours, hours.workshops,
            hours.total_hours]


def organisation(health: Health, hours: HoursTable = NO_HOURS) -> tuple[list[str], list[list]]:
    return ORGANISATION_HEADER + HOURS_HEADER, (
        [figures_row(h) + hours_row(hours.cohort(h.cohort.id)) for h in health.cohorts]
        + [figures_row(health.total) + hours_row(hours.total)])


def cohort(health: Health, hours: HoursTable = NO_HOURS) -> tuple[list[str], list[list]]:
    """One cohort as a long table: its figures, then one block per mentor, assignment and stuck learner."""
    [h] = health.cohorts
    name = h.cohort.name
    figures = zip(ORGANISATION_HEADER[2:], figures_row(h)[2:], strict=True)
    rows = [["cohort", name, label, value] for label, value in figures]
    rows += [["cohort", name, label, value]
             for label, value in zip(HOURS_HEADER, hours_row(hours.cohort(h.cohort.id)), strict=True)]
    for m in health.mentors:
        rows += [["mentor", m.name, "active mentees", m.mentees], ["mentor", m.name, "maximum", m.capacity],
                 ["mentor", m.name, "reviews rated", m.reviews.rated],
                 ["mentor", m.name, "reviews rated helpful %", m.reviews.percent],
                 ["mentor", m.name, "asks rated", m.asks.rated],
                 ["mentor", m.name, "asks rated helpful", m.asks.helpful],
                 ["mentor", m.name, "asks rated somewhat helpful", m.asks.somewhat],
                 ["mentor", m.name, "asks rated not helpful", m.asks.not_helpful],
                 ["mentor", m.name, "review median (h)", hours_value(m.review_median)],
                 ["mentor", m.name, "ask first response median (h)", hours_value(m.ask_median)],
                 ["mentor", m.name, "accepted answers (community)", m.accepted_answers]]
        rows += [["mentor", m.name, label, value]
                 for label, value in zip(HOURS_HEADER, hours_row(hours.mentor(m.user_id, h.cohort.id)), strict=True)]
    for c in h.cycles_by_lesson:
        rows += [["assignment", c.title, "submissions", c.submissions],
                 ["assignment", c.title, "mean attempts per submission", c.mean],
                 ["assignment", c.title, "most attempts", c.most]]
    for s in h.stuck:
        rows += [["stuck learner", s.name, "reason", reason.text] for reason in s.reasons]
    return COHORT_HEADER, rows
