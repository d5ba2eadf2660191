"""What every browser test shares: Debian's chromium, and `streamlit run app.py` on a free port with its own
SQLite file and data folder, stopped by its pid afterwards."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60
# Debian's chromium (.ci/run installs it); playwright's own browsers are never downloaded.
requires_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer within {START_TIMEOUT_S}s:\n{log.read_text()[-3000:]}")


@contextmanager
def streamlit_app(tmp: Path, name: str = "app", *, unset: tuple[str, ...] = (), **settings: str) -> Iterator[str]:
    """The app's URL while it runs on `tmp/<name>.db` (or settings["database_url"]); `settings` become STREAM_*
    variables (local_profile="browser" -> STREAM_LOCAL_PROFILE=browser); `unset` names variables to drop."""
    port, log = free_port(), tmp / f"{name}.log"
    env = {**os.environ, "STREAM_DATABASE_URL": f"sqlite:///{tmp / f'{name}.db'}",
           "STREAM_DATA_DIR": str(tmp / name), "STREAM_COOKIE_SECRET": f"browser-test-{name}",
           **{f"STREAM_{key.upper()}": value for key, value in settings.items()}}
    for variable in unset:
        env.pop(variable, None)
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()  # only the process this helper started
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class AppServer:
    """`streamlit run app.py` that a test can kill -9 and start again on the same port, database and data folder
    (a crash and a restart). Stopped by its own pid only."""

    def __init__(self, tmp: Path, name: str = "app", **settings: str) -> None:
        self.port, self.log = free_port(), tmp / f"{name}.log"
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "STREAM_DATABASE_URL": f"sqlite:///{tmp / f'{name}.db'}",
                    "STREAM_DATA_DIR": str(tmp / name), "STREAM_COOKIE_SECRET": f"browser-test-{name}",
                    **{f"STREAM_{key.upper()}": value for key, value in settings.items()}}
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> "AppServer":
        self.starts += 1
        with self.log.open("a") as out:
            out.write(f"\n---- start {self.starts} ----\n")
            out.flush()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
                 "--server.headless", "true", "--server.fileWatcherType", "none",
                 "--browser.gatherUsageStats", "false"],
                cwd=REPO, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            )
        wait_healthy(self.url, self.process, self.log)
        return self

    def kill9(self) -> None:
        """SIGKILL the app process (nothing of it runs cleanup), and wait until it is gone."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def first_lesson():
    from catalog import load_catalog

    return next(lesson for lesson in load_catalog(REPO / "lessons", REPO / "exercises").lessons
                if lesson.status == "published")
