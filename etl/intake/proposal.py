"""A proposed fact for one figure of an article, and the rules that decided it."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Step:
    """One rule's decision about a figure: the rule, its stage, the words it matched."""

    rule: str
    stage: str
    words: str


@dataclass(frozen=True)
class Proposal:
    """A proposed fact for one figure mention of a source."""

    surface: str
    value: float
    unit: str
    qualifier: str
    offset: int
    metric: str
    scope: str
    region: str
    domain: str
    period: str
    kind: str
    cluster: str
    confidence: str
    duplicate_of: str
    reason: str
    quote: str
    figure: str
    context: str
    rules: str = ""  # the ids of the rules that decided it, in the order they ran
    trace: tuple[Step, ...] = ()  # the same, each with its stage and the words it matched

    @property
    def mapped(self) -> bool:
        """True when the proposal names a metric (it can become a fact)."""
        return bool(self.metric)


# the columns of a proposal as a table row (its trace is shown through ``rules``)
COLUMNS = tuple(f.name for f in fields(Proposal) if f.name != "trace")
