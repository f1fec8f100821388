"""Streamlit rendering of a chart: title, period, notes, chart/table switch, sources and quotes,
and the downloads (PNG, SVG, PDF, CSV, XLSX), each built only when clicked; the sidebar's
report buttons (PPTX, PDF of every chart of the current view)."""

from __future__ import annotations

import gc
import sys
import threading
import traceback
from dataclasses import replace
from functools import lru_cache, partial
from typing import Literal
from urllib.parse import urlsplit

import streamlit as st

from dashboard import state
from dashboard.chartdefs import (
    CHARTS,
    UNIVERSES,
    build_chart,
    built_view,
    for_view,
    headline_cards,
    make_map_bases,
)
from dashboard.charts import FrozenFigure
from dashboard.data import Atlas
from dashboard.export import engine
from dashboard.export.formats import (
    IMAGE_FORMATS,
    MIME,
    REPORT_FORMATS,
    TABLE_FORMATS,
    cite,
    export_bytes,
    file_stem,
    report_bytes,
    report_stem,
)
from dashboard.filters import ALL, LANGS, View
from dashboard.i18n import t
from dashboard.memo import memo
from dashboard.safe import md
from dashboard.site.links import chart_url, embed_code, embed_url
from dashboard.views import ChartOut, readable

# No Plotly toolbar: on a phone it covers the chart's title, and the Export popover offers
# the downloads people need.
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}
LABELS = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "csv": "CSV", "xlsx": "XLSX"}
REPORT_ICONS = {"pptx": ":material/slideshow:", "pdf": ":material/picture_as_pdf:"}


# Charts built, per database version and the filters each chart reads (``effective``): a chart
# of the whole country has two versions (the languages), one read by the domain 2 x 7, one by
# region and domain 2 x 45 x 7 (regions and domains of today's data). The bound is at least
# this, and at start-up at least twice the space of the data served (``combinations``: a
# rebuilt database's charts beside the old ones'); the oldest beyond it are dropped.
BUILT_BOUND = 4096


@memo(BUILT_BOUND)
def built(chart_id: str, lang: str, region: str, domain: str, stamp: str) -> ChartOut:
    """A chart built for an effective view, cached per database version; its figure frozen
    (kept as its JSON only: read it through ``to_dict``)."""
    del stamp  # cache key only
    out = build_chart(chart_id, state.atlas(), View(lang, region, domain))
    return out if out.fig is None else replace(out, fig=FrozenFigure.of(out.fig).release())


def chart(chart_id: str, lang: str, region: str, domain: str, stamp: str) -> ChartOut:
    """A built chart for a view: built once for the filters it reads, with the view's notes."""
    spec = CHARTS[chart_id]
    view = View(lang, region, domain)
    eff = built_view(spec, view, state.atlas())
    return for_view(built(chart_id, eff.lang, eff.region, eff.domain, stamp), spec, view, eff)


def combinations(atlas: Atlas) -> int:
    """How many charts the app can build for one database version: for every chart, both
    languages times every region (and none) if it reads the region, times every domain (and
    none) if it reads the domain."""
    regions = 1 + len(atlas.regions)
    domains = 1 + len(atlas.domains)
    return sum(
        len(LANGS)
        * (regions if "region" in spec.inputs() else 1)
        * (domains if "domain" in spec.inputs() else 1)
        for spec in CHARTS.values()
    )


_PREPARING = threading.Lock()
_TRIED: set[str] = set()  # database versions whose making ahead was started


def prepare(stamp: str) -> None:
    """``made``, by the first session that asks for a database version; a session that comes
    while another makes it goes on without waiting (what it shows, it builds as it needs it)."""
    if stamp not in _TRIED and _PREPARING.acquire(blocking=False):
        _TRIED.add(stamp)  # once, even if it fails: a failure must not cost every run again
        try:
            made(stamp)
            # what was made lives as long as its database version: out of every collection
            # (a full collection would otherwise walk it again and again under load); what an
            # earlier version froze is let go first, so its cycles can be collected
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        except Exception:  # making ahead is an optimisation: a page builds what it shows, and
            # says what fails there without a server path; the details go to the server log
            traceback.print_exc(file=sys.stderr)
        finally:
            _PREPARING.release()


