"""Error pages speak the reader's language; the API's problem details stay English (machine-facing)."""
from __future__ import annotations


def test_a_missing_page_says_so_in_spanish_and_arabic(client):
    spanish = client.get("/no-such-page", headers={"Accept-Language": "es"})
    assert spanish.status_code == 404
    assert "No encontramos esa página." in spanish.get_data(as_text=True)
    assert "Ir a la página de inicio" in spanish.get_data(as_text=True)

    arabic = client.get("/no-such-page", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in arabic and "لم نعثر على هذه الصفحة." in arabic


def test_a_form_without_its_token_is_explained_in_the_readers_language(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "x"}, csrf=False,
                           headers={"Accept-Language": "pt-BR"})
    assert response.status_code == 400
    assert "Este formulário expirou ou não foi enviado do nosso site." in response.get_data(as_text=True)


def test_a_nul_character_is_refused_in_the_readers_language(client):
    response = client.get("/login?q=a%00b", headers={"Accept-Language": "es"})
    assert response.status_code == 400
    assert "«q» contiene un carácter NUL" in response.get_data(as_text=True)


def test_the_api_answers_in_english_whatever_the_reader(client):
    response = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "We could not find that page."
