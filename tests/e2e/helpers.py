"""Shared pieces of the browser tests and the benchmarks: start and stop a real `streamlit
run` on a free loopback port, Debian's Chromium and its flags, waiting on Streamlit's own run
state, and checks every page needs. Imported by tests/e2e/ and bench/ (not a conftest, so
plain imports work from both).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from dashboard.sources_data import DOCS_CLASS
from deploy.serve_replicas import free_ports, wait_for

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
TIMEOUT = 30_000  # ms, for every wait in a browser
# Streamlit marks its app container with the script's run state; "notRunning" once a run is over.
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    """A free TCP port on the loopback interface, outside the range the kernel gives to
    outgoing connections (see ``deploy.serve_replicas.free_ports``)."""
    return free_ports(1)


def start_app(
    env_extra: dict[str, str], script: str = "dashboard/server.py", log: Path | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """A `streamlit run` of ``script`` (the atlas by default) on a free loopback port, with extra
    environment; its output goes to ``log`` (a temporary file by default, never an unread
    pipe). Returns the process and its URL once it answers."""
    port = free_port()
    env = {**os.environ, "BROWSER_PATH": CHROMIUM, **env_extra}
    log = log or Path(tempfile.mkstemp(prefix="atlas-server-", suffix=".log")[1])
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/_stcore/health", proc=proc, log=log)
    except RuntimeError:
        proc.kill()
        raise
    return proc, url


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a server started by ``start_app``."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_ready(page: Any) -> None:
    """Wait until Streamlit says the script run is over and every chart on the page is drawn.
    After an interaction, first wait for what it changes (the URL, a title): the run may not
    have started yet when this is called."""
    from playwright.sync_api import expect

    expect(page.locator(IDLE)).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=TIMEOUT)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(c => c.querySelector('.js-plotly-plot .main-svg'))",
        timeout=TIMEOUT,
    )


def no_exception(page: Any) -> None:
    """No Streamlit exception box and no traceback on the page."""
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator("text=Traceback")).to_have_count(0)


def params(page: Any) -> dict[str, str]:
    """The page's query parameters."""
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def chart_titles(page: Any) -> list[str]:
    """The titles of the charts drawn on the page."""
    return [t or "" for t in page.locator(".js-plotly-plot .gtitle").all_text_contents()]


def open_export(page: Any, label: str, nth: int = 0) -> Any:
    """Open the Export dialog of the ``nth`` chart on the page (its button says ``label``) and
    return the dialog, once its downloads are drawn."""
    from playwright.sync_api import expect

    page.locator('[data-testid="stButton"] button').filter(has_text=label).nth(nth).click()
    dialog = page.locator('[data-testid="stDialog"]')
    expect(dialog.locator('[data-testid="stDownloadButton"]').first).to_be_visible(timeout=TIMEOUT)
    return dialog


# Text a reader sees that is neither language's: quotes and original titles (citations, kept as
# published), identifiers and code (fact ids, the BibTeX entry), the language switch (each
# language's own name) and icon ligatures. The app marks quotes and titles with these classes.
EXEMPT = ", ".join(
    [
        ".atlas-quote",
        ".atlas-original",
        "code",
        "pre",
        ".st-key-lang",
        '[data-testid="stIconMaterial"]',
        ".material-symbols-rounded",
        "script",
        "style",
        ".modebar-container",
        ".hoverlayer",
        '[data-testid="stSkipLink"]',
    ]
)

_TEXTS_JS = """([exempt, exemptCols]) => {
  const out = [];
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && cs.visibility !== 'hidden'
      && cs.display !== 'none' && el.checkVisibility({opacityProperty: true});
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const s = n.nodeValue.trim();
    const el = n.parentElement;
    if (!s || !el || el.closest(exempt)) continue;
    if (el.closest('[data-testid="stDataFrame"]')) continue;  // read below, by column
    if (shown(el)) out.push(s);
  }
  // data grids draw on a canvas; their accessible table holds the cells in the DOM
  for (const grid of document.querySelectorAll('[data-testid="stDataFrame"] table')) {
    const heads = [...grid.querySelectorAll('thead th')].map(th => th.textContent.trim());
    out.push(...heads.filter(Boolean));
    for (const row of grid.querySelectorAll('tbody tr')) {
      [...row.children].forEach((td, i) => {
        const col = heads[(parseInt(td.getAttribute('aria-colindex') || (i + 1)) - 1)];
        const s = td.textContent.trim();
        if (s && !exemptCols.includes(col)) out.push(s);
      });
    }
  }
  return out;
}"""


def visible_texts(page: Any, exempt_columns: list[str]) -> list[str]:
    """Every visible text on the page (chart SVG text included, data-grid cells read from the
    grid's accessible table), except what ``EXEMPT`` marks and the grid columns named in
    ``exempt_columns`` (quotes, original titles)."""
    # a data grid writes its accessible table a moment after it is drawn: wait for it
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"]')]"
        ".filter(g => g.getBoundingClientRect().height > 0)"
        ".every(g => g.querySelector('table'))",
        timeout=TIMEOUT,
    )
    return list(page.evaluate(_TEXTS_JS, [EXEMPT, exempt_columns]))


