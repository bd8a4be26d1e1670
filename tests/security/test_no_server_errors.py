"""No input ends in a 500: every route of the authorisation matrix, fuzzed.

Each route is called as the most privileged actor the matrix lets use it (and, when
the route is public, also anonymously), starting from the matrix's valid-looking form,
with hostile values in the fields it reads: the inputs of the forms that post to it
(found by rendering every readable page), the fields of its matrix row and the query
arguments its view reads. The payloads:

- per field, the rest of the form kept valid: a 100 KB string, a 40-digit number;
- per route, in every field at once: a NUL character, invalid UTF-8 (``%ff%fe``) in the
  query string and the form body, every name nested 100 deep (``a[b][b]...``), every
  key repeated 50 times;
- per text path parameter (token, slug, code, file name): NUL, 100 KB, ``%ff%fe``; per
  number in the path: 40 digits.

Any 5xx fails, naming the request. The world of the matrix is built once and restored
after a route that may have changed it.
"""
from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest
from flask import url_for
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter

from tests.security import test_authorization_matrix as matrix
from tests.security.conftest import sign_in_as

MATRIX, REFUSALS = matrix.MATRIX, matrix.REFUSALS
# The matrix's fixtures (its world, built once per module, restored when dirty), used here by name.
_matrix_app, app, world, keeper = matrix._matrix_app, matrix.app, matrix.world, matrix.keeper

LONG = "A" * 100_000
HUGE_NUMBER = "9" * 40
PER_FIELD = {"100 KB": LONG, "huge number": HUGE_NUMBER}
NESTING = "[b]" * 100
PATH_PAYLOADS = {"NUL": "a%00b", "100 KB": "A" * 100_000, "not UTF-8": "%ff%fe"}
# Query arguments views read without a form on the page (request.args.get, db.paginate).
VIEW_QUERY_ARGS = {
    "auth.login": ["next"],
    "users.index": ["q", "status", "role", "page", "per_page"],
    "reviews.queue": ["cohort", "assignment", "mine", "overdue", "page"],
    "reports.cohort": ["page"],
    "certificates.admin_list": ["page"],
    "learning.overview": ["cohort"],
    "learning.lesson": ["cohort", "attempt"],
}
PRIVILEGE = ("admin", "mentor_a", "learner_a", "learner_b", "mentor_b", "anon")
SKIPPED_FIELDS = {"csrf_token"}


class _Forms(HTMLParser):
    """The forms of a page: (method, action path) -> input names."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: dict[tuple[str, str], set[str]] = {}
        self._current: set[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            action = urlsplit(urljoin(self.page_url, attributes.get("action") or self.page_url)).path
            method = (attributes.get("method") or "get").upper()
            self._current = self.forms.setdefault((method, action), set())
        elif tag in {"input", "select", "textarea", "button"} and self._current is not None:
            if attributes.get("name"):
                self._current.add(attributes["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _actors(endpoint: str, method: str) -> list[str]:
    expected = MATRIX[endpoint, method].expected
    allowed = [actor for actor in PRIVILEGE if expected[actor] not in REFUSALS]
    chosen = allowed[:1] or ["admin"]
    if "anon" in allowed and chosen != ["anon"]:
        chosen.append("anon")
    return chosen


def _url(app, world, endpoint: str, method: str, **overrides) -> str:
    with app.test_request_context():
        return url_for(endpoint, **{**MATRIX[endpoint, method].values(world), **overrides})


@pytest.fixture(scope="module")
def discovered(_matrix_app) -> dict[tuple[str, str], set[str]]:
    """Every form on every page the matrix's actors may read, by (method, action path)."""
    app, keeper_ = _matrix_app
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash is a 500 response here, collected with the others
    world_ = keeper_.current()
    client = app.test_client()
    forms: dict[tuple[str, str], set[str]] = {}
    for endpoint, method in MATRIX:
        if method != "GET":
            continue
        url = _url(app, world_, endpoint, method)
        for actor in _actors(endpoint, method):
            sign_in_as(client, world_, actor)
            response = client.get(url)
            if response.mimetype == "text/html":
                parser = _Forms(url)
                parser.feed(response.get_data(as_text=True))
                for key, names in parser.forms.items():
                    forms.setdefault(key, set()).update(names)
    keeper_.dirty = True  # signing in updates last_login_at; start the tests from the snapshot
    return forms


def _fields(app, world, discovered, endpoint: str, method: str) -> tuple[list[str], dict]:
    """The fields the route reads, and the valid-looking base data of its matrix row."""
    spec = MATRIX[endpoint, method]
    base = spec.data(world) if spec.data else {}
    path = urlsplit(_url(app, world, endpoint, method)).path
    names = set(base) | discovered.get((method, path), set()) | set(VIEW_QUERY_ARGS.get(endpoint, ()))
    return sorted(names - SKIPPED_FIELDS), base


