"""Province shapes and the South China Sea islands inset for the map, read once at build time.

In: ``data/geo/china_provinces.geojson`` (a FeatureCollection with ``properties.adcode`` and
``properties.name``; provenance in its ``.meta.yml``). Out: one ``Shape`` per province: its
geometry as GeoJSON text, thinned to what a screen shows (rings smaller than
``MIN_RING_AREA``, i.e. islands of a pixel or two on a map of China, are dropped; a province
always keeps its largest ring), and the centre of its largest ring (where the map's hover
marker goes). ``read_sea`` reads ``data/geo/south_china_sea.geojson``: the South China Sea
islands (南海诸岛) inset's boundary line, islands and land. The app reads both from the
database and never opens a data file. Problems raise ``EtlError`` naming the file and the
feature.
"""

from __future__ import annotations

import hashlib
import json
import re
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


# The South China Sea islands (南海诸岛) inset: the layers the map draws, with their geometry type.
SEA_LAYERS = {
    "dash_line": "MultiLineString",  # the boundary line (ten dashes)
    "islands": "MultiPoint",  # one point per island
    "china": "MultiPolygon",  # China's land inside the window
    "neighbours": "MultiPolygon",  # the neighbouring countries' land inside the window
}


@dataclass(frozen=True)
class SeaLayer:
    """One layer of the inset; ``window`` is the extent it shows (the file's ``bbox``)."""

    layer: str
    geometry: str  # GeoJSON geometry, as text
    n_points: int


def _points(geom: dict[str, object]) -> list[list[float]]:
    """Every [lon, lat] of a MultiPoint, MultiLineString or MultiPolygon."""
    coords = geom.get("coordinates")
    if not isinstance(coords, list):
        return []
    if geom["type"] == "MultiPoint":
        return coords
    if geom["type"] == "MultiLineString":
        return [p for line in coords for p in line]
    return [p for poly in coords for ring in poly for p in ring]


def _sha256_of_sidecar(path: Path) -> str | None:
    meta = path.with_suffix(".meta.yml")
    if not meta.exists():
        return None
    hit = re.search(r"^sha256:\s*([0-9a-f]{64})\s*$", meta.read_text(encoding="utf-8"), re.M)
    return hit.group(1) if hit else None


def read_sea(path: Path) -> list[SeaLayer]:
    """The inset's layers of ``path`` (a FeatureCollection with a ``bbox`` and one feature per
    layer of ``SEA_LAYERS``, ``properties.layer`` naming it), validated: every layer present
    with its geometry type and at least one element, every point inside the bbox, the file's
    sha256 the one its ``.meta.yml`` gives (the file is derived by a script, never edited).
    Out: one ``SeaLayer`` per layer, and ``window`` (the bbox as a Polygon)."""
    try:
        raw = path.read_bytes()
        doc = json.loads(raw.decode("utf-8"))
    except FileNotFoundError as e:
        raise EtlError(path, "file not found", "restore it from git") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise EtlError(path, f"not valid GeoJSON text: {e}", "restore it from git") from e
    bbox = doc.get("bbox") if isinstance(doc, dict) else None
    if not (isinstance(bbox, list) and len(bbox) == 4 and bbox[0] < bbox[2] and bbox[1] < bbox[3]):
        raise EtlError(path, "no 'bbox' [W, S, E, N]", "give the window the inset shows")
    west, south, east, north = bbox
    found = {
        str((f.get("properties") or {}).get("layer")): f.get("geometry") or {}
        for f in doc.get("features") or []
    }
    layers = []
    for name, kind in SEA_LAYERS.items():
        geom = found.get(name)
        if geom is None:
            raise EtlError(
                path, f"no layer {name!r}", f"add a feature with properties.layer {name}"
            )
        points = _points(geom)
        if geom.get("type") != kind or not points:
            raise EtlError(path, f"layer {name!r}: not a non-empty {kind}", "rebuild the file")
        outside = [p for p in points if not (west <= p[0] <= east and south <= p[1] <= north)]
        if outside:
            raise EtlError(path, f"layer {name!r}: {outside[:3]} outside bbox", "clip to the bbox")
        text = json.dumps(geom, separators=(",", ":"), ensure_ascii=False)
        layers.append(SeaLayer(name, text, len(points)))
    digest = hashlib.sha256(raw).hexdigest()
    if _sha256_of_sidecar(path) != digest:
        raise EtlError(
            path,
            f"sha256 {digest} is not the one its .meta.yml gives",
            "rebuild it with scripts/build_provinces_geojson.py (which writes both), or restore "
            "both from git",
        )
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    window = json.dumps({"type": "Polygon", "coordinates": [ring]}, separators=(",", ":"))
    return [*layers, SeaLayer("window", window, len(ring))]
