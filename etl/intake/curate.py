"""Curating: the accepted proposals become facts (``accept``), an article and its chosen
proposals are saved all or nothing (``save_article``); proposals as table rows and back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from etl.dims import read_dims
from etl.errors import EtlError
from etl.extract import Fact, check_contradictions, resolve
from etl.intake.article import _rebuild, add
from etl.intake.files import data_lock, write_atomic
from etl.intake.proposal import COLUMNS, Proposal
from etl.intake.text import UNQUOTED
from etl.paths import ROOT, Paths
from etl.registry import read_registry
from etl.sources import read_sources
from etl.vocab import CONFIDENCES
from etl.yamlio import LINE, parse_yaml

if TYPE_CHECKING:
    from etl.dims import Dims
    from etl.registry import Cluster
    from etl.sources import Source


# ---------------------------------------------------------------- accept
@dataclass(frozen=True)
class AcceptResult:
    """What ``accept`` did: facts written, and proposals skipped with why."""

    written: list[str]
    skipped: list[tuple[int, str]]


def _spread(p: Proposal) -> bool:
    """A proposal for one of the places a figure is said of at once (广东、江苏均有6个)."""
    return "place.spread" in p.rules.split()


def _key(p: Proposal) -> int | tuple[int, str, str]:
    """What makes a proposal one fact: its figure, and for a figure said of several places at
    once, the place (or domain) too."""
    return (p.offset, p.region, p.domain) if _spread(p) else p.offset


def _place(p: Proposal) -> str:
    """The place and domain of a spread proposal, as an id's tail (guangdong, cn-ngit)."""
    return "-".join(x for x in (p.region, p.domain) if x).lower()


def _entry(source_id: str, p: Proposal) -> dict[str, Any]:
    fid = f"{source_id}-o{p.offset}" + (f"-{_place(p)}" if _spread(p) else "")
    e: dict[str, Any] = {"id": fid, "quote": p.quote}
    if p.figure:
        e["figure"] = p.figure
    e.update(metric=p.metric, scope=p.scope, region=p.region)
    if p.domain:
        e["domain"] = p.domain
    if p.cluster:
        e["cluster"] = p.cluster
    e["period"] = p.period or None
    if not p.period:
        e["period_note"] = "the article states no period for this figure"
    e["kind"] = p.kind
    if p.unit == "unspecified":
        e["unit_note"] = "the figure has no unit of its own; the metric's unit is meant"
    e["note"] = f"accepted from a proposal ({p.confidence}: {p.reason})"
    return e


def _not_yet(p: Proposal, taken: set[int | tuple[int, str, str]]) -> str | None:
    """Why a chosen proposal cannot become a fact as it stands, or None."""
    if not p.mapped:
        return "no metric: map it first"
    if not p.quote:
        return UNQUOTED
    if _key(p) in taken:
        return "already a fact of this source"
    return None


def _validated(
    chosen: list[Proposal],
    source_id: str,
    existing: set[str],
    existing_facts: list[Fact],
    skipped: list[tuple[int, str]],
    resolving: tuple[Path, dict[str, Source], Dims, list[Cluster]],
) -> list[dict[str, Any]]:
    """The facts-file entries of the chosen proposals that the real resolver accepts and that
    contradict nothing the source already reports; the others go to ``skipped`` with why."""
    file, sources, dims, registry = resolving
    added: list[dict[str, Any]] = []
    taken: set[int | tuple[int, str, str]] = {f.surface_start for f in existing_facts}
    taken |= {(f.surface_start, f.region, f.domain or "") for f in existing_facts}
    accepted: list[Fact] = list(existing_facts)
    for p in chosen:
        why = _not_yet(p, taken)
        if why:
            skipped.append((p.offset, why + (f" ({_place(p)})" if _spread(p) else "")))
            continue
        entry = _entry(source_id, p)
        if entry["id"] in existing:
            skipped.append((p.offset, f"id {entry['id']} in use"))
            continue
        try:
            doc = _with_lines({"source": source_id, "facts": [dict(entry)]})
            facts, _ = resolve(doc, file, sources, dims, registry)
            check_contradictions([*accepted, *facts])
        except EtlError as e:
            skipped.append((p.offset, f"{e.problem}"))
            continue
        if any(f.figure_id == facts[0].figure_id for f in accepted):
            skipped.append((p.offset, "this source already reports that figure"))
            continue
        accepted += facts
        added.append(entry)
        taken.add(_key(p))
    return added


