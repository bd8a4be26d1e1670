"""API test helpers: a token per person, and requests that send it."""
from __future__ import annotations

import pytest

from tests.factories.api import bearer, make_token


class TokenClient:
    """Requests with ``Authorization: Bearer`` and JSON bodies; never a cookie session."""

    def __init__(self, client, raw: str | None):
        self.client, self.raw = client, raw

    def _headers(self, headers):
        return {**(bearer(self.raw) if self.raw else {}), **(headers or {})}

    def get(self, url, headers=None, **kwargs):
        return self.client.get(url, headers=self._headers(headers), **kwargs)

    def post(self, url, json=None, headers=None, **kwargs):
        return self.client.post(url, json=json, headers=self._headers(headers), csrf=False, **kwargs)

    def patch(self, url, json=None, headers=None, **kwargs):
        return self.client.patch(url, json=json, headers=self._headers(headers), csrf=False, **kwargs)

    def put(self, url, json=None, headers=None, **kwargs):
        return self.client.put(url, json=json, headers=self._headers(headers), csrf=False, **kwargs)

    def delete(self, url, headers=None, **kwargs):
        return self.client.delete(url, headers=self._headers(headers), csrf=False, **kwargs)


@pytest.fixture
def api_as(client):
    """``api_as(user, scopes=...)``: a client acting through a new token of ``user``."""
    def make(user, scopes=None, **options):
        raw = make_token(user, **({"scopes": scopes} if scopes is not None else {}), **options)
        return TokenClient(client, raw)
    return make


@pytest.fixture
def api_anonymous(client):
    return TokenClient(client, None)
