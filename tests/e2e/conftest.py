"""A real `streamlit run` of the app on a free local port, and Debian's Chromium via Playwright.

Screenshots of every page are kept in artifacts/screenshots/ (a test artifact, not committed).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def app_url(db_path: Path) -> Iterator[str]:
    """Start the app against a database built by the real pipeline; stop it afterwards."""
    proc, url = start_app({"ATLAS_DB": str(db_path)})
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, launched by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: install it with `apt-get install chromium` (make test does this as root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context and page, with downloads allowed."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1800}, accept_downloads=True)  # type: ignore[attr-defined]
    pg = ctx.new_page()
    yield pg
    ctx.close()


def shot(page: object, name: str) -> Path:
    """Save a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def start_app(
    env_extra: dict[str, str], script: str = "dashboard/app.py", log: Path | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """A `streamlit run` of ``script`` (the atlas by default) on a free loopback port, with extra
    environment; its output goes to ``log`` (a temporary file by default, never an unread
    pipe). Returns the process and its URL once it answers."""
    import tempfile

    port = _free_port()
    env = {**os.environ, "BROWSER_PATH": CHROMIUM, **env_extra}
    log = log or Path(tempfile.mkstemp(prefix="atlas-server-", suffix=".log")[1])
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a server started by ``start_app``."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
