"""Command line of the ETL.

    python -m etl [build] [--db PATH]   build the database and print a summary
    python -m etl check                 run the consistency checks; exit 1 on a failure
    python -m etl scan FILE... [--format table|csv] [--all]
                                        print every figure mention of any text file
    python -m etl add PATH --publisher TEXT --published-on YYYY-MM-DD [--title T] [--url U]
                      [--source-id ID] [--force-date REASON]
                                        copy an article into data/raw/ with its sidecar; the
                                        new source id is the last line of stdout
    python -m etl propose SOURCE_ID [--format table|csv]
                                        a proposed fact for every figure of the article
    python -m etl accept SOURCE_ID [--min-confidence high|medium|low] [--only OFFSET,...]
                                        write the chosen proposals as facts and rebuild
    python -m etl remove SOURCE_ID      withdraw a saved article: its raw file, sidecar and
                                        facts file, then rebuild (all or nothing)
    python -m etl publish --out DIR     the whole dataset as a Frictionless Data Package
    python -m etl diff --since VERSION|YYYY-MM-DD [--format table|csv]
                                        what is new since a version or a date: figures
                                        added, values changed, new sources, new disagreements
    python -m etl loo                   the proposer's leave-one-out score on every source;
                                        exit 1 under the bar (see etl/loo.py)

Exit status: 0 on success, 1 on bad input (the message names the file, the record and the fix;
the previous database is left untouched), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl.errors import EtlError
from etl.paths import default_paths
from etl.vocab import CHANGES, CHECK_STATUSES, CONFIDENCES, FIGURE_STATUSES

if TYPE_CHECKING:
    from etl.pipeline import Build


def _named(build: Build) -> str:
    """How many clusters the sources name, of the programme's latest stated size (the 80),
    of the notes' and of those only a source names (data/clusters_from_sources.csv)."""
    named = {m.cluster_id for m in build.cluster_mentions}
    notes = {c.cluster_id for c in build.registry if c.origin == "notes"}
    counts = [
        g
        for g in build.figures
        if g.metric == "cluster_count"
        and g.region == "CN"
        and g.domain is None
        and g.scope.startswith("group")
        and g.kind == "actual"
    ]
    total = f"{max(counts, key=lambda g: g.period or '').value:.0f}" if counts else "?"
    return (
        f"{len(named)} of the {total} clusters named in the sources "
        f"({len(named & notes)} of the {len(notes)} of the research notes, "
        f"{len(named - notes)} not in the notes)"
    )


def _build(db: Path | None) -> int:
    from etl.load import write
    from etl.pipeline import run

    paths = default_paths()
    target = db or paths.db
    t0, c0 = time.perf_counter(), time.process_time()
    build = run(paths)
    write(build, target)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    n_mentions = sum(sum(m.is_figure for m in ms) for ms in build.mentions.values())
    status = {s: sum(c.status == s for c in build.checks) for s in CHECK_STATUSES}
    print(f"built {target} in {elapsed:.2f} s (CPU {cpu:.2f} s)")
    with_figures = {f.cluster for f in build.facts if f.cluster}
    print(
        f"  summary: {len(build.sources)} sources, {len(build.figures)} figures, "
        f"{len(build.facts)} facts, {_named(build)}, {len(with_figures)} clusters with figures"
    )
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
    from etl.intake import read_article
    from etl.numbers import find_mentions

    cols = ["file", "surface", "value", "unit", "qualifier", "offset", "kind", "counter", "context"]
    writer = csv.writer(sys.stdout) if fmt == "csv" else None
    if writer:
        writer.writerow(cols)
    for name in files:
        path = Path(name)
        try:
            text = clean(read_article(path).decode("utf-8"))  # size-capped, regular files only
        except UnicodeDecodeError as e:
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
    from etl.intake import add, read_article

    path = Path(args.path)
    data = read_article(path)
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
        force_date=args.force_date,
    )
    print(f"added {path} as data/raw/{sid}.txt (with {sid}.meta.yml); database rebuilt")
    print(f"next: python -m etl propose {sid}")
    print(sid)
    return 0


def _propose(source_id: str, fmt: str, explain: int | None = None) -> int:
    from etl.build import current
    from etl.intake import COLUMNS, proposals_as_rows, propose

    proposals = propose(current(default_paths()), source_id)
    if explain is not None:
        return _explain(source_id, proposals, explain)
    rows = proposals_as_rows(proposals)
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


def _explain(source_id: str, proposals: list[Any], offset: int) -> int:
    """Each stage's decision about the figure at (or spanning) ``offset``: the rule and the
    words it matched, then what was proposed."""
    hits = [p for p in proposals if p.offset <= offset < p.offset + len(p.surface)]
    if not hits:
        raise EtlError(
            "--explain",
            f"no figure of {source_id} at offset {offset}",
            f"use an offset `python -m etl propose {source_id}` prints: "
            + ", ".join(str(p.offset) for p in proposals),
        )
    fields = ("metric", "scope", "region", "domain", "cluster", "period", "kind", "confidence")
    for hit in hits:  # a figure said of several places at once has a proposal for each
        print(f"{hit.surface} at offset {hit.offset} of {source_id}")
        print(f"  quote: {hit.quote}")
        print(f"  {'stage':<12} {'rule':<34} words")
        for step in hit.trace:
            print(f"  {step.stage:<12} {step.rule:<34} {step.words}")
        if not hit.trace:
            print("  (no rule applied)")
        print("  -> " + ", ".join(f"{k}={getattr(hit, k) or '—'}" for k in fields))
        print(f"  reason: {hit.reason}")
    return 0


def _rules() -> int:
    from etl.rulestats import measure, report

    t0 = time.perf_counter()
    stats, overall = measure(default_paths())
    print(report(stats, overall))
    print(f"({len(stats)} rules measured in {time.perf_counter() - t0:.1f} s)")
    return 0


