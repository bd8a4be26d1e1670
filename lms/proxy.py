"""Client addresses behind a reverse proxy.

Rate limits key on ``request.remote_addr``. Behind a proxy that is the proxy's address,
shared by everyone: set ``PROXY_FIX_X_FOR`` to the number of proxies in front of the
app that append to ``X-Forwarded-For`` (usually 1), and werkzeug's ProxyFix takes the
client address from that header. Leave it at 0 when clients connect directly, or
anyone could pick their own address by sending the header.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    trusted = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    if trusted > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted)
