"""The data folder's lock and atomic writes: two saves at once never corrupt a file."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


# ---------------------------------------------------------------- locking and atomic writes
@contextmanager
def data_lock(data: Path) -> Iterator[None]:
    """An exclusive lock over the data folder for the duration of a write (across processes)."""
    data.mkdir(parents=True, exist_ok=True)
    with (data / ".atlas.lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
