"""Every figure of the database can be found: some chart or figure table of some page shows it
under some filter, and a figure of a place is shown when the reader filters to that place.

The Sources page's list of every report is left out on purpose: it lists everything whatever
the filter (an audit trail), so it would make every figure "reachable" and prove nothing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.chartdefs import (
    CHARTS,
    NATION,
    build_chart,
    cluster_figures,
    page_figures,
    registry_rows,
)
from dashboard.data import Atlas, load_atlas
from dashboard.filters import View
from tests.grown import grown  # noqa: F401  (fixture)


def _views(atlas: Atlas, dims: tuple[str, ...]) -> list[View]:
    """No filter, then each region alone and each domain alone (for the dimensions given)."""
    views = [View("zh")]
    if "region" in dims:
        views += [View("zh", region=r) for r in atlas.regions["region_id"]]
    if "domain" in dims:
        views += [View("zh", domain=d) for d in atlas.domains["domain_id"]]
    return views


def shown(atlas: Atlas) -> dict[str, set[str]]:
    """Each figure shown anywhere, with the region filters under which it is shown."""
    seen: dict[str, set[str]] = {}

    def note(ids: pd.Series, view: View) -> None:
        for fid in ids.dropna():
            seen.setdefault(str(fid), set()).add(view.region)

    for cid, spec in CHARTS.items():
        for view in _views(atlas, spec.dims):
            table = build_chart(cid, atlas, view).table
            if "figure_id" in table:
                note(table["figure_id"], view)
    for view in _views(atlas, ("region", "domain")):
        for rows in page_figures(atlas, view).values():
            note(rows["figure_id"], view)
    return seen


def unreachable(atlas: Atlas) -> list[str]:
    """Figures no page shows, and figures of a place not shown when filtered to that place."""
    seen = shown(atlas)
    missing = []
    for fid, region in zip(atlas.figures["figure_id"], atlas.figures["region"], strict=True):
        if fid not in seen:
            missing.append(f"{fid}: shown nowhere")
        elif region != NATION and region not in seen[fid]:
            missing.append(f"{fid}: not shown with the filter region={region}")
    return missing


def test_every_figure_of_the_real_database_is_reachable(db_path: Path) -> None:
    assert unreachable(load_atlas(db_path)) == []


def test_every_figure_of_a_grown_database_is_reachable(grown: Path) -> None:  # noqa: F811
    """Older periods, second sources and disagreeing ones included (tests/grown.py)."""
    assert unreachable(load_atlas(grown)) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_province_filter_finds_the_province_figures(db_path: Path, lang: str) -> None:
    """A figure of a province, whatever its scope (a group's clusters in Jiangsu), is listed on
    the Regions page when filtered to that province, and no figure of another place is; a
    single cluster's figure is listed on the Clusters page under the same filter (and on the
    cluster's own page)."""
    atlas = load_atlas(db_path)
    f = atlas.figures
    provinces = f.loc[f["region_level"] == "province", "region"].unique()
    assert len(provinces) > 0
    for province in provinces:
        view = View(lang, region=province)
        rows = page_figures(atlas, view)["regions"]
        mine = f[f["region"] == province]
        assert set(mine.loc[mine["scope"] != "cluster", "figure_id"]) <= set(rows["figure_id"])
        listed = cluster_figures(atlas, registry_rows(atlas, view))
        assert set(mine.loc[mine["scope"] == "cluster", "figure_id"]) <= set(listed["figure_id"])
        assert set(rows["region"]) <= {
            province,
            *atlas.regions.loc[atlas.regions["parent_id"] == province, "region_id"],
        }
