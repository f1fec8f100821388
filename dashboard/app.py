"""Cluster Atlas: navigation and layout only. Run with `make run` or
`python -m streamlit run dashboard/server.py` (which serves this script)."""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

_T0 = time.perf_counter()
_CPU0 = time.thread_time()  # this run's own CPU time: what a busy machine hardly moves

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import state, ui  # noqa: E402
from dashboard.filters import LANGS  # noqa: E402
from dashboard.i18n import t  # noqa: E402
from dashboard.nav import DEFAULT  # noqa: E402

st.set_page_config(page_title=t("page_title", "en"), page_icon="🏭", layout="wide")
lang_hint = str(st.session_state.get("lang") or st.query_params.get("lang") or "zh")
state.ensure_ready(lang_hint if lang_hint in LANGS else LANGS[0])
state.begin_run()
ui.prepare(state.stamp())  # once per database version: what depends only on the data
view = state.sidebar(state.atlas())
state.filter_bar(view)
page = st.navigation(state.pages(view.lang, curate=os.environ.get("ATLAS_CURATE") == "1"))
ui.report_button(view)
st.sidebar.caption(t("app_subtitle", view.lang))
try:
    page.run()
except Exception as e:  # never a traceback for the user: say what failed, keep the app usable
    if type(e).__name__ in ("RerunException", "StopException"):
        raise
    # The details (which may name server paths) go to the server log, not to the reader.
    traceback.print_exc(file=sys.stderr)
    st.error(t("page_failed", view.lang, kind=type(e).__name__))
finally:
    if os.environ.get("ATLAS_TIMING"):  # read by bench/app_bench.py: the server-side rerun time
        first = int(not st.session_state.get("_ran"))
        st.session_state["_ran"] = True
        ms = (time.perf_counter() - _T0) * 1000
        cpu = (time.thread_time() - _CPU0) * 1000
        print(
            f"ATLAS_RERUN page={page.url_path or DEFAULT} first={first} ms={ms:.1f} cpu={cpu:.1f}",
            file=sys.stderr,
            flush=True,
        )
