"""A fingerprint of the ETL's inputs, so a database can tell whether it is older than its data.

In: the data folder. Out: the SHA-256 over every input file's relative path and bytes (the
database itself and temporary files excluded); and a cheap stamp of the same files' sizes and
times, for callers that check often (the app, once per session).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

INPUT_SUFFIXES = (".txt", ".yml", ".yaml", ".csv", ".md", ".geojson")


def _inputs(data: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every input under ``data`` with its path relative to it, in the order of the sorted
    paths: a walk of ``os.scandir``, names sorted in each folder, one ``stat`` a file (``rglob``
    with ``is_file`` and ``stat`` cost four times as much, and the app asks at every new
    session). Symlinked folders are not entered (as ``rglob`` does not enter them); a missing
    or unreadable folder holds nothing."""

    def walk(folder: str, rel: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                yield from walk(e.path, f"{rel}{e.name}/")
            elif e.is_file() and os.path.splitext(e.name)[1] in INPUT_SUFFIXES:
                yield f"{rel}{e.name}", e

    return walk(str(data), "")


def data_fingerprint(data: Path) -> str:
    """Hex SHA-256 of the inputs under ``data``, independent of file times."""
    h = hashlib.sha256()
    for rel, entry in _inputs(data):
        h.update(rel.encode())
        h.update(b"\0")
        h.update(Path(entry.path).read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def inputs_stamp(data: Path) -> str:
    """Sizes and modification times of the inputs under ``data`` (no file is read): changes
    whenever an input is added, removed or rewritten."""
    parts = []
    for rel, entry in _inputs(data):
        st = entry.stat()
        parts.append(f"{rel}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)