def _requests(app, world, discovered, endpoint: str, method: str):
    """(description, keyword arguments for client.open) for every fuzzed request of the route."""
    url = _url(app, world, endpoint, method)
    names, base = _fields(app, world, discovered, endpoint, method)
    is_multipart = any(isinstance(value, tuple) for value in base.values())

    def send(values: MultiDict | dict, query: str = "") -> dict:
        if method == "GET":
            return {"path": url, "query_string": values}
        data = {**spec_data(), **values} if isinstance(values, dict) else values
        return {"path": url + query, "method": method, "data": data,
                "content_type": "multipart/form-data" if is_multipart else None}

    def spec_data() -> dict:  # fresh each time: uploaded files are read once
        return MATRIX[endpoint, method].data(world) if MATRIX[endpoint, method].data else {}

    for name in names:
        for label, payload in PER_FIELD.items():
            yield f"{name}={label}", send({name: payload})
    if names:
        yield "NUL in every field", send({name: f"x\0{name}" for name in names})
        yield "every name nested", send(MultiDict([(f"{name}{NESTING}", "x") for name in names]))
        yield "every key repeated", send(MultiDict([(name, str(i)) for name in names for i in range(50)]))
        bad = "&".join(f"{quote(name)}=%ff%fe" for name in names)
        if method == "GET":
            yield "not UTF-8 in the query", {"path": f"{url}?{bad}"}
        else:
            yield "not UTF-8 in the form", {"path": url, "method": method, "data": bad.encode(),
                                            "content_type": "application/x-www-form-urlencoded"}
    for argument, converter in _path_arguments(app, endpoint):
        if not isinstance(converter, (UnicodeConverter, PathConverter, IntegerConverter)):
            continue  # a choice of words (any(...)): anything else matches no route
        placeholder = "FUZZ0PLACEHOLDER" if isinstance(converter, (UnicodeConverter, PathConverter)) else 987654
        template = _url(app, world, endpoint, method, **{argument: placeholder})
        payloads = PATH_PAYLOADS if isinstance(placeholder, str) else {"huge number": HUGE_NUMBER}
        for label, payload in payloads.items():
            yield f"<{argument}>={label}", {"path": template.replace(str(placeholder), payload), "method": method,
                                            "data": spec_data() if method != "GET" else None}


def _path_arguments(app, endpoint: str):
    for rule in app.url_map.iter_rules(endpoint):
        yield from rule._converters.items()
        return


def _routes():
    # Reads first; then the writes, the ones that end a session or remove the world's objects last.
    last = {"auth.logout", "auth.change_password", "users.deactivate", "tracks_admin.confirm",
            "tracks_admin.discard", "cohorts.csv_confirm", "cohorts.change_status"}
    return sorted(MATRIX, key=lambda route: (route[1] != "GET", route[0] in last, route))


@pytest.mark.parametrize("endpoint, method", _routes(), ids=lambda v: v)
def test_no_input_makes_a_server_error(app, client, world, keeper, discovered, endpoint, method):
    failures = []
    for actor in _actors(endpoint, method):
        for description, request in _requests(app, world, discovered, endpoint, method):
            sign_in_as(client, world, actor)
            response = client.open(**request)
            if response.status_code >= 500:
                failures.append(f"{method} {request['path'][:120]} as {actor} ({description}): "
                                f"{response.status_code}")
    if method != "GET":
        keeper.dirty = True
    assert failures == []


def test_the_fuzzer_finds_the_forms(app, world, discovered):
    """Discovery works: the sign-in form and the hand-in form are found with their fields."""
    login = _fields(app, world, discovered, "auth.login", "POST")[0]
    assert {"email", "password", "remember"} <= set(login)
    review = _fields(app, world, discovered, "reviews.review", "POST")[0]
    assert {"decision", "feedback", "attempt_id", "version"} <= set(review)
    assert sum(len(names) for names in discovered.values()) > 60



def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


FRONT_MATTER = b"---\ntitle: T\n---\n"
HOSTILE_ZIPS = {
    "long name": _zip({"t/track.md": FRONT_MATTER, "t/" + "a" * 300 + ".md": b"# L\n"}),
    "deep nesting": _zip({"t/track.md": FRONT_MATTER, "t/" + "a/" * 3000 + "x.md": b"# L\n"}),
    "not a zip": b"PK\x03\x04" + b"\xff" * 100,
    "nested YAML": _zip({"t/track.md": b"---\ntitle: " + b"[" * 50_000 + b"]" * 50_000 + b"\n---\n"}),
}


@pytest.mark.parametrize("archive", HOSTILE_ZIPS.values(), ids=HOSTILE_ZIPS.keys())
def test_hostile_track_archives_are_refused_on_the_preview_page(app, client, world, keeper, archive):
    sign_in_as(client, world, "admin")
    uploaded = client.post("/admin/tracks/upload", data={"archive": (io.BytesIO(archive), "t.zip")},
                           content_type="multipart/form-data")
    assert uploaded.status_code == 302
    preview = client.get(uploaded.headers["Location"])
    assert preview.status_code == 200 and "/import" not in preview.get_data(as_text=True)
    keeper.dirty = True
