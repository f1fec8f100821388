"""No export carries a formula (issue 18 item 3): a publisher or a title that a spreadsheet
would run reaches the chart XLSX/CSV and the data package as text, numbers unchanged.

The hostile words go where an open Curate page put them: a source's sidecar (title, publisher);
the database is built by the real pipeline from that copy of data/."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import frictionless
import openpyxl
import pandas as pd
import pytest
import yaml

from dashboard.chartdefs import CHARTS, build_chart
from dashboard.data import load_atlas
from dashboard.export.formats import csv_bytes, xlsx_bytes
from dashboard.filters import View
from etl.cells import FORMULA_START, csv_cell
from etl.load import write
from etl.paths import Paths
from etl.pipeline import run
from etl.publish import publish

SOURCE = "2022-11-30-miit-45-clusters"
TITLE = "=1+2+cmd|' /C calc'!A0"
PUBLISHER = '=HYPERLINK("https://evil.example/p","出版方")'
PUBLISHER_EN = "@SUM(1+1)*cmd|' /C calc'!A0"
NUMBER = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    from tests.conftest import copy_data

    base = tmp_path_factory.mktemp("formulas")
    data = copy_data(base / "data")
    meta = data / "raw" / f"{SOURCE}.meta.yml"
    side = yaml.safe_load(meta.read_text(encoding="utf-8"))
    side.update(title=TITLE, publisher=PUBLISHER, publisher_en=PUBLISHER_EN)
    meta.write_text(yaml.safe_dump(side, allow_unicode=True), encoding="utf-8")
    paths = Paths(data=data, db=base / "clusters.duckdb")
    write(run(paths), paths.db)
    return paths


def _unsafe(text: str) -> bool:
    """A text cell a spreadsheet would read as a formula."""
    import re

    return text.startswith(FORMULA_START) and not re.fullmatch(NUMBER, text)


def _chart_from(paths: Paths, lang: str):  # type: ignore[no-untyped-def]
    atlas = load_atlas(paths.db)
    for chart_id in CHARTS:
        out = build_chart(chart_id, atlas, View(lang))
        if not out.empty and (out.sources["source_id"] == SOURCE).any():
            return out, View(lang)
    raise AssertionError(f"no chart draws from {SOURCE}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_xlsx_has_no_formula_cell(hostile: Paths, lang: str) -> None:
    out, view = _chart_from(hostile, lang)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(out, view)))
    formulas = [
        (ws.title, c.coordinate, c.value)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert not formulas, formulas
    sources = book["sources"]
    values = {c.value for row in sources.iter_rows() for c in row}
    assert PUBLISHER in values  # kept as the text it is, not dropped or altered
    data = pd.read_excel(io.BytesIO(xlsx_bytes(out, view)), sheet_name="data")
    assert data["value"].tolist() == pytest.approx(out.table["value"].tolist())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_csv_neutralises_formulas_and_keeps_numbers(hostile: Paths, lang: str) -> None:
    out, _ = _chart_from(hostile, lang)
    text = csv_bytes(out).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and not [v for r in rows for v in r.values() if v and _unsafe(v)]
    got = pd.read_csv(io.StringIO(text))
    assert got["value"].tolist() == pytest.approx(out.table["value"].tolist())


@pytest.fixture(scope="module")
def package(hostile: Paths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package")
    publish(hostile, out)
    return out


def test_data_package_csvs_neutralise_formulas(package: Path, hostile: Paths) -> None:
    seen = []
    with duckdb.connect(str(hostile.db), read_only=True) as con:
        for name in ("sources", "facts", "figures"):
            with (package / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
            bad = [(k, v) for r in rows for k, v in r.items() if v and _unsafe(v)]
            assert not bad, (name, bad[:5])
            seen += [v for r in rows for v in r.values()]
            db = con.execute(f"SELECT * FROM {name}").df()  # names from the tuple above
            numeric = [c for c in db.columns if pd.api.types.is_numeric_dtype(db[c].dtype)]
            got = pd.read_csv(package / f"{name}.csv", encoding="utf-8-sig")
            for c in numeric:  # numbers exactly as in the database
                pd.testing.assert_series_equal(
                    got[c].astype(float), db[c].astype(float), check_names=False
                )
    assert "'" + PUBLISHER in seen and "'" + TITLE in seen  # there, as text


def test_data_package_with_hostile_text_still_validates(package: Path) -> None:
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+2", "'=1+2"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3.0", "-3.0"),
        ("+5%", "+5%"),
        ("1e6", "1e6"),
        ("人民日报", "人民日报"),
        (-3.0, -3.0),
        (None, None),
    ],
)
def test_csv_cell(cell: object, shown: object) -> None:
    assert csv_cell(cell) == shown
