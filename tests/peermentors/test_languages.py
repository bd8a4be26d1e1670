"""The peer-mentoring pages in the reader's language."""
from __future__ import annotations

from lms.extensions import db
from tests.factories.peermentors import make_seat


def test_the_invitation_reads_in_spanish_with_spanish_dates(world, client, auth):
    seat = make_seat(world.cohort, world.graduate)
    auth.login_as(world.graduate)
    url = f"/peer-mentoring/invitations/{seat.id}"
    page = client.get(url, headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Tienes una invitación" in page and "Aceptar" in page and "invitado" in page
    assert f"Mentor par en <bdi>{world.cohort.name}</bdi>" in page


def test_the_cohort_page_reads_right_to_left_in_arabic(world, client, auth):
    world.admin.language = "ar"
    db.session.commit()
    auth.login_as(world.admin)
    page = client.get(f"/peer-mentoring/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert 'dir="rtl"' in page and "خرّيجون يمكنك دعوتهم" in page and "دعوة" in page
