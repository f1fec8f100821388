"""The Streamlit app under AppTest: every page in both languages, URL-seeded filters, fallbacks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import STRINGS, format_value, period_label
from dashboard.nav import SLUGS
from dashboard.safe import JOINER
from dashboard.state import clear_caches

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
PAGES = SLUGS


@pytest.fixture(autouse=True)
def _isolated(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app reads a database built by the real pipeline in a temp folder; caches cleared."""
    monkeypatch.setenv("ATLAS_DB", str(db_path))
    clear_caches()
    yield
    clear_caches()


def _run(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page != "overview":
        at.switch_page(f"screens/{page}.py")
        at.run()
    return at


def _figures(at: AppTest) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(page: str, lang: str) -> None:
    at = _run(page, lang=lang)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    if page not in ("sources", "clusters"):
        assert _figures(at), f"{page} shows no chart"
    if page == "clusters":
        assert len(at.dataframe) >= 1
    headers = {v[0 if lang == "zh" else 1] for k, v in STRINGS.items() if k.startswith("col_")}
    for table in at.dataframe:  # every table a reader sees: translated headers, no empty markers
        df = table.value
        assert set(map(str, df.columns)) <= headers, set(map(str, df.columns)) - headers
        assert not df.isna().any().any(), df[df.isna().any(axis=1)].head()
        assert not df.astype(str).isin(["None", "nan", "NaN", "<NA>"]).any().any()


def test_language_changes_titles() -> None:
    zh = _figures(_run("trends", lang="zh"))[0]["layout"]["title"]["text"]
    en = _figures(_run("trends", lang="en"))[0]["layout"]["title"]["text"]
    assert zh == "集群数量随时间变化" and en == "Number of clusters over time"


def test_region_param_filters_the_macro_chart() -> None:
    all_bars = _figures(_run("regions", lang="en"))[0]["data"][0]["x"]
    east = _figures(_run("regions", lang="en", region="east"))[0]["data"][0]["x"]
    assert len(all_bars) == 4 and east == ["East"]


def test_domain_param_filters_the_registry_chart() -> None:
    figs = _figures(_run("domains", lang="en", domain="biomed"))
    registry = figs[1]
    # the categories: on y for horizontal bars (names above the bars), else on x
    cats = {
        c.replace("<br>", " ")
        for trace in registry["data"]
        for c in trace["y" if trace.get("orientation") == "h" else "x"]
    }
    assert cats == {"Biomedicine & high-end medical devices"}


def test_domain_filter_fades_other_domains() -> None:
    fig = _figures(_run("domains", lang="en", domain="nev"))[0]
    colors = fig["data"][0]["marker"]["color"]
    assert colors.count("#D9D9D9") == 5


def test_region_filter_empty_state_is_clear() -> None:
    at = _run("regions", lang="en", region="guangzhou")
    assert not at.exception
    assert any("No figures match" in i.value for i in at.info)


def test_invalid_params_fall_back_with_notice() -> None:
    at = _run("overview", lang="fr", region="atlantis", domain="cheese")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "lang=fr" in warnings and "region=atlantis" in warnings and "domain=cheese" in warnings
    assert at.session_state["lang"] == "zh" and at.session_state["region"] == "all"


def test_filter_note_on_unfilterable_chart() -> None:
    at = _run("trends", lang="en", region="east")
    assert any("not filtered by Region" in c.value for c in at.caption)


def test_overview_cards_carry_period_and_source(db_path: Path) -> None:
    """The cluster-count card shows the latest national count as read (its qualifier too),
    and every card's caption names the period and the source of its figure."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        value, unit, qualifier, period, publisher = con.execute(
            "SELECT f.value, f.unit, f.qualifier, f.period, coalesce(s.publisher_en, s.publisher) "
            "FROM figures f "
            "JOIN facts x ON x.fact_id = f.preferred_fact_id JOIN sources s USING (source_id) "
            "WHERE f.metric = 'cluster_count' AND f.region = 'CN' AND f.domain IS NULL "
            "AND f.kind = 'actual' ORDER BY x.period_start DESC, s.published_on DESC LIMIT 1"
        ).fetchone()
    at = _run("overview", lang="en")
    shown = {m.label: m.value for m in at.metric}
    assert format_value(value, unit, "en", qualifier) in shown.values(), shown
    assert len(at.caption) >= len(shown)
    shown_text = [c.value.replace("\\", "").replace(JOINER, "") for c in at.caption]  # as read
    assert any(period_label(period, "en") in c and publisher in c for c in shown_text)


def test_image_buttons_disabled_with_reason_when_self_check_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dashboard import ui
    from dashboard.export import engine

    failing = engine.SelfCheck(
        False,
        None,
        False,
        "Image export needs Chromium. Install with: sudo apt-get install chromium",
    )
    monkeypatch.setattr(engine, "self_check", lambda: failing)
    ui._check.cache_clear()
    try:
        at = _run("overview", lang="en")
        assert at.get("download_button") == []  # drawn only in the Export dialog
        at.button(key="export_overview_growth").click().run()
        buttons = {el.proto.label: el.proto for el in at.get("download_button")}
        assert buttons["PNG"].disabled and buttons["SVG"].disabled and buttons["PDF"].disabled
        assert not buttons["CSV"].disabled and not buttons["XLSX"].disabled
        assert "apt-get install chromium" in buttons["PNG"].help
        assert any("Image export is unavailable" in c.value for c in at.caption)
    finally:
        ui._check.cache_clear()


def test_missing_database_is_built_on_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("ATLAS_DB", str(db))
    at = _run("overview", lang="en")
    assert not at.exception
    assert db.exists()
    assert _figures(at)


def test_failed_build_is_explained_without_traceback(
    data_copy, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    facts = data_copy.data / "facts" / "2022-11-30-miit-45-clusters.yaml"
    facts.write_text(facts.read_text().replace("quote: 东部地区30个", "quote: 东部地区31个"))
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy.data))
    monkeypatch.setenv("ATLAS_DB", str(data_copy.db))
    monkeypatch.setenv("ATLAS_CURATE", "1")  # the curator is told what failed, and where
    at = _run("overview", lang="en")
    assert not at.exception
    assert [e.value for e in at.error] == [STRINGS["db_unavailable"][1]]
    said = " ".join(i.value for i in at.info)
    assert (
        "data/facts/2022-11-30-miit-45-clusters.yaml" in said
        and "g45-east" in said
        and "not found" in said
        and str(data_copy.data) not in said  # no server path
    )
    assert "make db" in said


def test_prose_exists_in_both_languages() -> None:
    from dashboard.i18n import CONTENT

    zh = {p.name for p in (CONTENT / "zh").glob("*.md")}
    en = {p.name for p in (CONTENT / "en").glob("*.md")}
    assert zh == en and zh


def test_a_shared_filtered_link_says_what_it_shows_and_clears() -> None:
    """/regions?region=east on a phone: the sidebar is folded, so the page itself says which
    filter is set, and one button clears it (the URL follows)."""
    at = _run("regions", lang="en", region="east")
    said = [c.value for c in at.caption if "Filtered:" in c.value]
    assert said and "East" in said[0] and "Region" in said[0], said
    at.button(key="clear_filters").click().run()
    assert not [c.value for c in at.caption if "Filtered:" in c.value]
    assert at.query_params["region"] == "all"
    assert not at.exception
    plain = _run("regions", lang="en")
    assert not [c.value for c in plain.caption if "Filtered:" in c.value]


def test_a_chart_turns_into_its_table_and_back() -> None:
    """The Table switch of a chart shows the chart's own figures as a table in its place (with
    the chart's title), and turning it off brings the chart back; other charts stay charts."""
    at = _run("trends", lang="en")
    before = _figures(at)
    tables = len(at.dataframe)
    switch = next(tg for tg in at.toggle if str(tg.key).startswith("mode_"))
    assert switch.value is False and switch.label == "Table"
    switch.set_value(True).run()
    assert not at.exception
    after = _figures(at)
    assert len(after) == len(before) - 1 and len(at.dataframe) == tables + 1
    hidden = before[0]["layout"]["title"]["text"]
    assert after[0]["layout"]["title"]["text"] != hidden
    assert any(m.value.startswith(f"**{hidden}**") for m in at.markdown)
    shown = at.dataframe[0].value
    assert len(shown) >= 1 and not shown.isna().any().any()
    at.toggle(key=str(switch.key)).set_value(False).run()
    assert len(_figures(at)) == len(before) and len(at.dataframe) == tables


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_charts_sources_are_drawn_when_its_expander_is_opened(lang: str) -> None:
    """Closed, a chart's Sources · Quote expander draws nothing (a filter change sends none of
    its quotes); opened, it shows the chart's description and every quote of its figures."""
    from dashboard.chartdefs import build_chart
    from dashboard.data import load_atlas
    from dashboard.filters import View
    from dashboard.state import db_path

    at = _run("regions", lang=lang)
    expanders = [e for e in at.expander if e.label.startswith(STRINGS["sources"][lang == "en"])]
    assert len(expanders) == len(_figures(at))  # one per chart
    assert all(not e.children for e in expanders)
    out = build_chart("regions_macro", load_atlas(db_path()), View(lang))
    at.session_state["src_regions_macro"] = True
    at.run()
    assert not at.exception, at.exception
    shown = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert out.quotes_md and out.quotes_md in shown
    assert out.description in shown.replace("\\", "")
    reopened = [e for e in at.expander if e.label == expanders[0].label]
    assert reopened[0].children and not any(e.children for e in reopened[1:])  # the others: shut
