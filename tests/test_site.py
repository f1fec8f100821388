"""The static site's parts without a browser: untrusted text escaped, a packed figure put back
together exactly, every variant of a chart present, links from the app. The whole site in a
browser is tested in tests/e2e/test_site.py."""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dashboard.chartdefs import CHARTS, build_chart
from dashboard.data import Atlas, load_atlas
from dashboard.filters import ALL, View
from dashboard.site import html, links
from dashboard.site.choices import domain_choices, region_choices
from dashboard.site.variants import Job, Pools, build_variants, figure_json, pack_figure, views_of

EVIL = '</script><script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


@pytest.fixture(scope="module")
def atlas(db_path: Path) -> Atlas:
    return load_atlas(db_path)


def _unpack(fig_idx: int, pools: Pools) -> dict[str, Any]:
    """What static/site.js does: the layout and traces from the pools, runs joined."""
    f = pools.figs.items[fig_idx]
    data = []
    for i in f["t"]:
        tr = copy.deepcopy(pools.json.items[i])
        for k in ("x", "y"):
            if isinstance(tr.get(k), dict) and "segs" in tr[k]:
                runs = [base64.b64decode(pools.segs.items[s]) for s in tr[k]["segs"]]
                tr[k] = np.frombuffer(b"".join(runs), dtype="<f4")
        data.append(tr)
    return {"data": data, "layout": pools.json.items[f["l"]]}


def _arrays(tr: dict[str, Any], k: str) -> Any:
    v = tr[k]
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype="<f4")
    return v


@pytest.mark.parametrize("region", [ALL, "east", "guangdong"])
def test_a_packed_map_is_the_figure_the_app_draws(atlas: Atlas, region: str) -> None:
    out = build_chart("regions_map", atlas, View("en", region))
    assert out.fig is not None
    fig = figure_json(out)
    pools = Pools()
    back = _unpack(pack_figure(fig, pools), pools)
    assert back["layout"] == fig["layout"]
    assert len(back["data"]) == len(fig["data"])
    for got, want in zip(back["data"], fig["data"], strict=True):
        for k in ("x", "y"):
            a, b = _arrays(got, k), _arrays(want, k)
            if isinstance(b, np.ndarray):
                np.testing.assert_array_equal(a, b)  # NaN breaks included, in place
            else:
                assert a == b
        rest = {k: v for k, v in got.items() if k not in ("x", "y")}
        assert rest == {k: v for k, v in want.items() if k not in ("x", "y")}
    assert any("segs" in json.dumps(t) for t in pools.json.items)  # the outlines were pooled


def test_outlines_are_stored_once_across_variants(atlas: Atlas) -> None:
    pools = Pools()
    views = views_of("regions_map", atlas, "zh")[:20]
    for view in views:
        out = build_chart("regions_map", atlas, view)
        if out.fig is not None:
            pack_figure(figure_json(out), pools)
    raw = sum(len(s) for s in pools.segs.items)
    one = figure_json(build_chart("regions_map", atlas, View("zh")))
    single = sum(len(json.dumps(t)) for t in one["data"])
    assert raw < 2 * single  # 20 maps' outlines cost about one map's


def test_every_variant_of_a_chart_is_written(atlas: Atlas, tmp_path: Path) -> None:
    cid = "clusters_batches"  # honours region and domain
    result = build_variants(Job(cid, "en", str(tmp_path), None), atlas)
    text = (tmp_path / links.chart_dir("en", cid) / "variants.js").read_text("utf-8")
    payload = json.loads(text[text.index("]=") + 2 :].rstrip().rstrip(";"))
    assert len(payload["views"]) == len(region_choices(atlas)) * len(domain_choices(atlas))
    assert result.variants == len(payload["views"])
    east = payload["views"]["east|all"]
    want = build_chart(cid, atlas, View("en", "east"))
    assert payload["strs"][east["desc"]] == want.description
    files = tmp_path / links.chart_dir("en", cid) / "files"
    for v in payload["views"].values():  # every listed download exists
        for _, name in v["dl"]:
            assert (files / name).is_file(), name
        assert (v["f"] < 0) == (not v["dl"])  # an empty variant has no CSV


def test_variants_follow_the_filters_a_chart_honours(atlas: Atlas) -> None:
    for cid, spec in CHARTS.items():
        views = views_of(cid, atlas, "zh")
        n_r = len(region_choices(atlas)) if "region" in spec.dims else 1
        n_d = len(domain_choices(atlas)) if "domain" in spec.dims else 1
        assert len(views) == n_r * n_d, cid
        assert views[0] == View("zh")


def test_untrusted_text_is_escaped() -> None:
    sources = pd.DataFrame(
        [
            {
                "fact_id": EVIL,
                "publisher": EVIL,
                "publisher_en": EVIL,
                "published_on": "2022-01-01",
                "source_title": EVIL,
                "quote": EVIL,
                "url": 'javascript:alert(1)"',
                "shown": True,
            },
            {
                "fact_id": "f",
                "publisher": "p",
                "publisher_en": "p",
                "published_on": "2022-01-01",
                "source_title": "",
                "quote": "",
                "url": 'https://example.org/"><script>',
                "shown": False,
            },
        ]
    )
    out = html.quotes_html(sources, "en")
    assert "<script" not in out and "<img" not in out
    assert "javascript:" not in out  # only http(s) links
    assert '"><script>' not in out
    assert html.e(EVIL).count("&lt;") == EVIL.count("<")
    inline = html.script_json({"t": EVIL})
    assert "</script" not in inline.lower() and "<" not in inline
    assert json.loads(inline) == {"t": EVIL}


def test_app_links_use_the_public_address(monkeypatch: pytest.MonkeyPatch) -> None:
    view = View("en", "east", "biomed")
    monkeypatch.delenv("ATLAS_SITE_URL", raising=False)
    monkeypatch.setenv("ATLAS_PUBLIC_URL", "https://atlas.example.org/")
    url = links.chart_url("regions_map", view)
    assert url == (
        "https://atlas.example.org/site/en/charts/regions_map/index.html"
        "?lang=en&region=east&domain=biomed"
    )
    monkeypatch.setenv("ATLAS_SITE_URL", "https://charts.example.org")
    assert links.embed_url("regions_map", view).startswith(
        "https://charts.example.org/en/charts/regions_map/embed.html?"
    )
    code = links.embed_code(links.embed_url("regions_map", view), EVIL, 500)
    assert "<script" not in code and code.startswith("<iframe ") and "width:100%" in code
