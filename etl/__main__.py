"""Command line of the ETL.

    python -m etl [build] [--db PATH]   build the database and print a summary
    python -m etl check                 run the consistency checks; exit 1 on a failure
    python -m etl scan FILE... [--format table|csv] [--all]
                                        print every figure mention of any text file
    python -m etl add PATH --publisher TEXT --published-on YYYY-MM-DD [--title T] [--url U]
                      [--source-id ID]  copy an article into data/raw/ with its sidecar; the
                                        new source id is the last line of stdout
    python -m etl propose SOURCE_ID [--format table|csv]
                                        a proposed fact for every figure of the article
    python -m etl accept SOURCE_ID [--min-confidence high|medium|low] [--only OFFSET,...]
                                        write the chosen proposals as facts and rebuild
    python -m etl publish --out DIR     the whole dataset as a Frictionless Data Package

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
from typing import TYPE_CHECKING

from etl.errors import EtlError
from etl.paths import default_paths
from etl.vocab import CHECK_STATUSES, CONFIDENCES, FIGURE_STATUSES

if TYPE_CHECKING:
    from etl.pipeline import Build


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
    print(
        f"  checks: {status['pass']} passed, {status['explained']} explained mismatches, "
        f"{status['differ']} differing sources, {status['fail']} failed"
    )
    _untranslated(build)
    return 0


def _untranslated(build: Build) -> None:
    """List the shown names that lack a translation (the app marks them on screen)."""
    from etl.translations import untranslated

    missing = untranslated(build)
    print(f"  names without a translation: {len(missing)}")
    for line in missing:
        print(f"    {line}")


def _check() -> int:
    from etl.pipeline import run

    build = run(default_paths())
    width = max(len(c.check_id) for c in build.checks)
    for c in build.checks:
        print(
            f"{c.status.upper():9} {c.check_id:{width}}  expected {c.expected}; observed "
            f"{c.observed}"
        )
        if c.explanation:
            print(f"{'':9} {'':{width}}  why: {c.explanation}")
    failed = [c for c in build.checks if c.status == "fail"]
    print(
        f"{len(build.checks) - len(failed)} of {len(build.checks)} checks passed, explained "
        "or listed as differing sources"
    )
    _untranslated(build)
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
            row = [
                str(path),
                m.surface,
                value,
                m.unit or "",
                m.qualifier or "",
                str(m.start),
                m.kind,
                m.counter or "",
                ctx,
            ]
            if writer:
                writer.writerow(row)
            else:
                print(
                    f"{m.start:>6}  {m.surface:<12} {value:>14} {m.unit or '':<11} "
                    f"{m.qualifier or '':<9} {m.kind:<7} …{ctx}…"
                )
    return 0


def _add(args: argparse.Namespace) -> int:
    from etl.intake import add

    path = Path(args.path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise EtlError(
            path, f"cannot read the file ({e.strerror})", "give the path of a text file"
        ) from e
    sid = add(
        default_paths(),
        data,
        str(path),
        publisher=args.publisher,
        published_on=args.published_on,
        title=args.title,
        url=args.url,
        source_id=args.source_id,
        publisher_en=args.publisher_en,
    )
    print(f"added {path} as data/raw/{sid}.txt (with {sid}.meta.yml); database rebuilt")
    print(f"next: python -m etl propose {sid}")
    print(sid)
    return 0


def _propose(source_id: str, fmt: str) -> int:
    from etl.intake import COLUMNS, proposals_as_rows, propose

    rows = proposals_as_rows(propose(default_paths(), source_id))
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return 0
    for r in rows:
        print(
            f"{r['offset']:>6}  {r['surface']:<14} {r['confidence']:<6} {r['metric'] or '—':<24} "
            f"{r['scope'] or '—':<12} {r['region'] or '—':<11} {r['domain'] or '—':<9} "
            f"{r['period'] or '—':<9} {r['kind'] or '—':<8} {r['duplicate_of'] or '':<28} "
            f"{r['reason']}"
        )
    mapped = sum(bool(r["metric"]) for r in rows)
    print(f"{len(rows)} figures: {mapped} mapped, {len(rows) - mapped} left empty")
    return 0


def _accept(source_id: str, min_confidence: str, only: str | None) -> int:
    from etl.intake import accept, propose

    paths = default_paths()
    offsets = None
    if only:
        try:
            offsets = {int(x) for x in only.split(",") if x.strip()}
        except ValueError:
            raise EtlError(
                "--only", f"{only!r} is not a list of offsets", "write e.g. --only 120,356"
            ) from None
    result = accept(
        paths, source_id, propose(paths, source_id), min_confidence=min_confidence, only=offsets
    )
    for offset, why in result.skipped:
        print(f"skipped offset {offset}: {why}")
    print(
        f"wrote {len(result.written)} facts to data/facts/{source_id}.yaml"
        + ("; database rebuilt" if result.written else "")
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the command; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m etl",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="cmd")
    b = sub.add_parser("build", help="build the database (the default)")
    b.add_argument("--db", type=Path, help="write here instead of $ATLAS_DB / data/clusters.duckdb")
    sub.add_parser("check", help="run the consistency checks")
    s = sub.add_parser("scan", help="print every figure mention of text files")
    s.add_argument("files", nargs="+")
    s.add_argument("--format", choices=("table", "csv"), default="table")
    s.add_argument("--all", action="store_true", help="also years, dates, names... (non-figures)")
    a = sub.add_parser("add", help="copy an article into data/raw/ with its sidecar")
    a.add_argument("path")
    a.add_argument("--publisher", required=True)
    a.add_argument("--published-on", required=True, help="YYYY-MM-DD")
    a.add_argument("--title")
    a.add_argument("--url")
    a.add_argument("--source-id")
    a.add_argument("--publisher-en")
    p = sub.add_parser("propose", help="proposed facts for an article's figures")
    p.add_argument("source_id")
    p.add_argument("--format", choices=("table", "csv"), default="table")
    c = sub.add_parser("accept", help="write the chosen proposals as facts")
    c.add_argument("source_id")
    c.add_argument("--min-confidence", choices=CONFIDENCES, default="high")
    c.add_argument("--only", help="comma-separated offsets (as `propose` prints them)")
    pub = sub.add_parser("publish", help="write the dataset as a Frictionless Data Package")
    pub.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        if args.cmd == "publish":
            from etl.publish import publish

            counts = publish(default_paths(), args.out)
            for table, n in counts.items():
                print(f"  {table}: {n} rows ({table}.csv, {table}.parquet)")
            print(f"wrote {args.out / 'datapackage.json'} and {2 * len(counts)} data files")
            return 0
        if args.cmd == "add":
            return _add(args)
        if args.cmd == "propose":
            return _propose(args.source_id, args.format)
        if args.cmd == "accept":
            return _accept(args.source_id, args.min_confidence, args.only)
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
