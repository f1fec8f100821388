"""Dimension tables from data/*.csv: metrics, regions, domains and their notes.

In: the data folder. Out: ``Dims``, plain rows keyed by id, validated (required columns present,
ids unique, parents known). Problems raise ``EtlError`` with the file and line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from etl.errors import EtlError
from etl.vocab import CONFIDENCES, LEVELS, UNITS, YES

Row = dict[str, str]


def read_csv(path: Path, required: tuple[str, ...], key: str | None = None) -> list[Row]:
    """Rows of a UTF-8 CSV with the required columns; ``key`` must be unique and non-empty."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            cols = reader.fieldnames or []
            rows = [dict(r) for r in reader]
    except FileNotFoundError as e:
        raise EtlError(path, "file not found", "restore it from git") from e
    except UnicodeDecodeError as e:
        raise EtlError(path, f"not UTF-8 ({e.reason})", "save as UTF-8") from e
    missing = [c for c in required if c not in cols]
    if missing:
        raise EtlError(path, f"missing column(s) {missing}", f"the header needs {list(required)}")
    if key:
        seen: set[str] = set()
        for i, r in enumerate(rows, start=2):
            if not r.get(key):
                raise EtlError(path, f"empty {key}", "give every row an id", line=i)
            if r[key] in seen:
                raise EtlError(path, f"duplicate {key} {r[key]!r}", "make ids unique", line=i)
            seen.add(r[key])
    return rows


@dataclass(frozen=True)
class Dims:
    """All dimension rows, by id."""

    metrics: dict[str, Row]
    regions: dict[str, Row]
    domains: dict[str, Row]
    key_region_members: list[Row]
    domain_notes: list[Row]
    cluster_flags: dict[str, Row]
    place_names: dict[str, Row]  # the registry's city names as written -> name_zh, name_en


def read_dims(data: Path) -> Dims:
    """Read and validate every dimension file under ``data``."""
    mpath = data / "metrics.csv"
    metrics = read_csv(
        mpath,
        ("metric_id", "name_zh", "name_en", "unit", "definition_zh", "definition_en"),
        "metric_id",
    )
    metric_ids = {m["metric_id"] for m in metrics}
    for i, m in enumerate(metrics, start=2):
        if m["unit"] not in UNITS:
            raise EtlError(mpath, f"unit {m['unit']!r} unknown", f"use one of {UNITS}", line=i)
        for col in ("flow", "by_group"):
            if (m.get(col) or "") not in YES:
                raise EtlError(
                    mpath, f"{col} {m[col]!r} is not yes or empty", "write yes or nothing", line=i
                )
        for col in ("share_of", "growth_of"):
            if m.get(col) and m[col] not in metric_ids:
                raise EtlError(
                    mpath,
                    f"{col} {m[col]!r} is not a metric",
                    "name a metric_id of this file, or leave it empty",
                    line=i,
                )
    rpath = data / "regions.csv"
    regions = read_csv(
        rpath,
        ("region_id", "level", "name_zh", "short_zh", "name_en", "adcode", "parent_id", "sort"),
        "region_id",
    )
    ids = {r["region_id"] for r in regions}
    for i, r in enumerate(regions, start=2):
        if r["level"] not in LEVELS:
            raise EtlError(rpath, f"level {r['level']!r} unknown", f"use one of {LEVELS}", line=i)
        if r["parent_id"] and r["parent_id"] not in ids:
            raise EtlError(rpath, f"parent {r['parent_id']!r} unknown", "add it first", line=i)
    domains = read_csv(
        data / "domains.csv",
        ("domain_id", "name_zh", "name_en", "registry_prefix", "sort"),
        "domain_id",
    )
    members = read_csv(data / "key_region_members.csv", ("key_region", "province_id", "cities_zh"))
    for i, m in enumerate(members, start=2):
        if m["key_region"] not in ids or m["province_id"] not in ids:
            raise EtlError(
                data / "key_region_members.csv",
                "unknown region id",
                "use ids of data/regions.csv",
                line=i,
            )
    notes = read_csv(data / "domain_notes.csv", ("domain_id", "group", "note_zh", "note_en"))
    flags = read_csv(
        data / "cluster_flags.csv",
        ("name_zh", "confidence", "flag_zh", "flag_en", "basis"),
        "name_zh",
    )
    for i, f in enumerate(flags, start=2):
        if f["confidence"] not in CONFIDENCES:
            raise EtlError(
                data / "cluster_flags.csv",
                f"confidence {f['confidence']!r} unknown",
                f"use one of {CONFIDENCES}",
                line=i,
            )
    places = read_csv(data / "place_names.csv", ("as_written", "name_zh", "name_en"), "as_written")
    return Dims(
        metrics={m["metric_id"]: m for m in metrics},
        regions={r["region_id"]: r for r in regions},
        domains={d["domain_id"]: d for d in domains},
        key_region_members=members,
        domain_notes=notes,
        cluster_flags={f["name_zh"]: f for f in flags},
        place_names={p["as_written"]: p for p in places},
    )
