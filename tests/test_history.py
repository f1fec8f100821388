"""What's new: versions of the atlas by intake day, and the changes since each.

A later source is generated from the real data (never typed values): it re-reports one figure
as it stands, reports another with a changed digit (marked preferred, so the shown value
changes and the sources start to differ) and reports a third figure under a new period (a
figure the atlas did not have). The tests then read the versions and changes from the real
pipeline and from the CLI.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from etl.extract import Fact
from etl.history import resolve_since
from etl.load import write
from etl.paths import ROOT, Paths
from etl.pipeline import Build, run
from tests.conftest import copy_data

SID = "2099-01-02-test-later-report"


def _bumped(surface: str) -> str:
    """``surface`` with its first digit changed (9 -> 8, else +1)."""
    i = next(i for i, ch in enumerate(surface) if ch.isdigit())
    d = int(surface[i])
    return surface[:i] + str(8 if d == 9 else d + 1) + surface[i + 1 :]


def _pick(build: Build) -> tuple[Fact, Fact]:
    """Two facts of different figures, each the only figure-like number of its quote."""
    single = [f for f in build.facts if f.quote.count(f.surface) == 1 and f.kind == "actual"]
    a = single[0]
    b = next(f for f in single if f.figure_id != a.figure_id and f.quote != a.quote)
    return a, b


def _later_source(paths: Paths, build: Build) -> tuple[Fact, Fact, str]:
    a, b = _pick(build)
    b_quote = b.quote.replace(b.surface, _bumped(b.surface))
    text = f"{a.quote}。\n{b_quote}。\n"
    data = text.encode("utf-8")
    raw = paths.raw / f"{SID}.txt"
    raw.write_bytes(data)
    last = max(s.received_on or s.published_on for s in build.sources.values())
    later = (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat()
    meta = {
        "source_id": SID,
        "title": "测试:后来的报道",
        "publisher": "测试",
        "published_on": later,
        "received_on": later,
        "script": "simplified",
        "licence": "test",
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    (paths.raw / f"{SID}.meta.yml").write_text(yaml.safe_dump(meta, allow_unicode=True))

    def entry(f: Fact, fid: str, quote: str, surface: str, **extra: object) -> dict[str, object]:
        e = {
            "id": fid,
            "quote": quote,
            "figure": surface,
            "metric": f.metric,
            "scope": f.scope,
            "region": f.region,
            "period": f.period,
            "kind": f.kind,
            **extra,
        }
        if f.domain:
            e["domain"] = f.domain
        if f.cluster:  # a facts file names a cluster by its registry name
            e["cluster"] = next(c.name_zh for c in build.registry if c.cluster_id == f.cluster)
        return e

    facts = [
        entry(a, "later-same", a.quote, a.surface),
        entry(b, "later-other", b_quote, _bumped(b.surface), preferred=True, reason="test"),
        entry(a, "later-new", a.quote, a.surface, period="1999"),
    ]
    doc = {"source": SID, "facts": facts}
    (paths.facts / f"{SID}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    return a, b, later


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build, Fact, Fact, str]:
    tmp = tmp_path_factory.mktemp("history")
    paths = Paths(data=copy_data(tmp / "data"), db=tmp / "clusters.duckdb")
    before = run(paths)
    a, b, later = _later_source(paths, before)
    after = run(paths)
    write(after, paths.db)
    return before, after, a, b, later


def test_a_version_per_intake_day(grown: tuple[Build, Build, Fact, Fact, str]) -> None:
    before, after, _, _, later = grown
    assert [v.as_of for v in after.versions[:-1]] == [v.as_of for v in before.versions]
    assert after.versions[-1].as_of == later
    assert after.versions[-2].version == before.versions[-1].version
    assert after.versions[-1].n_figures == len(after.figures)
    assert after.versions[-2].n_figures == len(before.figures)


def test_changes_since_the_last_version(grown: tuple[Build, Build, Fact, Fact, str]) -> None:
    before, after, a, b, _ = grown
    v = before.versions[-1].version
    got = {(c.change, c.figure_id) for c in after.changes if c.since_version == v}
    new_id = next(f.figure_id for f in after.facts if f.fact_id == "later-new")
    assert got == {
        ("gained_source", a.figure_id),
        ("gained_source", b.figure_id),
        ("changed", b.figure_id),
        ("started_to_differ", b.figure_id),
        ("added", new_id),
    }
    changed = next(c for c in after.changes if c.change == "changed" and c.since_version == v)
    shown_b = next(g for g in after.figures if g.figure_id == b.figure_id)
    assert changed.old_value == b.value and changed.new_value == shown_b.value != b.value
    assert changed.new_source_ids == SID and changed.old_status != "differ"


def test_since_resolves_dates_and_versions(grown: tuple[Build, Build, Fact, Fact, str]) -> None:
    _, after, _, _, later = grown
    vs = after.versions
    assert resolve_since(later, vs) == vs[-1]
    assert resolve_since("1900-01-01", vs) is None
    assert resolve_since(vs[0].version[:6], vs) == vs[0]
    with pytest.raises(ValueError, match="names no version"):
        resolve_since("zzzz", vs)


def test_the_database_holds_versions_and_changes(
    grown: tuple[Build, Build, Fact, Fact, str],
) -> None:
    _, after, _, _, _ = grown
    data = Path(after.sources[SID].raw_path).parent.parent
    with duckdb.connect(str(data.parent / "clusters.duckdb"), read_only=True) as con:
        n_versions = con.execute("SELECT count(*) FROM versions").fetchone()
        n_changes = con.execute("SELECT count(*) FROM changes").fetchone()
    assert n_versions == (len(after.versions),)
    assert n_changes == (len(after.changes),)


def test_cli_diff(grown: tuple[Build, Build, Fact, Fact, str]) -> None:
    _, after, _, b, _ = grown
    data = Path(after.sources[SID].raw_path).parent.parent
    env = {**os.environ, "ATLAS_DATA_DIR": str(data), "ATLAS_DB": str(data.parent / "x.duckdb")}
    since = after.versions[-2].version
    out = subprocess.run(
        [sys.executable, "-m", "etl", "diff", "--since", since, "--format", "csv"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"changed,{b.figure_id}," in out and f"started_to_differ,{b.figure_id}," in out
    bad = subprocess.run(
        [sys.executable, "-m", "etl", "diff", "--since", "nope"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "names no version" in bad.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_whats_new_on_the_sources_page(
    grown: tuple[Build, Build, Fact, Fact, str], lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Sources page's What's new tab lists the changes since the previous version, with
    values and names in the reader's language."""
    from streamlit.testing.v1 import AppTest

    from dashboard.i18n import format_value, t
    from dashboard.state import clear_caches

    _, after, _, b, _ = grown
    data = Path(after.sources[SID].raw_path).parent.parent
    monkeypatch.setenv("ATLAS_DB", str(data.parent / "clusters.duckdb"))
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    clear_caches()
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("screens/sources.py")
    at.run()
    assert not at.exception, at.exception
    tables = [d.value for d in at.dataframe if t("col_wn_change", lang) in d.value.columns]
    assert len(tables) == 1
    table = tables[0]
    shown = next(g for g in after.figures if g.figure_id == b.figure_id)
    changed = table[table[t("col_wn_change", lang)] == t("change_changed", lang)]
    assert list(changed[t("col_wn_before", lang)]) == [
        format_value(b.value, b.unit, lang, b.qualifier)
    ]
    assert list(changed[t("col_wn_now", lang)]) == [
        format_value(shown.value, shown.unit, lang, shown.qualifier)
    ]
    names = set(table[t("col_wn_metric", lang)])
    assert b.metric not in names  # names in the reader's language, not ids
    assert len(table) == sum(c.since_version == after.versions[-2].version for c in after.changes)
    clear_caches()
