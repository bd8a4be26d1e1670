"""The cohort progress chart: a small server-rendered SVG, no JavaScript.

``progress_svg`` draws a series of (day, average % complete) — computed by
``lms.reports.overview.daily_average`` — with a <title> and <desc> for screen readers; its axis
labels in the reader's language (the dates and percentages of ``lms.i18n.formatting``).
"""
from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from lms.i18n.formatting import format_day, format_percent

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * index / (count - 1) if count > 1 else span / 2)


def _y(percent: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - percent / 100)


def progress_svg(series: list[tuple[date, float]], *, title: str, desc: str) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" '
        f'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for percent in (0, 25, 50, 75, 100):
        y = _y(percent)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#d9dee5" stroke-width="1"/>')
        label = escape(format_percent(percent / 100))
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#5b6675">{label}</text>')
    if series:
        count = len(series)
        points = " ".join(f"{_x(i, count):.1f},{_y(p):.1f}" for i, (_, p) in enumerate(series))
        if count > 1:
            area = f"{_x(0, count):.1f},{_y(0):.1f} {points} {_x(count - 1, count):.1f},{_y(0):.1f}"
            parts.append(f'<polygon points="{area}" fill="#e7f0f7"/>')
            parts.append(f'<polyline points="{points}" fill="none" stroke="#1f5f8b" stroke-width="2.5" '
                         f'stroke-linejoin="round"/>')
        last_x, last_y = _x(count - 1, count), _y(series[-1][1])
        parts.append(f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="4" fill="#1f5f8b"/>')
        label_y = HEIGHT - BOTTOM + 20
        parts.append(f'<text x="{LEFT}" y="{label_y}" fill="#5b6675">{escape(format_day(series[0][0]))}</text>')
        if count > 1:
            parts.append(f'<text x="{WIDTH - RIGHT}" y="{label_y}" text-anchor="end" fill="#5b6675">'
                         f'{escape(format_day(series[-1][0]))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
