"""The page benchmark's lean client sends the signed-in person's cookie and headers and reads
the status and the body's size of whole answers; anything else is an error, never a figure."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.driving.lean_get import LeanGet, MalformedAnswer, parse_answer


class _Echo(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        body = f"{self.path}|{self.headers.get('Cookie')}|{self.headers.get('Authorization')}".encode()
        self.send_response(404 if self.path == "/missing" else 200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_it_sends_the_cookie_and_headers_and_reads_status_and_size(server):
    get = LeanGet(server, "/dashboard", {"session": "abc", "lang": "es"}, {"Authorization": "Bearer t"})
    expected = b"/dashboard|session=abc; lang=es|Bearer t"
    assert get() == (200, len(expected))
    assert get() == (200, len(expected))  # the same bytes again: a new connection each time


def test_an_error_status_is_reported_as_such(server):
    assert LeanGet(server, "/missing")()[0] == 404


def test_a_refused_connection_raises_instead_of_counting():
    with pytest.raises(OSError):
        LeanGet("http://127.0.0.1:9", "/")(timeout=2)


@pytest.mark.parametrize("answer", [b"", b"garbage", b"HTTP/1.1 abc OK\r\n\r\n", b"HTTP/1.1 200 OK\r\nX: y"])
def test_bytes_that_are_not_a_whole_answer_are_malformed(answer):
    with pytest.raises(MalformedAnswer):
        parse_answer(answer)


def test_the_size_is_what_follows_the_headers():
    assert parse_answer(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") == (200, 5)
