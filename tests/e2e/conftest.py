"""Fixtures of the browser tests: a real `streamlit run` of the app on a free local port, and
Debian's Chromium via Playwright. The shared helpers are in ``tests/e2e/helpers.py``.

Screenshots of every page are kept in artifacts/screenshots/ (a test artifact, not committed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import ARGS, CHROMIUM, start_app, stop_app


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
            f"{CHROMIUM} not found: install it with `apt-get install chromium` "
            "(make test does this as root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context and page, with downloads allowed."""
    ctx = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1400, "height": 1800}, accept_downloads=True
    )
    pg = ctx.new_page()
    yield pg
    ctx.close()
