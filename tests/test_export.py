"""Export: every chart in every format and both languages, with checks that would fail if the
CJK font or Chromium were missing; CSV/XLSX/PPTX contents; the self-check and the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image

from dashboard.chartdefs import CHARTS, build_chart
from dashboard.data import Atlas, load_atlas
from dashboard.export import engine, formats
from dashboard.filters import View
from dashboard.i18n import t
from dashboard.views import region_names
from etl.paths import ROOT


@pytest.fixture(scope="module")
def atlas(db_path: Path) -> Atlas:
    return load_atlas(db_path)


def _pdftotext(data: bytes, tmp: Path) -> str:
    pdf = tmp / "x.pdf"
    pdf.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return unicodedata.normalize(
        "NFKC", out
    )  # Chromium's text layer uses Kangxi radicals (⼤ for 大)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_chart_exports_to_every_format(
    atlas: Atlas, chart_id: str, lang: str, tmp_path: Path
) -> None:
    view = View(lang)
    out = build_chart(chart_id, atlas, view)
    names = region_names(atlas, lang)
    png = formats.export_bytes(out, view, "png", names)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.width == formats.WIDTH * 2  # print size: 1200 px at 2x
    svg = formats.export_bytes(out, view, "svg", names).decode("utf-8")
    assert out.title.replace("&", "&amp;").replace("→", "→") in svg or out.title in svg.replace(
        "&amp;", "&"
    )
    pdf = formats.export_bytes(out, view, "pdf", names)
    assert pdf.startswith(b"%PDF")
    # Chromium's PDF text layer drops digits for pdftotext; the words of the title must be there
    text = re.sub(r"[\s\d]+", "", _pdftotext(pdf, tmp_path))
    assert re.sub(r"[\s\d]+", "", out.title)[:8] in text
    assert formats.csv_bytes(out).startswith(b"\xef\xbb\xbf")
    wb = load_workbook(io.BytesIO(formats.xlsx_bytes(out, view)))
    assert wb.sheetnames == ["data", "sources", "about"]
    assert wb["data"].max_row == len(out.table) + 1


def test_pdf_text_holds_the_chinese_title(atlas: Atlas, tmp_path: Path) -> None:
    out = build_chart("domains_official", atlas, View("zh"))
    text = _pdftotext(formats.export_bytes(out, View("zh"), "pdf"), tmp_path)
    assert "个集群的领域分布" in text and "来源" in text


def test_chinese_renders_as_glyphs_not_boxes(atlas: Atlas) -> None:
    """Two different characters render differently; without a CJK font both are the same box."""
    import plotly.graph_objects as go

    def render(text: str) -> bytes:
        fig = go.Figure().update_layout(
            title={"text": text, "font": {"family": formats.EXPORT_FONT, "size": 60}},
            xaxis_visible=False,
            yaxis_visible=False,
            paper_bgcolor="white",
        )
        return engine.Engine.render(fig, "png", 400, 200, 1)

    a, b = render("集集集集"), render("群群群群")
    assert Image.open(io.BytesIO(a)).tobytes() != Image.open(io.BytesIO(b)).tobytes()


def test_renders_do_not_leak_into_each_other(atlas: Atlas) -> None:
    """Why the engine may skip kaleido's page reload between renders: the same chart renders to
    the same bytes before and after other charts."""
    view = View("zh")
    first = formats.image_bytes(build_chart("regions_macro", atlas, view), view, "png")
    for cid in ("regions_map", "trends_firms", "gz_parks", "domains_registry"):
        formats.image_bytes(build_chart(cid, atlas, view), view, "png")
    assert formats.image_bytes(build_chart("regions_macro", atlas, view), view, "png") == first


def test_export_figure_carries_filters_language_and_date(atlas: Atlas) -> None:
    view = View("en", "east", "biomed")
    out = build_chart("regions_macro", atlas, view)
    fig = formats.export_figure(out, view, region_names(atlas, "en"))
    layout = fig["layout"]
    foot = layout["annotations"][-1]["text"]
    assert "Region: East" in foot and "Domain: Biomedicine" in foot and "English" in foot
    assert re.search(r"Exported: \d{4}-\d{2}-\d{2}", foot)
    assert layout["paper_bgcolor"] == "#FFFFFF" and formats.EXPORT_FONT in layout["font"]["family"]
    assert layout["title"]["text"] == "The 45 clusters by macro region"
    assert layout["plot_bgcolor"] == "#FFFFFF"  # explicit, never the screen's (possibly dark) theme
    assert formats.file_stem(out, view) == "regions_macro_en_region-east_domain-biomed"


def test_xlsx_sources_sheet_holds_quotes(atlas: Atlas) -> None:
    out = build_chart("overview_growth", atlas, View("zh"))
    wb = load_workbook(io.BytesIO(formats.xlsx_bytes(out, View("zh"))))
    sheet = wb["sources"]
    col = [c.value for c in sheet[1]].index("quote")
    quotes = [row[col].value for row in sheet.iter_rows(min_row=2)]
    assert "全国建设80个先进制造业集群" in quotes


def test_pptx_has_one_slide_per_chart(atlas: Atlas) -> None:
    from pptx import Presentation

    outs = [
        build_chart(cid, atlas, View("zh"))
        for cid in ("overview_growth", "regions_macro", "gz_parks")
    ]
    prs = Presentation(io.BytesIO(formats.report_pptx(outs, View("zh"))))
    assert len(prs.slides) == 3
    assert "证券时报" in prs.slides[0].notes_slide.notes_text_frame.text


def test_report_pdf_has_one_page_per_chart(atlas: Atlas) -> None:
    from pypdf import PdfReader

    outs = [build_chart(cid, atlas, View("en")) for cid in ("trends_counts", "domains_registry")]
    assert len(PdfReader(io.BytesIO(formats.report_pdf(outs, View("en")))).pages) == 2


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(engine, "find_chromium", lambda: None)
    monkeypatch.setattr(engine, "has_cjk_font", lambda: False)
    yield


def test_self_check_message_names_the_fix(no_browser: None) -> None:
    check = engine.self_check()
    assert not check.ok
    assert "sudo apt-get install chromium fonts-noto-cjk" in check.message
    assert "CSV and XLSX downloads work" in check.message


def test_cli_exits_non_zero_without_chromium(tmp_path: Path) -> None:
    env = {"PATH": "/nonexistent", "BROWSER_PATH": "/nonexistent/chromium", "HOME": str(tmp_path)}
    code = (
        "import dashboard.export.engine as e; e.CHROMIUM_CANDIDATES = (); "
        "from dashboard.export.cli import main; "
        f"raise SystemExit(main(['--out', {str(tmp_path / 'o')!r}, '--format', 'png']))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert r.returncode == 1
    assert "Image export needs Chromium" in r.stderr and "apt-get install chromium" in r.stderr


def test_cli_tables_work_without_chromium(tmp_path: Path, db_path: Path) -> None:
    env = {
        "PATH": "/nonexistent",
        "BROWSER_PATH": "/nonexistent/chromium",
        "ATLAS_DB": str(db_path),
    }
    code = (
        "import dashboard.export.engine as e; e.CHROMIUM_CANDIDATES = (); "
        "from dashboard.export.cli import main; "
        f"raise SystemExit(main(['--out', {str(tmp_path / 'o')!r}, '--format', 'csv,xlsx', "
        "'--no-progress']))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert r.returncode == 0, r.stderr
    assert len(list((tmp_path / "o").glob("*.csv"))) == len(CHARTS)


def test_cli_batch_writes_manifest(tmp_path: Path, db_path: Path) -> None:
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.export",
            "--out",
            str(tmp_path),
            "--format",
            "png,csv",
            "--lang",
            "en",
            "--domain",
            "nev",
            "--report",
            "pptx",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**__import__("os").environ, "ATLAS_DB": str(db_path)},
    )
    assert r.returncode == 0, r.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    pngs = [f for f in manifest["files"] if f["format"] == "png"]
    assert len(pngs) == len(CHARTS) - len(manifest["skipped_empty"])
    assert all(f["language"] == "en" and f["filters"]["domain"] == "nev" for f in manifest["files"])
    assert all(f["description"] and f["citation"].startswith("Cluster Atlas (") for f in pngs)
    assert any(f["file"] == "domains_official_en_domain-nev.png" and f["sources"] for f in pngs)
    assert (tmp_path / "report_en_domain-nev.pptx").exists()


def test_svg_carries_title_and_description(atlas: Atlas) -> None:
    out = build_chart("regions_macro", atlas, View("en"))
    svg = formats.svg_with_description(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10"><g/></svg>', out
    )
    text = svg.decode()
    assert text.index("<title>The 45 clusters by macro region</title>") < text.index("<g/>")
    assert "<desc>Bar chart: The 45 clusters by macro region" in text
    for region in ("East 30", "Central 8", "West 5", "Northeast 2"):
        assert region in text


def test_xlsx_about_sheet_has_description_and_citation(atlas: Atlas) -> None:
    view = View("zh", region="east")
    out = build_chart("regions_macro", atlas, view)
    wb = load_workbook(io.BytesIO(formats.xlsx_bytes(out, view, base="https://atlas.example")))
    about = {r[0].value: r[1].value for r in wb["about"].iter_rows(min_row=2)}
    assert about["description"] == out.description and "东部地区 30个" in about["description"]
    assert about["citation"].startswith("先进制造业集群图谱(Cluster Atlas)(")
    assert "https://atlas.example/regions?lang=zh&region=east&domain=all" in about["citation"]
    assert about["bibtex"].startswith("@misc{") and about["data_version"] == out.version


def test_pptx_pictures_have_alt_text_and_notes_cite(
    atlas: Atlas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pptx import Presentation

    monkeypatch.setattr(formats, "image_bytes", lambda *a, **k: _tiny_png())
    outs = [build_chart(cid, atlas, View("en")) for cid in ("regions_macro", "gz_parks")]
    prs = Presentation(io.BytesIO(formats.report_pptx(outs, View("en"))))
    for slide, out in zip(prs.slides, outs, strict=True):
        pic = next(s for s in slide.shapes if s.shape_type == 13)  # a picture
        assert pic._element.nvPicPr.cNvPr.get("descr") == out.description
        assert f'"{out.title}"' in slide.notes_slide.notes_text_frame.text
        # the sources' publishers in English (the quotes stay as published)
        notes = slide.notes_slide.notes_text_frame.text
        for r in out.sources.itertuples():
            assert f"- {r.publisher_en or r.publisher} " in notes or "(no English)" in notes


def _tiny_png() -> bytes:
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
        "hKmMIQAAAABJRU5ErkJggg=="
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_descriptions_name_every_value_drawn(atlas: Atlas, lang: str) -> None:
    from dashboard.chartdefs import CHARTS

    for cid in CHARTS:
        out = build_chart(cid, atlas, View(lang))
        assert out.description and out.title in out.description, cid
        assert out.fig is not None
        for trace in out.fig.data:
            if cid == "regions_map":  # polygons and hover points: checked by name below
                continue
            texts = [] if trace.text is None or isinstance(trace.text, str) else list(trace.text)
            for text in texts[:10]:
                assert (
                    str(text).replace("<br>", " ") in out.description
                    or str(int(float(text))) in out.description
                ), (cid, text)
        if cid == "regions_map":
            top = out.table.sort_values("clusters", ascending=False).iloc[0]
            name = top["name_zh" if lang == "zh" else "name_en"]
            assert f"{name} {int(top['clusters'])}" in out.description


def test_citation_url_holds_the_view(atlas: Atlas) -> None:
    from dashboard.describe import citation, view_url

    view = View("en", region="west", domain="materials")
    out = build_chart("clusters_batches", atlas, view)
    text = citation(out, view, version=out.version, year=out.year, base="http://h:1")
    assert view_url("clusters", view, "http://h:1") in text
    assert (
        text.startswith(f'Cluster Atlas ({out.year}). "{out.title}"')
        and f"Version {out.version}" in text
    )


def _db_figures(db: Path) -> dict[str, tuple[float, str, str, str]]:
    """Every figure's shown value in base units, unit, qualifier and as printed, read from the
    database (not through the dashboard)."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT g.figure_id, f.value, f.unit, f.qualifier, f.display_zh FROM figures g "
            "JOIN facts f ON f.fact_id = g.preferred_fact_id"
        ).fetchall()
    return {r[0]: (float(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows}


def _exported_rows(out: Any, view: View, fmt: str) -> list[dict[str, Any]]:
    if fmt == "csv":
        import pandas as pd

        df = pd.read_csv(
            io.BytesIO(formats.csv_bytes(out)), encoding="utf-8-sig", dtype={"display": str}
        )
        return list(df.to_dict("records"))
    sheet = load_workbook(io.BytesIO(formats.xlsx_bytes(out, view)))["data"]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exported_values_are_in_base_units(
    atlas: Atlas, db_path: Path, lang: str, fmt: str
) -> None:
    """A chart may scale what it draws (万亿元, trillion yuan); its data file never does: every
    exported row of a figure holds the figure's value in base units and its unit, as in the
    database, and beside them the figure as people read it in the file's language."""
    from dashboard.i18n import format_value

    truth = _db_figures(db_path)
    checked = 0
    for cid in CHARTS:
        view = View(lang)
        out = build_chart(cid, atlas, view)
        for row in _exported_rows(out, view, fmt):
            fid = row.get("figure_id")
            if not isinstance(fid, str) or fid not in truth:
                continue
            value, unit, qualifier, printed = truth[fid]
            assert (float(row["value"]), row["unit"]) == (value, unit), (cid, fid, row)
            want = printed if lang == "zh" else format_value(value, unit, "en", qualifier)
            assert row["display"] == want, (cid, fid, row["display"], want)
            checked += 1
    assert checked >= len(CHARTS)  # most charts export figures


HAN = re.compile(r"[\u3400-\u9fff]")
# Columns that hold citations (kept as published) or the figure as printed in Chinese.
CITED = {"quote", "source_title", "surface", "display_zh", "title"}


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_english_data_files_hold_no_chinese_outside_quotes(atlas: Atlas, chart_id: str) -> None:
    """An English CSV/XLSX names publishers, places, domains and clusters in English (a name
    the data give only in Chinese carries the marker); quotes stay as published."""
    view = View("en")
    out = build_chart(chart_id, atlas, view)
    names = region_names(atlas, "en")
    rows = list(csv.DictReader(io.StringIO(formats.csv_bytes(out).decode("utf-8-sig"))))
    marker = t("no_translation", "en")
    leaks = {
        (k, v)
        for r in rows
        for k, v in r.items()
        if k not in CITED
        and not k.endswith("_zh")  # a column that says it is the Chinese name
        and HAN.search(v or "")
        and marker not in (v or "")
    }
    assert not leaks, leaks
    wb = load_workbook(io.BytesIO(formats.xlsx_bytes(out, view, names)))
    about = {r[0]: r[1] for r in wb["about"].iter_rows(min_row=2, values_only=True)}
    assert not HAN.search(str(about["filters"])), about["filters"]


def test_xlsx_about_sheet_names_the_region_in_the_readers_language(atlas: Atlas) -> None:
    view = View("zh", region="east")
    out = build_chart("regions_macro", atlas, view)
    wb = load_workbook(io.BytesIO(formats.xlsx_bytes(out, view, region_names(atlas, "zh"))))
    about = {r[0]: r[1] for r in wb["about"].iter_rows(min_row=2, values_only=True)}
    east = atlas.regions.set_index("region_id").loc["east", "name_zh"]
    assert east in str(about["filters"]) and "east" not in str(about["filters"])
