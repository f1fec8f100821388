"""The ETL's one face to the app, the exports and the benchmarks: build the database, tell
whether it is fresh, and publish it. Everything outside ``etl/`` that needs a database built
or a data package goes through here (and the curation API, ``etl.intake`` and
``etl.withdraw``, for the Curate page); the stages behind it stay the ETL's own.

In: the paths (``etl.paths``). Out: a database file replaced atomically, its state
(``missing``, ``stale``, ``fresh``), a stamp of the inputs that is cheap to read often, and the
Frictionless Data Package of the database.
"""

from __future__ import annotations

from pathlib import Path

from etl.fingerprint import inputs_stamp
from etl.load import db_state, write
from etl.paths import Paths
from etl.pipeline import Build, run
from etl.publish import package_zip, publish

__all__ = [
    "Build",
    "build",
    "current",
    "db_state",
    "ensure_built",
    "inputs_stamp",
    "package_zip",
    "publish",
]


def build(paths: Paths, db: Path | None = None) -> Build:
    """Read every input under ``paths.data`` and write the database (``db``, else
    ``paths.db``) atomically; returns what was built. Raises ``EtlError`` on bad input, leaving
    the previous database in place."""
    done = run(paths)
    write(done, db or paths.db)
    return done


def current(paths: Paths) -> Build:
    """What a build of ``paths.data`` holds, without writing the database: what the proposer
    matches an article against (``etl.intake.propose`` takes it)."""
    return run(paths)


def ensure_built(db: Path, data: Path) -> str:
    """Build the database if it is missing or stale; returns the state found before. Raises
    ``EtlError`` with the ETL's message if the build fails (the old file stays in place)."""
    state = db_state(db, data)
    if state != "fresh":
        build(Paths(data=data, db=db))
    return state