def made(stamp: str) -> None:
    """Once per database version, at start-up: make what depends only on the data, so that no
    reader's first view pays for it: every chart whose figure no region changes (in both
    languages, for each domain it reads: two to fourteen versions each), the headline cards,
    the national and regional tables, the timeline, the Guangdong, Clusters and Sources pages'
    lists; of the charts a region changes, those it changes only through the places it holds
    in each of their few distinct views (``chartdefs.UNIVERSES``: six or so), the others
    unfiltered only (filtered, when asked for: they are cheap to make)."""
    a = state.atlas()
    built.maxsize = max(BUILT_BOUND, 2 * combinations(a))
    # which regions stand for which (the places each holds), and the few charts they draw
    drawn = {
        u: {
            built_view(CHARTS[u], View(LANGS[0], r), a).region
            for r in [ALL, *a.regions["region_id"]]
        }
        for u in UNIVERSES
    }
    domains = [ALL, *a.domains["domain_id"]]
    make_map_bases(a, LANGS)  # the map of any view is then made from one of these
    for lang in LANGS:
        for cid, spec in CHARTS.items():
            reads = spec.inputs()
            if cid in drawn:  # a handful: one per distinct set of places a region holds
                for region in drawn[cid]:
                    built(cid, lang, region, ALL, stamp)
            elif "region" in reads:  # unfiltered: what a plain link shows
                built(cid, lang, ALL, ALL, stamp)
            else:
                for domain in domains if "domain" in reads else [ALL]:
                    built(cid, lang, ALL, domain, stamp)
        cards(lang, stamp)
        state.national_table(lang, stamp)
        state.timeline_table(lang, stamp)
        state.guangdong_page(lang, stamp)
        state.regional_table(lang, ALL, stamp)
        state.sources_page(lang, stamp)
        state.clusters_page(lang, stamp)


@memo(8)
def cards(lang: str, stamp: str) -> list[tuple[str, str, str, str]]:
    """The Overview's headline cards in ``lang`` (once per database version)."""
    del stamp  # cache key only
    return headline_cards(state.atlas(), lang)


@lru_cache(maxsize=1)
def _check() -> engine.SelfCheck:
    return engine.self_check()


def base_url() -> str | None:
    """The app's own address as the browser sees it (scheme and host), for citations."""
    url = st.context.url
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def downloads(out: ChartOut, view: View) -> None:
    """The chart's downloads and citation (the body of the Export dialog); images disabled,
    with the reason, if the self-check fails."""
    check = _check()
    names = state.names(view.lang, state.stamp())
    stem = file_stem(out, view)
    base = base_url()
    st.markdown(f"**{out.title}**")
    for fmt in (*IMAGE_FORMATS, *TABLE_FORMATS):
        image = fmt in IMAGE_FORMATS
        help_ = t("svg_note", view.lang) if fmt == "svg" else None
        if image and not check.ok:
            help_ = t("export_disabled", view.lang) + check.message
        st.download_button(
            LABELS[fmt],
            data=partial(export_bytes, out, view, fmt, names, base),  # made when clicked
            file_name=f"{stem}.{fmt}",
            mime=MIME[fmt],
            key=f"dl_{out.chart_id}_{fmt}",
            on_click="ignore",
            disabled=image and not check.ok,
            help=help_,
            width="stretch",
        )
    st.caption(t("svg_note", view.lang))
    if not check.ok:
        st.caption(t("export_disabled", view.lang) + check.message)
    citation, bib = cite(out, view, names, base)
    st.markdown(f"**{t('cite_this', view.lang)}**")
    st.code(citation, language=None, wrap_lines=True)
    st.caption(t("bibtex", view.lang))
    st.code(bib, language="latex", wrap_lines=True)
    static = chart_url(out.chart_id, view)  # the static page: same view, and its embed code
    st.markdown(f"**{t('site_static_page', view.lang)}**: [{static}]({static})")
    height = int(out.fig.shown_height() or 460) if isinstance(out.fig, FrozenFigure) else 460
    st.code(embed_code(embed_url(out.chart_id, view), out.title, height), language="html")


