"""View state from URL parameters, region membership, database freshness."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.data import Atlas, load_atlas
from dashboard.filters import ALL, View, cluster_in_region, parse_view, region_members
from dashboard.i18n import format_value, period_label
from etl.build import db_state


@pytest.fixture(scope="module")
def atlas(db_path: Path) -> Atlas:
    return load_atlas(db_path)


@pytest.mark.parametrize(
    ("params", "view", "bad"),
    [
        ({}, View("zh", ALL, ALL), []),
        ({"lang": "en", "region": "east", "domain": "nev"}, View("en", "east", "nev"), []),
        ({"lang": "fr"}, View("zh", ALL, ALL), [("lang", "fr")]),
        ({"region": "mars", "domain": "nev"}, View("zh", ALL, "nev"), [("region", "mars")]),
        (
            {"region": "'; DROP TABLE facts;--"},
            View("zh", ALL, ALL),
            [("region", "'; DROP TABLE facts;--")],
        ),
    ],
)
def test_parse_view(
    atlas: Atlas, params: dict[str, str], view: View, bad: list[tuple[str, str]]
) -> None:
    got = parse_view(params, set(atlas.regions["region_id"]), set(atlas.domains["domain_id"]))
    assert got == (view, bad)


@pytest.mark.parametrize(
    ("region", "inside", "outside"),
    [
        ("east", {"guangdong", "guangzhou", "jiangsu"}, {"hunan", "CN"}),
        ("guangdong", {"guangzhou"}, {"jiangsu"}),
        ("yrd", {"shanghai", "anhui"}, {"guangdong"}),
        ("key4", {"jjj", "prd", "beijing", "chongqing"}, {"hunan"}),
    ],
)
def test_region_members(atlas: Atlas, region: str, inside: set[str], outside: set[str]) -> None:
    members = region_members(region, atlas.regions, atlas.key_members)
    assert inside <= members and not (outside & members)


@pytest.mark.parametrize(
    ("provinces", "cities", "region", "expected"),
    [
        (["guangdong"], "深圳", "prd", True),
        (["guangdong"], "湛江", "prd", False),  # Guangdong, but not the Pearl River Delta
        (["guangdong"], "湛江", "guangdong", True),
        (["sichuan"], "成都", "cy", True),
        (["sichuan"], "攀枝花", "cy", False),
        (
            ["beijing", "tianjin", "hebei"],
            "天津牵头",
            "hebei",
            True,
        ),  # cross-province counts in each
        (["jiangsu"], "苏州", "west", False),
    ],
)
def test_cluster_in_region(
    atlas: Atlas, provinces: list[str], cities: str, region: str, expected: bool
) -> None:
    assert (
        cluster_in_region(provinces, cities, region, atlas.regions, atlas.key_members) is expected
    )


@pytest.mark.parametrize(
    ("value", "unit", "lang", "qualifier", "text"),
    [
        (1e13, "yuan", "zh", "approx", "≈10万亿元"),
        (1e13, "yuan", "en", "approx", "≈10 trillion yuan"),
        (2e11, "yuan", "en", "more_than", ">200 billion yuan"),
        (2e11, "yuan", "zh", "more_than", ">2000亿元"),
        (25000, "count", "zh", "exact", "2.5万"),
        (2200, "count", "en", "more_than", ">2,200"),
        (200 / 3, "percent", "en", "exact", "66.7%"),
    ],
)
def test_format_value(value: float, unit: str, lang: str, qualifier: str, text: str) -> None:
    assert format_value(value, unit, lang, qualifier) == text


@pytest.mark.parametrize(
    ("period", "zh", "en"),
    [
        ("2021", "2021年", "2021"),
        ("2022H1", "2022年上半年", "2022 H1"),
        ("2022-09", "截至2022-09", "as of 2022-09"),
        (None, "未说明", "not stated"),
    ],
)
def test_period_label(period: str | None, zh: str, en: str) -> None:
    assert (period_label(period, "zh"), period_label(period, "en")) == (zh, en)


def test_db_state_missing_fresh_stale(tmp_path: Path, db_path: Path) -> None:
    from etl.paths import ROOT

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.duckdb*"))
    assert db_state(tmp_path / "none.duckdb", data) == "missing"
    assert db_state(db_path, data) == "fresh"
    (data / "preference.yaml").write_text((data / "preference.yaml").read_text() + "\n# edited\n")
    assert db_state(db_path, data) == "stale"
