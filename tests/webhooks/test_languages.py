"""The webhook admin pages in the reader's language (event names and URLs stay as sent)."""
from __future__ import annotations

from lms.extensions import db
from tests.factories.auth import make_admin


def test_webhook_pages_in_spanish_and_arabic(client, auth):
    admin = make_admin(email="hooks@example.org", name="Hana Hooks", language="es")
    auth.login_as(admin)
    page = client.get("/admin/webhooks/").get_data(as_text=True)
    assert "Integraciones" in page and "Añadir endpoint" in page
    form = client.get("/admin/webhooks/new").get_data(as_text=True)
    assert "certificate.issued: Se emitió un certificado" in form and "Eventos" in form
    admin.language = "ar"
    db.session.commit()
    arabic = client.get("/admin/webhooks/").get_data(as_text=True)
    assert 'dir="rtl"' in arabic and "إضافة نقطة استقبال" in arabic
