"""Enrolment CSV files: parsing and the dry-run plan. Pure: no database, no I/O.

Format: ``email,name[,mentor_email[,credit_prior_work]]``, one person a line; a header
row is optional; UTF-8 with or without BOM; comma or semicolon separated; blank lines
ignored. ``credit_prior_work`` is yes/no (empty: the form's choice): credit the lessons
and quizzes a learner completed in an earlier cohort of the same track.
"""
from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field

from flask_babel import gettext, lazy_gettext

from lms.auth.emails import checked_email
from lms.text import single_line

NAME_MAX = 120  # lms.auth.models.User.name

INVITE = "invite"          # new account, invitation sent
ENROL = "enrol"            # existing account enrolled
REACTIVATE = "reactivate"  # withdrawn enrolment made active again
ERROR = "error"

ACTION_LABELS = {
    INVITE: lazy_gettext("New account + invitation"),
    ENROL: lazy_gettext("Existing user enrolled"),
    REACTIVATE: lazy_gettext("Withdrawn enrolment re-activated"),
    ERROR: lazy_gettext("Not enrolled"),
}


class CsvFormatError(ValueError):
    """The file as a whole cannot be read; the message is safe to show."""


@dataclass(frozen=True)
class CsvRow:
    line: int
    email: str
    name: str
    mentor_email: str = ""
    credit: str = ""  # as written: yes/no/empty


@dataclass
class PlanRow:
    line: int
    email: str
    name: str
    mentor_email: str
    action: str
    reason: str = ""
    credit: bool = False  # credit work from an earlier cohort of the track

    @property
    def is_error(self) -> bool:
        return self.action == ERROR

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self.action])


@dataclass
class PlanContext:
    """What the database says, as plain data, for one cohort."""

    role: str = "learner"
    users: dict[str, str] = field(default_factory=dict)         # email -> name of existing accounts
    enrolments: dict[str, tuple[str, str]] = field(default_factory=dict)  # email -> (role, status)
    mentor_emails: set[str] = field(default_factory=set)        # active mentors of the cohort
    seats_free: int | None = None                               # None: no capacity limit
    credit_default: bool = False                                # the form's "credit prior work" choice


def decode(data: bytes) -> str:
    """The text of an uploaded file: UTF-8, with or without a byte-order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvFormatError(gettext("The file is not UTF-8 text. Save it as \"CSV UTF-8\" and upload it "
                                     "again.")) from error


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    fields = {d: len(next(csv.reader([first], delimiter=d), [])) for d in (",", ";")}
    return ";" if fields[";"] > fields[","] else ","


def parse(text: str) -> list[CsvRow]:
    """Rows with their line numbers in the file, header and blank lines skipped."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[CsvRow] = []
    first = True
    try:
        for cells in reader:
            line = reader.line_num
            # A quoted cell may hold line breaks; a name must not (it goes into emails).
            cells = [single_line(c) for c in cells]
            if not any(cells):
                continue
            if first and cells[0].lower().lstrip("\ufeff") in {"email", "e-mail", "email address"}:
                first = False
                continue
            first = False
            cells += [""] * (4 - len(cells))
            rows.append(CsvRow(line=line, email=cells[0], name=cells[1], mentor_email=cells[2], credit=cells[3]))
    except csv.Error as error:
        raise CsvFormatError(gettext("Line %(line)s: the file is not valid CSV (%(problem)s).", line=reader.line_num,
                                     problem=error)) from error
    return rows


_YES, _NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


def credit_choice(value: str, default: bool) -> bool | None:
    """The ``credit_prior_work`` cell as a choice: the default when empty, None when unreadable."""
    value = (value or "").strip().lower()
    if not value:
        return default
    return True if value in _YES else False if value in _NO else None


def normalise_email(email: str) -> str | None:
    """The normalised address, or None when it is malformed (see :mod:`lms.auth.emails`)."""
    return checked_email(email)


def plan(rows: list[CsvRow], context: PlanContext) -> list[PlanRow]:
    """What confirming would do to each row, and why each bad row would be refused."""
    result: list[PlanRow] = []
    seen: dict[str, int] = {}
    seats_left = context.seats_free
    for row in rows:
        email = normalise_email(row.email)
        credit = credit_choice(row.credit, context.credit_default)

        def out(action: str, reason: str = "", row: CsvRow = row, email: str | None = email,
                credit: bool | None = credit) -> None:
            result.append(PlanRow(row.line, email or row.email, row.name, row.mentor_email, action, reason,
                                  bool(credit) and action != ERROR))

        if email is None:
            out(ERROR, gettext("malformed email “%(email)s”", email=row.email) if row.email
                else gettext("missing email"))
            continue
        if email in seen:
            out(ERROR, gettext("duplicate row in the file (same email as line %(line)s)", line=seen[email]))
            continue
        seen[email] = row.line
        if credit is None:
            out(ERROR, gettext("credit_prior_work must be yes or no, not “%(value)s”", value=row.credit))
            continue
        if credit and context.role != "learner":
            out(ERROR, gettext("only learners can be credited with earlier work"))
            continue
        mentor = normalise_email(row.mentor_email) if row.mentor_email else None
        if row.mentor_email and context.role != "learner":
            out(ERROR, gettext("only learners can be given a mentor"))
            continue
        if row.mentor_email and (mentor is None or mentor not in context.mentor_emails):
            out(ERROR, gettext("unknown mentor %(email)s (not a mentor of this cohort)", email=row.mentor_email))
            continue
        existing = context.enrolments.get(email)
        if existing is not None:
            role, status = existing
            if status != "withdrawn":
                out(ERROR, gettext("already enrolled as mentor") if role == "mentor"
                    else gettext("already enrolled as learner"))
                continue
            if role != context.role:
                out(ERROR, gettext("was enrolled as mentor; re-activate them as mentor") if role == "mentor"
                    else gettext("was enrolled as learner; re-activate them as learner"))
                continue
            action = REACTIVATE
        elif email in context.users:
            action = ENROL
        elif not row.name:
            out(ERROR, gettext("missing name for a new account"))
            continue
        elif len(row.name) > NAME_MAX:
            out(ERROR, gettext("name longer than %(limit)s characters", limit=NAME_MAX))
            continue
        else:
            action = INVITE
        if context.role == "learner" and seats_left is not None:
            if seats_left <= 0:
                out(ERROR, gettext("over capacity: no seat left in this cohort"))
                continue
            seats_left -= 1
        out(action)
    return result


def as_json(rows: list[PlanRow]) -> list[dict]:
    return [asdict(row) for row in rows]


def from_json(data: list[dict]) -> list[PlanRow]:
    return [PlanRow(**item) for item in data]
