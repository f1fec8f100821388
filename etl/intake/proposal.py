"""A proposed fact for one figure of an article, and the rules that decided it."""

from __future__ import annotations

from dataclasses import dataclass


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

    @property
    def mapped(self) -> bool:
        """True when the proposal names a metric (it can become a fact)."""
        return bool(self.metric)


COLUMNS = tuple(Proposal.__dataclass_fields__)
