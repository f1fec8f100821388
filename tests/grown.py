"""A database grown from the real facts, as the atlas grows when articles are added: for every
figure of data/, generated articles that report it again (a second source, same value), report
another value for it (a disagreeing source) and report it for a later period (a second period,
another value). Built with the real pipeline in a copy of data/; nothing here is hand-picked, so
every category any chart draws gains a second figure, a second source and a disagreement.

The generated articles are one line per reported clause: the clause of the real fact, its figure
replaced (first digit raised, or the Chinese numeral raised) and checked with the ETL's own
number reader, so that the value really differs and keeps its unit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from etl.extract import Fact
from etl.load import write
from etl.numbers import find_mentions, read_figure
from etl.paths import Paths
from etl.pipeline import Build, run
from etl.sources import sha256_bytes
from etl.vocab import GROUPS
from tests.conftest import copy_data

CN_DIGITS = "零一二三四五六七八九"
# (variant, days after the original's publication, how far the value moves, period shift);
# "regroup": a place's figure of one group reported for another group a year before (Guangdong's
# 7 of the 45 beside its 8 of the 80): one category of a chart, two scopes
VARIANTS = (("again", 3, 0, 0), ("differ", 5, 1, 0), ("later", 366, 2, 1), ("regroup", 7, 1, -1))


def regroup(f: Fact) -> str | None:
    """Another group for a group's figure of a place (None for any other figure)."""
    if f.scope not in GROUPS or f.region == "CN":
        return None
    i = GROUPS.index(f.scope)
    return GROUPS[i - 1] if i > 0 else GROUPS[1]


def mutate(surface: str, k: int) -> str | None:
    """``surface`` with its value moved by ``k`` steps (same unit), or None if it cannot be."""
    if k == 0:
        return surface
    old = read_figure(surface)
    digit = re.search(r"\d(?!.*\d)" if "/" in surface else r"\d", surface)  # a/b: b moves
    if digit:
        i = digit.start()
        out = surface[:i] + str(int(surface[i]) + k) + surface[i + 1 :]
    else:
        hit = re.search("[一二两三四五六七]", surface)
        if hit is None:
            out = surface.replace("千", "万" if k == 1 else "百", 1)
        else:
            n = 2 if hit.group() == "两" else CN_DIGITS.index(hit.group())
            out = surface[: hit.start()] + CN_DIGITS[n + k] + surface[hit.end() :]
    new = read_figure(out)
    if old is None or new is None or new.unit != old.unit or new.value == old.value:
        return None
    return out if new.surface == out else None


def shift_period(period: str | None, years: int, published: dt.date) -> str | None:
    """A period ``years`` later (2021 -> 2022, 2022-09 -> 2023-09, 2022H1 -> 2023H1,
    2012-2021 -> 2013-2022); an undated figure is dated the year after its publication."""
    if years == 0:
        return period
    if period is None:
        return str(published.year + years)
    return re.sub(r"\d{4}", lambda m: str(int(m.group()) + years), period)


def _entry(f: Fact, quote: str, surface: str, period: str | None, names: dict[str, str]) -> dict:
    e: dict[str, object] = {
        "quote": quote,
        "figure": surface,
        "metric": f.metric,
        "scope": f.scope,
        "region": f.region,
        "period": period,
        "kind": f.kind,
    }
    if f.domain:
        e["domain"] = f.domain
    if f.cluster:
        e["cluster"] = names[f.cluster]
    if f.unit_note:
        e["unit_note"] = f.unit_note
    return e


def _write_article(data: Path, sid: str, day: dt.date, lines: list[str], facts: list[dict]) -> None:
    text = ("\n".join(dict.fromkeys(lines)) + "\n").encode("utf-8")
    (data / "raw" / f"{sid}.txt").write_bytes(text)
    meta = {
        "source_id": sid,
        "title": f"测试文章 {sid}",
        "title_en": f"Test article {sid}",
        "publisher": f"测试来源{sid[-12:]}",
        "publisher_en": f"Test source {sid[-12:]}",
        "published_on": day.isoformat(),
        "script": "simplified",
        "licence": "generated for tests",
        "sha256": sha256_bytes(text),
    }
    (data / "raw" / f"{sid}.meta.yml").write_text(
        yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8"
    )
    doc = {"source": sid, "facts": facts}
    (data / "facts" / f"{sid}.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def grow(data: Path, real: Build) -> None:
    """Write the generated articles and facts files into the copy ``data``."""
    names = {c.cluster_id: c.name_zh for c in real.registry}
    by_source: dict[str, list[Fact]] = {}
    for f in real.facts:
        by_source.setdefault(f.source_id, []).append(f)
    for sid, facts in by_source.items():
        published = dt.date.fromisoformat(str(real.sources[sid].published_on)[:10])
        for variant, days, k, years in VARIANTS:
            new_sid = f"{(published + dt.timedelta(days=days)).isoformat()}-grown-{variant}-{sid}"
            lines, entries = [], []
            for i, f in enumerate(facts):
                scope = regroup(f) if variant == "regroup" else f.scope
                if scope is None:
                    continue
                surface = mutate(f.surface, k)
                assert surface is not None, f"cannot vary {f.surface!r} of {f.fact_id}"
                at = f.surface_start - f.quote_start
                line = f.quote[:at] + surface + f.quote[at + len(f.surface) :]
                lines.append(line)
                # the words from the figure before it: one figure, found in this line only
                start = max((m.end for m in find_mentions(f.quote[:at])), default=0)
                quote = line[start : at + len(surface)]
                e = _entry(f, quote, surface, shift_period(f.period, years, published), names)
                entries.append({"id": f"grown-{variant}-{i}-{f.fact_id}"[:80], **e, "scope": scope})
            if entries:
                day = published + dt.timedelta(days=days)
                _write_article(data, new_sid, day, lines, entries)


@pytest.fixture(scope="session")
def grown(tmp_path_factory: pytest.TempPathFactory, build: Build) -> Iterator[Path]:
    """A database built by the real pipeline from data/ plus the generated articles."""
    root = tmp_path_factory.mktemp("grown")
    data = copy_data(root / "data")
    grow(data, build)
    paths = Paths(data=data, db=root / "clusters.duckdb")
    write(run(paths), paths.db)
    yield paths.db
