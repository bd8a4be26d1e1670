"""``attachment_response``: every download is named, guarded and cached the same way."""
from __future__ import annotations

from lms.downloads import SANDBOX, attachment_response, content_disposition


def test_the_name_is_given_as_ascii_and_exactly():
    assert content_disposition("Ré sumé.html") == \
        "attachment; filename=\"R_ sum_.html\"; filename*=UTF-8''R%C3%A9%20sum%C3%A9.html"
    assert content_disposition('a"b;c\\d.csv').startswith('attachment; filename="a_b_c_d.csv"; ')


def test_an_attachment_is_not_sniffed_nor_kept_in_shared_caches(app):
    with app.test_request_context("/"):
        response = attachment_response(b"x,y\r\n", "list.csv", "text/csv; charset=utf-8")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Content-Security-Policy" not in response.headers  # the site's policy applies


def test_uploaded_files_are_sandboxed(app):
    with app.test_request_context("/"):
        response = attachment_response(b"<script>", "page.html", "application/octet-stream", policy=SANDBOX)
    assert response.headers["Content-Security-Policy"] == "sandbox"


def test_a_matching_etag_answers_not_modified(app):
    with app.test_request_context("/", headers={"If-None-Match": '"abc"'}):
        response = attachment_response(b"%PDF", "c.pdf", "application/pdf", etag="abc")
    assert response.status_code == 304
    with app.test_request_context("/"):
        response = attachment_response(b"%PDF", "c.pdf", "application/pdf", etag="abc")
    assert response.status_code == 200 and response.get_data() == b"%PDF"


def test_a_stream_is_sent_as_it_comes(app):
    with app.test_request_context("/"):
        response = attachment_response(iter([b"a", b"b"]), "x.zip", "application/zip")
    assert b"".join(response.response) == b"ab"
