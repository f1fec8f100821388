"""The Clusters directory: search by name, province or city; a page per cluster reached by a
link (/clusters?cluster=<name>), in both languages; an unknown name falls back with a notice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.charts import INSET_NAME
from dashboard.cluster_page import find, named_in, place_map, search, shown_param
from dashboard.data import load_atlas
from dashboard.i18n import t
from dashboard.safe import JOINER
from dashboard.state import clear_caches
from etl.pipeline import Build

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


@pytest.fixture(autouse=True)
def _isolated(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ATLAS_DB", str(db_path))
    clear_caches()
    yield
    clear_caches()


def _page(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("screens/clusters.py")
    at.run()
    return at


def test_search_finds_a_cluster_by_its_city(db_path: Path) -> None:
    atlas = load_atlas(db_path)
    c = atlas.clusters
    row = c[c["cities_zh"].fillna("").str.len() > 0].iloc[0]
    city = str(row["cities_zh"]).split(";")[0]
    assert row["name_zh"] in set(search(c, city)["name_zh"])
    assert search(c, "  ").equals(c)
    assert search(c, str(row["name_en"]).upper())["name_zh"].tolist() == [row["name_zh"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_cluster_page_from_a_link(db_path: Path, lang: str) -> None:
    atlas = load_atlas(db_path)
    # a cluster the sources quote, if any: its page lists those quotes
    quoted = [
        n for n in atlas.clusters["name_zh"] if not named_in(atlas, find(atlas, n), lang).empty
    ]
    name = quoted[0] if quoted else str(atlas.clusters["name_zh"].iloc[0])
    row = find(atlas, name)
    assert row is not None
    at = _page(lang=lang, cluster=name)
    assert not at.exception, at.exception
    shown = at.header[0].value.replace("\\", "").replace(JOINER, "")  # Markdown-escaped
    assert shown == (row["name_zh"] if lang == "zh" else row["name_en"])
    assert len(at.get("plotly_chart")) == 1  # its place on the map
    if quoted:
        quotes = named_in(atlas, row, lang)
        shown = [d.value for d in at.dataframe if t("col_quote", lang) in d.value.columns]
        assert shown and set(quotes[t("col_quote", lang)]) <= set(shown[-1][t("col_quote", lang)])


def test_the_map_fills_the_clusters_provinces(db_path: Path) -> None:
    atlas = load_atlas(db_path)
    multi = atlas.clusters[atlas.clusters["n_provinces"] > 1].iloc[0]
    fig = place_map(atlas, multi, "en").to_plotly_json()
    filled = [tr for tr in fig["data"] if tr.get("fill") == "toself" and tr["name"] == "1"]
    assert filled, "the cluster's provinces are drawn in the class of 1"
    inset = [a for a in fig["layout"]["annotations"] if a.get("name") == INSET_NAME]
    assert inset, "the South China Sea islands inset, as on every map of China"


def test_an_unknown_cluster_falls_back_to_the_directory() -> None:
    at = _page(lang="en", cluster="[click](https://evil.example/x)" + "x" * 200)
    assert not at.exception
    assert at.header[0].value == t("page_clusters", "en")
    notice = at.warning[0].value
    assert "](https://" not in notice and len(notice) < 200
    assert shown_param("[a](b)") == "\\[a\\]\\(b\\)"
    assert len(shown_param("x" * 500)) <= 60


def test_the_sources_that_name_a_cluster_are_found(build: Build) -> None:
    """A registry cluster written as articles write it (without 市, 产业集群 for 集群) in an
    article's text is traced to that article, with the clause that names it."""
    from dataclasses import replace

    from etl.naming import named_in_sources

    c = next(c for c in build.registry if c.name_zh.endswith("集群") and "市" in c.name_zh)
    written = c.name_zh.replace("市", "").removesuffix("集群") + "产业集群"
    src = replace(
        next(iter(build.sources.values())), source_id="x", clean_text=f"据悉,{written}产值增长。"
    )
    found = [
        m for m in named_in_sources(build.registry, {"x": src}) if m.cluster_id == c.cluster_id
    ]
    assert [(m.surface, m.quote, m.n_mentions) for m in found] == [
        (written, f"{written}产值增长", 1)
    ]
    other = replace(src, clean_text="集成电路集群产值增长。")  # a bare domain names no cluster
    assert named_in_sources(build.registry, {"x": other}) == []
