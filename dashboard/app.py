"""Cluster Atlas: navigation and layout only. Run with `make run` or
`python -m streamlit run dashboard/app.py`."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_T0 = time.perf_counter()

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import state, ui  # noqa: E402
from dashboard.i18n import t  # noqa: E402

PAGES = (
    ("overview", "page_overview", ":material/dashboard:"),
    ("trends", "page_trends", ":material/trending_up:"),
    ("regions", "page_regions", ":material/map:"),
    ("domains", "page_domains", ":material/category:"),
    ("guangdong", "page_guangdong", ":material/flag:"),
    ("clusters", "page_clusters", ":material/list:"),
    ("sources", "page_sources", ":material/menu_book:"),
)

st.set_page_config(page_title="Cluster Atlas · 先进制造业集群图谱", page_icon="🏭", layout="wide")
lang_hint = str(st.session_state.get("lang") or st.query_params.get("lang") or "zh")
state.ensure_ready(lang_hint if lang_hint in ("zh", "en") else "zh")
view = state.sidebar(state.atlas())
pages = [
    st.Page(
        f"screens/{slug}.py",
        title=t(key, view.lang),
        url_path=slug,
        icon=icon,
        default=slug == "overview",
    )
    for slug, key, icon in PAGES
]
if os.environ.get("ATLAS_CURATE") == "1":  # the curation page: never in the default, read-only app
    pages.append(
        st.Page(
            "screens/curate.py",
            title=t("page_curate", view.lang),
            url_path="curate",
            icon=":material/edit_note:",
        )
    )
page = st.navigation(pages)
ui.report_buttons(view)
st.sidebar.caption(t("app_subtitle", view.lang))
try:
    page.run()
except Exception as e:  # never a traceback for the user: say what failed, keep the app usable
    if type(e).__name__ in ("RerunException", "StopException"):
        raise
    st.error(f"{type(e).__name__}: {e}")
finally:
    if os.environ.get("ATLAS_TIMING"):  # read by bench/app_bench.py: the server-side rerun time
        first = int(not st.session_state.get("_ran"))
        st.session_state["_ran"] = True
        ms = (time.perf_counter() - _T0) * 1000
        print(
            f"ATLAS_RERUN page={page.url_path or 'overview'} first={first} ms={ms:.1f}",
            file=sys.stderr,
            flush=True,
        )