def open_expanders(page: Any) -> None:
    """Open every expander on the page, and every document of the Sources page's list (their
    text counts, as a reader can open them)."""
    page.evaluate(
        '() => document.querySelectorAll(\'[data-testid="stExpander"] details:not([open])'
        " > summary').forEach(s => s.click())"
    )
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stExpander\"] details:not([open])')",
        timeout=TIMEOUT,
    )
    # a chart's Sources · Quote draws its body once opened (opening it is a run): wait for it
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stExpander\"] details[open]')]"
        ".every(d => d.querySelector('[data-testid=\"stExpanderDetails\"]')?.innerText.trim())",
        timeout=TIMEOUT,
    )
    wait_ready(page)
    open_documents(page)


def open_documents(page: Any) -> None:
    """Open every document of the Sources page's list (native disclosures, not expanders)."""
    page.evaluate(
        f"() => document.querySelectorAll('.{DOCS_CLASS} details:not([open])')"
        ".forEach(d => {{ d.open = true; }})"
    )


_CLIPPED_JS = """() => {
  const out = [];
  const clips = (cs) =>
    ['hidden', 'clip'].includes(cs.overflowX) || cs.textOverflow === 'ellipsis';
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const skip = 'svg, [data-testid="stDataFrame"], .modebar-container, [data-testid="stSkeleton"]';
    if (el.closest(skip)) continue;
    const own = [...el.childNodes].some(c => c.nodeType === 3 && c.nodeValue.trim());
    if (!own || !el.checkVisibility()) continue;
    const cs = getComputedStyle(el);
    if (clips(cs) && el.scrollWidth > el.clientWidth + 1)
      out.push(`${el.tagName}: ${el.textContent.trim().slice(0, 60)}`);
  }
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('.main-svg');
    if (!svg) continue;
    const box = svg.getBoundingClientRect();
    for (const t of plot.querySelectorAll('.main-svg text')) {
      if (!t.textContent.trim() || !t.checkVisibility()) continue;
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      const out_x = r.left < box.left - 1 || r.right > box.right + 1;
      if (out_x || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        out.push(`chart text outside its chart: ${t.textContent.trim().slice(0, 60)}`);
    }
  }
  return out;
}"""


def clipped_labels(page: Any) -> list[str]:
    """Texts cut by their box: an element with its own text that hides overflow and whose text
    is wider than the element (scrollWidth > clientWidth), and chart texts outside their
    chart's SVG."""
    return list(page.evaluate(_CLIPPED_JS))


# Chart texts that must not overlap: title, axis titles and tick labels, legend items,
# annotations (subplot titles, notes, the source line).
_OVERLAP_JS = """(tol) => {
  const sel = ['.gtitle', '.g-xtitle text', '.g-ytitle text', '[class*=xtick] text',
               '[class*=ytick] text', '.legendtext', '.annotation-text'].join(', ');
  const out = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot, k) => {
    const title = (plot.querySelector('.gtitle') || {}).textContent || `chart ${k}`;
    const boxes = [...plot.querySelectorAll(sel)]
      .filter(t => t.textContent.trim() && t.checkVisibility())
      .map(t => [t.textContent.trim(), t.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && r.height > 0);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > tol && h > tol)
        out.push(`${title.slice(0, 30)}: '${a.slice(0, 30)}' x '${b.slice(0, 30)}'`);
    }
  });
  return out;
}"""


def overlapping_chart_texts(page: Any, tolerance_px: float = 3.0) -> list[str]:
    """Pairs of chart texts (in the same chart) whose boxes intersect by more than
    ``tolerance_px`` both across and down."""
    return list(page.evaluate(_OVERLAP_JS, tolerance_px))


_SMALL_JS = """(minPx) => {
  const out = [];
  document.querySelectorAll('.js-plotly-plot .main-svg text').forEach(t => {
    if (!t.textContent.trim() || !t.checkVisibility()) return;
    // Plotly shrinks a bar's text with a scale transform, not its font size: measure both
    const m = t.getScreenCTM(), base = t.ownerSVGElement.getScreenCTM();
    const scale = Math.hypot(m.a, m.b) / Math.hypot(base.a, base.b);
    const size = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (size < minPx) out.push(`${t.textContent.trim().slice(0, 40)} (${size.toFixed(1)} px)`);
  });
  return out;
}"""


def tiny_chart_texts(page: Any, min_px: float = 9.0) -> list[str]:
    """Chart texts drawn smaller than ``min_px``: the font size times any scale transform
    (Plotly shrinks a bar's text to fit the bar by scaling it)."""
    return list(page.evaluate(_SMALL_JS, min_px))
