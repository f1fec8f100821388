"""Names the atlas shows that lack a translation.

In: a ``Build``. Out: one line per name shown in one language only (a publisher or title with no
English, a registry city with no English name in data/place_names.csv, a label with no
``label_en``, a check with no Chinese description or explanation). The app shows such a name
with a visible marker; ``python -m etl`` and ``python -m etl check`` list them here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etl.pipeline import Build


def untranslated(build: Build) -> list[str]:
    """'what: which (where to add it)' for every shown name that lacks its other language."""
    out: list[str] = []
    for sid, s in build.sources.items():
        for field, value in (("publisher_en", s.publisher_en), ("title_en", s.title_en)):
            if not value:
                out.append(f"source {sid}: no {field} (data/raw/{sid}.meta.yml)")
    for c in build.registry:
        if not c.name_en:
            out.append(f"cluster {c.name_zh}: no name_en (data/reference/)")
        if c.cities_en is None:
            out.append(
                f"cluster {c.name_zh}: a city of {c.cities_zh!r} not in data/place_names.csv"
            )
    for lb in build.labels:
        if not lb.label_en:
            out.append(f"label {lb.label_id}: no label_en (data/facts/{lb.source_id}.yaml)")
    for k in build.checks:
        if k.kind != "sources_agree" and not k.description_zh:
            out.append(f"check {k.check_id}: no description_zh (data/checks.yaml)")
        if k.explanation and not k.explanation_zh and k.kind != "sources_agree":
            out.append(f"check {k.check_id}: no explanation_zh (data/checks.yaml)")
    dims = build.dims
    for table, rows in (
        ("regions", dims.regions),
        ("domains", dims.domains),
        ("metrics", dims.metrics),
    ):
        for rid, r in rows.items():
            if not r.get("name_en"):
                out.append(f"{table} {rid}: no name_en (data/{table}.csv)")
    return out
