"""Withdrawing a saved article: the inverse of ``etl.intake.add`` + ``accept``.

In: the data paths and a source id. Out: ``data/raw/<id>.txt``, its ``.meta.yml`` and
``data/facts/<id>.yaml`` removed and the database rebuilt without them, under the data lock;
nothing else under ``data/`` is touched. All or nothing: the files' bytes are held in memory
while the database is rebuilt, and put back if the build fails (the previous database is never
replaced by a failed build: ``etl.load.write`` renames a finished file into place).
"""

from __future__ import annotations

from pathlib import Path

from etl.errors import EtlError
from etl.intake import _ID, data_lock, write_atomic
from etl.load import write
from etl.paths import Paths
from etl.pipeline import run


def saved_files(paths: Paths, source_id: str) -> list[Path]:
    """The files that make up a saved source: its article, sidecar and facts file, those that
    exist (a source may have no facts file yet)."""
    candidates = (
        paths.raw / f"{source_id}.txt",
        paths.raw / f"{source_id}.meta.yml",
        paths.facts / f"{source_id}.yaml",
    )
    return [p for p in candidates if p.is_file()]


def saved_sources(paths: Paths) -> list[str]:
    """The source ids of ``data/raw/``, sorted."""
    return sorted(p.name.removesuffix(".txt") for p in paths.raw.glob("*.txt"))


def remove(paths: Paths, source_id: str) -> list[Path]:
    """Remove a source's article, sidecar and facts file and rebuild the database; return the
    files removed. Refuses (``EtlError``, nothing removed) an id that names no saved article;
    if the rebuild fails, every file is restored byte for byte and the error raised."""
    article = paths.raw / f"{source_id}.txt"
    if not _ID.fullmatch(source_id or "") or not article.is_file():
        known = saved_sources(paths) if paths.raw.is_dir() else []
        raise EtlError(
            article,
            f"no saved article {source_id!r}",
            f"give one of the source ids in {paths.raw}: {', '.join(known) or '(none)'}",
        )
    with data_lock(paths.data):
        files = saved_files(paths, source_id)
        held = {p: p.read_bytes() for p in files}
        try:
            for p in files:
                p.unlink()
            write(run(paths), paths.db)
        except BaseException:
            for p, data in held.items():
                write_atomic(p, data)
            raise
    return files
