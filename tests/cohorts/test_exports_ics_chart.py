"""Pure output formats: spreadsheet-safe CSV, iCalendar, the progress chart."""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone

import pytest

from lms.cohorts.csvfile import neutralise, to_csv
from lms.cohorts.ics import CalendarEvent, escape_text, fold, render_calendar
from lms.progress.figures import daily_average
from lms.reports.chart import progress_svg


@pytest.mark.parametrize("value, expected", [
    ("=SUM(A1:A2)", "'=SUM(A1:A2)"), ("+1", "'+1"), ("-cmd", "'-cmd"), ("@A1", "'@A1"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Ana", "Ana"), ("a=b", "a=b"), ("", ""),
])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_csv_has_bom_crlf_iso_dates_and_keeps_numbers():
    data = to_csv(["name", "when", "day", "points", "late"],
                  [["=evil()", datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc), date(2025, 3, 2), -3, True]])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n") and text.count("\r\n") == 2
    [header, row] = list(csv.reader(io.StringIO(text)))
    assert row == ["'=evil()", "2025-03-01T12:00:00+00:00", "2025-03-02", "-3", "yes"]


def test_text_values_are_escaped():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "Überprüfung der Ergebnisse – " * 8
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line


def test_calendar_is_valid_icalendar():
    start = datetime(2025, 3, 30, 21, 59, tzinfo=timezone.utc)
    body = render_calendar([CalendarEvent("cohort-1-lesson-2@example.org", start, "Due: Landing page, v2; final",
                                          "http://example.org/l", "Line one\nline two")],
                           name="Deadlines", product="Skill Tracks", now=start - timedelta(days=1))
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    lines = body.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "UID:cohort-1-lesson-2@example.org" in lines
    assert "DTSTART:20250330T215900Z" in lines
    assert "SUMMARY:Due: Landing page\\, v2\\; final" in lines
    assert "DESCRIPTION:Line one\\nline two" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    assert any(line.startswith("DTSTAMP:") for line in lines) and any(line.startswith("PRODID:") for line in lines)


def test_daily_average_applies_the_per_learner_formula_each_day():
    start = date(2025, 3, 1)
    ana = (5, [date(2025, 3, 1), date(2025, 3, 3), date(2025, 2, 27)])  # 40 %, then 60 % from the 3rd
    ben = (5, [date(2025, 3, 3)])                                       # 0 %, then 20 %
    series = daily_average(start, date(2025, 3, 4), [ana, ben])
    assert series == [(date(2025, 3, 1), 20.0), (date(2025, 3, 2), 20.0), (date(2025, 3, 3), 40.0),
                      (date(2025, 3, 4), 40.0)]
    assert daily_average(start, start, []) == [(start, 0.0)]


def test_daily_average_rounds_like_the_cohort_page():
    # 1 of 3 done is 33 % for each learner (rounded down), so the average is 33, not 33.3.
    series = daily_average(date(2025, 3, 1), date(2025, 3, 1), [(3, [date(2025, 3, 1)]), (3, [date(2025, 3, 1)])])
    assert series == [(date(2025, 3, 1), 33.0)]


def test_progress_chart_is_accessible_svg():
    svg = progress_svg([(date(2025, 3, 1), 0.0), (date(2025, 3, 2), 12.5)], title="Spring <cohort>",
                       desc="Average progress & more")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == ns + "svg" and root.get("role") == "img"
    assert root.find(ns + "title").text == "Spring <cohort>"
    assert root.find(ns + "desc").text == "Average progress & more"
    assert root.find(ns + "polyline") is not None
    assert "style=" not in svg and "<script" not in svg
    ET.fromstring(progress_svg([], title="t", desc="d"))
