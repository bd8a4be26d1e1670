"""Enrolment CSV files: parsing oddities and every reason a row is refused (pure, no database)."""
from __future__ import annotations

import pytest

from lms.cohorts.enrolment_csv import (
    ENROL,
    ERROR,
    INVITE,
    REACTIVATE,
    CsvFormatError,
    CsvRow,
    PlanContext,
    decode,
    parse,
    plan,
)


def test_header_row_is_optional_and_blank_lines_are_skipped_keeping_line_numbers():
    rows = parse("email,name,mentor_email\n\nana@example.org,Ana Lima,\n\n\nben@example.org,Ben\n")
    assert rows == [CsvRow(3, "ana@example.org", "Ana Lima", ""), CsvRow(6, "ben@example.org", "Ben", "")]
    assert parse("ana@example.org,Ana\n") == [CsvRow(1, "ana@example.org", "Ana", "")]


def test_byte_order_mark_and_windows_line_ends_are_accepted():
    text = decode("\ufeffemail,name\r\nana@example.org,Ana Lima\r\n".encode("utf-8"))
    assert parse(text) == [CsvRow(2, "ana@example.org", "Ana Lima", "")]
    assert parse(decode(b"ana@example.org,Ana\n")) == [CsvRow(1, "ana@example.org", "Ana", "")]


def test_semicolons_as_separator_and_quoted_commas_in_names():
    rows = parse('email;name;mentor_email\nana@example.org;"Lima, Ana";m@example.org\n')
    assert rows == [CsvRow(2, "ana@example.org", "Lima, Ana", "m@example.org")]
    assert parse('ana@example.org,"Lima, Ana"\n')[0].name == "Lima, Ana"


def test_text_that_is_not_utf8_is_refused_with_advice():
    with pytest.raises(CsvFormatError, match="UTF-8"):
        decode("ana@example.org,Zoë\n".encode("latin-1"))


def _context(**fields) -> PlanContext:
    return PlanContext(**{"users": {"old@example.org": "Old Timer"}, "mentor_emails": {"m@example.org"}, **fields})


def _plan(text: str, **context):
    return plan(parse(text), _context(**context))


def test_each_row_says_what_will_happen():
    rows = _plan("new@example.org,New Person\nOLD@example.org,\nback@example.org,Back Again,m@example.org\n",
                 users={"old@example.org": "Old", "back@example.org": "Back"},
                 enrolments={"back@example.org": ("learner", "withdrawn")})
    assert [(r.action, r.email) for r in rows] == [(INVITE, "new@example.org"), (ENROL, "old@example.org"),
                                                   (REACTIVATE, "back@example.org")]
    assert not any(r.is_error for r in rows)


@pytest.mark.parametrize("line, reason", [
    ("not-an-email,Someone", "malformed email"),
    (",Someone", "missing email"),
    ("new@example.org,", "missing name for a new account"),
    ("new@example.org,New,stranger@example.org", "unknown mentor stranger@example.org (not a mentor of this cohort)"),
    ("new@example.org,New,not-an-email", "unknown mentor"),
    ("in@example.org,In", "already enrolled as learner"),
])
def test_bad_rows_are_refused_with_their_reason(line, reason):
    [row] = _plan(line + "\n", users={"in@example.org": "In"}, enrolments={"in@example.org": ("learner", "active")})
    assert row.action == ERROR and row.line == 1
    assert reason in row.reason


def test_a_duplicate_row_points_at_the_first_occurrence():
    rows = _plan("email,name\na@example.org,A\nb@example.org,B\nA@Example.org,A again\n")
    assert rows[2].action == ERROR and rows[2].line == 4
    assert rows[2].reason == "duplicate row in the file (same email as line 2)"


def test_rows_beyond_the_free_seats_are_over_capacity():
    rows = _plan("a@example.org,A\nbad,Bad\nb@example.org,B\nc@example.org,C\n", seats_free=2)
    assert [r.action for r in rows] == [INVITE, ERROR, INVITE, ERROR]
    assert rows[3].reason == "over capacity: no seat left in this cohort"


def test_mentors_take_no_seat_and_cannot_be_given_a_mentor():
    rows = _plan("a@example.org,A\nb@example.org,B,m@example.org\n", role="mentor", seats_free=0)
    assert rows[0].action == INVITE
    assert rows[1].reason == "only learners can be given a mentor"


def test_a_withdrawn_enrolment_in_another_role_is_not_silently_changed():
    [row] = _plan("old@example.org,\n", enrolments={"old@example.org": ("mentor", "withdrawn")})
    assert row.action == ERROR and "was enrolled as mentor" in row.reason


def test_formula_like_names_are_kept_as_typed():
    [row] = _plan('new@example.org,"=HYPERLINK(""http://evil"",""x"")"\n')
    assert row.action == INVITE and row.name == '=HYPERLINK("http://evil","x")'


def test_demo_and_staging_addresses_on_dot_test_are_valid():
    [row] = _plan("someone@demo.test,Some One,m@example.org\n", mentor_emails={"m@example.org"})
    assert row.action == INVITE


def test_line_breaks_in_a_quoted_name_become_spaces():
    rows = parse('email,name\nana@example.org,"Ana\r\nLima\u2028Jr"\nben@example.org,Ben\n')
    assert [(r.line, r.name) for r in rows] == [(3, "Ana Lima Jr"), (4, "Ben")]
    assert _plan('new@example.org,"New\n\nPerson"\n')[0].name == "New Person"


def test_a_name_longer_than_an_account_name_is_refused():
    [row] = _plan(f"new@example.org,{'N' * 121}\n")
    assert row.action == ERROR and row.reason == "name longer than 120 characters"
    assert _plan(f"new@example.org,{'N' * 120}\n")[0].action == INVITE
