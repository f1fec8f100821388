"""The proposer's rules measured one by one (``python -m etl rules``).

In: the data folder (its real sources with curated facts) and the test articles with what a
curator maps each figure to (``tests/fixtures/articles/expected.csv`` and ``heldout.csv``).
Out: for every rule, how many proposals it decides on each set, and each set's score with that
rule left out: on the real sources, the leave-one-out share of curated facts proposed as
curated (``etl.loo``); on the test articles, the share of figures mapped as the tables say.

Leaving a rule out changes only the articles where it decided something, so only those are
proposed again: the rest keep their proposals and their score.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl.clean import clean
from etl.intake.proposal import Proposal
from etl.intake.proposer import new_source, propose_source
from etl.intake.rules import HEADLINE_RULES, PIPELINE, Rule
from etl.intake.vocab import _Vocab, vocab_from_build
from etl.loo import FIELDS, score_proposals
from etl.paths import Paths
from etl.pipeline import Build, run, without, without_facts
from etl.proposals_dump import ARTICLES, TABLES
from etl.sources import Source


def all_rules() -> list[Rule]:
    """Every rule, in the order the proposer runs them."""
    return [r for r in PIPELINE if isinstance(r, Rule)] + HEADLINE_RULES


@dataclass
class Case:
    """One article of a set: what the proposer is given, and how its proposals score."""

    name: str
    v: _Vocab
    src: Source
    rows: list[dict[str, str]]  # the test tables' rows (test articles only)


@dataclass(frozen=True)
class RuleStat:
    rule: Rule
    as_is: int  # proposals it decides over the real sources as they stand (facts and all)
    real: int  # proposals it decides over the real sources, each with its own facts left out
    test: int  # ... over the test articles
    real_without: float  # the real set's score with the rule left out
    test_without: float
    wrong_without: int  # wrong facts at medium over the real set, with the rule left out


def _test_rows(articles: Path) -> dict[str, list[dict[str, str]]]:
    rows: dict[str, list[dict[str, str]]] = {}
    for table in TABLES:
        with (articles / table).open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r["metric"] != "?":
                    rows.setdefault(r["article"], []).append(r)
    return rows


def fixture_cases(build: Build, articles: Path = ARTICLES) -> list[Case]:
    """The test articles, each proposed against the atlas without any copy of it in data/raw."""
    full = vocab_from_build(build)
    out = []
    for name, rows in sorted(_test_rows(articles).items()):
        text = (articles / f"{name}.txt").read_text(encoding="utf-8")
        src = new_source(text, rows[0]["published_on"], name)
        held = [s for s, x in build.sources.items() if x.clean_text == src.clean_text]
        v = vocab_from_build(without(build, held[0])) if held else full
        out.append(Case(name, v, src, rows))
    return out


def real_cases(build: Build) -> list[Case]:
    """Every source with curated facts, proposed with its own facts left out."""
    return [
        Case(sid, vocab_from_build(without(build, sid)), build.sources[sid], [])
        for sid in sorted({f.source_id for f in build.facts})
    ]


def nth_figure(props: list[Proposal], surface: str, nth: int) -> list[Proposal]:
    """The proposals of the nth figure printed as ``surface`` (several when one figure is said of
    several places at once), or []."""
    offsets = sorted({p.offset for p in props if p.surface == surface})
    if len(offsets) < nth:
        return []
    return [p for p in props if p.offset == offsets[nth - 1]]


def rows_right(case: Case, props: list[Proposal]) -> int:
    """How many of the test tables' rows of ``case`` the proposals map as the tables say."""
    right = 0
    for r in case.rows:
        want = {k: r[k] for k in FIELDS} if r["metric"] else dict.fromkeys(FIELDS, "")
        for p in nth_figure(props, r["surface"], int(r["nth"])):
            got = {k: str(getattr(p, k) or "") for k in FIELDS}
            if (got["metric"] == "" == want["metric"]) or got == want:
                right += 1
                break
    return right


Score = tuple[int, int, int]  # (right, out of, wrong facts at medium confidence)


def _score(build: Build, case: Case, props: list[Proposal]) -> Score:
    """How a case's proposals score: figures mapped right, out of how many, and, for a real
    source, the proposals of medium or high confidence for figures its curator wrote no fact
    for (what ``accept --min-confidence medium`` would have written wrongly)."""
    if case.rows:
        return rows_right(case, props), len(case.rows), 0
    s = score_proposals(build, case.name, props)
    curated = {f.surface_start for f in build.facts if f.source_id == case.name}
    wrong = sum(p.metric != "" and p.confidence != "low" and p.offset not in curated for p in props)
    return s.right, s.facts, wrong


def measure(paths: Paths) -> tuple[list[RuleStat], dict[str, float]]:
    """Every rule's counts and drop-one scores, and each set's score with every rule."""
    build = run(paths)
    sets = {"real": real_cases(build), "test": fixture_cases(build)}
    base = {k: [propose_source(c.v, c.src) for c in cases] for k, cases in sets.items()}
    scores = {
        k: [_score(build, c, p) for c, p in zip(cases, base[k], strict=True)]
        for k, cases in sets.items()
    }
    full = vocab_from_build(build)
    as_is = Counter(
        i for c in sets["real"] for p in propose_source(full, c.src) for i in p.rules.split()
    )
    fired = {
        k: [Counter(i for p in props for i in p.rules.split()) for props in base[k]] for k in sets
    }

    def share(parts: list[Score]) -> float:
        n = sum(p[1] for p in parts)
        return sum(p[0] for p in parts) / n if n else 1.0

    out = []
    for r in all_rules():
        counts, without_r, wrong = {}, {}, 0
        for k, cases in sets.items():
            counts[k] = sum(f[r.id] for f in fired[k])
            parts = list(scores[k])
            for i, c in enumerate(cases):
                if fired[k][i][r.id]:
                    parts[i] = _score(build, c, propose_source(c.v, c.src, frozenset({r.id})))
            without_r[k] = share(parts)
            wrong += sum(p[2] for p in parts) if k == "real" else 0
        out.append(
            RuleStat(
                r,
                as_is[r.id],
                counts["real"],
                counts["test"],
                without_r["real"],
                without_r["test"],
                wrong,
            )
        )
    overall = {k: share(v) for k, v in scores.items()}
    overall["wrong"] = sum(p[2] for p in scores["real"])
    return out, overall


