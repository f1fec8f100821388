"""The articles under data/raw/: read, verify against their sidecars, clean.

In: the raw folder. Out: one ``Source`` per ``<slug>.txt``, with its metadata, the raw text and
the cleaned simplified text. Every problem (missing sidecar, checksum mismatch, non-UTF-8,
empty file, missing field) raises an ``EtlError`` naming the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from etl.clean import clean
from etl.errors import EtlError
from etl.yamlio import load_yaml

REQUIRED = ("source_id", "title", "publisher", "published_on", "script", "licence", "sha256")
SCRIPTS = ("traditional", "simplified", "mixed")
# A raw file stays byte for byte as received; its sidecar says how to read it: UTF-8, GB18030
# (mainland pages) or Big5-HKSCS (Hong Kong and Taiwan pages).
ENCODINGS = ("utf-8", "gb18030", "big5hkscs")


@dataclass(frozen=True)
class Source:
    """One article: metadata from its sidecar, and its text raw and cleaned."""

    source_id: str
    title: str
    title_en: str
    publisher: str
    publisher_en: str
    published_on: str
    published_on_note: str
    url: str | None
    script: str
    licence: str
    sha256: str
    raw_path: str
    seed_file: str
    notes: str
    official: bool
    raw_text: str
    clean_text: str
    received_on: str = ""


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def read_source(txt: Path, root: Path) -> Source:
    """Read and verify one article and its ``.meta.yml``; ``root`` makes ``raw_path`` relative."""
    meta_path = txt.with_suffix(".meta.yml")
    if not meta_path.exists():
        raise EtlError(
            txt,
            f"no metadata sidecar {meta_path.name}",
            "add the sidecar (title, publisher, published_on, script, licence, sha256)",
        )
    meta = load_yaml(meta_path)
    if not isinstance(meta, dict):
        raise EtlError(meta_path, "the sidecar is not a mapping", "write key: value lines")
    missing = [k for k in REQUIRED if not meta.get(k)]
    if missing:
        raise EtlError(meta_path, f"missing field(s): {', '.join(missing)}", "fill them in")
    if meta["source_id"] != txt.stem:
        raise EtlError(
            meta_path,
            f"source_id {meta['source_id']!r} differs from the file name",
            f"set source_id: {txt.stem}",
        )
    if meta["script"] not in SCRIPTS:
        raise EtlError(meta_path, f"script {meta['script']!r} unknown", f"use one of {SCRIPTS}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["published_on"])):
        raise EtlError(
            meta_path,
            f"published_on {meta['published_on']!r} is not YYYY-MM-DD",
            "write the date as YYYY-MM-DD",
        )
    data = txt.read_bytes()
    if not data.strip():
        raise EtlError(txt, "the file is empty", "restore the article text from data/raw in git")
    digest = sha256_bytes(data)
    if digest != meta["sha256"]:
        raise EtlError(
            txt,
            f"checksum mismatch: file has sha256 {digest}, sidecar says {meta['sha256']}",
            "restore the original file (raw files are kept "
            "byte for byte); if the new text is intended, update sha256 in the sidecar",
        )
    encoding = str(meta.get("encoding") or "utf-8").lower()
    if encoding not in ENCODINGS:
        raise EtlError(meta_path, f"encoding {encoding!r} unknown", f"use one of {ENCODINGS}")
    try:
        raw = data.decode(encoding)
    except UnicodeDecodeError as e:
        what = "UTF-8" if encoding == "utf-8" else encoding
        raise EtlError(
            txt,
            f"not {what} ({e.reason} at byte {e.start})",
            "convert the file to UTF-8 (e.g. iconv -f GB18030 -t UTF-8), or say "
            f"which it is in the sidecar (`encoding:` one of {', '.join(ENCODINGS)})",
        ) from e
    return Source(
        source_id=txt.stem,
        title=str(meta["title"]),
        title_en=str(meta.get("title_en") or ""),
        publisher=str(meta["publisher"]),
        publisher_en=str(meta.get("publisher_en") or ""),
        published_on=str(meta["published_on"]),
        published_on_note=str(meta.get("published_on_note") or ""),
        url=meta.get("url") or None,
        script=str(meta["script"]),
        licence=str(meta["licence"]),
        sha256=digest,
        raw_path=str(txt.relative_to(root)) if txt.is_relative_to(root) else str(txt),
        seed_file=str(meta.get("seed_file") or ""),
        notes=str(meta.get("notes") or ""),
        official=meta.get("official") is True,
        received_on=_day(meta, meta_path, "received_on"),
        raw_text=raw,
        clean_text=clean(raw),
    )


def _day(meta: dict[str, object], path: Path, key: str) -> str:
    """An optional YYYY-MM-DD field of a sidecar ('' when absent)."""
    value = meta.get(key)
    if value in (None, ""):
        return ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        raise EtlError(path, f"{key} {value!r} is not YYYY-MM-DD", "write the date as YYYY-MM-DD")
    return str(value)


def read_sources(raw_dir: Path, root: Path) -> dict[str, Source]:
    """Every ``*.txt`` under ``raw_dir``, verified and cleaned, by source_id."""
    files = sorted(raw_dir.glob("*.txt"))
    if not files:
        raise EtlError(raw_dir, "no articles (*.txt) found", "copy the articles into data/raw/")
    for meta in sorted(raw_dir.glob("*.meta.yml")):
        if not meta.with_name(meta.name.removesuffix(".meta.yml") + ".txt").exists():
            raise EtlError(meta, "sidecar without its article", "restore the .txt or remove this")
    return {s.source_id: s for s in (read_source(f, root) for f in files)}