def _offsets(only: str) -> set[int]:
    """The offsets of ``--only 120,356``: one or more whole numbers, else an EtlError."""
    parts = [x.strip() for x in only.split(",")]
    if not all(x.isascii() and x.isdigit() for x in parts):
        raise EtlError(
            "--only",
            f"{only!r} is not a list of offsets",
            "write e.g. --only 120,356 (the offsets `python -m etl propose` prints)",
        )
    return {int(x) for x in parts}


def _accept(source_id: str, min_confidence: str, only: str | None) -> int:
    from etl.build import current
    from etl.intake import accept, propose

    paths = default_paths()
    offsets = None if only is None else _offsets(only)
    proposals = propose(current(paths), source_id)
    unknown = sorted((offsets or set()) - {p.offset for p in proposals})
    if unknown:
        raise EtlError(
            "--only",
            f"no figure of {source_id} at offset(s) {unknown}",
            f"use the offsets `python -m etl propose {source_id}` prints",
        )
    result = accept(paths, source_id, proposals, min_confidence=min_confidence, only=offsets)
    for offset, why in result.skipped:
        print(f"skipped offset {offset}: {why}")
    print(
        f"wrote {len(result.written)} facts to data/facts/{source_id}.yaml"
        + ("; database rebuilt" if result.written else "")
    )
    return 0


def _diff(since_arg: str, fmt: str) -> int:
    from etl.history import since
    from etl.pipeline import run

    build = run(default_paths())
    try:
        v, rows = since(since_arg, build.versions, build.changes, build.figures, build.facts)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    head = ["change", "figure_id", "old_value", "old_qualifier", "new_value", "new_qualifier"]
    head += ["new_status", "new_n_sources", "new_source_ids"]
    if fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(head)
        w.writerows([getattr(c, k) for k in head] for c in rows)
        return 0
    now = build.versions[-1]
    was = f"version {v.version} ({v.as_of}, {v.n_figures} figures)" if v else "the start"
    print(f"since {was} to version {now.version} ({now.as_of}, {now.n_figures} figures):")
    for kind in CHANGES:
        of_kind = [c for c in rows if c.change == kind]
        print(f"  {kind}: {len(of_kind)}")
        for c in of_kind:
            old = "" if c.old_value is None else f"{c.old_value:g} {c.old_qualifier} -> "
            print(
                f"    {c.figure_id}: {old}{c.new_value:g} {c.new_qualifier} [{c.new_status}]"
                f" from {c.new_source_ids or '-'}"
            )
    return 0


def _remove(source_id: str) -> int:
    from etl.withdraw import remove

    paths = default_paths()
    for p in remove(paths, source_id):
        print(f"removed {p}")
    print(f"withdrew {source_id}; database rebuilt")
    return 0


def _loo() -> int:
    from etl.loo import leave_one_out, read_known, report, verdict

    paths = default_paths()
    t0 = time.perf_counter()
    scores = leave_one_out(paths)
    known = read_known(paths.data)
    print(report(scores, known))
    print(f"({len(scores)} sources scored in {time.perf_counter() - t0:.1f} s)")
    problems = verdict(scores, known)
    for p in problems:
        print(f"FAIL {p}")
    return 1 if problems else 0


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
    a.add_argument(
        "--force-date",
        metavar="REASON",
        help="take a --published-on before the earliest plausible date (data/intake.yaml) or "
        "after today; the reason is recorded in the sidecar",
    )
    p = sub.add_parser("propose", help="proposed facts for an article's figures")
    p.add_argument("source_id")
    p.add_argument("--format", choices=("table", "csv"), default="table")
    p.add_argument("--explain", type=int, metavar="OFFSET", help="the rules behind one figure")
    c = sub.add_parser("accept", help="write the chosen proposals as facts")
    c.add_argument("source_id")
    c.add_argument("--min-confidence", choices=CONFIDENCES, default="high")
    c.add_argument("--only", help="comma-separated offsets (as `propose` prints them)")
    r = sub.add_parser("remove", help="withdraw a saved article and its facts, then rebuild")
    r.add_argument("source_id")
    sub.add_parser("loo", help="the proposer's leave-one-out score on every source")
    sub.add_parser("rules", help="each proposer rule's count and drop-one scores")
    pub = sub.add_parser("publish", help="write the dataset as a Frictionless Data Package")
    pub.add_argument("--out", type=Path, required=True)
    d = sub.add_parser("diff", help="what is new since a version or a date")
    d.add_argument("--since", required=True, help="a version id (versions table) or YYYY-MM-DD")
    d.add_argument("--format", choices=("table", "csv"), default="table")
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
        if args.cmd == "loo":
            return _loo()
        if args.cmd == "propose":
            return _propose(args.source_id, args.format, args.explain)
        if args.cmd == "rules":
            return _rules()
        if args.cmd == "accept":
            return _accept(args.source_id, args.min_confidence, args.only)
        if args.cmd == "remove":
            return _remove(args.source_id)
        if args.cmd == "scan":
            return _scan(args.files, args.format, args.all)
        if args.cmd == "diff":
            return _diff(args.since, args.format)
        if args.cmd == "check":
            return _check()
        return _build(getattr(args, "db", None))
    except EtlError as e:
        print(f"error: {e}", file=sys.stderr)
        print("The previous database, if any, was left untouched.", file=sys.stderr)
        return 1


def _run(argv: Sequence[str] | None = None) -> int:
    """``main``, quiet when the reader of stdout goes away (``python -m etl | head``)."""
    try:
        status = main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would report the failed flush at exit: point stdout at /dev/null instead
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return status


if __name__ == "__main__":
    sys.exit(_run())
