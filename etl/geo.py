"""Province shapes for the map, read once at build time.

In: ``data/geo/china_provinces.geojson`` (a FeatureCollection with ``properties.adcode`` and
``properties.name``; provenance in its ``.meta.yml``). Out: one ``Shape`` per province: its
geometry as GeoJSON text and the centre of its largest ring (where the map's hover marker
goes), so the app reads shapes from the database and never opens a data file. Problems raise
``EtlError`` naming the file and the feature.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from etl.errors import EtlError


@dataclass(frozen=True)
class Shape:
    """One province's outline."""

    adcode: str
    geometry: str  # GeoJSON geometry (Polygon or MultiPolygon), as text
    centre_x: float
    centre_y: float
    n_points: int


def read_shapes(path: Path, adcodes: set[str]) -> list[Shape]:
    """Every feature of the GeoJSON file, validated; ``adcodes`` are the provinces' codes of
    data/regions.csv, each of which must have a shape."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise EtlError(path, "file not found", "restore it from git") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise EtlError(path, f"not valid GeoJSON text: {e}", "restore it from git") from e
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list) or not features:
        raise EtlError(path, "no 'features' list", "give a GeoJSON FeatureCollection")
    shapes: list[Shape] = []
    for i, feat in enumerate(features):
        props = feat.get("properties") or {}
        geom = feat.get("geometry") or {}
        code = str(props.get("adcode") or "")
        where = f"feature {i} ({props.get('name') or code or '?'})"
        if not code:
            raise EtlError(path, f"{where} has no properties.adcode", "add the 6-digit code")
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            raise EtlError(path, f"{where}: geometry {geom.get('type')!r}", "use (Multi)Polygon")
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = [p[0] for p in polys if p and p[0]]
        if not rings:
            raise EtlError(path, f"{where} has no coordinates", "restore the feature")
        biggest = max(rings, key=len)
        shapes.append(
            Shape(
                adcode=code,
                geometry=json.dumps(geom, separators=(",", ":")),
                centre_x=sum(p[0] for p in biggest) / len(biggest),
                centre_y=sum(p[1] for p in biggest) / len(biggest),
                n_points=sum(len(r) for r in rings),
            )
        )
    missing = sorted(adcodes - {s.adcode for s in shapes})
    if missing:
        raise EtlError(path, f"no shape for adcode(s) {missing}", "match data/regions.csv")
    return shapes
