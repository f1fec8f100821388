"""Run the whole ETL in memory: sources -> clean -> facts -> figures -> checks, no database yet.

In: ``Paths``. Out: a ``Build`` holding everything the loader writes. Raises ``EtlError`` on
any bad input; nothing is written here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from etl.checks import run_checks
from etl.dims import Dims, read_dims
from etl.extract import Fact, Label, resolve_dir
from etl.figures import Figure, disagreements, group, preferred_facts, read_rules
from etl.fingerprint import data_fingerprint
from etl.geo import SeaLayer, Shape, read_sea, read_shapes
from etl.history import Change, Version, history
from etl.intakelog import IntakeRow, read_intake_log
from etl.naming import ClusterMention, named_in_sources
from etl.numbers import Mention, find_mentions
from etl.paths import ROOT, Paths
from etl.registry import Cluster, read_registry
from etl.results import CheckResult
from etl.sources import Source, read_sources
from etl.yamlio import load_yaml


@dataclass(frozen=True)
class Build:
    """Everything one build produces, ready to load."""

    sources: dict[str, Source]
    mentions: dict[str, list[Mention]]
    dims: Dims
    registry: list[Cluster]
    facts: list[Fact]
    figures: list[Figure]
    labels: list[Label]
    checks: list[CheckResult]
    fingerprint: str
    shapes: list[Shape]
    versions: list[Version]
    changes: list[Change]
    cluster_mentions: list[ClusterMention]
    sea: list[SeaLayer]
    intake_log: list[IntakeRow]
    rules: tuple[str, ...]  # the preference rules of data/preference.yaml


def run(paths: Paths) -> Build:
    """Read, verify, clean, resolve and check every input under ``paths.data``."""
    sources = read_sources(paths.raw, ROOT)
    dims = read_dims(paths.data)
    registry = read_registry(paths.reference, dims, sources)
    facts, labels = resolve_dir(paths.facts, sources, dims, registry)
    rules = read_rules(load_yaml(paths.preference), paths.preference)
    figures = group(facts, sources, rules)
    shown = preferred_facts(figures, facts)
    checks = run_checks(load_yaml(paths.checks), paths.checks, shown, registry, dims)
    checks += disagreements(figures, facts, sources)
    mentions = {sid: find_mentions(s.clean_text) for sid, s in sources.items()}
    adcodes = {r["adcode"] for r in dims.regions.values() if r["level"] == "province"}
    shapes = read_shapes(paths.data / "geo" / "china_provinces.geojson", adcodes)
    versions, changes = history(facts, sources, rules)
    sea = read_sea(paths.data / "geo" / "south_china_sea.geojson")
    return Build(
        sources,
        mentions,
        dims,
        registry,
        facts,
        figures,
        labels,
        checks,
        data_fingerprint(paths.data),
        shapes,
        versions,
        changes,
        named_in_sources(registry, sources),
        sea,
        read_intake_log(paths.data / "intake_log.csv"),
        rules,
    )


def without(build: Build, source_id: str) -> Build:
    """The build as it would be if ``source_id`` had no curated facts yet."""
    return without_facts(build, lambda f: f.source_id == source_id)


def without_facts(build: Build, drop: Callable[[Fact], bool]) -> Build:
    """The build as it would be without the facts ``drop`` picks (figures regrouped; the
    checks, not needed to propose, left out)."""
    facts = [f for f in build.facts if not drop(f)]
    return replace(build, facts=facts, figures=group(facts, build.sources, build.rules), checks=[])
