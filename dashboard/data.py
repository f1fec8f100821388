"""The app's snapshot of the database: every table as a DataFrame, and its file stamp.

In: the database path. Out: an ``Atlas`` (read once per database version; the file stamp keys
the cache). Building a missing or stale database is ``etl.build.ensure_built``'s job.
No streamlit import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.queries import read_all


@dataclass(frozen=True, eq=False)
class Atlas:
    """All tables of one database version. Hashed and compared by identity: a snapshot is
    never changed, so what is derived from it once (``dashboard.views.members``, the map's
    shapes) can be kept per snapshot."""

    figures: pd.DataFrame
    reports: pd.DataFrame
    labels: pd.DataFrame
    sources: pd.DataFrame
    metrics: pd.DataFrame
    regions: pd.DataFrame
    domains: pd.DataFrame
    key_members: pd.DataFrame
    clusters: pd.DataFrame
    cluster_provinces: pd.DataFrame
    checks: pd.DataFrame
    domain_notes: pd.DataFrame
    shapes: pd.DataFrame
    sea: pd.DataFrame  # the map's South China Sea islands inset: layer -> GeoJSON geometry
    build_info: pd.DataFrame
    cluster_mentions: pd.DataFrame
    intake_log: pd.DataFrame
    versions: pd.DataFrame
    changes: pd.DataFrame

    def figure_ids(self, fact_ids: list[str]) -> list[str]:
        """The figures that the given facts report (a fact id names its figure)."""
        r = self.reports
        return list(dict.fromkeys(r.loc[r["fact_id"].isin(fact_ids), "figure_id"]))

    def latest(self, metric: str, scope: str, region: str = "CN") -> pd.Series | None:
        """The latest-period figure of a metric for a scope and region (all domains), or None."""
        f = self.figures
        rows = f[
            (f["metric"] == metric)
            & (f["scope"] == scope)
            & (f["region"] == region)
            & f["domain"].isna()
        ]
        return None if rows.empty else rows.sort_values("period_start").iloc[-1]

    def reports_of(self, figure_ids: pd.Series | list[str]) -> pd.DataFrame:
        """Every report (fact) of the given figures, the shown one first within each figure."""
        return self.reports[self.reports["figure_id"].isin(list(figure_ids))]


def load_atlas(db: Path) -> Atlas:
    """Read every table of ``db``."""
    return Atlas(**read_all(db))


def db_stamp(db: Path) -> str:
    """A key that changes whenever the file is replaced (inode, size, mtime)."""
    st = db.stat()
    return f"{st.st_ino}-{st.st_size}-{st.st_mtime_ns}"
