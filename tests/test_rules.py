"""The proposer's rules as records (etl/intake/rules.yaml): every rule has an example, and every
example runs here against the atlas's data: the rule decides the figure and gives what the
record says. Then the ways of reading the rules: `etl propose --explain`, the `rules` column,
`etl rules`."""

from __future__ import annotations

import csv
import io
from contextlib import redirect_stdout

import pytest

from etl.__main__ import main
from etl.intake.rules import RECORD, RECORDS, Rule
from etl.loo import leave_one_out, overall
from etl.paths import default_paths
from etl.pipeline import run
from etl.rulestats import Examples, all_rules, measure

RULES = all_rules()
CASES = [(r, i) for r in RULES for i in range(len(r.examples))]


@pytest.fixture(scope="module")
def examples() -> Examples:
    paths = default_paths()
    return Examples(run(paths))


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_a_record_and_an_example(rule: Rule) -> None:
    assert rule.id in RECORD, f"{rule.id}: no record in {RECORDS}"
    assert rule.stage and rule.looks_at and rule.does, f"{rule.id}: stage, looks_at, does"
    assert rule.examples, f"{rule.id} has no example in {RECORDS}"


@pytest.mark.parametrize(("rule", "i"), CASES, ids=[f"{r.id}#{i}" for r, i in CASES])
def test_every_example_gives_what_its_record_says(examples: Examples, rule: Rule, i: int) -> None:
    ex = rule.examples[i]
    assert examples.check(rule, ex) is None, (rule.id, ex, examples.check(rule, ex))


def test_an_example_that_does_not_hold_is_said_so(examples: Examples) -> None:
    """The check can fail: a wrong outcome, or a rule that does not decide the figure."""
    rule = next(r for r in RULES if r.id == "refusal.increase")
    ex = dict(rule.examples[0])
    assert examples.check(rule, {**ex, "gives": {"metric": "leading_output"}})
    other = next(r for r in RULES if r.id == "refusal.world-class")
    assert "did not decide" in str(examples.check(other, ex))


def _cli(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


def test_propose_lists_the_rules_and_explains_a_figure() -> None:
    """`propose --format csv` has a rules column; `--explain OFFSET` prints each rule of the
    figure's trace with its stage and words."""
    paths = default_paths()
    build = run(paths)
    sid = min({f.source_id for f in build.facts})
    rows = list(csv.DictReader(io.StringIO(_cli("propose", sid, "--format", "csv"))))
    assert rows and "rules" in rows[0]
    assert all(r["rules"] for r in rows if r["metric"])  # a mapped figure says what decided it
    offset = int(rows[0]["offset"])
    text = _cli("propose", sid, "--explain", str(offset))
    for rule_id in rows[0]["rules"].split():
        assert rule_id in text
    assert rows[0]["surface"] in text.splitlines()[0]


def test_rules_measures_every_rule_and_scores_as_loo() -> None:
    """`etl rules`: one line per rule; with every rule the real set scores what `etl loo` does."""
    paths = default_paths()
    stats, scores = measure(paths)
    assert [s.rule.id for s in stats] == [r.id for r in RULES]
    assert scores["real"] == pytest.approx(overall(leave_one_out(paths)))
    # the real articles as they stand are each decided by their own facts
    assert next(s for s in stats if s.rule.id == "reprint.own-fact").as_is > 0
