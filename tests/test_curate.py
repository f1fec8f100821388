"""Curating: the date an article's text gives (``read_date``), withdrawing a saved article
(``python -m etl remove``), and the Curate page's table, date and withdraw section (AppTest)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from dashboard.curating import reason_in
from dashboard.i18n import t
from etl.build import current
from etl.errors import EtlError
from etl.intake import accept, add, guess_date, preview, propose, read_date
from etl.load import write
from etl.paths import ROOT, Paths
from etl.pipeline import run
from etl.withdraw import remove, saved_sources
from tests.conftest import drop_article

# (text, date, rule): how each form of dateline and page header is read
DATES = [
    (
        "工信部公布45个国家先进制造业集群名单\n新华社北京12月3日电（记者 赵某）截至2022年11月底,"
        "工信部已于2022年11月30日公布名单。",
        "2022-12-03",
        "dateline_year",
    ),
    (
        "45个国家先进制造业集群名单公布\n\n2022年12月01日08:21 | 来源:人民网-人民日报 | 分享到:\n\n"
        "本报北京11月30日电(记者 王某某)据工信部官网消息,近日……",
        "2022-12-01",
        "header",
    ),
    (
        "经济日报广州10月20日讯（记者 某某）2025年10月15日,广东省工信厅介绍,全省集群……",
        "2025-10-20",
        "dateline_year",
    ),
    ("本报北京12月15日电 记者从工信部获悉,45个集群主导产业产值达19万亿元。", None, "no_year"),
    (
        "首页 > 新闻中心\n集群名单公布\n2022-12-03 来源：新华网\n工信部日前公布45个集群名单,"
        "截至2022年11月30日……",
        "2022-12-03",
        "header",
    ),
    ("标题\n发布时间:2022-12-16 16:43:00 来源: 工信部\n正文……", "2022-12-16", "labelled"),
    ("发布时间：２０２２－１２－１６　来源：某网\n正文……", "2022-12-16", "labelled"),
    ("新华社北京2026年10月20日电（记者 张某）工业和信息化部日前公布……", "2026-10-20", "dateline"),
    ("中央社台北12月3日電 大陸工信部公布……2024年12月1日起施行。", "2024-12-03", "dateline_year"),
    ("2022年12月3日,工信部公布了45个国家先进制造业集群名单,……", "2022-12-03", "first_date"),
    ("工信部公布45个国家先进制造业集群名单,集群主导产业产值达19万亿元。", None, "none"),
]


@pytest.mark.parametrize(("text", "date", "rule"), DATES)
def test_the_date_is_read_from_the_dateline_and_the_page(
    text: str, date: str | None, rule: str
) -> None:
    got = read_date(text)
    assert (got.date, got.rule) == (date, rule), got
    assert got.certain == (date is not None)
    assert guess_date(text) == date
    assert guess_date(text) != dt.date.today().isoformat()


def test_a_dateline_without_a_year_says_what_it_read() -> None:
    """12月15日 with no year anywhere: no year is invented; the words are kept for the page."""
    got = read_date("本报北京12月15日电 记者从工信部获悉……")
    assert got.date is None and got.said == "本报北京12月15日电"


# ---------------------------------------------------------------- withdrawing a saved article
ARTICLES = Path(__file__).parent / "fixtures" / "articles"
ARTICLE = ARTICLES / "xinhua-45-provinces-2022.txt"


def _listing(data: Path) -> dict[str, bytes]:
    """Every file under data/ with its bytes (the lock file, which only exists once a write
    has taken the lock, left out)."""
    return {
        str(p.relative_to(data)): p.read_bytes()
        for p in sorted(data.rglob("*"))
        if p.is_file() and p.name != ".atlas.lock"
    }


def _figures(db: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT figure_id, value, qualifier, n_sources, status, preferred_fact_id "
            "FROM figures ORDER BY figure_id"
        ).fetchall()


def _etl(paths: Paths, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ATLAS_DATA_DIR": str(paths.data), "ATLAS_DB": str(paths.db)}
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_remove_takes_back_an_added_article_and_leaves_the_rest(data_copy: Paths) -> None:
    """add + accept, then remove: data/ is byte for byte as before and so are the figures."""
    drop_article(data_copy.data, ARTICLE.read_bytes())
    assert _etl(data_copy).returncode == 0
    before, figures_before = _listing(data_copy.data), _figures(data_copy.db)
    added = _etl(
        data_copy, "add", str(ARTICLE), "--publisher", "新华社", "--published-on", "2022-12-03"
    )
    assert added.returncode == 0, added.stderr
    sid = added.stdout.strip().splitlines()[-1]
    accepted = _etl(data_copy, "accept", sid, "--min-confidence", "medium")
    assert accepted.returncode == 0, accepted.stderr
    assert (data_copy.facts / f"{sid}.yaml").is_file()
    assert _figures(data_copy.db) != figures_before  # the article's reports are in

    removed = _etl(data_copy, "remove", sid)
    assert removed.returncode == 0, removed.stderr
    assert f"{sid}.txt" in removed.stdout and f"{sid}.yaml" in removed.stdout
    assert _listing(data_copy.data) == before
    assert _figures(data_copy.db) == figures_before

    again = _etl(data_copy, "remove", sid)
    assert again.returncode == 1
    assert f"no saved article '{sid}'" in again.stderr
    assert "2022-11-30-miit-45-clusters" in again.stderr  # the ids it knows
    assert _listing(data_copy.data) == before


@pytest.mark.parametrize("bad", ["no-such-article", "../raw/x", ""])
def test_remove_refuses_an_unknown_id_and_removes_nothing(data_copy: Paths, bad: str) -> None:
    before = _listing(data_copy.data)
    with pytest.raises(EtlError, match="no saved article"):
        remove(data_copy, bad)
    assert _listing(data_copy.data) == before


def test_remove_is_all_or_nothing_when_the_rebuild_fails(
    data_copy: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the database cannot be rebuilt without the article, every file is put back."""
    import etl.withdraw

    write(run(data_copy), data_copy.db)
    before, db_before = _listing(data_copy.data), data_copy.db.read_bytes()
    sid = "2022-11-30-miit-45-clusters"

    def broken(paths: Paths) -> object:
        raise EtlError(paths.data, "the build failed", "fix it")

    monkeypatch.setattr(etl.withdraw, "run", broken)
    with pytest.raises(EtlError, match="the build failed"):
        remove(data_copy, sid)
    assert _listing(data_copy.data) == before
    assert data_copy.db.read_bytes() == db_before


