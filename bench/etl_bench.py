"""ETL benchmark: the full build, and the scanner over 1x, 10x and 100x the corpus.

Prints figures; asserts nothing about speed. Target: full build under 2 s after imports, and
documents per second roughly constant as the corpus grows (linear cost).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from etl.clean import clean
from etl.load import write
from etl.numbers import find_mentions
from etl.paths import default_paths
from etl.pipeline import run


def _time(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _scan_all(docs: list[str]) -> None:
    for d in docs:
        find_mentions(clean(d))


def main() -> None:
    """Run and print the ETL benchmarks."""
    paths = default_paths()
    run(paths)  # warm: imports, OpenCC dictionaries
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        builds = _time(lambda: write(run(paths), db), 5)
    print("ETL benchmark")
    print(
        f"  full build (read, verify, clean, resolve, check, write DuckDB): "
        f"median {statistics.median(builds):.3f} s, min {min(builds):.3f} s over 5 runs "
        f"(target < 2 s)"
    )
    raws = [p.read_text(encoding="utf-8") for p in sorted(paths.raw.glob("*.txt"))]
    for factor in (1, 10, 100):
        docs = raws * factor
        t = _time(partial(_scan_all, docs), 3)
        best = min(t)
        chars = sum(map(len, docs))
        print(
            f"  clean + scan {factor:>3}x corpus: {len(docs):>4} documents, {chars / 1e6:.2f} M "
            "chars "
            f"in {best:.3f} s = {len(docs) / best:,.0f} documents/s"
        )
