"""Curate is not open to the world (issue 18 item 2): loopback unless told otherwise, a token
anywhere else, and no start on an open address without one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import MIN_TOKEN, is_loopback, needs_token, start_problem, token_ok
from dashboard.i18n import STRINGS
from dashboard.state import clear_caches
from etl.paths import ROOT
from tests.e2e.helpers import free_port

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
TOKEN = "correct horse battery staple"


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("", False),  # Streamlit's default: every interface
        (None, False),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("atlas.example", False),
    ],
)
def test_loopback(address: str | None, loopback: bool) -> None:
    assert is_loopback(address) is loopback


def test_when_curate_may_start() -> None:
    assert start_problem(False, "0.0.0.0", "") is None  # the public app: read-only
    assert start_problem(True, "127.0.0.1", "") is None
    assert "ATLAS_CURATE_TOKEN" in (start_problem(True, "0.0.0.0", "") or "")
    assert "ATLAS_CURATE_TOKEN" in (start_problem(True, "", "") or "")
    assert start_problem(True, "0.0.0.0", "x" * MIN_TOKEN) is None
    assert "shorter" in (start_problem(True, "127.0.0.1", "x" * (MIN_TOKEN - 1)) or "")


def test_a_proxy_makes_loopback_no_protection() -> None:
    assert not needs_token("127.0.0.1", {})
    assert needs_token("127.0.0.1", {"x-forwarded-for": "203.0.113.9"})
    assert needs_token("0.0.0.0", {})


def test_token_comparison() -> None:
    assert token_ok(TOKEN, TOKEN)
    assert not token_ok(TOKEN[:-1], TOKEN)
    assert not token_ok("", "")  # no configured token is never a match


def test_make_curate_listens_on_loopback() -> None:
    out = subprocess.run(["make", "-n", "curate"], cwd=ROOT, capture_output=True, text=True)
    line = next(x for x in out.stdout.splitlines() if "streamlit run" in x or "server.address" in x)
    assert "--server.address 127.0.0.1" in out.stdout.replace("\\\n", " "), line


def test_curate_refuses_to_start_on_an_open_address_without_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_CURATE_TOKEN"}
    env.update(ATLAS_CURATE="1", ATLAS_DB=str(tmp_path / "none.duckdb"))
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard/server.py",
        "--server.port",
        str(free_port()),
        "--server.address",
        "0.0.0.0",
        "--server.headless",
        "true",
    ]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as e:  # it served: the bug
        pytest.fail(f"Curate started on 0.0.0.0 without a token: {e.stdout!r}")
    assert proc.returncode != 0
    assert "ATLAS_CURATE_TOKEN" in proc.stdout + proc.stderr


@pytest.fixture
def curate_app(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("ATLAS_DB", str(db_path))
    monkeypatch.setenv("ATLAS_CURATE", "1")
    monkeypatch.setenv("ATLAS_CURATE_TOKEN", TOKEN)
    clear_caches()
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("screens/curate.py")
    at.run()
    yield at
    clear_caches()


def test_without_a_token_a_local_session_curates(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATLAS_DB", str(db_path))
    monkeypatch.setenv("ATLAS_CURATE", "1")
    monkeypatch.delenv("ATLAS_CURATE_TOKEN", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("screens/curate.py")
    at.run()
    assert not at.exception and not at.error and at.get("file_uploader")


def test_curate_asks_for_the_token(curate_app: AppTest) -> None:
    at = curate_app
    assert not at.exception
    assert not at.get("file_uploader") and not at.text_area  # nothing to write with yet
    box = at.text_input(key="cur_token")
    box.input("guess-" + TOKEN).run()
    assert STRINGS["curate_token_wrong"][1] in [e.value for e in at.error]
    assert not at.get("file_uploader")
    at.text_input(key="cur_token").input(TOKEN).run()
    assert not at.exception and at.get("file_uploader") and at.text_area
