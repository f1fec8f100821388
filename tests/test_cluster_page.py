"""The Clusters directory: search by name, province or city; a page per cluster reached by a
link (/clusters?cluster=<name>), in both languages; an unknown name falls back with a notice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.charts import INSET_NAME
from dashboard.cluster_page import find, named_in, place_map, search, shown_param
from dashboard.data import load_atlas
from dashboard.i18n import t
from dashboard.safe import JOINER
from dashboard.state import clear_caches
from etl.pipeline import Build
from etl.registry import Cluster

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


def _single_city(build: Build) -> list[tuple[Cluster, str, str]]:
    """Registry clusters named '<city>市<what>集群' with one city: (cluster, city, what)."""
    out = []
    for c in build.registry:
        m = re.fullmatch(r"([\u4e00-\u9fff]{2,4})市([^、市]{4,})集群", c.name_zh)
        if m and c.cities_zh.split(";")[0].strip().startswith(m.group(1)):
            out.append((c, m.group(1), m.group(2)))
    return out


def _named(build: Build, text: str) -> dict[str, tuple[str, str]]:
    from dataclasses import replace

    from etl.naming import named_in_sources

    src = replace(next(iter(build.sources.values())), source_id="x", clean_text=text)
    return {
        m.cluster_id: (m.surface, m.quote) for m in named_in_sources(build.registry, {"x": src})
    }


def test_clusters_listed_before_one_shared_word_are_named(build: Build) -> None:
    """A list that writes 集群 once for all its items (长沙市工程机械、株洲市先进轨道交通装备…等4个
    产业集群; “长沙工程机械”“株洲市…”两大集群) names each item's cluster."""
    (a, ca, wa), (b, cb, wb) = _single_city(build)[:2]
    listed = _named(build, f"其中,{ca}市{wa}、{cb}市{wb}等2个产业集群为国家先进制造业集群。")
    assert listed[a.cluster_id][0] == f"{ca}市{wa}" and listed[b.cluster_id][0] == f"{cb}市{wb}"
    quoted = _named(build, f"“{ca}{wa}”“{cb}市{wb}”两大集群双双上榜。")
    assert {a.cluster_id, b.cluster_id} <= set(quoted)
    # the same words in prose, with no 集群 after them, name nothing
    assert _named(build, f"{ca}市{wa}、{cb}市{wb}等产业扮演重要角色。") == {}
    # nor a longer name that holds them (a province's 株洲中小航空发动机及航空航天装备产业集群)
    assert _named(build, f"确定{ca}{wa}及航空航天装备产业集群等15个集群。") == {}


def test_a_city_written_once_for_two_clusters_names_both(build: Build) -> None:
    """上海市集成电路集群及张江生物医药集群, 青岛智能家电集群和轨道交通装备集群: the second item
    takes the city of the first."""
    by_city: dict[str, list[tuple[Cluster, str]]] = {}
    for c, city, what in _single_city(build):
        by_city.setdefault(city, []).append((c, what))
    city, [(_, wa), (b, wb), *_] = next((k, v) for k, v in by_city.items() if len(v) > 1)
    for joiner in ("及", "和", "、"):
        found = _named(build, f"包括深圳市新一代信息通信集群、{city}市{wa}集群{joiner}{wb}集群等。")
        assert found[b.cluster_id][0] == f"{wb}集群", joiner
    # without the city before it in the clause, the bare words name nothing
    assert b.cluster_id not in _named(build, f"据悉,{wb}集群发展迅速。")


def test_other_ways_of_writing_a_name_are_found(build: Build) -> None:
    """Cities written in full for their initials (大盘… as 大连盘锦…), full-width brackets in the
    notes against the half-width ones of the cleaned text, the words 国家先进制造业集群 for
    集群, the city in brackets after the industry, and quotes around the cities."""
    from etl.aliases import cities
    from etl.clean import normalise_punctuation

    for c in build.registry:
        listed = cities(c.cities_zh)
        initials = "".join(x[0] for x in listed)
        if len(listed) > 1 and c.name_zh.startswith(initials):
            full = "".join(listed) + c.name_zh[len(initials) :]
            assert c.cluster_id in _named(build, f"{full}等3个集群入选。"), full
        written = normalise_punctuation(c.name_zh).replace("“", "").replace("”", "")
        assert c.cluster_id in _named(build, f"据悉,{written}入选。"), written
    c, city, what = _single_city(build)[0]
    for text in (
        f"《{city}{what}国家先进制造业集群白皮书》",
        f"国家{what}先进制造业集群({city})大会",
    ):
        assert _named(build, text).get(c.cluster_id), text


def test_quoted_initials_and_a_place_within_the_city_name_a_cluster(build: Build) -> None:
    """“郑南商许”超硬材料产业集群 (the cities' initials in quotes) and 乐清电气产业集群 (the place
    within the city that the notes give in brackets, 温州(乐清), without the city)."""
    from etl.aliases import cities

    quoted = within = 0
    for c in build.registry:
        listed = cities(c.cities_zh)
        initials = "".join(x[0] for x in listed)
        if len(listed) > 1 and c.name_zh.startswith(initials):
            rest = c.name_zh[len(initials) :].removesuffix("集群")
            assert c.cluster_id in _named(build, f"去年,“{initials}”{rest}产业集群入选。")
            quoted += 1
        m = re.fullmatch(r"([\u4e00-\u9fff]{2,3})\((.+)\)", c.cities_zh)
        rest = c.name_zh.removeprefix(f"{m.group(1)}市") if m else ""
        if (
            m
            and rest != c.name_zh
            and any(rest.startswith(m.group(2)[k:]) for k in range(len(m.group(2)) - 1))
        ):
            assert c.cluster_id in _named(build, f"{rest.removesuffix('集群')}产业集群入围。")
            within += 1
    assert quoted and within  # the registry has both kinds


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_cluster_only_a_source_names_has_its_page(db_path: Path, lang: str) -> None:
    """A cluster of data/clusters_from_sources.csv is in the directory like the others: its
    page says it is named by a source and not in the research notes, shows the quote that
    names it, and marks what no source states (domain, batch) instead of guessing."""
    from dashboard.cluster_page import profile

    atlas = load_atlas(db_path)
    sourced = atlas.clusters[atlas.clusters["origin"] == "source"]
    assert not sourced.empty
    row = sourced.iloc[0]
    assert row["name_zh"] in set(search(atlas.clusters, str(row["name_zh"]))["name_zh"])
    quotes = named_in(atlas, row, lang)
    assert row["quote"] in set(quotes[t("col_quote", lang)])
    at = _page(lang=lang, cluster=str(row["name_zh"]))
    assert not at.exception, at.exception
    assert t("cluster_from_source", lang) in [c.value for c in at.caption]
    shown = [d.value for d in at.dataframe if t("col_quote", lang) in d.value.columns]
    assert shown and row["quote"] in set(shown[-1][t("col_quote", lang)])
    for _, r in sourced.iterrows():
        info = profile(atlas, r, lang)
        unstated = t("cluster_not_stated", lang)
        assert (info[t("col_domain", lang)] == unstated) == pd.isna(r["domain_id"])
        assert (info[t("col_batch", lang)] == unstated) == (not r["batch"])
