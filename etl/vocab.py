"""The controlled vocabularies of the atlas, in one place.

In: nothing. Out: each vocabulary as a ``Literal`` type (for signatures) and the tuple of its
values (for validation), the tuple derived from the type so the two cannot drift. The ETL
validates against them, every ``CHECK (column IN (...))`` of ``schema.sql`` is tested against
them (``SCHEMA_CHECKS`` says which column holds which), and the dashboard labels them through
its i18n table.
"""

from __future__ import annotations

from typing import Literal, get_args

Scope = Literal[
    "group25",
    "group45",
    "group80",
    "national",
    "macro_region",
    "key_region",
    "area",
    "province",
    "city",
    "cluster",
]
Group = Literal["group25", "group45", "group80"]
Kind = Literal["actual", "target", "forecast"]
Qualifier = Literal["exact", "approx", "more_than", "less_than"]
Unit = Literal["count", "yuan", "percent", "pp", "usd", "tonne"]
Level = Literal[
    "country", "macro_region", "key_region_group", "key_region", "area", "province", "city"
]
FigureStatus = Literal["single", "agree", "differ"]
CheckStatus = Literal["pass", "explained", "differ", "fail"]
RankRule = Literal["preferred", "official", "earliest", "source_id"]
Confidence = Literal["high", "medium", "low"]
ChangeKind = Literal["added", "changed", "gained_source", "started_to_differ"]
Origin = Literal["notes", "source"]  # a registry cluster from the research notes, or a source

SCOPES: tuple[Scope, ...] = get_args(Scope)
REGIONAL_SCOPES: tuple[Scope, ...] = ("macro_region", "key_region", "area", "province", "city")
GROUPS: tuple[Group, ...] = get_args(Group)
KINDS: tuple[Kind, ...] = get_args(Kind)
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)
UNITS: tuple[Unit, ...] = get_args(Unit)
LEVELS: tuple[Level, ...] = get_args(Level)
FIGURE_STATUSES: tuple[FigureStatus, ...] = get_args(FigureStatus)
CHECK_STATUSES: tuple[CheckStatus, ...] = get_args(CheckStatus)
RANK_RULES: tuple[RankRule, ...] = get_args(RankRule)
CONFIDENCES: tuple[Confidence, ...] = get_args(Confidence)
CHANGES: tuple[ChangeKind, ...] = get_args(ChangeKind)
ORIGINS: tuple[Origin, ...] = get_args(Origin)
# A yes/no column of a dimension file: yes, or empty.
YES = ("", "yes")

# Which database column each vocabulary constrains (schema.sql's CHECKs are tested against it).
SCHEMA_CHECKS: dict[str, tuple[str, ...]] = {
    "metrics.unit": UNITS,
    "metrics.flow": YES,
    "metrics.by_group": YES,
    "regions.level": LEVELS,
    "clusters.confidence": CONFIDENCES,
    "clusters.origin": ORIGINS,
    "facts.qualifier": QUALIFIERS,
    "facts.kind": KINDS,
    "facts.scope": SCOPES,
    "figures.scope": SCOPES,
    "figures.kind": KINDS,
    "figures.qualifier": QUALIFIERS,
    "figures.status": FIGURE_STATUSES,
    "checks.status": CHECK_STATUSES,
    "changes.change": CHANGES,
}
