"""Write a ``Build`` into DuckDB atomically.

In: a ``Build`` and the target path. Out: the database file. The build goes into a temporary
file beside the target, is validated, closed, then moved over the target with ``os.replace``:
on any failure the previous database stays as it was, and readers that hold the old file open
(the app, read-only) keep working. A build killed on its way (SIGKILL, power loss) leaves its
temporary file behind: the next build removes those whose process is gone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from etl.errors import EtlError
from etl.fingerprint import data_fingerprint

if TYPE_CHECKING:
    from etl.pipeline import Build


SCHEMA = Path(__file__).with_name("schema.sql")
ETL_VERSION = "2"


Record = dict[str, object]


def _records(build: Build) -> dict[str, list[Record]]:
    """Every table's rows as column-name -> value mappings, in the order the tables are filled
    (referenced tables first). Columns are matched by name, never by position."""
    used = {(f.source_id, f.surface_start): f.fact_id for f in build.facts}
    d = build.dims
    n_facts = Counter(f.source_id for f in build.facts)
    return {
        "sources": [
            {
                **asdict(s),
                "received_on": s.received_on or None,
                "n_facts": n_facts[sid],
                "n_mentions": sum(m.is_figure for m in build.mentions[sid]),
            }
            for sid, s in build.sources.items()
        ],
        "metrics": list(d.metrics.values()),
        "regions": [
            {
                **r,
                "adcode": r["adcode"] or None,
                "parent_id": r["parent_id"] or None,
                "sort": int(r["sort"]),
            }
            for r in d.regions.values()
        ],
        "key_region_members": [{**m, "key_region": m["key_region"]} for m in d.key_region_members],
        "domains": [{**k, "sort": int(k["sort"])} for k in d.domains.values()],
        "domain_notes": [{**n, "group_id": n["group"]} for n in d.domain_notes],
        "province_shapes": [asdict(s) for s in build.shapes],
        "south_china_sea": [asdict(s) for s in build.sea],
        # what a cluster has not (a notes cluster's naming quote; the domain or region no
        # source states of a cluster only a source names): NULL, not an empty string
        "clusters": [
            {
                **asdict(c),
                **{k: getattr(c, k) or None for k in ("quote", "domain_zh", "region_zh")},
                "n_provinces": len(c.province_ids),
            }
            for c in build.registry
        ],
        "cluster_provinces": [
            {"cluster_id": c.cluster_id, "province_id": p, "share": 1 / len(c.province_ids)}
            for c in build.registry
            for p in c.province_ids
        ],
        "facts": [asdict(f) for f in build.facts],
        "figures": [asdict(g) for g in build.figures],
        "labels": [asdict(lb) for lb in build.labels],
        "mentions": [
            {
                "source_id": sid,
                "start_offset": m.start,
                "end_offset": m.end,
                "surface": m.surface,
                "kind": m.kind,
                "value": m.value,
                "unit": m.unit,
                "counter": m.counter,
                "qualifier": m.qualifier,
                "fact_id": used.get((sid, m.start)),
            }
            for sid, ms in build.mentions.items()
            for m in ms
        ],
        "checks": [asdict(c) for c in build.checks],
        "cluster_mentions": [asdict(m) for m in build.cluster_mentions],
        "intake_log": [asdict(r) for r in build.intake_log],
        "versions": [asdict(v) for v in build.versions],
        "changes": [asdict(c) for c in build.changes],
        "build_info": [
            {"key": "built_at", "value": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
            {"key": "data_fingerprint", "value": build.fingerprint},
            {"key": "etl_version", "value": ETL_VERSION},
        ],
    }


def _column(values: list[object]) -> pa.Array:
    """One column as Arrow; a column of mixed Python types goes in as text (cast on insert)."""
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in values], pa.string())


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[Record]) -> None:
    """Insert ``rows`` into ``table`` by column name: every column of the table is taken from
    the record's key of the same name (missing keys are NULL; extra keys are ignored).

    The rows go in as one Arrow table and one ``INSERT … SELECT`` (each column cast to the
    table's type), not row by row: ``executemany`` costs about 10 ms a row, which made the
    build grow by seconds with every few articles."""
    cols = [(r[0], r[1]) for r in con.execute(f"DESCRIBE {table}").fetchall()]
    batch = pa.table(
        {f"c{i}": _column([row.get(c) for row in rows]) for i, (c, _) in enumerate(cols)}
    )
    con.register("_rows", batch)
    try:
        select = ", ".join(f"CAST(c{i} AS {t})" for i, (_, t) in enumerate(cols))
        names = ", ".join(c for c, _ in cols)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {select} FROM _rows")
    finally:
        con.unregister("_rows")


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
    orphans = con.execute(
        "SELECT f.fact_id FROM facts f LEFT JOIN figures g USING (figure_id) WHERE g.figure_id IS "
        "NULL"
    ).fetchall()
    if orphans or con.execute("SELECT count(*) FROM figures").fetchone() != (len(build.figures),):
        raise EtlError(db, f"facts without a figure: {orphans}", "report a bug")


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (another user's counts)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temps(db: Path) -> list[Path]:
    """Remove the temporary files of builds of ``db`` that were killed: ``<db>.tmp<PID>`` and
    its ``.wal`` whose process is no longer alive (a running build's files are kept). Returns
    what was removed."""
    pattern = re.compile(re.escape(db.name) + r"\.tmp(\d+)(\.wal)?")
    removed = []
    for p in db.parent.iterdir() if db.parent.is_dir() else ():
        m = pattern.fullmatch(p.name)
        if m and not _alive(int(m.group(1))):
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed


def write(build: Build, db: Path) -> None:
    """Build the database into a temporary file, validate it, then replace ``db`` atomically
    (removing first what killed builds left behind)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(db)
    tmp = db.with_name(f"{db.name}.tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute(SCHEMA.read_text(encoding="utf-8"))
            for table, rows in _records(build).items():
                if rows:
                    _insert(con, table, rows)
            _validate(con, build, db)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)


def db_state(db: Path, data: Path) -> str:
    """'missing', 'stale' (built from other data than ``data`` holds now) or 'fresh'."""

    if not db.exists():
        return "missing"
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute(
                "SELECT value FROM build_info WHERE key = 'data_fingerprint'"
            ).fetchone()
    except duckdb.Error:
        return "stale"
    return "fresh" if row and row[0] == data_fingerprint(data) else "stale"
