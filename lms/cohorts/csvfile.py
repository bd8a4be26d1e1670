"""CSV files people open in a spreadsheet: UTF-8 with BOM, CRLF, ISO 8601 dates (moments in
the reader's time zone, with their offset), and text that a spreadsheet would run as a formula
neutralised."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Iterable, Iterator

from flask import Response

from lms.downloads import attachment_response
from lms.i18n.formatting import reader_zone

# A cell starting with one of these is a formula (or can become one) in Excel,
# LibreOffice and Google Sheets; a leading apostrophe makes it plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def cell(value, zone=None) -> str | int | float:
    """One value as written to the file. Numbers stay numbers (a negative number is not a formula);
    a moment is written in ``zone`` (the reader's) when given."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, datetime):
        return (value.astimezone(zone) if zone is not None and value.tzinfo else value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(getattr(value, "value", value)))


def csv_lines(header: list[str], rows: Iterable[Iterable], rows_per_chunk: int = 200, zone=None) -> Iterator[bytes]:
    """The same file as ``to_csv``, produced a chunk of rows at a time (for streamed responses)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([cell(h) for h in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([cell(value, zone) for value in row])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_csv(header: list[str], rows: Iterable[Iterable], zone=None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(value, zone) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    return attachment_response(to_csv(header, rows, reader_zone()), filename, "text/csv; charset=utf-8",
                               cache_control="no-store")


def streamed_csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    """Like ``csv_response``, sent while ``rows`` are produced (keep the request context with
    ``stream_with_context`` around a generator that reads the database)."""
    # The zone is read now: the rows are written after the view returned.
    return attachment_response(csv_lines(header, rows, zone=reader_zone()), filename, "text/csv; charset=utf-8",
                               cache_control="no-store")
