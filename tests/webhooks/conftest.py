"""Webhook tests send to a real HTTP receiver on 127.0.0.1, so private addresses are allowed here."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lms.extensions import db
from lms.webhooks import events, signing
from lms.webhooks.models import WebhookEndpoint
from tests.conftest import _empty_all_tables


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each POST with the next planned status (then ``default``), after ``delay`` seconds."""
    url: str = ""
    planned: list[int] = field(default_factory=list)
    default: int = 204
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self) -> int:
        with self.lock:
            return self.planned.pop(0) if self.planned else self.default


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                state.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            if state.delay:
                time.sleep(state.delay)
            status = state.answer()
            payload = b'{"ok": true}' if status < 300 else b"receiver says no"
            try:
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the sender gave up waiting

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/lms?source=test"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def app(app_factory):
    app = app_factory(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=True)
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


def make_endpoint(url: str, event_types=tuple(events.EVENT_TYPES), *, active: bool = True,
                  commit: bool = True) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(url=url, description="test receiver", events=" ".join(event_types),
                               secret=signing.new_secret(), is_active=active, consecutive_failures=0)
    db.session.add(endpoint)
    db.session.flush()
    if commit:
        db.session.commit()
    return endpoint
