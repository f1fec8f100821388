"""A fingerprint of the ETL's inputs, so a database can tell whether it is older than its data.

In: the data folder. Out: the SHA-256 over every input file's relative path and bytes (the
database itself and temporary files excluded).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

INPUT_SUFFIXES = (".txt", ".yml", ".yaml", ".csv", ".md", ".geojson")


def data_fingerprint(data: Path) -> str:
    """Hex SHA-256 of the inputs under ``data``, independent of file times."""
    h = hashlib.sha256()
    for p in sorted(data.rglob("*")):
        if p.is_file() and p.suffix in INPUT_SUFFIXES:
            h.update(str(p.relative_to(data)).encode())
            h.update(b"\0")
            h.update(p.read_bytes())
            h.update(b"\0")
    return h.hexdigest()
