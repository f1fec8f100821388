"""What changed: the atlas's versions and what each later one added or changed.

In: the resolved facts, the sources (each with the day the atlas received it) and the
preference rules. Out: one ``Version`` per intake day (the atlas as it stood after the sources
received by that day, named by a hash of its facts) and, for every version but the last, the
``Change`` rows that lead from it to now: figures added, values changed, figures that gained
a source and figures that started to differ. Nothing here reads the disk: a past version is
rebuilt from today's data by leaving out the sources received after it, so the history is a
pure function of ``data/`` (no build log to lose or to commit).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from etl.figures import Figure, group

if TYPE_CHECKING:
    from etl.extract import Fact
    from etl.sources import Source


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Version:
    """The atlas after the sources received by ``as_of``."""

    version: str
    as_of: str
    n_sources: int
    n_facts: int
    n_figures: int


@dataclass(frozen=True)
class Change:
    """One way a figure differs now from how it stood at version ``since_version``."""

    since_version: str
    change: str
    figure_id: str
    old_value: float | None
    old_qualifier: str | None
    old_status: str | None
    old_n_sources: int
    new_value: float
    new_qualifier: str
    new_status: str
    new_n_sources: int
    new_source_ids: str


def received(s: Source) -> str:
    """The day the atlas received ``s`` (its publication date where the sidecar says none)."""
    return s.received_on or s.published_on


def _version_id(facts: list[Fact], sources: list[Source]) -> str:
    """A short hash of what a version holds: every source's checksum and every fact's id,
    figure and value (an article received without facts yet still makes a new version)."""
    h = hashlib.sha256()
    for s in sorted(sources, key=lambda s: s.source_id):
        h.update(f"{s.source_id}\t{s.sha256}\n".encode())
    for f in sorted(facts, key=lambda f: f.fact_id):
        h.update(f"{f.fact_id}\t{f.figure_id}\t{f.value!r}\t{f.qualifier}\n".encode())
    return h.hexdigest()[:12]


def _sources_by_figure(facts: list[Fact]) -> dict[str, set[str]]:
    """Every figure's sources, in one pass over the facts."""
    out: dict[str, set[str]] = {}
    for f in facts:
        out.setdefault(f.figure_id, set()).add(f.source_id)
    return out


def changes_between(
    since: str, old: list[Figure], old_facts: list[Fact], new: list[Figure], facts: list[Fact]
) -> list[Change]:
    """How the figures ``new`` differ from ``old``, labelled with the version ``since``."""
    before = {g.figure_id: g for g in old}
    now_sources, was_sources = _sources_by_figure(facts), _sources_by_figure(old_facts)
    out = []
    for g in new:
        o = before.get(g.figure_id)
        now_src = now_sources.get(g.figure_id, set())
        was_src = was_sources.get(g.figure_id, set()) if o else set()
        kinds = []
        if o is None:
            kinds.append("added")
        else:
            if (o.value, o.qualifier) != (g.value, g.qualifier):
                kinds.append("changed")
            if now_src - was_src:
                kinds.append("gained_source")
            if g.status == "differ" and o.status != "differ":
                kinds.append("started_to_differ")
        out += [
            Change(
                since_version=since,
                change=k,
                figure_id=g.figure_id,
                old_value=o.value if o else None,
                old_qualifier=o.qualifier if o else None,
                old_status=o.status if o else None,
                old_n_sources=o.n_sources if o else 0,
                new_value=g.value,
                new_qualifier=g.qualifier,
                new_status=g.status,
                new_n_sources=g.n_sources,
                new_source_ids=";".join(sorted(now_src - was_src)),
            )
            for k in kinds
        ]
    return out


def history(
    facts: list[Fact], sources: dict[str, Source], rules: tuple[str, ...]
) -> tuple[list[Version], list[Change]]:
    """Every version, oldest first, and the changes from each version to the last."""
    days = sorted({received(s) for s in sources.values()})
    states = []
    for day in days:
        kept = {sid for sid, s in sources.items() if received(s) <= day}
        fs = [f for f in facts if f.source_id in kept]
        figs = group(fs, sources, rules)
        v = Version(_version_id(fs, [sources[k] for k in kept]), day, len(kept), len(fs), len(figs))
        states.append((v, fs, figs))
    _, now_facts, now_figs = states[-1]
    changes = [
        c
        for v, fs, figs in states[:-1]
        for c in changes_between(v.version, figs, fs, now_figs, now_facts)
    ]
    return [v for v, _, _ in states], changes


def resolve_since(since: str, versions: list[Version]) -> Version | None:
    """The version named by ``since``: a version id (or a prefix of at least 4 characters), or
    a date YYYY-MM-DD (the last version received on or before it; None when the atlas held
    nothing yet). Raises ValueError for anything else."""
    if _DATE.fullmatch(since):
        earlier = [v for v in versions if v.as_of <= since]
        return earlier[-1] if earlier else None
    hits = [v for v in versions if len(since) >= 4 and v.version.startswith(since.lower())]
    if len(hits) != 1:
        known = ", ".join(f"{v.version} ({v.as_of})" for v in versions)
        raise ValueError(f"{since!r} names no version (known: {known}); give one or a date")
    return hits[0]


def since(
    since_arg: str,
    versions: list[Version],
    changes: list[Change],
    figures: list[Figure],
    facts: list[Fact],
) -> tuple[Version | None, list[Change]]:
    """The changes from the version ``since_arg`` names (see ``resolve_since``) to now; from
    before the first version, every figure is added."""
    v = resolve_since(since_arg, versions)
    if v is None:
        return None, changes_between("", [], [], figures, facts)
    return v, [c for c in changes if c.since_version == v.version]
