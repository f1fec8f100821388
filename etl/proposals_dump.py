"""Every proposal the proposer makes for every article it is measured on, as JSON: the check
that a change meant to keep the proposer's behaviour (a restructure) keeps it.

In: the data folder and the test articles (``tests/fixtures/articles``). Out: a JSON object
``{"raw/<source_id>": [...], "raw-loo/<source_id>": [...], "test/<article>": [...]}``, one list
of proposals per article: every source of ``data/raw`` proposed as it stands, and again with
its own facts left out (as a new article: what the leave-one-out score measures); every test
article proposed as a new article, dated as ``expected.csv``/``heldout.csv`` date it.

    python -m etl.proposals_dump before.json     # then change the code, and
    python -m etl.proposals_dump after.json && cmp before.json after.json

``--without-trace`` leaves out which rules decided each proposal (to compare with a dump made
before proposals said so).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from etl.intake import propose_source, vocab_from_build
from etl.intake.proposer import new_source
from etl.paths import ROOT, default_paths
from etl.pipeline import Build, run, without

ARTICLES = ROOT / "tests" / "fixtures" / "articles"
TABLES = ("expected.csv", "heldout.csv")  # what a curator maps each figure to
UNDATED = "2025-01-01"  # a test article no table dates


def test_articles(articles: Path = ARTICLES) -> list[tuple[str, str, str]]:
    """(name, published_on, text) of every test article, by name."""
    dates: dict[str, str] = {}
    for table in TABLES:
        path = articles / table
        if path.exists():
            with path.open(encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    dates.setdefault(row["article"], row["published_on"])
    return [
        (p.stem, dates.get(p.stem, UNDATED), p.read_text(encoding="utf-8"))
        for p in sorted(articles.glob("*.txt"))
    ]


def dump(build: Build, trace: bool = True) -> dict[str, list[dict[str, object]]]:
    """Every proposal for every article (see the module doc)."""
    out: dict[str, list[dict[str, object]]] = {}

    def rows(props: Sequence[object]) -> list[dict[str, object]]:
        got = [asdict(p) for p in props]  # type: ignore[call-overload]
        if not trace:
            for g in got:
                g.pop("rules", None)
                g.pop("trace", None)
        return got

    full = vocab_from_build(build)
    for sid, src in sorted(build.sources.items()):
        out[f"raw/{sid}"] = rows(propose_source(full, src))
        out[f"raw-loo/{sid}"] = rows(propose_source(vocab_from_build(without(build, sid)), src))
    for name, published_on, text in test_articles():
        out[f"test/{name}"] = rows(propose_source(full, new_source(text, published_on)))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    trace = "--without-trace" not in args
    args = [a for a in args if a != "--without-trace"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    paths = default_paths()
    got = dump(run(paths), trace)
    Path(args[0]).write_text(
        json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )
    n = sum(len(v) for v in got.values())
    print(f"{n} proposals of {len(got)} article runs -> {args[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
