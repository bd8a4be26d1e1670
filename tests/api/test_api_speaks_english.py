"""The JSON API answers in English whatever its token's person reads; the token pages follow the reader."""
from __future__ import annotations

from lms.extensions import db
from tests.factories.auth import make_admin, make_user
from tests.factories.certificates import enrol, make_cohort, make_track


def test_a_spanish_reading_admins_token_gets_english_problem_details(app, api_as):
    admin = make_admin(email="esther@example.org", name="Esther Admin", language="es")
    api = api_as(admin)
    cohort = make_cohort(make_track())
    enrollment = enrol(cohort, make_user(name="Lea Learner"))
    refused = api.post("/api/v1/certificates/", json={"enrollment_id": enrollment.id},
                       headers={"Accept-Language": "es"})
    assert refused.status_code == 422
    detail = refused.get_json()["errors"]["override_reason"][0]
    assert "has not completed the track" in detail and "completado" not in detail


def test_token_pages_in_spanish_and_arabic(client, auth):
    admin = make_admin(email="rtl@example.org", name="Rania Admin", language="ar")
    auth.login_as(admin)
    page = client.get("/admin/api-tokens").get_data(as_text=True)
    assert 'dir="rtl"' in page and "رموز وصول الخدمات" in page and "التكاملات" in page
    admin.language = "es"
    db.session.commit()
    mine = client.get("/account/api-tokens").get_data(as_text=True)
    assert "Tus tokens" in mine and "Crear token" in mine and "Caduca tras" in mine
    docs = client.get("/api/v1/docs/").get_data(as_text=True)
    assert "Referencia de la API" in docs and "Crea un token en tu página de" in docs
