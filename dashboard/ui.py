"""Streamlit rendering of a chart: title, period, notes, chart/table switch, sources and quotes,
and the downloads (PNG, SVG, PDF, CSV, XLSX), each built only when clicked."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import streamlit as st

from dashboard import export, state
from dashboard.data import Atlas
from dashboard.filters import View
from dashboard.i18n import t
from dashboard.views import ChartOut

# No Plotly toolbar: on a phone it covers the chart's title, and the Export popover offers
# the downloads people need.
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}
LABELS = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "csv": "CSV", "xlsx": "XLSX"}


@lru_cache(maxsize=1)
def _check() -> export.SelfCheck:
    return export.self_check()


def _lazy(
    out: ChartOut, view: View, fmt: str, names: dict[str, str], base: str | None
) -> Callable[[], bytes]:
    return lambda: export.export_bytes(out, view, fmt, names, base)


def base_url() -> str | None:
    """The app's own address as the browser sees it (scheme and host), for citations."""
    from urllib.parse import urlsplit

    url = st.context.url
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def downloads(out: ChartOut, view: View, atlas: Atlas) -> None:
    """A row of download buttons; images disabled (with the reason) if the self-check fails."""
    check = _check()
    names = state.names(view.lang, state.stamp())
    stem = export.file_stem(out, view)
    base = base_url()
    pop = st.popover(t("export", view.lang), icon=":material/download:")
    for fmt in (*export.IMAGE_FORMATS, *export.TABLE_FORMATS):
        col = pop
        image = fmt in export.IMAGE_FORMATS
        help_ = t("svg_note", view.lang) if fmt == "svg" else None
        if image and not check.ok:
            help_ = t("export_disabled", view.lang) + check.message
        col.download_button(
            LABELS[fmt],
            data=_lazy(out, view, fmt, names, base),
            file_name=f"{stem}.{fmt}",
            mime=export.MIME[fmt],
            key=f"dl_{out.chart_id}_{fmt}",
            on_click="ignore",
            disabled=image and not check.ok,
            help=help_,
            width="stretch",
        )
    pop.caption(t("svg_note", view.lang))
    citation, bib = export.cite(out, view, names, base)
    pop.markdown(f"**{t('cite_this', view.lang)}**")
    pop.code(citation, language=None, wrap_lines=True)
    pop.code(bib, language="latex", wrap_lines=True)
    if not check.ok:
        st.caption(t("export_disabled", view.lang) + check.message)


def show_chart(chart_id: str, *, on_click_domain: bool = False) -> ChartOut:
    """Render one chart of the registry for the current view."""
    a, view = state.current()
    out = state.chart(chart_id, view.lang, view.region, view.domain, state.stamp())
    with st.container(border=True):
        for note in out.notes:
            st.caption(f"ℹ️ {note}")
        if out.empty:
            st.markdown(f"**{out.title}**")
            st.info(t("no_data", view.lang) + " " + t("no_data_hint", view.lang))
            return out
        mode = st.segmented_control(
            t("view", view.lang),
            ["chart", "table"],
            default="chart",
            format_func=lambda m: t(m, view.lang),
            key=f"mode_{chart_id}",
            label_visibility="collapsed",
        )
        if mode == "table":
            st.markdown(f"**{out.title}** · {out.subtitle}")
            st.dataframe(out.table, hide_index=True, width="stretch")
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
                )
                points = getattr(getattr(event, "selection", None), "points", None) or []
                if points and points[0].get("customdata"):
                    picked = points[0]["customdata"][-1]
                    if picked != view.domain:
                        state.select_domain(str(picked))
            else:
                st.plotly_chart(
                    out.fig, key=f"fig_{chart_id}", config=CHART_CONFIG, alt=out.description
                )
        with st.expander(f"{t('sources', view.lang)} · {t('quote', view.lang)}"):
            st.caption(f"{t('description', view.lang)}: {out.description}")
            st.markdown(out.quotes_md)
        downloads(out, view, a)
    return out


def _report(view: View, kind: str, base: str | None) -> Callable[[], bytes]:
    def build() -> bytes:
        from dashboard.chartdefs import CHARTS, build_chart

        a = state.atlas()
        outs = [build_chart(cid, a, view) for cid in CHARTS]
        names = export.region_names(a, view.lang)
        return (
            export.report_pptx(outs, view, names, base)
            if kind == "pptx"
            else export.report_pdf(outs, view, names)
        )

    return build


def report_buttons(view: View) -> None:
    """Sidebar: the whole current view (filters, language) as one PPTX and one PDF."""
    check = _check()
    st.sidebar.markdown(f"**{t('report', view.lang)}**")
    stem = "_".join(["report", view.lang] + [f"{k}-{v}" for k, v in view.active().items()])
    cols = st.sidebar.columns(2)
    for col, kind in zip(cols, ("pptx", "pdf"), strict=True):
        col.download_button(
            kind.upper(),
            data=_report(view, kind, base_url()),
            file_name=f"{stem}.{kind}",
            mime=export.MIME[kind],
            key=f"report_{kind}",
            on_click="ignore",
            disabled=not check.ok,
            help=t("report_help", view.lang)
            if check.ok
            else t("export_disabled", view.lang) + check.message,
            icon=":material/slideshow:" if kind == "pptx" else ":material/picture_as_pdf:",
        )