def sources(out: ChartOut, view: View) -> None:
    """The chart's description and quotes, in an expander whose body is drawn only while it
    is open: closed, it costs a run nothing to draw, and a filter change sends and redraws none
    of the up to 40 quotes no one is reading. Opening it is a run of the page (a few ms; the
    charts, unchanged, are not drawn again): as a fragment of its own it would rerun alone,
    but four fragments cost a run of /regions more than the quotes did. A language switch
    closes it (its label, part of its identity, changes)."""
    box = st.expander(
        f"{t('sources', view.lang)} · {t('quote', view.lang)}",
        key=f"src_{out.chart_id}",
        on_change="rerun",
    )
    if box.open:
        box.caption(f"{t('description', view.lang)}: {md(out.description)}")
        box.markdown(out.quotes_md, unsafe_allow_html=True)  # data escaped: views.quotes_md


def export_button(out: ChartOut, view: View) -> None:
    """One button; the downloads are drawn only in the dialog it opens. Drawing them on every
    run would register five download callables per chart per rerun with Streamlit's media
    manager (a process-wide lock): the main cost of a rerun under load."""
    if st.button(t("export", view.lang), icon=":material/download:", key=f"export_{out.chart_id}"):
        st.dialog(t("export", view.lang), width="large")(downloads)(out, view)


def chart_height(fig: FrozenFigure) -> int | Literal["content"]:
    """The figure's own height, told to Streamlit: asked to take it from the figure
    ("content"), Streamlit reads the figure's whole JSON again on every run (a map's: about
    a millisecond) for that one number."""
    value = fig.shown_height()
    return int(value) if value else "content"


def show_chart(chart_id: str, *, on_click_domain: bool = False) -> ChartOut:
    """Render one chart of the registry for the current view."""
    _, view = state.current()
    out = chart(chart_id, view.lang, view.region, view.domain, state.stamp())
    with st.container(border=True):
        # The notes' place is kept when there are none: a note that appears on a filter change
        # would move the chart below it, and the browser would draw it again, unchanged.
        slot = st.container()
        for note in out.notes:
            slot.caption(f"ℹ️ {note}")
        if out.empty:
            st.markdown(f"**{out.title}**")
            st.info(t("no_data", view.lang) + " " + t("no_data_hint", view.lang))
            return out
        # A toggle, not a segmented control: the same choice at a third of the cost per run
        # (Streamlit's button group formats every option again on every run).
        if st.toggle(t("table", view.lang), key=f"mode_{chart_id}"):
            st.markdown(f"**{out.title}** · {out.subtitle}")
            st.dataframe(readable(out.table, view.lang), hide_index=True, width="stretch")
        else:
            assert out.fig is not None
            if on_click_domain:
                event = st.plotly_chart(
                    out.fig,
                    key=f"fig_{chart_id}",
                    on_select="rerun",
                    selection_mode="points",
                    config=CHART_CONFIG,
                    alt=out.description,
                    height=chart_height(out.fig),
                )
                points = getattr(getattr(event, "selection", None), "points", None) or []
                if points and points[0].get("customdata"):
                    picked = points[0]["customdata"][-1]
                    if picked != view.domain:
                        state.select_domain(str(picked))
            else:
                st.plotly_chart(
                    out.fig,
                    key=f"fig_{chart_id}",
                    config=CHART_CONFIG,
                    alt=out.description,
                    height=chart_height(out.fig),
                )
        sources(out, view)
        export_button(out, view)
    return out


def report(view: View) -> None:
    """The body of the Report dialog: every chart of the current view as one PPTX or PDF."""
    check = _check()
    stem = report_stem(view)
    base = base_url()

    def build(kind: str) -> bytes:
        stamp = state.stamp()
        outs = [chart(cid, view.lang, view.region, view.domain, stamp) for cid in CHARTS]
        return report_bytes(outs, view, kind, state.names(view.lang, stamp), base)

    st.caption(t("report_help", view.lang))
    if not check.ok:
        st.caption(t("export_disabled", view.lang) + check.message)
    for kind in REPORT_FORMATS:
        st.download_button(
            kind.upper(),
            data=partial(build, kind),
            file_name=f"{stem}.{kind}",
            mime=MIME[kind],
            key=f"report_{kind}",
            on_click="ignore",
            disabled=not check.ok,
            icon=REPORT_ICONS[kind],
            width="stretch",
        )


def report_button(view: View) -> None:
    """Sidebar: a button that opens the Report dialog (drawn only when asked for)."""
    if st.sidebar.button(
        t("report", view.lang), icon=":material/slideshow:", key="report", width="stretch"
    ):
        st.dialog(t("report", view.lang))(report)(view)
