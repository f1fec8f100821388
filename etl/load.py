"""Write a ``Build`` into DuckDB atomically.

In: a ``Build`` and the target path. Out: the database file. The build goes into a temporary
file beside the target, is validated, closed, then moved over the target with ``os.replace``:
on any failure the previous database stays as it was, and readers that hold the old file open
(the app, read-only) keep working.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import astuple
from pathlib import Path

import duckdb

from etl.errors import EtlError
from etl.pipeline import Build

SCHEMA = Path(__file__).with_name("schema.sql")
ETL_VERSION = "1"


def _rows(build: Build) -> dict[str, list[tuple[object, ...]]]:
    used = {(f.source_id, f.surface_start): f.fact_id for f in build.facts}
    d = build.dims
    return {
        "sources": [
            (s.source_id, s.title, s.title_en, s.publisher, s.publisher_en, s.published_on,
             s.published_on_note, s.url, s.script, s.licence, s.sha256, s.raw_path, s.seed_file,
             s.notes, s.clean_text, sum(f.source_id == sid for f in build.facts),
             sum(m.is_figure for m in build.mentions[sid]))
            for sid, s in build.sources.items()
        ],
        "metrics": [(m["metric_id"], m["name_zh"], m["name_en"], m["unit"], m["definition_zh"],
                     m["definition_en"]) for m in d.metrics.values()],
        "regions": [(r["region_id"], r["level"], r["name_zh"], r["short_zh"], r["name_en"],
                     r["adcode"] or None, r["parent_id"] or None, int(r["sort"]))
                    for r in d.regions.values()],
        "key_region_members": [(m["key_region"], m["province_id"], m["cities_zh"], m.get("note"))
                               for m in d.key_region_members],
        "domains": [(k["domain_id"], k["name_zh"], k["name_en"], int(k["sort"]))
                    for k in d.domains.values()],
        "facts": [astuple(f)[:-1] for f in build.facts],
        "labels": [astuple(lb)[:-1] for lb in build.labels],
        "mentions": [(sid, m.start, m.end, m.surface, m.kind, m.value, m.unit, m.counter,
                      m.qualifier, used.get((sid, m.start)))
                     for sid, ms in build.mentions.items() for m in ms],
        "clusters": [(c.cluster_id, c.name_zh, c.name_en, c.batch, c.batch_year, c.first_group,
                      c.provinces_zh, c.cities_zh, len(c.province_ids), c.domain_zh, c.domain_id,
                      c.region_zh, c.region_id, c.announced, c.confidence, c.flag_zh, c.flag_en,
                      c.sources, c.notes) for c in build.registry],
        "cluster_provinces": [(c.cluster_id, p, 1 / len(c.province_ids))
                              for c in build.registry for p in c.province_ids],
        "checks": [astuple(c) for c in build.checks],
        "build_info": [("built_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                       ("data_fingerprint", build.fingerprint), ("etl_version", ETL_VERSION)],
    }  # fmt: skip


def _validate(con: duckdb.DuckDBPyConnection, build: Build, db: Path) -> None:
    """Read back what was written; raise if anything is off."""
    n = con.execute("SELECT count(*) FROM facts").fetchone()
    if not n or n[0] != len(build.facts) or n[0] == 0:
        raise EtlError(db, "facts were not all written", "rebuild; report a bug if it persists")
    bad = con.execute(
        "SELECT f.fact_id FROM facts f JOIN sources s USING (source_id) "
        "WHERE strpos(s.clean_text, f.quote) = 0 OR strpos(f.quote, f.surface) = 0"
    ).fetchall()
    if bad:
        raise EtlError(db, f"quotes not found in their sources: {bad}", "report a bug")


def write(build: Build, db: Path) -> None:
    """Build the database into a temporary file, validate it, then replace ``db`` atomically."""
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(f"{db.name}.tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute(SCHEMA.read_text(encoding="utf-8"))
            for table, rows in _rows(build).items():
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            _validate(con, build, db)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
