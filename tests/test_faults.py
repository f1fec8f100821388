"""Faults (issue 18): a build killed half-way leaves nothing that lasts, a stale database is
rebuilt on the next start, a failed build keeps the last good database for readers."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.state import clear_caches
from etl.fingerprint import data_fingerprint
from etl.load import clean_stale_temps, db_state, write
from etl.paths import ROOT, Paths
from etl.pipeline import Build, run

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
FACTS = "2022-11-30-miit-45-clusters.yaml"


@pytest.fixture(autouse=True)
def _caches() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()


def _killed_build(data: Path, db: Path) -> None:
    """A build of ``data`` into ``db`` killed with SIGKILL after its temporary file is written
    and before it replaces ``db`` (what an accept or `make db` killed half-way leaves)."""
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        import etl.load as load
        from etl.paths import Paths
        from etl.pipeline import run
        build = run(Paths(data=Path({str(data)!r}), db=Path({str(db)!r})))
        def die(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)
        load._validate = die
        load.write(build, Path({str(db)!r}))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=False)
    assert proc.returncode == -signal.SIGKILL


def _leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(f"{db.name}.tmp"))


def test_a_killed_build_leaves_no_temporary_file_after_the_next_build(
    tmp_path: Path, build: Build
) -> None:
    db = tmp_path / "clusters.duckdb"
    _killed_build(ROOT / "data", db)
    left = _leftovers(db)
    assert any(n.endswith(".wal") for n in left) or left, left  # the killed build's files
    write(build, db)
    assert _leftovers(db) == []
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM facts").fetchone() == (len(build.facts),)


def test_a_running_build_keeps_its_temporary_file(tmp_path: Path) -> None:
    db = tmp_path / "clusters.duckdb"
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as alive:
        try:
            mine = tmp_path / f"{db.name}.tmp{alive.pid}"
            mine.write_bytes(b"building")
            dead = subprocess.run(
                [sys.executable, "-c", "import os; print(os.getpid())"],
                capture_output=True,
                text=True,
                check=True,
            )
            gone = tmp_path / f"{db.name}.tmp{int(dead.stdout)}"
            for p in (gone, Path(f"{gone}.wal")):
                p.write_bytes(b"left behind")
            unrelated = tmp_path / "other.duckdb.tmp1"
            unrelated.write_bytes(b"")
            assert sorted(p.name for p in clean_stale_temps(db)) == [gone.name, f"{gone.name}.wal"]
            assert mine.exists() and unrelated.exists()
        finally:
            alive.kill()


def _app(data: Path, db: Path, monkeypatch: pytest.MonkeyPatch, curate: bool = False) -> AppTest:
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    monkeypatch.setenv("ATLAS_DB", str(db))
    if curate:
        monkeypatch.setenv("ATLAS_CURATE", "1")
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    return at


def test_a_stale_database_is_rebuilt_on_the_next_start(
    data_copy: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(run(data_copy), data_copy.db)
    facts = data_copy.facts / FACTS
    facts.write_text(facts.read_text(encoding="utf-8") + "# CURATOR: checked\n", encoding="utf-8")
    _killed_build(data_copy.data, data_copy.db)  # an accept killed while rebuilding
    assert db_state(data_copy.db, data_copy.data) == "stale"
    at = _app(data_copy.data, data_copy.db, monkeypatch)
    assert not at.exception and not at.error
    assert db_state(data_copy.db, data_copy.data) == "fresh"
    with duckdb.connect(str(data_copy.db), read_only=True) as con:
        row = con.execute("SELECT value FROM build_info WHERE key = 'data_fingerprint'").fetchone()
    assert row == (data_fingerprint(data_copy.data),)
    assert _leftovers(data_copy.db) == []


def _typo(data: Path) -> None:
    facts = data / "facts" / FACTS
    facts.write_text(facts.read_text(encoding="utf-8").replace("18家", "28家"), encoding="utf-8")


def test_a_failed_build_serves_the_last_good_database(
    data_copy: Paths, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    write(run(data_copy), data_copy.db)
    before = data_copy.db.read_bytes()
    _typo(data_copy.data)
    at = _app(data_copy.data, data_copy.db, monkeypatch)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.get("plotly_chart")
    shown = " ".join(str(e.value) for kind in ("info", "warning", "toast") for e in at.get(kind))
    assert str(data_copy.data) not in shown and FACTS not in shown
    assert data_copy.db.read_bytes() == before
    assert FACTS in capfd.readouterr().err  # the server log says what failed


@pytest.mark.parametrize("curate", [False, True])
def test_no_database_and_a_failed_build_names_no_server_path(
    data_copy: Paths, monkeypatch: pytest.MonkeyPatch, curate: bool
) -> None:
    _typo(data_copy.data)
    at = _app(data_copy.data, data_copy.db, monkeypatch, curate=curate)
    assert not at.exception
    said = " ".join(e.value for kind in ("error", "info") for e in at.get(kind))
    assert at.error and str(data_copy.data) not in said and "Traceback" not in said
    assert (f"data/facts/{FACTS}" in said) == curate  # details for the curator only


def test_a_failing_page_names_no_server_path(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    import dashboard.ui

    secret = "/srv/atlas/private/clusters.duckdb"

    def broken(*a: object, **k: object) -> None:
        raise OSError(f"[Errno 5] Input/output error: '{secret}'")

    monkeypatch.setattr(dashboard.ui, "cards", broken)
    at = _app(ROOT / "data", db_path, monkeypatch)
    assert not at.exception
    said = " ".join(e.value for e in at.error)
    assert "OSError" in said and secret not in said
    assert secret in capfd.readouterr().err  # the server log has the details
