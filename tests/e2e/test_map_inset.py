"""The map on /regions, in a real browser, at desktop and phone width: the South China Sea
islands inset is drawn (its frame, the boundary line inside it, its label over it), within the
map's plot area and the window."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from tests.e2e.helpers import TIMEOUT, no_exception, shot, wait_ready

pytestmark = pytest.mark.e2e

INSET = "south_china_sea"  # the frame's and label's name; the traces' uid prefix
LABEL = {"zh": "南海诸岛", "en": "Islands"}

# The frame (a layout shape on the map's axes) and the inset's boundary line in page pixels,
# through Plotly's own axes and the group it drew for the trace of that name.
FRAME_JS = """gd => {
  const fl = gd._fullLayout, xa = fl.xaxis, ya = fl.yaxis;
  const s = (fl.shapes || []).find(s => s.name === 'NAME');
  const t = gd._fullData.find(t => t.name === 'NAME-dash_line');
  if (!s || !t) return null;
  const r = gd.querySelector('.main-svg').getBoundingClientRect();
  const plot = gd.querySelector('.nsewdrag').getBoundingClientRect();
  const dashes = [...gd.querySelectorAll('g.trace' + t.uid + ' path.js-line')]
    .map(p => p.getBoundingClientRect());
  const line = {left: Math.min(...dashes.map(b => b.left)),
    top: Math.min(...dashes.map(b => b.top)),
    width: Math.max(...dashes.map(b => b.right)) - Math.min(...dashes.map(b => b.left)),
    height: Math.max(...dashes.map(b => b.bottom)) - Math.min(...dashes.map(b => b.top)),
    n: dashes.length};
  return {left: r.left + xa._offset + xa.l2p(s.x0), right: r.left + xa._offset + xa.l2p(s.x1),
          top: r.top + ya._offset + ya.l2p(s.y1), bottom: r.top + ya._offset + ya.l2p(s.y0),
          plot: {left: plot.left, right: plot.right, top: plot.top, bottom: plot.bottom},
          line: {x: line.left, y: line.top, width: line.width, height: line.height, n: line.n}};
}""".replace("NAME", INSET)


def _inset_drawn(page: Any, lang: str, width: int) -> None:
    chart = page.locator(".js-plotly-plot").filter(has_text=t("title_regions_map", lang))
    expect(chart).to_have_count(1, timeout=TIMEOUT)
    chart.scroll_into_view_if_needed()
    frame = chart.evaluate(FRAME_JS)
    assert frame is not None, "no inset frame"
    plot, tol = frame["plot"], 1.5
    assert frame["right"] - frame["left"] > 20 and frame["bottom"] - frame["top"] > 20, frame
    assert plot["left"] - tol <= frame["left"] and frame["right"] <= plot["right"] + tol, frame
    assert plot["top"] - tol <= frame["top"] and frame["bottom"] <= plot["bottom"] + tol, frame
    assert frame["right"] <= width, frame  # not off the phone's screen
    box = frame["line"]
    assert box["n"] > 1 and box["width"] > 10 and box["height"] > 10, box  # the dashes
    assert frame["left"] - tol <= box["x"] and box["x"] + box["width"] <= frame["right"] + tol
    assert frame["top"] - tol <= box["y"] and box["y"] + box["height"] <= frame["bottom"] + tol
    label = chart.locator(".annotation-text").filter(has_text=LABEL[lang])
    expect(label).to_be_visible()
    text = label.bounding_box()
    assert text and text["y"] + text["height"] <= frame["top"] + tol  # over the frame
    assert frame["left"] - tol <= text["x"] and text["x"] + text["width"] <= frame["right"] + tol


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_shows_the_south_china_sea_inset(page: Any, app_url: str, lang: str) -> None:
    page.goto(f"{app_url}/regions?lang={lang}")
    wait_ready(page)
    no_exception(page)
    _inset_drawn(page, lang, 1400)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    wait_ready(page)
    _inset_drawn(page, lang, 390)
    shot(page, f"regions_map_inset_{lang}_phone")
