"""Consistency checks of the facts and the registry, as declared in data/checks.yaml.

In: the parsed checks file, the facts, the registry and the dimensions. Out: one
``CheckResult`` per check with what was expected, what was observed, and a status:
``pass``, ``explained`` (a known mismatch, reported with its explanation) or ``fail``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl.errors import EtlError
from etl.registry import Cluster, in_group
from etl.results import CheckResult, fmt_number
from etl.yamlio import LINE

if TYPE_CHECKING:
    from etl.dims import Dims
    from etl.extract import Fact


KINDS = ("sum", "share", "registry_split", "registry_count")


def run_checks(
    spec: Any,
    path: Path,
    shown: dict[str, Fact],
    registry: list[Cluster],
    dims: Dims,
) -> list[CheckResult]:
    """Run every check of ``spec``; raise EtlError if a check names an unknown fact.

    ``shown`` maps every fact id to the report its figure shows, so a check that names a fact
    uses its figure's value, and a figure reported by several sources is counted once."""
    if not isinstance(spec, dict) or set(spec) - {*KINDS, LINE}:
        raise EtlError(path, f"top-level keys must be among {KINDS}", "see the header comment")
    by_id = shown
    facts = list({id(f): f for f in shown.values()}.values())

    def fact(c: dict[str, Any], key: str) -> Fact:
        fid = c.get(key)
        if fid not in by_id:
            raise EtlError(
                path,
                f"{key} {fid!r} is not a fact id",
                "use a fact id of data/facts/",
                record=c.get("id"),
                line=c.get(LINE),
            )
        return by_id[fid]

    out: list[CheckResult] = []

    def add(c: dict[str, Any], kind: str, expected: str, observed: str, ok: bool) -> None:
        note = str(c.get("explanation") or "")
        status = "pass" if ok else ("explained" if note else "fail")
        out.append(
            CheckResult(
                str(c["id"]),
                kind,
                str(c.get("description", "")),
                expected,
                observed,
                status,
                note if not ok else "",
                description_zh=c.get("description_zh") or None,
                explanation_zh=(c.get("explanation_zh") or None) if not ok and note else None,
            )
        )

    for c in spec.get("sum") or []:
        total = fact(c, "total")
        parts = [fact({**c, "part": p}, "part") for p in c.get("parts", [])]
        s = sum(p.value for p in parts)
        add(
            c,
            "sum",
            fmt_number(total.value),
            " + ".join(fmt_number(p.value) for p in parts) + f" = {fmt_number(s)}",
            abs(s - total.value) < 1e-9,
        )
    for c in spec.get("share") or []:
        part, total, share = fact(c, "part"), fact(c, "total"), fact(c, "share")
        ratio = part.value / total.value * 100
        add(
            c,
            "share",
            f"{share.surface} = {share.value:.2f}%",
            f"{fmt_number(part.value)} / {fmt_number(total.value)} = {ratio:.2f}%",
            abs(ratio - share.value) <= float(c.get("tolerance_pp", 0.5)),
        )
    for c in spec.get("registry_split") or []:
        add(*_registry_split(c, registry, facts, dims))
    for c in spec.get("registry_count") or []:
        stated = fact(c, "fact")
        n = _registry_count(c, registry)
        add(c, "registry_count", fmt_number(stated.value), str(n), n == stated.value)
    return out


def _registry_split(
    c: dict[str, Any], registry: list[Cluster], facts: list[Fact], dims: Dims
) -> tuple[dict[str, Any], str, str, str, bool]:
    """A group's split by region or domain counted from the registry against the official
    counts (the check, kind, expected, observed, ok); the domain notes explain a difference."""
    group, dim = c["group"], c["dimension"]
    members = [k for k in registry if in_group(k, group)]
    if dim == "region":
        derived = Counter(k.region_id for k in members)
        official = {
            f.region: f.value
            for f in facts
            if f.metric == "cluster_count"
            and f.scope == group
            and f.domain is None
            and dims.regions[f.region]["level"] == "macro_region"
        }
    else:
        derived = Counter(k.domain_id for k in members)
        official = {
            f.domain: f.value
            for f in facts
            if f.metric == "cluster_count" and f.scope == group and f.domain is not None
        }
    keys = sorted(official, key=str)
    diff = [k for k in keys if derived.get(k, 0) != official[k]]
    notes = [n for n in dims.domain_notes if n["group"] == group and n["domain_id"] in diff]
    c2 = {
        **c,
        "explanation": c.get("explanation") or " ".join(n["note_en"] for n in notes),
        "explanation_zh": c.get("explanation_zh") or "".join(n["note_zh"] for n in notes),
    }
    expected = " ".join(f"{k}={fmt_number(official[k])}" for k in keys)
    observed = " ".join(f"{k}={derived.get(k, 0)}" for k in keys)
    return c2, "registry_split", expected, observed, not diff


def _registry_count(c: dict[str, Any], registry: list[Cluster]) -> int:
    """How many clusters of a group (in a province, if given) the registry holds, or how many
    provinces they span (``count: provinces``)."""
    members = [k for k in registry if in_group(k, c["group"])]
    if c.get("province"):
        members = [k for k in members if c["province"] in k.province_ids]
    if c.get("count") == "provinces":
        return len({p for k in members for p in k.province_ids})
    return len(members)
