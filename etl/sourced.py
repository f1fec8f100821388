"""Clusters a source names that the research notes lack: data/clusters_from_sources.csv.

In: the curated file (one row per cluster: its name in both languages, provinces, cities,
domain and batch as the source states them, the source and the quote that names it), the
dimensions, the notes' clusters and the sources. Out: ``Cluster`` records with ``origin``
'source', appended to the registry. A field no source states is left empty: no domain gives
no ``domain_id``; no batch gives no year, and the cluster counts among the 80 only (every
cluster the programme named is one of the 80, and the notes list all of the 45). The ETL
refuses (``EtlError`` naming the file and line) a row whose source is unknown, whose quote is
not in the source's cleaned text or does not name the cluster as ``etl.naming`` reads names,
or that names a cluster the notes (or an earlier row) already hold.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from etl.dims import Dims, Row, read_csv
from etl.errors import EtlError
from etl.naming import names_in
from etl.registry import Cluster, Prefixes, domain_of, domain_prefixes, places, provinces_by_short

if TYPE_CHECKING:
    from etl.sources import Source

FILE = "clusters_from_sources.csv"
_Refuse = Callable[[str, str], EtlError]  # the error of the row being read (file, line, name)
COLUMNS = (
    "name_zh",
    "name_en",
    "provinces",
    "cities",
    "domain_zh",
    "batch",
    "source_id",
    "quote",
    "note",
)
BATCHES: dict[str, tuple[int | None, str]] = {
    "2021": (2021, "group25"),
    "2022": (2022, "group45"),
    "2024": (2024, "group80"),
    "": (None, "group80"),  # no source states it: one of the 80, not of the notes' 45
}


def read_sourced(
    path: Path, dims: Dims, notes: list[Cluster], sources: dict[str, Source] | None
) -> list[Cluster]:
    """The file's clusters in file order (ids after the notes'); none if there is no file.
    Each quote is checked against ``sources`` when they are given."""
    if not path.exists():
        return []
    out: list[Cluster] = []
    short, prefixes = provinces_by_short(dims), domain_prefixes(dims)
    for line, row in enumerate(read_csv(path, COLUMNS, None), start=2):

        def refuse(problem: str, fix: str, line: int = line, row: Row = row) -> EtlError:
            return EtlError(path, problem, fix, record=row["name_zh"], line=line)

        c = _cluster(row, dims, (short, prefixes), f"c{len(notes) + len(out) + 1:03d}", refuse)
        for known in [*notes, *out]:
            if (
                known.name_zh == c.name_zh
                or names_in(known, c.name_zh)
                or names_in(c, known.name_zh)
            ):
                where = "the research notes" if known.origin == "notes" else "an earlier row"
                raise refuse(
                    f"the cluster is {known.name_zh} of {where}",
                    "drop the row: a cluster is listed once (its sources are found by etl.naming)",
                )
        if not names_in(c, row["quote"]):
            raise refuse(
                "the quote does not name the cluster",
                "quote the clause of the source that writes the cluster's name",
            )
        if sources is not None:
            _check_quote(row, sources, refuse)
        out.append(c)
    return out


def _check_quote(row: Row, sources: dict[str, Source], refuse: _Refuse) -> None:
    """The row's quote must stand in its source's cleaned text."""
    src = sources.get(row["source_id"])
    if src is None:
        raise refuse(
            f"no source {row['source_id']!r} in data/raw/", "give the source_id of an article"
        )
    if row["quote"] not in src.clean_text:
        raise refuse(
            f"the quote is not found in the cleaned text of {row['source_id']}",
            "copy the clause from the cleaned text (simplified script, half-width commas)",
        )


def _cluster(
    row: Row, dims: Dims, lookups: tuple[dict[str, str], Prefixes], cluster_id: str, refuse: _Refuse
) -> Cluster:
    """The row as a registry cluster, its provinces, domain and batch validated (``lookups``:
    ``provinces_by_short`` and ``domain_prefixes`` of ``dims``, made once per file)."""
    short, prefixes = lookups
    provs = tuple(p.strip() for p in row["provinces"].split(";") if p.strip())
    unknown = [p for p in provs if p not in short]
    if not provs or unknown:
        raise refuse(
            f"provinces {row['provinces']!r}: none or unknown {unknown}",
            "give the provinces the source states, as short_zh of data/regions.csv, ;-separated",
        )
    domain = row["domain_zh"].strip()
    domain_id = domain_of(domain, prefixes) if domain else None
    if domain and domain_id is None:
        raise refuse(f"domain {domain!r} unknown", "start it with a domain of data/domains.csv")
    if row["batch"] not in BATCHES:
        raise refuse(f"batch {row['batch']!r}", f"use one of {sorted(BATCHES)} (empty: unstated)")
    year, group = BATCHES[row["batch"]]
    ids = tuple(short[p] for p in provs)
    macro = {dims.regions[p]["parent_id"] for p in ids}
    region = macro.pop() if len(macro) == 1 else None
    return Cluster(
        cluster_id=cluster_id,
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        batch=row["batch"],
        batch_year=year,
        first_group=group,
        provinces_zh=";".join(provs),
        provinces_en="; ".join(dims.regions[p]["name_en"] for p in ids),
        cities_zh=places(row["cities"], dims, "name_zh") or "",
        cities_en=places(row["cities"], dims, "name_en"),
        province_ids=ids,
        domain_zh=domain,
        domain_id=domain_id,
        region_zh=dims.regions[region]["short_zh"] if region else "",
        region_id=region,
        announced="",
        confidence="high",
        flag_zh="",
        flag_en="",
        sources=row["source_id"],
        notes=row["note"],
        origin="source",
        quote=row["quote"],
    )
