"""Province shapes for the map, read once at build time.

In: ``data/geo/china_provinces.geojson`` (a FeatureCollection with ``properties.adcode`` and
``properties.name``; provenance in its ``.meta.yml``). Out: one ``Shape`` per province: its
geometry as GeoJSON text, thinned to what a screen shows (rings smaller than
``MIN_RING_AREA``, i.e. islands of a pixel or two on a map of China, are dropped; a province
always keeps its largest ring), and the centre of its largest ring (where the map's hover
marker goes). The app reads shapes from the database and never opens a data file. Problems
raise ``EtlError`` naming the file and the feature.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from etl.errors import EtlError

# Square degrees. China spans ~63 degrees of longitude: on a 1200-px-wide map a degree is ~19
# px, so a ring under 0.005 square degrees (an island ~7 km across) covers about one pixel.
# The source has 1,974 rings; 63 are above this size and they hold 40 % of the points.
MIN_RING_AREA = 0.005


def ring_area(ring: list[list[float]]) -> float:
    """Area of a ring of [lon, lat] points, in square degrees (shoelace formula)."""
    pairs = zip(ring, [*ring[1:], ring[0]], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in pairs)) / 2


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
        polys = [p for p in polys if p and p[0]]
        if not polys:
            raise EtlError(path, f"{where} has no coordinates", "restore the feature")
        areas = [ring_area(p[0]) for p in polys]
        biggest = polys[areas.index(max(areas))][0]
        rings = [
            p[0] for p, a in zip(polys, areas, strict=True) if p[0] is biggest or a >= MIN_RING_AREA
        ]
        polys = [[r] for r in rings]
        shapes.append(
            Shape(
                adcode=code,
                geometry=json.dumps(
                    {"type": "MultiPolygon", "coordinates": polys}, separators=(",", ":")
                ),
                centre_x=sum(p[0] for p in biggest) / len(biggest),
                centre_y=sum(p[1] for p in biggest) / len(biggest),
                n_points=sum(len(r) for r in rings),
            )
        )
    missing = sorted(adcodes - {s.adcode for s in shapes})
    if missing:
        raise EtlError(path, f"no shape for adcode(s) {missing}", "match data/regions.csv")
    return shapes
