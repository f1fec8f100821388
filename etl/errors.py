"""The one error type of the ETL: it names the file, the record and the fix."""

from __future__ import annotations

from pathlib import Path


class EtlError(Exception):
    """Bad input. ``str(err)`` reads: ``<file>[:line] [record]: what is wrong. Fix: ...``."""

    def __init__(
        self,
        file: Path | str,
        problem: str,
        fix: str,
        record: str | None = None,
        line: int | None = None,
    ) -> None:
        self.file = str(file)
        self.problem = problem
        self.fix = fix
        self.record = record
        self.line = line
        where = self.file + (f":{line}" if line else "")
        rec = f" [{record}]" if record else ""
        super().__init__(f"{where}{rec}: {problem}. Fix: {fix}")
