"""Mentor load drawn as bars: a small SVG written into the page, no JavaScript.

The approach of the cohort progress chart (``lms.reports.chart``): plain SVG with a <title>
and <desc> for screen readers, fixed colours, text escaped. One row per mentor: a bar for
their counted mentees and a mark at their maximum; the table under the chart holds the same
numbers.
"""
from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from flask_babel import gettext, ngettext
from markupsafe import Markup

from lms.health.mentors import MentorHealth
from lms.i18n.formatting import format_number

WIDTH, ROW, TOP, BOTTOM, LABEL, RIGHT = 720, 28, 8, 28, 200, 56


def describe(mentors: Sequence[MentorHealth]) -> str:
    """The chart in words for screen readers, in the reader's language."""
    parts = [gettext("%(name)s: %(count)s of %(limit)s", name=m.name, count=format_number(m.mentees),
                     limit=format_number(m.capacity)) if m.capacity is not None
             else gettext("%(name)s: %(count)s of no limit", name=m.name, count=format_number(m.mentees))
             for m in mentors]
    # "; " between mentors and a full stop after them: list punctuation, as in every language we ship.
    return gettext("Active mentees per mentor against their maximum. %(mentors)s.", mentors="; ".join(parts))


def load_svg(mentors: Sequence[MentorHealth], *, title: str, chart_id: str = "load") -> Markup:
    height = TOP + BOTTOM + ROW * max(1, len(mentors))
    widest = max([1] + [m.mentees for m in mentors] + [m.capacity or 0 for m in mentors])
    span = WIDTH - LABEL - RIGHT

    def x(value: int) -> float:
        return LABEL + span * value / widest

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="health-chart" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(mentors))}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    for index, mentor in enumerate(mentors):
        y = TOP + ROW * index
        over = mentor.capacity is not None and mentor.mentees > mentor.capacity
        full = mentor.capacity is not None and mentor.mentees >= mentor.capacity
        colour = "#a4262c" if over else "#8a5a00" if full else "#1f5f8b"
        name = mentor.name if len(mentor.name) <= 28 else mentor.name[:27] + "…"
        parts.append(f'<text x="{LABEL - 8}" y="{y + 18}" text-anchor="end" fill="#1d2530">{escape(name)}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y + 6}" width="{x(mentor.mentees) - LABEL:.1f}" height="16" '
                     f'fill="{colour}" rx="2"/>')
        if mentor.capacity is not None:
            mark = x(mentor.capacity)
            parts.append(f'<line x1="{mark:.1f}" x2="{mark:.1f}" y1="{y + 2}" y2="{y + 26}" stroke="#1d2530" '
                         f'stroke-width="2" stroke-dasharray="3 2"/>')
        limit = f" / {format_number(mentor.capacity)}" if mentor.capacity is not None else ""
        parts.append(f'<text x="{x(max(mentor.mentees, mentor.capacity or 0)) + 6:.1f}" y="{y + 18}" '
                     f'fill="#1d2530">{format_number(mentor.mentees)}{limit}</text>')
    axis = TOP + ROW * max(1, len(mentors)) + 4
    parts.append(f'<line x1="{LABEL}" x2="{WIDTH - RIGHT}" y1="{axis}" y2="{axis}" stroke="#d9dee5"/>')
    parts.append(f'<text x="{LABEL}" y="{axis + 16}" fill="#5b6675">0</text>')
    axis_label = ngettext("%(num)d mentee (dashed line: maximum)", "%(num)d mentees (dashed line: maximum)", widest)
    parts.append(f'<text x="{WIDTH - RIGHT}" y="{axis + 16}" text-anchor="end" fill="#5b6675">'
                 f'{escape(axis_label)}</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))
