"""The whole dataset as a Frictionless Data Package, read from the built database.

In: the DuckDB file (built first if missing or older than ``data/``) and an output folder. Out:
``datapackage.json`` and, for each published table, ``<table>.csv`` (UTF-8 with a byte-order
mark, so that Excel on Chinese Windows opens it) and ``<table>.parquet``, each a resource with a
Table Schema: field types from the database, descriptions (units included) from its
``COMMENT ON``, primary and foreign keys from its constraints. Nothing is typed twice: a new
column or key in ``schema.sql`` reaches the package by itself.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import duckdb

from etl.cells import csv_frame
from etl.paths import Paths

TABLES = ("figures", "facts", "sources", "metrics", "regions", "domains", "clusters", "checks")
TYPES = {
    "VARCHAR": "string",
    "DOUBLE": "number",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "BOOLEAN": "boolean",
    "DATE": "date",
}
TITLE = "Cluster Atlas: published figures on China's national advanced manufacturing clusters"
LICENCE_NOTE = (
    "Each figure is quoted from a published article; the quotes remain under their publishers' "
    "terms (sources.licence). The compilation (structure, mappings, checks) may be reused with "
    "attribution to the Cluster Atlas and to the original sources."
)


def _schema(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    cols = con.execute(
        "SELECT column_name, data_type, comment, is_nullable FROM duckdb_columns() "
        "WHERE table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    fields = []
    for name, dtype, comment, nullable in cols:
        field: dict[str, Any] = {
            "name": name,
            "type": TYPES.get(dtype, "string"),
            "description": comment or "",
        }
        if not nullable:
            field["constraints"] = {"required": True}
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    keys = con.execute(
        "SELECT constraint_type, constraint_column_names, referenced_table, "
        "referenced_column_names FROM duckdb_constraints() WHERE table_name = ? "
        "AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')",
        [table],
    ).fetchall()
    fks = []
    for kind, columns, ref_table, ref_columns in keys:
        if kind == "PRIMARY KEY":
            schema["primaryKey"] = list(columns)
        elif ref_table in TABLES:
            fks.append(
                {
                    "fields": list(columns),
                    "reference": {
                        "resource": "" if ref_table == table else ref_table,
                        "fields": list(ref_columns),
                    },
                }
            )
    if fks:
        schema["foreignKeys"] = sorted(fks, key=lambda k: k["fields"])
    return schema


def _resources(table: str, schema: dict[str, Any], description: str) -> list[dict[str, Any]]:
    """A table's two resources: its CSV and its Parquet file (whose foreign keys point at the
    other tables' Parquet resources)."""
    parquet_keys = [
        {
            **k,
            "reference": {
                **k["reference"],
                "resource": (
                    ""
                    if k["reference"]["resource"] == ""
                    else f"{k['reference']['resource']}-parquet"
                ),
            },
        }
        for k in schema.get("foreignKeys", [])
    ]
    common = {"title": table, "description": description}
    csv_res = {
        "name": table,
        "path": f"{table}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        **common,
        "schema": schema,
        "encoding": "utf-8-sig",
    }
    parquet_res = {
        "name": f"{table}-parquet",
        "path": f"{table}.parquet",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        **common,
        "schema": {**schema, "foreignKeys": parquet_keys},
        "type": "table",
    }
    return [csv_res, parquet_res]


def _package(
    info: dict[str, Any], sources: list[Any], resources: list[dict[str, Any]]
) -> dict[str, Any]:
    """The datapackage.json descriptor."""
    return {
        "name": "cluster-atlas",
        "title": TITLE,
        "description": "Figures read from the quoted clauses of published articles: one row per "
        "figure (figures) with every source's report of it (facts), the articles (sources), the "
        "dimensions and the consistency checks. Values are in base units: yuan, counts, percent "
        "0-100.",
        "version": info.get("data_fingerprint", "")[:12],
        "created": info.get("built_at") or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "licenses": [{"name": "other-at", "title": LICENCE_NOTE}],
        "sources": [
            {"title": f"{t} ({p}, {str(d)[:10]})", "path": u or r} for t, r, u, p, d in sources
        ],
        "keywords": [
            "advanced manufacturing clusters",
            "先进制造业集群",
            "China",
            "industrial policy",
        ],
        "resources": resources,
    }


def publish(paths: Paths, out: Path, build: bool = True) -> dict[str, int]:
    """Write the package into ``out``; returns the row count of every table. With ``build``
    the database is built first if missing or stale; without (the app), the database as it
    is, which the app keeps serving when a change under data/ does not build."""
    if build:
        from etl.build import ensure_built  # the face builds; imported here, not in a cycle

        ensure_built(paths.db, paths.data)
    out.mkdir(parents=True, exist_ok=True)
    resources, counts = [], {}
    with duckdb.connect(str(paths.db), read_only=True) as con:
        info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
        comments = dict(
            con.execute(
                "SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal"
            ).fetchall()
        )
        for table in TABLES:
            df = con.execute(f"SELECT * FROM {table}").df()  # table names from TABLES only
            counts[table] = len(df)
            csv_frame(df).to_csv(  # text that a spreadsheet would run is prefixed with '
                out / f"{table}.csv", index=False, encoding="utf-8-sig", date_format="%Y-%m-%d"
            )
            con.execute(f"COPY (SELECT * FROM {table}) TO '{out / table}.parquet' (FORMAT parquet)")
            resources += _resources(table, _schema(con, table), comments.get(table) or "")
        sources = con.execute(
            "SELECT title, raw_path, url, publisher, published_on FROM sources ORDER BY "
            "published_on"
        ).fetchall()
    package = _package(info, sources, resources)
    (out / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return counts


def package_zip(paths: Paths, build: bool = True) -> bytes:
    """The package as one ZIP (for the app's "Download all data"), built in a temporary folder
    (``build``: as for ``publish``)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        publish(paths, Path(tmp), build=build)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for p in sorted(Path(tmp).iterdir()):
                z.write(p, f"cluster-atlas/{p.name}")
        return buf.getvalue()
