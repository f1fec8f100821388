"""The cluster registry: the named clusters from the research notes in data/reference/, and
those a source names that the notes lack (data/clusters_from_sources.csv, ``etl.sourced``).

In: the two reference CSVs (unchanged copies), the curated file and the dimensions (and the
sources, to find each curated quote). Out: ``Cluster`` records with ids, batch, domain and
macro-region ids, a confidence flag (data/cluster_flags.csv, or ``medium`` where the notes
themselves say so) and the notes' sources; plus the cluster-province pairs for per-province
counts (a cross-province cluster counts once in each of its provinces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from etl.dims import Dims, read_csv
from etl.errors import EtlError
from etl.vocab import Origin

if TYPE_CHECKING:
    from etl.sources import Source

FILES = (
    # file, batch code, batch year, group in which the cluster first counts
    ("clusters_45.csv", None, None, None),
    ("clusters_batch2.csv", "2024", 2024, "group80"),
)
COLUMNS = (
    "name_zh",
    "name_en",
    "provinces",
    "cities",
    "domain_zh",
    "region",
    "batch",
    "announced",
    "source",
)
MACRO = {"东部": "east", "中部": "central", "西部": "west", "东北": "northeast"}


@dataclass(frozen=True)
class Cluster:
    """One named national cluster as the research notes give it, or as a source names it
    (``origin`` 'source': its naming ``quote``; a field the source does not state is empty)."""

    cluster_id: str
    name_zh: str
    name_en: str
    batch: str
    batch_year: int | None  # None: a source cluster whose batch no source states
    first_group: str
    provinces_zh: str
    provinces_en: str
    cities_zh: str
    cities_en: str | None  # None where a city has no English name (reported by the build)
    province_ids: tuple[str, ...]
    domain_zh: str
    domain_id: str | None  # None: a source cluster whose domain no source gives
    region_zh: str
    region_id: str | None  # None: a source cluster over several macro regions
    announced: str
    confidence: str
    flag_zh: str
    flag_en: str
    sources: str
    notes: str
    origin: Origin = "notes"  # 'notes' (data/reference/) or 'source' (a source names it only)
    quote: str = ""  # for a source cluster: the clause of its source that names it


def _batch(raw: str) -> tuple[str, int, str]:
    if raw.startswith("rounds 1-2"):
        return "2021", 2021, "group25"
    if raw.startswith("round 3"):
        return "2022", 2022, "group45"
    if raw.startswith("2024"):
        return "2024", 2024, "group80"
    raise ValueError(raw)


def read_registry(
    ref_dir: Path, dims: Dims, sources: dict[str, Source] | None = None
) -> list[Cluster]:
    """All named clusters, in file order, validated against the dimensions: the notes', then
    those of data/clusters_from_sources.csv (beside ``ref_dir``; each quote is looked up in
    ``sources`` when they are given)."""
    from etl.sourced import FILE, read_sourced

    notes = _read_notes(ref_dir, dims)
    return notes + read_sourced(ref_dir.parent / FILE, dims, notes, sources)


def provinces_by_short(dims: Dims) -> dict[str, str]:
    """Province ids by their short Chinese names (广东 -> guangdong)."""
    return {r["short_zh"]: rid for rid, r in dims.regions.items() if r["level"] == "province"}


Prefixes = list[tuple[str, str]]  # (registry_prefix, domain id), longest prefix first


def domain_prefixes(dims: Dims) -> Prefixes:
    """The domains' ``registry_prefix`` with their ids, longest first (for ``domain_of``)."""
    return sorted(
        ((d["registry_prefix"], k) for k, d in dims.domains.items()), key=lambda p: -len(p[0])
    )


def domain_of(written: str, prefixes: Prefixes) -> str | None:
    """The domain id a written domain starts with (the longest of ``domain_prefixes``)."""
    return next((k for pre, k in prefixes if written.startswith(pre)), None)


def _read_notes(ref_dir: Path, dims: Dims) -> list[Cluster]:
    short = provinces_by_short(dims)
    prefixes = domain_prefixes(dims)
    out: list[Cluster] = []
    for fname, *_ in FILES:
        path = ref_dir / fname
        for i, row in enumerate(read_csv(path, COLUMNS, "name_zh"), start=2):
            try:
                batch, year, group = _batch(row["batch"])
            except ValueError:
                raise EtlError(
                    path,
                    f"batch {row['batch']!r} not recognised",
                    "use the notes' batch wording",
                    record=row["name_zh"],
                    line=i,
                ) from None
            provs = tuple(p.strip() for p in row["provinces"].split(";") if p.strip())
            unknown = [p for p in provs if p not in short]
            domain = domain_of(row["domain_zh"], prefixes)
            region = next((v for k, v in MACRO.items() if row["region"].startswith(k)), None)
            if unknown or domain is None or region is None:
                raise EtlError(
                    path,
                    f"unknown province {unknown}, domain or region",
                    "match data/regions.csv and data/domains.csv",
                    record=row["name_zh"],
                    line=i,
                )
            src, _, note = row["source"].partition(" | ")
            flag = dims.cluster_flags.get(row["name_zh"])
            medium = re.search(r"MEDIUM confidence", note)
            out.append(
                Cluster(
                    cluster_id=f"c{len(out) + 1:03d}",
                    name_zh=row["name_zh"],
                    name_en=row["name_en"],
                    batch=batch,
                    batch_year=year,
                    first_group=group,
                    provinces_zh=row["provinces"],
                    provinces_en="; ".join(dims.regions[short[p]]["name_en"] for p in provs),
                    cities_zh=places(row["cities"], dims, "name_zh") or "",
                    cities_en=places(row["cities"], dims, "name_en"),
                    province_ids=tuple(short[p] for p in provs),
                    domain_zh=row["domain_zh"],
                    domain_id=domain,
                    region_zh=row["region"],
                    region_id=region,
                    announced=row["announced"],
                    confidence=flag["confidence"] if flag else ("medium" if medium else "high"),
                    flag_zh=flag["flag_zh"] if flag else "",
                    flag_en=flag["flag_en"] if flag else "",
                    sources=src.strip(),
                    notes=note.strip(),
                )
            )
    return out


def places(written: str, dims: Dims, col: str) -> str | None:
    """The notes' ``;``-separated cities in one language (data/place_names.csv); the Chinese as
    written for a city the file lacks, None in English (a missing translation, reported)."""
    names = []
    for w in (c.strip() for c in written.split(";") if c.strip()):
        row = dims.place_names.get(w)
        if row is None and col == "name_en":
            return None
        names.append(row[col] if row else w)
    return ";".join(names) if col == "name_zh" else "; ".join(names)


def in_group(c: Cluster, group: str) -> bool:
    """True if the cluster belongs to the group (group25 within group45 within group80)."""
    order = ["group25", "group45", "group80"]
    return order.index(c.first_group) <= order.index(group)
