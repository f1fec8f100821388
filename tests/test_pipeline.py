"""The real pipeline over the real data: golden facts, the database contract, the checks."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl.__main__ import main
from etl.load import write
from etl.paths import ROOT
from etl.pipeline import Build


def test_every_fact_value_is_read_from_its_quote(build: Build) -> None:
    from etl.numbers import find_figures

    for f in build.facts:
        text = build.sources[f.source_id].clean_text
        assert text[f.quote_start : f.quote_start + len(f.quote)] == f.quote
        assert f.surface in f.quote
        reread = [m for m in find_figures(f.quote) if m.surface == f.surface]
        assert reread and reread[0].value == f.value, f.fact_id


@pytest.mark.parametrize(
    ("fact_id", "value", "qualifier", "period", "kind", "quote"),
    [
        (
            "g25-output-2021",
            1e13,
            "approx",
            "2021",
            "actual",
            "重点培育的25个先进制造业集群主导产业产值近10万亿元",
        ),
        (
            "g45-output-2021",
            1.9e13,
            "exact",
            "2021",
            "actual",
            "45个国家级集群2021年主导产业产值达19万亿元",
        ),
        ("g80-count", 80, "exact", "2025-09", "actual", "全国建设80个先进制造业集群"),
        (
            "g45-little-giants",
            2200,
            "more_than",
            "2022-11",
            "actual",
            "培育创建了170余家国家级单项冠军企业、2200余家国家级专精特新“小巨人”企业",
        ),
        (
            "g25-little-giants",
            1000,
            "more_than",
            "2022-09",
            "actual",
            "25个重点培育的集群集聚了近100家单项冠军企业、上千家专精特新“小巨人”企业",
        ),
        ("g45-key4-share", 200 / 3, "exact", "2022-11", "actual", "占2/3"),
        (
            "g25-output-2022h1",
            6.2e12,
            "exact",
            "2022H1",
            "actual",
            "今年上半年25个集群完成产值6.2万亿元",
        ),
        (
            "xiongan-investment-2022",
            2e11,
            "more_than",
            "2022",
            "forecast",
            "预计全年投资超2000亿元",
        ),
        (
            "guangzhou-tech-upgrade-projects",
            1000,
            "more_than",
            None,
            "target",
            "推动实施技改项目1000个以上",
        ),
        ("g80-investment-funds", 3e12, "exact", "2025-09", "actual", "吸引了3万亿投资基金"),
    ],
)
def test_golden_fact(
    build: Build,
    fact_id: str,
    value: float,
    qualifier: str,
    period: str | None,
    kind: str,
    quote: str,
) -> None:
    f = next(f for f in build.facts if f.fact_id == fact_id)
    assert (f.value, f.qualifier, f.period, f.kind, f.quote) == (
        pytest.approx(value),
        qualifier,
        period,
        kind,
        quote,
    )


def test_cluster_counts_over_time(db_path: Path) -> None:
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "SELECT g.scope, g.value FROM figures g JOIN facts f ON f.fact_id = "
            "g.preferred_fact_id "
            "WHERE g.metric = 'cluster_count' AND g.region = 'CN' AND g.domain IS NULL "
            "ORDER BY f.period_start"
        ).fetchall()
    assert rows == [("group25", 25.0), ("group45", 45.0), ("group80", 80.0)]


def test_facts_contract(db_path: Path) -> None:
    with duckdb.connect(str(db_path), read_only=True) as con:
        cols = {r[0]: r[1] for r in con.execute("DESCRIBE facts").fetchall()}
        for c in (
            "fact_id",
            "metric",
            "value",
            "unit",
            "qualifier",
            "period",
            "kind",
            "scope",
            "region",
            "domain",
            "source_id",
            "quote",
        ):
            assert c in cols
        assert cols["value"] == "DOUBLE"
        scols = {r[0] for r in con.execute("DESCRIBE sources").fetchall()}
        assert {
            "source_id",
            "title",
            "publisher",
            "published_on",
            "url",
            "raw_path",
            "sha256",
        } <= scols
        units = {r[0] for r in con.execute("SELECT DISTINCT unit FROM facts").fetchall()}
        assert units <= {"count", "yuan", "percent"}
        top = con.execute("SELECT max(value) FROM facts WHERE unit='percent'").fetchone()
        assert top is not None and top[0] <= 100


def test_every_table_and_column_is_documented(db_path: Path) -> None:
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = con.execute(
            "SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal"
        ).fetchall()
        columns = con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE NOT internal"
        ).fetchall()
    assert len(tables) >= 10
    assert [t for t, c in tables if not c] == []
    assert [(t, c) for t, c, comment in columns if not comment] == []


def test_province_shapes_are_thinned_to_what_a_screen_shows(db_path: Path) -> None:
    import json

    from etl.geo import MIN_RING_AREA, ring_area

    raw = json.loads((ROOT / "data/geo/china_provinces.geojson").read_text(encoding="utf-8"))
    with duckdb.connect(str(db_path), read_only=True) as con:
        shapes = con.execute("SELECT adcode, geometry, n_points FROM province_shapes").fetchall()
        provinces = {
            r[0]
            for r in con.execute("SELECT adcode FROM regions WHERE level = 'province'").fetchall()
        }
    assert provinces <= {code for code, _, _ in shapes}
    raw_points = sum(
        len(poly[0])
        for f in raw["features"]
        for poly in (
            f["geometry"]["coordinates"]
            if f["geometry"]["type"] == "MultiPolygon"
            else [f["geometry"]["coordinates"]]
        )
    )
    assert sum(n for _, _, n in shapes) < raw_points
    for _, geometry, n in shapes:
        rings = [poly[0] for poly in json.loads(geometry)["coordinates"]]
        assert sum(map(len, rings)) == n and rings
        areas = sorted(map(ring_area, rings))
        assert all(a >= MIN_RING_AREA for a in areas[:-1])  # only the largest may be smaller


def test_schema_checks_match_the_vocabulary(db_path: Path) -> None:
    """Every CHECK (column IN (...)) of the built database lists exactly its vocabulary of
    etl.vocab, and every vocabulary column named there has its CHECK."""
    import re

    from etl.vocab import SCHEMA_CHECKS

    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "SELECT table_name, expression FROM duckdb_constraints() "
            "WHERE constraint_type = 'CHECK'"
        ).fetchall()
    found: dict[str, tuple[str, ...]] = {}
    for table, expr in rows:
        m = re.fullmatch(r'\("?(\w+)"? IN \((.*)\)\)', expr)
        assert m, f"{table}: unexpected CHECK {expr}"
        found[f"{table}.{m.group(1)}"] = tuple(re.findall(r"'([^']*)'", m.group(2)))
    assert found == {k: tuple(v) for k, v in SCHEMA_CHECKS.items()}


def test_checks_pass_or_are_explained(build: Build) -> None:
    by_id = {c.check_id: c for c in build.checks}
    assert by_id["g45-regions-sum"].status == "pass"
    assert by_id["g45-domains-sum"].observed == "13 + 13 + 7 + 5 + 4 + 3 = 45"
    assert by_id["g45-key4-share"].status == "pass"
    assert by_id["registry45-domains"].status == "explained"
    assert "equipment=14" in by_id["registry45-domains"].observed
    assert "one more than MIIT's 13" in by_id["registry45-domains"].explanation
    assert by_id["registry80-coverage"].observed == str(len(build.registry))
    assert [c.check_id for c in build.checks if c.status == "fail"] == []


def test_unrelated_tails_give_no_mentions(build: Build) -> None:
    surfaces = {m.surface for ms in build.mentions.values() for m in ms}
    assert "1200 名" not in surfaces and "约 4000 万美元" not in surfaces


def test_build_while_app_holds_old_file_open(build: Build, tmp_path: Path) -> None:
    db = tmp_path / "clusters.duckdb"
    write(build, db)
    reader = duckdb.connect(str(db), read_only=True)
    old_stamp = reader.execute("SELECT value FROM build_info WHERE key='built_at'").fetchone()
    write(build, db)  # replaced while the reader holds the old file
    assert reader.execute("SELECT count(*) FROM facts").fetchone() == (len(build.facts),)
    reader.close()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM facts").fetchone() == (len(build.facts),)
    assert old_stamp is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clusters.duckdb"]  # no temp file left


def test_cli_build_prints_summary(
    build: Build, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--db", str(tmp_path / "x.duckdb")]) == 0
    out = capsys.readouterr().out
    n = {s: sum(c.status == s for c in build.checks) for s in ("pass", "explained", "fail")}
    assert f"documents: {len(build.sources)}" in out
    assert f"facts loaded: {len(build.facts)} (+ {len(build.labels)} labels)" in out
    assert f"figures: {len(build.figures)} (" in out
    assert f"checks: {n['pass']} passed, {n['explained']} explained mismatches" in out
    assert f", {n['fail']} failed" in out
    clusters = len({f.cluster for f in build.facts if f.cluster})
    named = {m.cluster_id for m in build.cluster_mentions}
    notes = {c.cluster_id for c in build.registry if c.origin == "notes"}
    # the programme's size: the latest national count of clusters the sources state (80)
    counts = [
        g
        for g in build.figures
        if g.metric == "cluster_count"
        and g.region == "CN"
        and g.domain is None
        and g.scope.startswith("group")
        and g.kind == "actual"
    ]
    total = f"{max(counts, key=lambda g: g.period or '').value:.0f}"
    summary = (
        f"summary: {len(build.sources)} sources, {len(build.figures)} figures, "
        f"{len(build.facts)} facts, {len(named)} of the {total} clusters named in the sources "
        f"({len(named & notes)} of the {len(notes)} of the research notes, "
        f"{len(named - notes)} not in the notes), {clusters} clusters with figures"
    )
    assert summary in out
    assert re.search(r"built .* in \d+\.\d\d s \(CPU \d+\.\d\d s\)", out)


def test_build_writes_rows_in_bulk_and_the_database_matches_the_build(
    build: Build, tmp_path: Path
) -> None:
    """The rows go in as one insert per table; what is read back is what was built (types
    included: a float stays a float, a date a date, a missing value NULL)."""
    db = tmp_path / "bulk.duckdb"
    write(build, db)
    with duckdb.connect(str(db), read_only=True) as con:
        mentions = con.execute("SELECT count(*) FROM mentions").fetchone()
        assert mentions == (sum(len(ms) for ms in build.mentions.values()),)
        f = build.facts[0]
        row = con.execute(
            "SELECT value, quote, period, cluster FROM facts WHERE fact_id = ?", [f.fact_id]
        ).fetchone()
        assert row == (f.value, f.quote, f.period, f.cluster)
        s = next(iter(build.sources.values()))
        got = con.execute(
            "SELECT CAST(published_on AS VARCHAR), official FROM sources WHERE source_id = ?",
            [s.source_id],
        ).fetchone()
        assert got == (str(s.published_on), s.official)


def test_cli_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "PASS      g45-regions-sum" in out
    assert "EXPLAINED registry45-domains" in out


def test_scan_csv_on_raw_traditional_file() -> None:
    raw = ROOT / "data/raw/2022-11-30-miit-45-clusters.txt"
    out = subprocess.run(
        [sys.executable, "-m", "etl", "scan", str(raw), "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"surface", "value", "unit", "qualifier", "offset"} <= set(rows[0])
    row = next(r for r in rows if r["surface"] == "达19万亿元")
    assert (row["value"], row["unit"], row["qualifier"]) == ("1.9e+13", "yuan", "exact")
    assert sum(r["surface"] == "2200余家" for r in rows) == 2


def test_scan_table_all_shows_non_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(ROOT / "data/raw/2025-09-11-achie-forum-50.txt"), "--all"]) == 0
    out = capsys.readouterr().out
    assert "50人" in out and "name" in out
