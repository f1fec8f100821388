"""Where the sources name each registry cluster: the quotes that trace a named cluster to an
article in data/raw/, so that the research notes are only a secondary reference.

In: the registry and the sources (their cleaned text). Out: one ``ClusterMention`` per cluster
and source that names it (the first clause naming it, its offset, the form written and how
many times the source names it). Names are matched in the forms articles write them
(``etl.aliases``); a bare domain name (集成电路集群) is too common to count as a cluster's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from etl.aliases import cities, cluster_aliases
from etl.extract import clause_around

if TYPE_CHECKING:
    from etl.registry import Cluster
    from etl.sources import Source


@dataclass(frozen=True)
class ClusterMention:
    """A source naming a registry cluster."""

    cluster_id: str
    source_id: str
    surface: str
    quote: str
    quote_start: int
    n_mentions: int


def _pattern(c: Cluster) -> re.Pattern[str]:
    forms = sorted(cluster_aliases(c.name_zh, cities(c.cities_zh or "")), key=len, reverse=True)
    return re.compile("|".join(re.escape(f) for f in forms if len(f) >= 6))


def named_in_sources(registry: list[Cluster], sources: dict[str, Source]) -> list[ClusterMention]:
    """Every (cluster, source) pair where the source names the cluster, in registry order."""
    out = []
    for c in registry:
        rx = _pattern(c)
        for sid, s in sources.items():
            hits = list(rx.finditer(s.clean_text))
            if not hits:
                continue
            first = hits[0]
            quote, start = clause_around(s.clean_text, first.start(), first.end())
            out.append(ClusterMention(c.cluster_id, sid, first.group(), quote, start, len(hits)))
    return out
