"""The data package: written from the real database, checked by the real Frictionless validator
(not our reading of the spec), and a broken foreign key is caught."""

from __future__ import annotations

import csv
import json
import zipfile
from io import BytesIO
from pathlib import Path

import duckdb
import frictionless
import pytest

from etl.paths import Paths
from etl.publish import TABLES, package_zip, publish


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory, db_path: Path) -> Path:
    out = tmp_path_factory.mktemp("pkg")
    from etl.paths import ROOT

    publish(Paths(data=ROOT / "data", db=db_path), out)
    return out


def test_package_is_valid_for_frictionless(package: Path) -> None:
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_table_as_csv_and_parquet_with_its_rows(package: Path, db_path: Path) -> None:
    meta = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in meta["resources"]}
    assert names == {*TABLES, *(f"{t}-parquet" for t in TABLES)}
    with duckdb.connect(str(db_path), read_only=True) as con:
        fingerprint = con.execute(
            "SELECT value FROM build_info WHERE key='data_fingerprint'"
        ).fetchone()
        for table in TABLES:
            n = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            raw = (package / f"{table}.csv").read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel on Chinese Windows reads UTF-8
            rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
            assert (len(rows),) == n, table
            parquet = con.execute(f"SELECT count(*) FROM '{package / table}.parquet'").fetchone()
            assert parquet == n, table
    assert fingerprint is not None and meta["version"] == fingerprint[0][:12]
    figures = next(r for r in meta["resources"] if r["name"] == "figures")
    value = next(f for f in figures["schema"]["fields"] if f["name"] == "value")
    assert value["type"] == "number" and "yuan" in value["description"]  # units described
    assert figures["schema"]["primaryKey"] == ["figure_id"]
    refs = {fk["reference"]["resource"] for fk in figures["schema"]["foreignKeys"]}
    assert {"metrics", "regions", "facts"} <= refs
    assert meta["sources"] and meta["licenses"]


def test_a_foreign_key_that_points_nowhere_fails(package: Path, tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "pkg"
    shutil.copytree(package, broken)
    path = broken / "facts.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace(",cluster_count,", ",no_such_metric,", 1), encoding="utf-8-sig")
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    errors = report.flatten(["type"])
    assert ["foreign-key"] in errors


def test_zip_for_the_app_holds_the_package(db_path: Path) -> None:
    from etl.paths import ROOT

    data = package_zip(Paths(data=ROOT / "data", db=db_path))
    names = zipfile.ZipFile(BytesIO(data)).namelist()
    assert "cluster-atlas/datapackage.json" in names and "cluster-atlas/figures.parquet" in names


def test_cli_publish(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from etl.__main__ import main

    monkeypatch.setenv("ATLAS_DB", str(db_path))
    assert main(["publish", "--out", str(tmp_path / "out")]) == 0
    assert "figures:" in capsys.readouterr().out
    assert (tmp_path / "out" / "datapackage.json").exists()