def accept(
    paths: Paths,
    source_id: str,
    proposals: list[Proposal],
    *,
    min_confidence: str = "high",
    only: set[int] | None = None,
) -> AcceptResult:
    """Write the chosen proposals as facts of ``source_id``, validated, then rebuild.

    Chosen: mapped proposals at or above ``min_confidence`` (or exactly the offsets of
    ``only``), not already facts of this source. Each is validated with the real resolver; one
    that fails, or that contradicts another report of the same source, is skipped with the
    reason. The facts file is written whole (temporary file, rename) under the data lock; if the
    rebuild then fails, the previous file is restored and the error raised."""
    rank: dict[str, int] = {c: i for i, c in enumerate(CONFIDENCES)}
    if min_confidence not in rank:
        raise EtlError(
            "--min-confidence", f"{min_confidence!r} unknown", f"use one of {CONFIDENCES}"
        )
    sources = read_sources(paths.raw, ROOT)
    if source_id not in sources:
        raise EtlError(paths.raw / f"{source_id}.txt", f"no source {source_id!r}", "add it first")

    dims = read_dims(paths.data)
    registry = read_registry(paths.reference, dims)
    file = paths.facts / f"{source_id}.yaml"
    skipped: list[tuple[int, str]] = []
    with data_lock(paths.data):
        old_bytes = file.read_bytes() if file.exists() else None
        old_text = old_bytes.decode("utf-8") if old_bytes else ""
        doc = parse_yaml(old_text, file) if old_text.strip() else None
        doc = doc if isinstance(doc, dict) else {"source": source_id, "facts": []}
        doc["facts"] = doc.get("facts") or []
        existing = {e["id"] for e in doc["facts"] if isinstance(e, dict)}
        existing_facts, _ = (
            resolve(doc, file, sources, dims, registry) if doc["facts"] else ([], [])
        )
        chosen = [
            p
            for p in proposals
            if (
                p.offset in only if only is not None else rank[p.confidence] <= rank[min_confidence]
            )
        ]
        added = _validated(
            chosen, source_id, existing, existing_facts, skipped, (file, sources, dims, registry)
        )
        written = [e["id"] for e in added]
        if not written:
            return AcceptResult(written, skipped)
        body = _with_facts(old_text, added) if old_text.strip() else _dump(added, source_id)
        write_atomic(file, body.encode("utf-8"))
        try:
            _rebuild(paths)
        except BaseException:
            if old_bytes is None:
                file.unlink(missing_ok=True)
            else:
                write_atomic(file, old_bytes)
            raise
    return AcceptResult(written, skipped)


def save_article(
    paths: Paths,
    data: bytes,
    name: str,
    chosen: list[Proposal],
    **meta: Any,
) -> tuple[str, AcceptResult | None]:
    """Add an article and accept the ``chosen`` proposals (exactly those offsets), all or
    nothing: the Curate page's Save. ``meta`` are ``add``'s keywords (publisher, published_on,
    title, url, publisher_en, force_date). If anything fails (a facts file elsewhere that breaks
    the build, say) the raw file, its sidecar and the facts file are removed again and the error
    raised, so that the same save can be retried once the cause is mended. Returns the source id
    and what ``accept`` did (None when nothing was chosen)."""
    if not chosen:
        return add(paths, data, name, **meta), None
    sid = add(paths, data, name, rebuild=False, **meta)
    facts = paths.facts / f"{sid}.yaml"
    had_facts = facts.exists()
    try:
        result = accept(paths, sid, chosen, only={p.offset for p in chosen})
        if not result.written:  # accept rebuilt nothing: the new article must still build
            with data_lock(paths.data):
                _rebuild(paths)
    except BaseException:
        with data_lock(paths.data):
            for path in (paths.raw / f"{sid}.txt", paths.raw / f"{sid}.meta.yml"):
                path.unlink(missing_ok=True)
            if not had_facts:
                facts.unlink(missing_ok=True)
        raise
    return sid, result


