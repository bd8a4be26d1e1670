"""Real-browser fixtures: the app served by a real server process, driven in Chromium.

Debian's Chromium is used (never a downloaded browser). Without it the tests skip with
a message saying how to install it. A failing test saves a screenshot and the page
HTML under ``test-artifacts/<test name>/``.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from tests.submissions.conftest import world  # noqa: F401 (the review pages' fixture)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("LMS_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class LiveServer(str):
    """The live server's base URL (a ``str``), with its instance folder: ``live_server.instance_path``.

    Mail goes to ``instance_path / "mail"`` as ``.eml`` files (MAIL_SERVER is unset).
    """

    instance_path: Path

    def __new__(cls, url: str, instance_path: Path) -> "LiveServer":
        server = super().__new__(cls, url)
        server.instance_path = instance_path
        return server

    def mails(self) -> list:
        """Every email the server wrote so far, oldest first (``email.message.EmailMessage``)."""
        from email import policy
        from email.parser import BytesParser

        folder = self.instance_path / "mail"
        files = sorted(folder.glob("*.eml")) if folder.exists() else []
        return [BytesParser(policy=policy.default).parsebytes(path.read_bytes()) for path in files]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        pytest.skip("Chromium is not installed: run `apt-get update && apt-get install -y chromium` "
                    "(Debian's package; the browser tests drive /usr/bin/chromium)")
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@pytest.fixture(scope="session")
def live_server(_schema, tmp_path_factory, chromium_path):
    """The app in its own server process, on a free loopback port, sharing the test database."""
    port = _free_port()
    instance = tmp_path_factory.mktemp("live-instance")
    env = {
        **os.environ,
        "DATABASE_URL": _schema,
        "SECRET_KEY": "live-server-secret",
        "LMS_INSTANCE_PATH": str(instance),
        "LMS_BASE_URL": f"http://127.0.0.1:{port}",
        "FLASK_APP": "lms",
    }
    env.pop("REDIS_URL", None)
    log = open(instance / "server.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "run", "--no-reload", "--no-debugger", "--port", str(port),
         "--host", "127.0.0.1", "--with-threads"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urlopen(url + "/login", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the live server did not start:\n" + (instance / "server.log").read_text()) from None
            time.sleep(0.2)
    yield LiveServer(url, instance)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open_page(browser, base_url: str, **context_options):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800},
                                  accept_downloads=True, **context_options)
    page = context.new_page()
    # Generous: with every core running tests, a page that enrols 150 people can take 10 s or more.
    page.set_default_timeout(45_000)
    console_errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    page.console_errors = console_errors
    return page


def _close_pages(pages: list, request) -> None:
    failed = getattr(request.node, "report_call", None)
    for n, page in enumerate(pages):
        if failed is not None and failed.failed:
            _save_artifacts(page, request.node.name + (f"-{n}" if n else ""))
        page.context.close()
    blocking = [e for page in pages for e in page.console_errors if "Content Security Policy" in e or "Refused to" in e]
    assert not blocking, f"CSP errors in the browser console: {blocking}"


@pytest.fixture
def page(browser, live_server, request, app):
    """A fresh browser page; console errors (CSP violations included) fail the test."""
    page = _open_page(browser, live_server)
    yield page
    _close_pages([page], request)


@pytest.fixture
def new_page(browser, live_server, request, app):
    """Open more pages, each in its own context (another person's browser), checked like ``page``."""
    pages: list = []

    def open_page(**context_options):
        """``context_options``: Playwright's, e.g. ``timezone_id="Asia/Kolkata"`` (the device's zone)."""
        pages.append(_open_page(browser, live_server, **context_options))
        return pages[-1]
    yield open_page
    _close_pages(pages, request)


def _save_artifacts(page, name: str) -> None:
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", name)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(folder / "page.png"), full_page=True)
        (folder / "page.html").write_text(page.content())
    except Exception as error:  # the page may be gone; keep the test's own failure
        (folder / "artifact-error.txt").write_text(repr(error))


def sign_in_page(page, email: str, password: str) -> None:
    """Sign in through the login form of ``page``."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.fixture
def sign_in(page):
    def sign_in(email: str, password: str):
        page.goto("/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    return sign_in


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the current page; return the violations of the given impacts."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` in the repository (make test does)")
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]


def audit_pages(new_page, people, pages: dict) -> tuple[dict, dict]:
    """Open each page of ``pages`` (name -> (actor, url(people))) as that actor of
    ``people`` (the two-cohort world), signed in once per actor: the serious axe violations at laptop width,
    and the pages wider than a 375 px phone, both by name."""
    from tests.factories.auth import PASSWORD

    signed_in, found, wide = {}, {}, {}
    for name, (actor, url) in pages.items():
        if actor not in signed_in:
            signed_in[actor] = new_page()
            sign_in_page(signed_in[actor], people.email(getattr(people, actor)), PASSWORD)
        page = signed_in[actor]
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(url(people))
        if violations := axe_violations(page):
            found[name] = violations
        page.set_viewport_size({"width": 375, "height": 700})
        if (width := page.evaluate("document.documentElement.scrollWidth")) > 375:
            wide[name] = width
    return found, wide

