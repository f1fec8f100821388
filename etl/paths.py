"""Every path the project reads or writes, in one place; each overridable by an environment
variable so tests and benchmarks can build into a temporary folder.

- ``ATLAS_DATA_DIR``: the data folder (default ``data/`` beside this package).
- ``ATLAS_DB``: the DuckDB file (default ``data/clusters.duckdb``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Paths:
    """Where the inputs live and where the database goes."""

    data: Path
    db: Path

    @property
    def raw(self) -> Path:
        """Articles as received, each ``<slug>.txt`` with ``<slug>.meta.yml``."""
        return self.data / "raw"

    @property
    def facts(self) -> Path:
        """The curated facts, one ``<source_id>.yaml`` per source: what each figure means."""
        return self.data / "facts"

    @property
    def preference(self) -> Path:
        """Which report of a figure is shown when several sources report it."""
        return self.data / "preference.yaml"

    @property
    def checks(self) -> Path:
        """Consistency checks, as data."""
        return self.data / "checks.yaml"

    @property
    def intake(self) -> Path:
        """Bounds the intake holds new articles to (the earliest plausible date...)."""
        return self.data / "intake.yaml"

    @property
    def reference(self) -> Path:
        """Research notes on the named clusters, copied unchanged from shared/reference."""
        return self.data / "reference"

    def dim(self, name: str) -> Path:
        """A dimension table: metrics, regions, domains, cluster_flags..."""
        return self.data / f"{name}.csv"


def default_paths() -> Paths:
    """Paths from the environment, or the repository's defaults."""
    data = Path(os.environ.get("ATLAS_DATA_DIR", ROOT / "data"))
    db = Path(os.environ.get("ATLAS_DB", data / "clusters.duckdb"))
    return Paths(data=data, db=db)
