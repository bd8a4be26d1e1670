"""A lean HTTP GET for the page benchmark: the same prebuilt request bytes over a plain socket.

``requests`` costs about a millisecond of the client's CPU per request (sessions, cookie jars,
header objects, URL parsing); with 16 client threads on a 2-core machine that was 40–45 % of the
machine, taken from the server it was measuring, and the bare route measured the client. This
sends bytes built once and reads the answer until the server closes the connection (gunicorn's
sync workers close after every answer; ``Connection: close`` asks for it anyway), so the client
costs a small fraction of that. Only what the benchmark reads is parsed: the status code and
the size of the body.
"""
from __future__ import annotations

import socket
from urllib.parse import urlsplit


class MalformedAnswer(ValueError):
    """The server's bytes were not an HTTP answer."""


class LeanGet:
    """``LeanGet(base, path, cookies, headers)()`` → ``(status, body bytes)``; raises ``OSError``
    (refused, reset, timed out) or ``MalformedAnswer``."""

    def __init__(self, base: str, path: str, cookies: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None):
        parts = urlsplit(base)
        self.address = (parts.hostname, parts.port or 80)
        lines = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close", "Accept-Encoding: identity"]
        if cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in cookies.items()))
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def __call__(self, timeout: float = 120) -> tuple[int, int]:
        chunks = []
        with socket.create_connection(self.address, timeout=timeout) as connection:
            connection.sendall(self.request)
            while chunk := connection.recv(262_144):
                chunks.append(chunk)
        return parse_answer(b"".join(chunks))


def parse_answer(answer: bytes) -> tuple[int, int]:
    """(status, size of what follows the headers) of a whole HTTP/1.x answer."""
    head, separator, body = answer.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].split(b" ", 2)
    if not separator or len(status_line) < 2 or not status_line[0].startswith(b"HTTP/") \
            or not status_line[1].isdigit():
        raise MalformedAnswer(f"not an HTTP answer: {answer[:60]!r}")
    return int(status_line[1]), len(body)
