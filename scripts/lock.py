"""Regenerate requirements.txt and requirements-dev.txt from the *.in files.

In: requirements.in, requirements-dev.in. Out: two fully pinned lock files, resolved by pip's
own resolver (`pip install --dry-run --report`), so a fresh machine installs the same versions.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def resolve(*req_files: str) -> list[tuple[str, str]]:
    """Return (name, version) for everything pip would install for these requirement files."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        args = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "-q"]
        for f in req_files:
            args += ["-r", str(ROOT / f)]
        subprocess.run([*args, "--report", str(report)], check=True)
        data = json.loads(report.read_text())
    return sorted((i["metadata"]["name"], i["metadata"]["version"]) for i in data["install"])


def main() -> None:
    """Write both lock files."""
    runtime = resolve("requirements.in")
    dev = resolve("requirements.in", "requirements-dev.in")
    names = {n.lower() for n, _ in runtime}
    head = "# Runtime lock: generated from requirements.in by `make lock`. Do not edit by hand.\n"
    (ROOT / "requirements.txt").write_text(head + "".join(f"{n}=={v}\n" for n, v in runtime))
    dev_lines = "".join(f"{n}=={v}\n" for n, v in dev if n.lower() not in names)
    (ROOT / "requirements-dev.txt").write_text(
        "# Test/lint/benchmark lock: generated from requirements-dev.in by `make lock`.\n"
        "-r requirements.txt\n" + dev_lines
    )


if __name__ == "__main__":
    main()
