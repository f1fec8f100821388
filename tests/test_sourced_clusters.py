"""Clusters a source names that the research notes lack (data/clusters_from_sources.csv): each
joins the registry flagged as from a source, traced to a quote the ETL finds in the source's
cleaned text and that names the cluster as etl.naming reads names; a row that fails any of
this is refused with the file and line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from etl.errors import EtlError
from etl.paths import Paths
from etl.pipeline import Build, run

FILE = "clusters_from_sources.csv"


def _rows(data: Path) -> list[dict[str, str]]:
    with (data / FILE).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_each_cluster_from_a_source_joins_the_registry_traced_to_its_quote(build: Build) -> None:
    from etl.paths import ROOT

    rows = _rows(ROOT / "data")
    assert rows, "the file lists the clusters the sources name beyond the notes"
    by_name = {c.name_zh: c for c in build.registry}
    named = {(m.cluster_id, m.source_id) for m in build.cluster_mentions}
    for r in rows:
        c = by_name[r["name_zh"]]
        assert c.origin == "source" and c.quote == r["quote"]
        assert r["quote"] in build.sources[r["source_id"]].clean_text
        assert (c.cluster_id, r["source_id"]) in named  # etl.naming finds it there too
        assert c.province_ids and c.batch == r["batch"]
        assert c.domain_zh == r["domain_zh"]
    notes = [c for c in build.registry if c.origin == "notes"]
    assert notes and {c.name_zh for c in notes}.isdisjoint(r["name_zh"] for r in rows)


def _write(data: Path, rows: list[dict[str, str]]) -> None:
    with (data / FILE).open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _bad_rows(build: Build, good: dict[str, str]) -> dict[str, dict[str, str]]:
    """One bad row of each kind, from the data: a notes cluster quoted where a source names it,
    a quote the source does not hold, a quote that names no cluster of that name."""
    m = next(m for m in build.cluster_mentions if build.registry[0].cluster_id == m.cluster_id)
    notes = build.registry[0]
    return {
        "a notes cluster": {
            **good,
            "name_zh": notes.name_zh,
            "source_id": m.source_id,
            "quote": m.quote,
        },
        "a quote the source lacks": {**good, "quote": good["quote"] + "不在原文中的字"},
        "a quote without the name": {**good, "name_zh": "某某市虚构产业名称集群"},
        "an unknown source": {**good, "source_id": "no-such-source"},
    }


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("a notes cluster", "research notes"),
        ("a quote the source lacks", "not found in the cleaned text"),
        ("a quote without the name", "does not name"),
        ("an unknown source", "no source"),
    ],
)
def test_a_bad_row_is_refused_naming_the_file_and_line(
    build: Build, data_copy: Paths, kind: str, said: str
) -> None:
    rows = _rows(data_copy.data)
    bad = _bad_rows(build, rows[0])[kind]
    _write(data_copy.data, [*rows[1:], bad])  # in place of the row it is made from
    with pytest.raises(EtlError) as e:
        run(data_copy)
    assert f"{FILE}:{len(rows) + 1}" in str(e.value) and said in str(e.value), str(e.value)


def test_the_same_cluster_twice_is_refused(data_copy: Paths) -> None:
    rows = _rows(data_copy.data)
    _write(data_copy.data, [*rows, rows[0]])
    with pytest.raises(EtlError, match=f"{FILE}:{len(rows) + 2}"):
        run(data_copy)