def report(stats: list[RuleStat], overall: dict[str, float]) -> str:
    """The table ``python -m etl rules`` prints, flagging each rule that decides nothing, whose
    removal raises a score, or whose removal writes fewer wrong facts at no cost."""
    width = max(len(s.rule.id) for s in stats)
    head = ("as is", "real", "test", "real w/o", "test w/o", "wrong w/o")
    lines = [
        f"{'rule':{width}}  {'stage':11}  {head[0]:>5}  {head[1]:>5}  {head[2]:>5}  "
        f"{head[3]:>8}  {head[4]:>8}  {head[5]:>9}",
        f"{'(every rule)':{width}}  {'':11}  {'':>5}  {'':>5}  {'':>5}  {overall['real']:8.1%}  "
        f"{overall['test']:8.1%}  {int(overall['wrong']):9}",
    ]
    for s in stats:
        flags = []
        if not s.as_is and not s.real and not s.test:
            flags.append("decides nothing")
        if s.real_without > overall["real"] + 1e-9 or s.test_without > overall["test"] + 1e-9:
            flags.append("its removal raises a score")
        loses = s.real_without < overall["real"] - 1e-9 or s.test_without < overall["test"] - 1e-9
        if s.wrong_without < overall["wrong"] and not loses:
            flags.append("its removal writes fewer wrong facts and loses none right")
        lines.append(
            f"{s.rule.id:{width}}  {s.rule.stage:11}  {s.as_is:5}  {s.real:5}  {s.test:5}  "
            f"{s.real_without:8.1%}  {s.test_without:8.1%}  {s.wrong_without:9}"
            + (f"  <- {'; '.join(flags)}" if flags else "")
        )
    lines += [
        "",
        "as is: proposals it decides over the real sources as they stand; real: over the real "
        "sources, each with its own facts left out; test: over the test articles. real w/o, "
        "test w/o: each set's score without the rule (curated facts, resp. the test tables' "
        "figures, mapped right); wrong w/o: proposals of medium or high confidence, over the "
        "real sources left out, for figures their curators wrote no fact for.",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- the rules' examples
# The stages whose rules read the atlas's facts: their examples run against every fact. The
# others run as for a new article whose own words no fact of the atlas quotes yet (a reprint of
# the example's words, added to data/ later, would otherwise decide its figures first).
READS_FACTS = ("reprint", "dedup")


class Examples:
    """Runs the rules' examples against one build of the data."""

    def __init__(self, build: Build):
        self.build = build
        self.full = vocab_from_build(build)
        self._cache: dict[frozenset[str], _Vocab] = {}

    def vocab(self, text: str, stage: str) -> _Vocab:
        if stage in READS_FACTS:
            return self.full
        words = clean(text)
        drop = frozenset(f.fact_id for f in self.build.facts if f.quote and f.quote in words)
        if not drop:
            return self.full
        if drop not in self._cache:
            gone = without_facts(self.build, lambda f: f.fact_id in drop)
            self._cache[drop] = vocab_from_build(gone)
        return self._cache[drop]

    def proposals(
        self, rule: Rule, ex: dict[str, Any], without: frozenset[str] = frozenset()
    ) -> list[Proposal]:
        """The proposals for an example: its source as it stands, or its text as new."""
        if "source" in ex:
            return propose_source(self.full, self.build.sources[ex["source"]], without)
        src = new_source(ex["text"], str(ex["published_on"]))
        return propose_source(self.vocab(ex["text"], rule.stage), src, without)

    def outcome(
        self, rule: Rule, ex: dict[str, Any], without: frozenset[str] = frozenset()
    ) -> Proposal | None:
        """The (first) proposal of the example's figure: the nth printed as ``figure``."""
        hits = nth_figure(self.proposals(rule, ex, without), ex["figure"], int(ex.get("nth", 1)))
        return hits[0] if hits else None

    def check(self, rule: Rule, ex: dict[str, Any]) -> str | None:
        """What is wrong with the example, or None: the rule must decide the figure, the
        proposal must give what the example says, and without the rule it must not (an example
        shows what the rule does)."""
        p = self.outcome(rule, ex)
        if p is None:
            return f"no figure {ex['figure']!r} (#{ex.get('nth', 1)}) is proposed"
        if rule.id not in p.rules.split():
            return f"{rule.id} did not decide {p.surface} (rules: {p.rules})"
        gives = ex.get("gives") or {}
        if not gives:
            return "the example says nothing it gives"
        want = {k: str(v or "") for k, v in gives.items()}
        got = {k: str(getattr(p, k)) for k in gives}
        if got != want:
            return f"gives {got}, not {want}"
        q = self.outcome(rule, ex, frozenset({rule.id}))
        if q is not None and {k: str(getattr(q, k)) for k in gives} == want:
            return f"gives {want} without {rule.id} too: the example does not show the rule"
        return None
