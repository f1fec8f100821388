"""Command line of the ETL.

    python -m etl [build] [--db PATH]   build the database and print a summary
    python -m etl check                 run the consistency checks; exit 1 on a failure
    python -m etl scan FILE... [--format table|csv] [--all]
                                        print every figure mention of any text file

Exit status: 0 on success, 1 on bad input (the message names the file, the record and the fix;
the previous database is left untouched), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from etl.errors import EtlError
from etl.vocab import CHECK_STATUSES, FIGURE_STATUSES
from etl.paths import default_paths


def _build(db: Path | None) -> int:
    from etl.load import write
    from etl.pipeline import run

    paths = default_paths()
    target = db or paths.db
    t0 = time.perf_counter()
    build = run(paths)
    write(build, target)
    elapsed = time.perf_counter() - t0
    n_mentions = sum(sum(m.is_figure for m in ms) for ms in build.mentions.values())
    status = {s: sum(c.status == s for c in build.checks) for s in CHECK_STATUSES}
    print(f"built {target} in {elapsed:.2f} s")
    print(f"  documents: {len(build.sources)}")
    print(f"  figure mentions found: {n_mentions}")
    print(f"  facts loaded: {len(build.facts)} (+ {len(build.labels)} labels)")
    by_status = {s: sum(g.status == s for g in build.figures) for s in FIGURE_STATUSES}
    print(
        f"  figures: {len(build.figures)} ({by_status['single']} single source, "
        f"{by_status['agree']} agreeing sources, {by_status['differ']} differing sources)"
    )
    for sid in build.sources:
        n = sum(f.source_id == sid for f in build.facts)
        nl = sum(lb.source_id == sid for lb in build.labels)
        print(f"    {sid}: {n} facts, {nl} labels")
    print(f"  named clusters in the registry: {len(build.registry)}")
    print(f"  checks: {status['pass']} passed, {status['explained']} explained mismatches, "
          f"{status['differ']} differing sources, {status['fail']} failed")  # fmt: skip
    return 0


def _check() -> int:
    from etl.pipeline import run

    build = run(default_paths())
    width = max(len(c.check_id) for c in build.checks)
    for c in build.checks:
        print(
            f"{c.status.upper():9} {c.check_id:{width}}  expected {c.expected}; observed {c.observed}"
        )
        if c.explanation:
            print(f"{'':9} {'':{width}}  why: {c.explanation}")
    failed = [c for c in build.checks if c.status == "fail"]
    print(
        f"{len(build.checks) - len(failed)} of {len(build.checks)} checks passed, explained "
        "or listed as differing sources"
    )
    return 1 if failed else 0


def _scan(files: Sequence[str], fmt: str, show_all: bool) -> int:
    from etl.clean import clean
    from etl.numbers import find_mentions

    cols = ["file", "surface", "value", "unit", "qualifier", "offset", "kind", "counter", "context"]
    writer = csv.writer(sys.stdout) if fmt == "csv" else None
    if writer:
        writer.writerow(cols)
    for name in files:
        path = Path(name)
        try:
            text = clean(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as e:
            raise EtlError(
                path, f"cannot read as UTF-8 text ({e})", "pass a UTF-8 text file"
            ) from e
        for m in find_mentions(text):
            if not (m.is_figure or show_all):
                continue
            ctx = text[max(0, m.start - 15) : m.end + 15].replace("\n", " ")
            value = "" if m.value is None else f"{m.value:g}"
            row = [str(path), m.surface, value, m.unit or "", m.qualifier or "", str(m.start),
                   m.kind, m.counter or "", ctx]  # fmt: skip
            if writer:
                writer.writerow(row)
            else:
                print(f"{m.start:>6}  {m.surface:<12} {value:>14} {m.unit or '':<11} "
                      f"{m.qualifier or '':<9} {m.kind:<7} …{ctx}…")  # fmt: skip
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    sub = parser.add_subparsers(dest="cmd")
    b = sub.add_parser("build", help="build the database (the default)")
    b.add_argument("--db", type=Path, help="write here instead of $ATLAS_DB / data/clusters.duckdb")
    sub.add_parser("check", help="run the consistency checks")
    s = sub.add_parser("scan", help="print every figure mention of text files")
    s.add_argument("files", nargs="+")
    s.add_argument("--format", choices=("table", "csv"), default="table")
    s.add_argument("--all", action="store_true", help="also years, dates, names... (non-figures)")
    args = parser.parse_args(argv)
    try:
        if args.cmd == "scan":
            return _scan(args.files, args.format, args.all)
        if args.cmd == "check":
            return _check()
        return _build(getattr(args, "db", None))
    except EtlError as e:
        print(f"error: {e}", file=sys.stderr)
        print("The previous database, if any, was left untouched.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
