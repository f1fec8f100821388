"""Shared pieces of the browser tests and the benchmarks: start and stop a real `streamlit
run` on a free loopback port, Debian's Chromium and its flags, waiting on Streamlit's own run
state, and checks every page needs. Imported by tests/e2e/ and bench/ (not a conftest, so
plain imports work from both).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from deploy.serve_replicas import free_ports, wait_for

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
TIMEOUT = 30_000  # ms, for every wait in a browser
# Streamlit marks its app container with the script's run state; "notRunning" once a run is over.
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    """A free TCP port on the loopback interface, outside the range the kernel gives to
    outgoing connections (see ``deploy.serve_replicas.free_ports``)."""
    return free_ports(1)


def start_app(
    env_extra: dict[str, str], script: str = "dashboard/server.py", log: Path | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """A `streamlit run` of ``script`` (the atlas by default) on a free loopback port, with extra
    environment; its output goes to ``log`` (a temporary file by default, never an unread
    pipe). Returns the process and its URL once it answers."""
    port = free_port()
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
    try:
        wait_for(f"{url}/_stcore/health", proc=proc, log=log)
    except RuntimeError:
        proc.kill()
        raise
    return proc, url


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a server started by ``start_app``."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_ready(page: Any) -> None:
    """Wait until Streamlit says the script run is over and every chart on the page is drawn.
    After an interaction, first wait for what it changes (the URL, a title): the run may not
    have started yet when this is called."""
    from playwright.sync_api import expect

    expect(page.locator(IDLE)).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=TIMEOUT)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(c => c.querySelector('.js-plotly-plot .main-svg'))",
        timeout=TIMEOUT,
    )


def no_exception(page: Any) -> None:
    """No Streamlit exception box and no traceback on the page."""
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator("text=Traceback")).to_have_count(0)


def params(page: Any) -> dict[str, str]:
    """The page's query parameters."""
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def chart_titles(page: Any) -> list[str]:
    """The titles of the charts drawn on the page."""
    return [t or "" for t in page.locator(".js-plotly-plot .gtitle").all_text_contents()]


def open_export(page: Any, label: str, nth: int = 0) -> Any:
    """Open the Export dialog of the ``nth`` chart on the page (its button says ``label``) and
    return the dialog, once its downloads are drawn."""
    from playwright.sync_api import expect

    page.locator('[data-testid="stButton"] button').filter(has_text=label).nth(nth).click()
    dialog = page.locator('[data-testid="stDialog"]')
    expect(dialog.locator('[data-testid="stDownloadButton"]').first).to_be_visible(timeout=TIMEOUT)
    return dialog
