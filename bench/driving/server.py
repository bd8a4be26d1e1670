"""Run the app under gunicorn on a free loopback port, and read its workers' CPU time."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``gunicorn wsgi:app`` with sync workers; a context manager that always stops it."""

    def __init__(self, database_url: str, *, workers: int, redis_url: str | None = None,
                 secret_key: str = "bench-secret", instance_path: str | None = None, port: int | None = None,
                 extra_env: dict | None = None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self._folder = None if instance_path else tempfile.TemporaryDirectory(prefix="lms-bench-")
        self.instance_path = instance_path or self._folder.name
        self.env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secret_key,
                    "LMS_INSTANCE_PATH": self.instance_path, "PYTHONPATH": str(ROOT),
                    "LMS_BASE_URL": self.base, **(extra_env or {})}
        self.env.pop("REDIS_URL", None)
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.log = open(Path(self.instance_path) / "gunicorn.log", "wb")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(
            [gunicorn, "--workers", str(self.workers), "--worker-class", "sync", "--bind",
             f"127.0.0.1:{self.port}", "--timeout", "600", "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_ready()
        return self

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log.name}")
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200 and \
                        len(self.worker_pids()) >= self.workers:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn not ready after {seconds} s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.log.close()
        if self._folder:
            self._folder.cleanup()

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and its workers so far."""
        total = 0.0
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
        return total


def sign_in(base: str, email: str, password: str, *, timeout: float = 30) -> requests.Session:
    """A browser-like session: fetch the form's CSRF token, post it, keep the cookie."""
    session = requests.Session()
    page = session.get(base + "/login", timeout=timeout)
    token = CSRF.search(page.text)
    data = {"email": email, "password": password, "csrf_token": token.group(1) if token else ""}
    answer = session.post(base + "/login", data=data, allow_redirects=False, timeout=timeout)
    if answer.status_code != 302 or "/login" in answer.headers.get("Location", ""):
        raise RuntimeError(f"could not sign in as {email}: {answer.status_code}")
    return session


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""
