"""Shared fixtures: a database built by the real pipeline into a temporary folder, and a
writable copy of data/ for the bad-input tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.load import write
from etl.paths import ROOT, Paths
from etl.pipeline import Build, run

DATA = ROOT / "data"


def copy_data(dest: Path) -> Path:
    """Copy data/ (inputs only, never the database) to ``dest``; return the copy's path."""
    shutil.copytree(DATA, dest, ignore=shutil.ignore_patterns("*.duckdb*"))
    return dest


@pytest.fixture(scope="session")
def build() -> Build:
    """The in-memory result of the real pipeline over the real data."""
    return run(Paths(data=DATA, db=DATA / "unused.duckdb"))


@pytest.fixture(scope="session")
def db_path(tmp_path_factory: pytest.TempPathFactory, build: Build) -> Path:
    """A real DuckDB file built from the real data, in a temporary folder."""
    path = tmp_path_factory.mktemp("db") / "clusters.duckdb"
    write(build, path)
    return path


@pytest.fixture
def data_copy(tmp_path: Path) -> Iterator[Paths]:
    """A writable copy of data/ and a database path beside it."""
    data = copy_data(tmp_path / "data")
    yield Paths(data=data, db=tmp_path / "clusters.duckdb")


def drop_article(data: Path, content: bytes) -> None:
    """Take an article (and its facts) out of a copy of data/ if the atlas already holds it:
    tests that add a test article must not break when the real data grows to include it."""
    import hashlib

    import yaml

    digest = hashlib.sha256(content).hexdigest()
    for meta in (data / "raw").glob("*.meta.yml"):
        if (yaml.safe_load(meta.read_text(encoding="utf-8")) or {}).get("sha256") == digest:
            sid = meta.name.removesuffix(".meta.yml")
            for p in (meta, data / "raw" / f"{sid}.txt", data / "facts" / f"{sid}.yaml"):
                p.unlink(missing_ok=True)
