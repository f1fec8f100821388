"""The programme's timeline: events dated by their quotes, listed on Trends and marked on the
count chart (in the app and in every export, which draw the same figure)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dashboard.chartdefs import build_chart
from dashboard.data import load_atlas
from dashboard.filters import View
from dashboard.i18n import t
from dashboard.timeline import events
from etl.errors import EtlError
from etl.events import event_date
from etl.paths import Paths
from etl.pipeline import run


@pytest.mark.parametrize(
    ("words", "published_on", "date"),
    [
        ("2025年9月11日,先进制造业集群发展大会在广州举行", "2025-09-15", "2025-09-11"),
        ("11月30日,据工信部官网消息,近日公布名单", "2022-11-30", "2022-11-30"),
        ("12月30日,工信部公布名单", "2023-01-03", "2022-12-30"),  # the year before
        ("2024年3月,第四批集群决赛举行", "2024-05-01", "2024-03"),
        ("发布时间:2022-12-16 16:43:00", "2022-12-16", "2022-12-16"),
        ("2024年 3 月 5 日 举行", "2024-05-01", "2024-03-05"),
        ("近日,工信部公布名单", "2022-11-30", None),
        ("2月30日,不是日期", "2022-11-30", None),
        ("13月1日", "2022-11-30", None),
    ],
)
def test_event_date_is_read_from_the_words(words: str, published_on: str, date: str) -> None:
    assert event_date(words, published_on) == date


def _event(quote: str, **extra: object) -> str:
    entry = {
        "id": "event-test",
        "quote": quote,
        "label": quote[-6:],
        "topic": "event",
        "scope": "national",
        "region": "CN",
        "kind": "actual",
        **extra,
    }
    return yaml.safe_dump([entry], allow_unicode=True)


def _with_event(data_copy: Paths, quote: str, **extra: object) -> None:
    path = data_copy.facts / "2022-11-30-miit-45-clusters.yaml"
    doc = path.read_text(encoding="utf-8")
    if "\nlabels:" not in doc:
        doc += "\nlabels:\n"
    text = _event(quote, **extra)
    path.write_text(doc + "".join(f"  {line}\n" for line in text.splitlines()), "utf-8")


def test_an_event_without_a_date_needs_one_with_a_note(data_copy: Paths) -> None:
    _with_event(data_copy, "工业和信息化部正式公布45个国家先进制造集群的名单")
    with pytest.raises(EtlError, match="the quote gives no date for the event") as e:
        run(data_copy)
    assert "2022-11-30-miit-45-clusters.yaml" in str(e.value) and "event-test" in str(e.value)


def test_a_stated_date_must_agree_with_the_quote(data_copy: Paths) -> None:
    _with_event(data_copy, "11月30日,据工信部官网消息", date="2022-12-01")
    with pytest.raises(EtlError, match="differs from the date the quote gives"):
        run(data_copy)


def test_a_stated_date_with_a_note(data_copy: Paths) -> None:
    _with_event(
        data_copy,
        "工业和信息化部正式公布45个国家先进制造集群的名单",
        date="2022-11",
        date_note="the release says 近日 in November 2022",
    )
    ev = [lb for lb in run(data_copy).labels if lb.label_id == "event-test"]
    assert [(e.event_date, e.date_note) for e in ev] == [
        ("2022-11", "the release says 近日 in November 2022")
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_events_are_marked_on_the_count_chart(db_path: Path, lang: str) -> None:
    atlas = load_atlas(db_path)
    ev = events(atlas, lang)
    assert not ev.empty and list(ev["event_date"]) == sorted(ev["event_date"])
    out = build_chart("trends_counts", atlas, View(lang=lang))
    assert out.fig is not None
    fig = out.fig.to_plotly_json()
    dates = [str(x)[:10] for x in fig["data"][0]["x"]]
    lo, hi = min(dates)[:7], max(dates)[:7]
    inside = ev[[lo <= d[:7] <= hi for d in ev["event_date"]]]
    marks = [a for a in fig["layout"]["annotations"] if a.get("hovertext")]
    assert [a["text"] for a in marks] == [f"<b>{n}</b>" for n in inside["no"]]
    assert [a["hovertext"] for a in marks] == [
        f"{d}: {e}" for d, e in zip(inside["event_date"], inside["event"], strict=True)
    ]
    footer = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert t("events_note", lang) in footer
    for _, e in inside.iterrows():
        assert f"{e['no']} {e['event_date']}" in footer.replace("<br>", " ")


def test_english_events_are_in_english(db_path: Path) -> None:
    atlas = load_atlas(db_path)
    ev = atlas.labels[atlas.labels["topic"] == "event"]
    en = events(atlas, "en")
    rows = ev.sort_values(["event_date", "label_id"])
    for (_, row), shown in zip(rows.iterrows(), en["event"], strict=True):
        if isinstance(row["label_en"], str) and row["label_en"]:
            assert shown == row["label_en"]