# ---------------------------------------------------------------- the Curate page (AppTest)
APP = ROOT / "dashboard" / "app.py"
CJK = re.compile("[\u4e00-\u9fff]")
CODED = ("metric", "scope", "region", "domain", "kind", "cluster", "period")


@pytest.fixture
def curate_env(data_copy: Paths, monkeypatch: pytest.MonkeyPatch) -> Iterator[Paths]:
    """The app with its Curate page over a copy of data/ (and a database built from it)."""
    from dashboard.state import clear_caches

    drop_article(data_copy.data, ARTICLE.read_bytes())
    write(run(data_copy), data_copy.db)
    for k, v in {
        "ATLAS_CURATE": "1",
        "ATLAS_DATA_DIR": str(data_copy.data),
        "ATLAS_DB": str(data_copy.db),
    }.items():
        monkeypatch.setenv(k, v)
    clear_caches()
    yield data_copy
    clear_caches()


def _curate(lang: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("screens/curate.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _date(at: AppTest) -> Any:
    """The publication date field (a text field keyed by the text: its guess changes with it)."""
    return next(w for w in at.text_input if str(w.key).startswith("cur_date_"))


def _with_article(lang: str, text: str, day: dt.date | None = None) -> AppTest:
    at = _curate(lang)
    at.text_area(key="cur_text").set_value(text).run()
    if day is not None:
        _date(at).set_value(day.isoformat()).run()
    assert not at.exception, at.exception
    return at


def test_the_page_asks_for_a_date_the_text_gives_without_its_year(curate_env: Paths) -> None:
    """新华社北京12月3日电 and no year in the text: no date is invented (not today's either),
    the page says what it read and waits for the curator's date."""
    at = _with_article("zh", ARTICLE.read_text(encoding="utf-8"))
    assert _date(at).value == ""
    assert any("新华社北京12月3日电" in w.value for w in at.warning), [w.value for w in at.warning]
    assert not at.data_editor  # no proposals before the date is given
    _date(at).set_value("2022-12-03").run()
    assert len(at.data_editor) == 1
    header = ARTICLES / "province-list-2022.txt"  # 2022-12-05 10:12:33 in its page header
    at = _with_article("en", header.read_text(encoding="utf-8"))
    assert _date(at).value == "2022-12-05"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_table_shows_names_in_the_ui_language_and_keeps_ids(
    curate_env: Paths, lang: str
) -> None:
    at = _with_article(lang, ARTICLE.read_text(encoding="utf-8"), dt.date(2022, 12, 3))
    editor = at.data_editor[0]
    config = json.loads(editor.proto.columns)
    assert editor.proto.placeholder == "—"  # an empty cell is no mapping, not 'None'
    cells = editor.value
    with duckdb.connect(str(curate_env.db), read_only=True) as con:
        metric_names = dict(con.execute(f"SELECT metric_id, name_{lang} FROM metrics").fetchall())
        region_names = dict(con.execute(f"SELECT region_id, name_{lang} FROM regions").fetchall())
    assert set(cells["metric"]) - {""} <= set(metric_names)  # the cells hold ids
    for col in CODED:
        options = config.get(col, {}).get("type_config", {}).get("options", [])
        assert options and all(isinstance(o, dict) for o in options), f"{col}: ids, no names"
        labels = {o["value"]: o["label"] for o in options if o["value"]}
        present = {str(v) for v in cells[col] if v}
        for value in present:  # every value shown by its name, its id on the column's help
            assert labels[value] != value or (col == "period" and value.isdigit()), (col, value)
            assert value in config[col]["help"], (col, config[col]["help"])
            if lang == "zh" and col != "period":
                assert CJK.search(labels[value]), (col, value, labels[value])
        if col == "metric":
            assert all(labels[v] == metric_names[v] for v in present)
        if col == "region":
            assert all(labels[v] == region_names[v] for v in present)
    # the reasons (English prose from the intake) are shown in the page's language
    assert config["reason"].get("hidden") and config["why"]["label"] == t("col_reason", lang)
    for why, reason in zip(cells["why"], cells["reason"], strict=True):
        assert why == reason if lang == "en" else CJK.search(why) and "未译" not in why, why
    # the rules behind each proposal, by id (issue 19): every mapped row names the rules that
    # decided it, each a rule of the proposer, under a header in the page's language
    from etl.rulestats import all_rules

    assert config["rules"]["label"] == t("col_rules", lang)
    known = {r.id for r in all_rules()}
    for rules, metric in zip(cells["rules"], cells["metric"], strict=True):
        assert set(str(rules).split()) <= known and (rules or not metric), (rules, metric)
    page = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "cluster_count · group45 · CN · actual" in page  # the ids, on hover of a figure
    assert ("beside the figure" in page) == (lang == "en")


def test_an_edit_in_the_table_is_saved_as_ids(curate_env: Paths) -> None:
    held = set(curate_env.facts.glob("*.yaml"))
    at = _with_article("zh", ARTICLE.read_text(encoding="utf-8"), dt.date(2022, 12, 3))
    cells = at.data_editor[0].value
    row = int(cells.index[cells["surface"] == "达19万亿元"][0])
    untick = {i: {"accept": False} for i in range(len(cells)) if i != row}
    at.text_input(key="cur_publisher").set_value("新华社")
    at.session_state["cur_table"] = {
        "edited_rows": {**untick, row: {"accept": True, "kind": "forecast"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="cur_save").click().run()
    assert not at.exception and at.success, ([e.value for e in at.error], at.exception)
    (saved,) = set(curate_env.facts.glob("*.yaml")) - held
    facts = yaml.safe_load(saved.read_text(encoding="utf-8"))["facts"]
    assert [(f["metric"], f["scope"], f["region"], f["kind"]) for f in facts] == [
        ("leading_output", "group45", "CN", "forecast")
    ]


def test_a_figure_said_of_several_places_is_saved_for_each(curate_env: Paths) -> None:
    """广东、江苏均有6个: the table has a row for each place, and Save writes a fact for each
    ticked row (rows of one figure are told apart by the row, not by the offset)."""
    held = set(curate_env.facts.glob("*.yaml"))
    text = (
        "先进制造业集群名单公布\n2030年,工信部公布第九批国家先进制造业集群名单。"
        "广东、江苏入围最多,均有6个国家先进制造业集群。"
    )
    at = _with_article("zh", text, dt.date(2026, 10, 1))
    cells = at.data_editor[0].value
    rows = [int(i) for i in cells.index[cells["surface"] == "6个"]]
    assert sorted(cells.loc[rows, "region"]) == ["guangdong", "jiangsu"]
    at.text_input(key="cur_publisher").set_value("测试报")
    edits = {i: {"accept": i in rows} for i in range(len(cells))}
    at.session_state["cur_table"] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="cur_save").click().run()
    assert not at.exception and at.success, ([e.value for e in at.error], at.exception)
    (saved,) = set(curate_env.facts.glob("*.yaml")) - held
    facts = yaml.safe_load(saved.read_text(encoding="utf-8"))["facts"]
    assert sorted(f["region"] for f in facts) == ["guangdong", "jiangsu"]
    assert all("广东、江苏" in f["quote"] for f in facts)  # the quote names the places


def test_withdraw_from_the_page(curate_env: Paths) -> None:
    """A saved article is withdrawn from the Curate page after a confirmation: its files go,
    the database is rebuilt, everything else under data/ is as it was."""
    before, figures_before = _listing(curate_env.data), _figures(curate_env.db)
    sid = add(
        curate_env,
        ARTICLE.read_bytes(),
        ARTICLE.name,
        publisher="新华社",
        published_on="2022-12-03",
    )
    accept(curate_env, sid, propose(current(curate_env), sid), min_confidence="medium")
    assert _figures(curate_env.db) != figures_before
    from dashboard.state import clear_caches

    clear_caches()
    at = _curate("en")
    at.selectbox(key="cur_withdraw_pick").set_value(sid).run()
    assert at.button(key="cur_withdraw").disabled  # not before the confirmation
    at.checkbox(key=f"cur_withdraw_sure_{sid}").check().run()
    at.button(key="cur_withdraw").click().run()
    assert not at.exception, at.exception
    assert any(f"Withdrew {sid}: 3 files removed" in s.value for s in at.success)
    assert _listing(curate_env.data) == before
    assert _figures(curate_env.db) == figures_before
    assert sid not in at.selectbox(key="cur_withdraw_pick").options


def test_every_reason_the_proposer_gives_has_a_chinese_rendering(data_copy: Paths) -> None:
    """Every reason given for every figure of every test article (and of the atlas's own
    articles) reads in Chinese, fragment by fragment, with none left untranslated."""
    untranslated = set()
    for path in sorted(ARTICLES.glob("*.txt")):
        _, props = preview(current(data_copy), path.read_text(encoding="utf-8"), "2025-06-30")
        for p in props:
            zh = reason_in(p.reason, "zh")
            if "未译" in zh or not CJK.search(zh):
                untranslated.add((path.stem, p.reason))
    for sid in saved_sources(data_copy):
        for p in propose(current(data_copy), sid):
            if "未译" in reason_in(p.reason, "zh"):
                untranslated.add((sid, p.reason))
    assert not untranslated, sorted(untranslated)[:10]
    assert reason_in("a reason no one wrote", "zh") == "(未译)a reason no one wrote"


def test_a_date_that_is_no_date_is_said_so(curate_env: Paths) -> None:
    """The date is a text field (the date widget's empty placeholder is in no language of
    ours): what is not a date is called so, escaped, and nothing is proposed."""
    at = _with_article("en", ARTICLE.read_text(encoding="utf-8"))
    _date(at).set_value("[x](https://evil.example) 2022-13-40").run()
    assert any("is not a date" in e.value for e in at.error), [e.value for e in at.error]
    assert all("](https://" not in e.value for e in at.error)
    assert not at.data_editor
