"""Program health, the cohort overview and webhooks admin pages in the reader's language."""
from __future__ import annotations

from lms.extensions import db


def test_health_pages_and_csv_in_spanish_and_arabic(client, auth, world, frozen):
    world.admin.language = "es"
    db.session.commit()
    auth.login_as(world.admin)
    page = client.get("/health").get_data(as_text=True)
    assert "Estado del programa" in page and "Todas las cohortes" in page and "Participantes activos" in page
    assert "4,5 h" in page  # the decimal comma of Spanish
    cohort_page = client.get(f"/cohorts/{world.cohort.id}/health").get_data(as_text=True)
    assert "Participantes estancados" in cohort_page and "esperando 3 días la revisión de Launch" in cohort_page
    header = client.get("/health.csv").data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("cohorte,estado,participantes activos")
    world.admin.language = "ar"
    db.session.commit()
    arabic = client.get("/health").get_data(as_text=True)
    assert 'dir="rtl"' in arabic and "حالة البرنامج" in arabic


def test_cohort_overview_in_spanish(client, auth, world, frozen):
    world.admin.language = "es"
    db.session.commit()
    auth.login_as(world.admin)
    page = client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "Progreso por participante" in page and "Participantes en riesgo" in page
    gradebook = client.get(f"/cohorts/{world.cohort.id}/gradebook.csv").data.decode("utf-8-sig").splitlines()[0]
    assert gradebook.startswith("participante,correo electrónico,estado de la inscripción,tarea")
