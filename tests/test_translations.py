"""Both languages: a name given in one language only is marked, never shown silently in the
other; the build lists such names; chart texts wrap to a phone's width."""

from __future__ import annotations

import csv
import re

import pytest

from dashboard.charts import wrap_label
from dashboard.i18n import in_lang, t
from etl.paths import Paths
from etl.pipeline import run
from etl.translations import untranslated


@pytest.mark.parametrize(
    ("zh", "en", "lang", "expected"),
    [
        ("证券时报", "Securities Times", "en", "Securities Times"),
        ("证券时报", "Securities Times", "zh", "证券时报"),
        ("证券时报", "", "en", f"证券时报 {t('no_translation', 'en')}"),
        ("证券时报", None, "en", f"证券时报 {t('no_translation', 'en')}"),
        (None, "checked", "zh", f"checked {t('no_translation', 'zh')}"),
        (None, None, "en", ""),
    ],
)
def test_in_lang_marks_a_missing_translation(
    zh: str | None, en: str | None, lang: str, expected: str
) -> None:
    assert in_lang(zh, en, lang) == expected


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("short", 40, ["short"]),
        (
            "How the number of national advanced manufacturing clusters grew",
            40,
            ["How the number of national advanced", "manufacturing clusters grew"],
        ),
        ("专精特新“小巨人”企业", 12, ["专精特新“小", "巨人”企业"]),
        ("来源:证券时报 2022-09-24", 16, ["来源:证券时报", "2022-09-24"]),
        ("Biomedicine", 4, ["Biomedicine"]),  # a word longer than a line stays whole
    ],
)
def test_wrap_label(text: str, width: int, lines: list[str]) -> None:
    assert wrap_label(text, width).split("<br>") == lines


def _width(line: str) -> int:
    return sum(2 if ord(c) >= 0x2E80 or c in "“”" else 1 for c in line)


@pytest.mark.parametrize("width", [8, 12, 40])
def test_wrap_label_lines_fit(width: int) -> None:
    text = "45个国家级集群2021年主导产业产值达19万亿元, and the 25 clusters' output"
    out = wrap_label(text, width)
    assert re.sub(r"<br>|\s", "", out) == re.sub(r"\s", "", text)
    assert all(
        _width(x) <= width or (" " not in x and not re.search("[一-鿿]", x))
        for x in out.split("<br>")
    )


def test_the_build_lists_names_without_a_translation(data_copy: Paths) -> None:
    """Take a publisher's English name and a city's names away: the build still succeeds, and
    lists both."""
    meta = next(data_copy.raw.glob("*.meta.yml"))
    text = meta.read_text(encoding="utf-8")
    assert "publisher_en:" in text
    meta.write_text(re.sub(r"(?m)^publisher_en:.*\n", "", text), encoding="utf-8")
    with (data_copy.reference / "clusters_45.csv").open(encoding="utf-8") as f:
        dropped = next(csv.DictReader(f))["cities"].split(";")[0].strip()
    places = data_copy.data / "place_names.csv"
    rows = places.read_text(encoding="utf-8").splitlines()
    kept = [r for r in rows if r.split(",")[0] != dropped]
    assert len(kept) == len(rows) - 1
    places.write_text("\n".join(kept) + "\n", encoding="utf-8")
    build = run(data_copy)
    missing = untranslated(build)
    sid = meta.name.removesuffix(".meta.yml")
    assert any(m.startswith(f"source {sid}: no publisher_en") for m in missing), missing
    hit = [c for c in build.registry if dropped in c.cities_zh.split(";")]
    assert hit and all(c.cities_en is None for c in hit)
    assert any("not in data/place_names.csv" in m for m in missing)


def test_the_sql_marker_is_the_i18n_one() -> None:
    from dashboard.queries import NO_ENGLISH

    assert t("no_translation", "en") == NO_ENGLISH