def _with_lines(doc: dict[str, Any]) -> dict[str, Any]:
    """Give plain-parsed entries the line markers the resolver's messages use."""
    out = dict(doc)
    for key in ("facts", "labels"):
        out[key] = [{**e, LINE: e.get(LINE, 0)} for e in doc.get(key) or [] if isinstance(e, dict)]
    return out


_HEAD = (
    "# Facts read from data/raw/{sid}.txt. What each field means: data/facts/README.md.\n"
    "# Values are never typed here: the ETL reads them from the quoted words.\n"
)


def _dump(entries: list[dict[str, Any]], source_id: str) -> str:
    """A new facts file holding ``entries``."""
    body = {"source": source_id, "facts": entries}
    return _HEAD.format(sid=source_id) + yaml.safe_dump(
        body, allow_unicode=True, sort_keys=False, width=100
    )


def _with_facts(text: str, entries: list[dict[str, Any]]) -> str:
    """``text`` (a facts file) with ``entries`` added at the end of its ``facts:`` list, every
    other byte kept: the curator's comments, header, order, quoting and line breaks. The end
    of the list is found by the parser; the entries are written in the list's own indentation.
    A file whose list is not a block list (``facts: []``, no ``facts:``) is round-tripped with
    ruamel.yaml instead, which keeps comments (but re-wraps long lines)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    seq = None
    if isinstance(root, yaml.MappingNode):
        seq = next((v for k, v in root.value if k.value == "facts"), None)
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
        return _round_trip_with(text, entries)
    lines = text.splitlines(keepends=True)
    first = seq.value[0].start_mark
    dash = lines[first.line].rfind("-", 0, first.column)
    if dash < 0:
        return _round_trip_with(text, entries)
    block = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
    new = "".join(" " * dash + line for line in block.splitlines(True))
    end = _last_line(seq.value[-1]) + 1  # the line after the last item's last value
    before = "".join(lines[:end])
    if before and not before.endswith("\n"):
        before += "\n"
    return before + new + "".join(lines[end:])


def _last_line(node: yaml.Node) -> int:
    """The 0-based line of the end of the last scalar inside ``node``."""
    if isinstance(node, yaml.ScalarNode):
        mark = node.end_mark
        return mark.line if mark.column > 0 else mark.line - 1
    if isinstance(node, yaml.MappingNode):
        children = [v for kv in node.value for v in kv]
    else:
        children = node.value
    return max((_last_line(c) for c in children), default=node.start_mark.line)


def _round_trip_with(text: str, entries: list[dict[str, Any]]) -> str:
    import io

    from ruamel.yaml import YAML

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 100
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    doc = rt.load(text)
    if doc is None:
        doc = {}
    facts = doc.get("facts") or []
    if hasattr(facts, "fa"):
        facts.fa.set_block_style()
    facts.extend(entries)
    doc["facts"] = facts
    out = io.StringIO()
    rt.dump(doc, out)
    return out.getvalue()


def proposals_as_rows(proposals: list[Proposal]) -> list[dict[str, Any]]:
    """Proposals as plain dicts in column order (for CSV and tables)."""
    return [asdict(p) for p in proposals]


def from_row(row: dict[str, Any]) -> Proposal:
    """A proposal from an edited table row (empty cells as '')."""
    cells: dict[str, Any] = {
        k: ("" if row.get(k) is None or row.get(k) != row.get(k) else row.get(k)) for k in COLUMNS
    }
    cells["offset"], cells["value"] = int(cells["offset"]), float(cells["value"])
    p = Proposal(**cells)
    return replace(p, period=str(p.period))
