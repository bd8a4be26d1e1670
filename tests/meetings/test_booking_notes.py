"""Notes on a session: private notes stay with their author, shared notes reach both people
(and admins, read-only); Markdown is sanitised; two tabs never silently overwrite each other."""
from __future__ import annotations

from lms.extensions import db
from lms.meetings import bookings
from tests.meetings.booking_world import NEXT_MONDAY_9, setup


def _session(world):
    booking = bookings.book(world.enrollment, world.mentor.id, NEXT_MONDAY_9, 30, actor=world.learner)
    db.session.commit()
    return booking


def _note(client, booking, body, *, shared, version=0):
    prefix = f"note{1 if shared else 0}"
    return client.post(f"/meetings/{booking.id}/notes", data={f"{prefix}-shared": "1" if shared else "0",
                                                              f"{prefix}-version": str(version),
                                                              f"{prefix}-body": body})


def test_private_notes_are_never_shown_to_the_other_person_nor_admins(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch)
    booking = _session(world)
    auth.login_as(world.learner)
    assert _note(client, booking, "Learner secret thought", shared=False).status_code == 302
    assert _note(client, booking, "Learner **shared** summary", shared=True).status_code == 302
    auth.login_as(world.mentor)
    assert _note(client, booking, "Mentor secret thought", shared=False).status_code == 302
    mentor_page = client.get(f"/meetings/{booking.id}").text
    assert "Learner secret thought" not in mentor_page and "Mentor secret thought" in mentor_page
    assert "Learner <strong>shared</strong> summary" in mentor_page
    auth.login_as(world.learner)
    learner_page = client.get(f"/meetings/{booking.id}").text
    assert "Mentor secret thought" not in learner_page and "Learner secret thought" in learner_page
    auth.login_as(world.admin)
    admin_page = client.get(f"/meetings/{booking.id}").text
    assert "secret thought" not in admin_page and "Learner <strong>shared</strong> summary" in admin_page
    assert _note(client, booking, "Admin note", shared=True).status_code == 403


def test_note_markdown_is_sanitised(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch)
    booking = _session(world)
    auth.login_as(world.learner)
    _note(client, booking, "<script>alert(1)</script>[x](javascript:alert(1)) *ok*", shared=True)
    from lms.meetings.models import BookingNote

    html = db.session.scalar(db.select(BookingNote.body_html))
    assert "<script" not in html and "javascript:" not in html and "<em>ok</em>" in html
    page = client.get(f"/meetings/{booking.id}").text
    assert "<script>alert(1)" not in page and html in page


def test_a_second_tab_saving_an_old_version_is_refused_and_keeps_its_text(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch)
    booking = _session(world)
    auth.login_as(world.learner)
    assert _note(client, booking, "From tab one", shared=False, version=0).status_code == 302
    stale = _note(client, booking, "From tab two", shared=False, version=0)
    assert stale.status_code == 400 and "changed in another tab" in stale.text and "From tab two" in stale.text
    assert _note(client, booking, "Tab one again", shared=False, version=1).status_code == 302
    from lms.meetings.models import BookingNote

    db.session.expire_all()
    assert db.session.scalars(db.select(BookingNote.body)).all() == ["Tab one again"]


def test_huge_notes_are_refused_with_a_message(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch)
    booking = _session(world)
    auth.login_as(world.learner)
    response = _note(client, booking, "x" * 30_000, shared=True)
    assert response.status_code == 400 and "cannot be longer" in response.text
