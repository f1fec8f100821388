"""The view state (language, region, domain) and what a region selection contains.

In: query parameters (plain strings) and the region tables. Out: a validated ``View`` plus the
notices for parameters that were invalid, and membership tests used by every chart. No
streamlit import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

LANGS = ("zh", "en")  # the languages of the app (dashboard.i18n gives each string in both)
ALL = "all"


@dataclass(frozen=True)
class View:
    """What the user is looking at: language and filters."""

    lang: str = "zh"
    region: str = ALL
    domain: str = ALL

    def active(self) -> dict[str, str]:
        """The filters that are set (not ``all``)."""
        return {k: v for k, v in (("region", self.region), ("domain", self.domain)) if v != ALL}


def parse_view(
    params: Mapping[str, str], region_ids: set[str], domain_ids: set[str]
) -> tuple[View, list[tuple[str, str]]]:
    """A View from query parameters; invalid values fall back to defaults and are returned as
    (name, value) pairs so the app can say so."""
    bad: list[tuple[str, str]] = []
    lang = params.get("lang", "zh")
    if lang not in LANGS:
        bad.append(("lang", lang))
        lang = "zh"
    region = params.get("region", ALL)
    if region != ALL and region not in region_ids:
        bad.append(("region", region))
        region = ALL
    domain = params.get("domain", ALL)
    if domain != ALL and domain not in domain_ids:
        bad.append(("domain", domain))
        domain = ALL
    return View(lang, region, domain), bad


def region_members(region: str, regions: pd.DataFrame, key_members: pd.DataFrame) -> set[str]:
    """Every region id inside ``region`` (itself included): provinces of a macro region, cities
    of a province, member provinces of a key region, the key regions of the four-region group."""
    if region == ALL:
        return set(regions["region_id"])
    children: dict[str, set[str]] = {}
    for rid, parent in zip(regions["region_id"], regions["parent_id"], strict=True):
        if isinstance(parent, str) and parent:
            children.setdefault(parent, set()).add(rid)
    for kr, prov in zip(key_members["key_region"], key_members["province_id"], strict=True):
        children.setdefault(kr, set()).add(prov)
    out, todo = set(), [region]
    while todo:
        r = todo.pop()
        if r not in out:
            out.add(r)
            todo.extend(children.get(r, ()))
    return out


def cluster_test(
    region: str, regions: pd.DataFrame, key_members: pd.DataFrame
) -> Callable[[list[str], str], bool]:
    """A test of whether a registry cluster (its provinces and cities) lies at least partly in
    ``region``, with the region's members worked out once for all clusters. Where the region
    holds only some cities of a province (PRD, Chengdu-Chongqing), the cluster's cities
    decide."""
    if region == ALL:
        return lambda provinces, cities_zh: True
    members = region_members(region, regions, key_members)
    partial = {
        p: c.split(";")
        for k, p, c in key_members[["key_region", "province_id", "cities_zh"]].itertuples(
            index=False
        )
        if k in members and isinstance(c, str) and c
    }

    def inside(provinces: list[str], cities_zh: str) -> bool:
        return any(
            p in members and (p not in partial or any(c in cities_zh for c in partial[p]))
            for p in provinces
        )

    return inside


def cluster_in_region(
    provinces: list[str],
    cities_zh: str,
    region: str,
    regions: pd.DataFrame,
    key_members: pd.DataFrame,
) -> bool:
    """True if a registry cluster (its provinces and cities) lies at least partly in
    ``region`` (one cluster; ``cluster_test`` for many)."""
    return cluster_test(region, regions, key_members)(provinces, cities_zh)
