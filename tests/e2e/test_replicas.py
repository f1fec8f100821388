"""Two replicas behind nginx, in a real browser: pages and a download go through the proxy,
and each browser stays on its replica (Streamlit keeps session state and download files in
the process that served the page)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deploy.serve_replicas import Replicas, free_ports
from tests.e2e.helpers import TIMEOUT, no_exception, open_export, shot, wait_ready

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def proxied(db_path: Path) -> Iterator[Replicas]:
    reps = Replicas(2, free_ports(3), env={"ATLAS_DB": str(db_path)}).start()
    yield reps
    reps.stop()


def test_pages_and_a_download_through_nginx(browser: Any, proxied: Replicas) -> None:
    routes = set()
    for i in range(2):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
        page = ctx.new_page()
        try:
            page.goto(f"{proxied.url}/regions?lang=en&region=east")
            wait_ready(page)
            no_exception(page)
            cookie = next(c for c in ctx.cookies() if c["name"] == "atlas_route")
            routes.add(cookie["value"])
            dialog = open_export(page, "Export")
            with page.expect_download(timeout=TIMEOUT) as dl:
                dialog.locator('[data-testid="stDownloadButton"] button').filter(
                    has_text="CSV"
                ).click()
            data = Path(dl.value.path()).read_bytes()
            assert data.startswith(b"\xef\xbb\xbf") and b"East" in data
            if i == 0:
                shot(page, "regions_en_via_nginx")
        finally:
            ctx.close()
    assert len(routes) == 2  # each browser got its own route
