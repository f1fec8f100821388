"""The intake's honest curve: the log of first passes, its accuracy computed from its counts by
the ETL, and shown on the Sources page in both languages."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import load_atlas
from dashboard.i18n import t
from dashboard.intake_curve import curve, headline
from dashboard.state import clear_caches
from etl.errors import EtlError
from etl.intakelog import read_intake_log
from etl.paths import ROOT, Paths
from etl.pipeline import run

APP = ROOT / "dashboard" / "app.py"
LOG = ROOT / "data" / "intake_log.csv"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_accuracy_is_computed_from_the_counts() -> None:
    for r in read_intake_log(LOG):
        judged = r.accepted_as_proposed + r.corrected + r.added_by_hand + r.rejected
        assert r.first_pass_accuracy == (r.accepted_as_proposed / judged if judged else None)


def test_a_stated_accuracy_that_the_counts_do_not_give_is_an_error(data_copy: Paths) -> None:
    path = data_copy.data / "intake_log.csv"
    if not path.exists():
        pytest.skip("no intake log yet")
    rows = _rows(path.read_text(encoding="utf-8"))
    judged = next(i for i, r in enumerate(rows) if r["first_pass_accuracy"].strip())
    rows[judged]["first_pass_accuracy"] = (
        "0.123" if rows[judged]["accepted_as_proposed"] != "0" else "0.9"
    )
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(EtlError, match="does not follow from the counts") as e:
        run(data_copy)
    assert "intake_log.csv" in str(e.value) and f":{judged + 2}" in str(e.value)


@pytest.fixture
def _isolated(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ATLAS_DB", str(db_path))
    clear_caches()
    yield
    clear_caches()


def test_the_curve_draws_every_logged_article(db_path: Path) -> None:
    atlas = load_atlas(db_path)
    bars, zeros, line = curve(atlas, "en").data
    assert list(bars.x) == list(atlas.intake_log["seq"])
    log = atlas.intake_log
    assert list(zeros.x) == list(log.loc[log["first_pass_accuracy"] == 0, "seq"])
    judged = atlas.intake_log[["accepted_as_proposed", "corrected", "added_by_hand", "rejected"]]
    overall = atlas.intake_log["accepted_as_proposed"].sum() / judged.to_numpy().sum()
    assert abs(line.y[-1] - 100 * overall) < 1e-9
    assert abs(headline(atlas)["all"] - overall) < 1e-12  # type: ignore[operator]


@pytest.mark.usefixtures("_isolated")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sources_page_shows_the_intake_curve(db_path: Path, lang: str) -> None:
    atlas = load_atlas(db_path)
    if atlas.intake_log.empty:
        pytest.skip("no intake log yet")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("screens/sources.py")
    at.run()
    assert not at.exception, at.exception
    pct = {k: f"{100 * v:.0f}%" for k, v in headline(atlas).items() if v is not None}
    assert any(t("intake_headline", lang, **pct) in m.value for m in at.markdown)
    tables = [d.value for d in at.dataframe if t("col_il_seq", lang) in d.value.columns]
    assert len(tables) == 1 and len(tables[0]) == len(atlas.intake_log)
