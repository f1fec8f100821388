"""Streamlit glue: the cached database snapshot, the view state synced with the URL, notices.

The URL holds ``lang``, ``region`` and ``domain`` (and the page in its path). On a session's
first run the query parameters seed the state (invalid ones fall back to defaults with a
visible notice); afterwards the widgets own the state and every run writes it back to the URL,
so a copied link opens the same view, across page switches too.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dashboard.access import needs_token, start_problem, token_ok
from dashboard.data import Atlas, db_stamp, load_atlas
from dashboard.filters import ALL, LANGS, View, parse_view
from dashboard.i18n import t
from dashboard.memo import clear_all, memo
from dashboard.nav import CURATE, DEFAULT, PAGES
from dashboard.safe import md
from dashboard.views import (
    fact_table,
    members,
    national_figures,
    readable,
    region_names,
    regional_figures,
)
from etl.build import ensure_built, inputs_stamp, package_zip
from etl.errors import EtlError
from etl.paths import ROOT, Paths, default_paths
from etl.vocab import LEVELS

if TYPE_CHECKING:
    import pandas as pd

    from dashboard.cluster_page import Directory
    from dashboard.guangdong_data import GuangdongPage
    from dashboard.sources_data import SourcesPage

KEYS = ("lang", "region", "domain")
NOTICE_LIMIT = 60  # characters of an invalid URL value echoed in its notice


@st.cache_resource(show_spinner=False, max_entries=4)
def _atlas(db: str, stamp: str) -> Atlas:
    del stamp  # part of the cache key only: a rebuilt file gets a new entry
    atlas = load_atlas(Path(db))
    gc.collect()
    gc.freeze()  # the snapshot lives as long as the process: keep it out of every collection
    return atlas


@memo(8)
def names(lang: str, stamp: str) -> dict[str, str]:
    """Region and domain names in ``lang`` (for file names and export footers)."""
    del stamp  # cache key only
    return region_names(atlas(), lang)


def atlas() -> Atlas:
    """The current database snapshot (reloaded when the file is replaced), the same one for
    the whole script run."""
    held = st.session_state.get("_atlas")
    if held is not None and held[0] == stamp():
        return held[1]
    snapshot = _atlas(str(default_paths().db), stamp())
    st.session_state["_atlas"] = (stamp(), snapshot)
    return snapshot


def clear_caches() -> None:
    """Forget every cached value (the data changed under the running app, or a test swapped
    the database)."""
    st.cache_resource.clear()
    st.cache_data.clear()
    clear_all()


def paths() -> Paths:
    """Where the data and the database are (the Curate page writes through etl.intake)."""
    return default_paths()


def db_path() -> Path:
    """The database file the app reads."""
    return default_paths().db


def data_package() -> bytes:
    """The whole dataset as a Frictionless Data Package (ZIP), built from the database."""
    return package_zip(default_paths(), build=False)  # the database being served


def begin_run() -> None:
    """At the start of every script run: read the database version once for the whole run
    (every chart of a run is drawn from the same version, and the file is not stat'ed per
    chart)."""
    st.session_state["_stamp"] = db_stamp(default_paths().db)


def stamp() -> str:
    """The database version key, as read at the start of this run."""
    return st.session_state.get("_stamp") or db_stamp(default_paths().db)


def pages(lang: str, curate: bool) -> list[StreamlitPage]:
    """The app's ``st.Page`` objects in ``lang``, made once per session and language (making
    one resolves its script's path on disk). Not shared between sessions: ``st.navigation``
    marks the page it runs."""
    made = st.session_state.setdefault("_pages", {})
    key = (lang, curate)
    if key not in made:
        made[key] = [
            st.Page(
                f"screens/{p.slug}.py",
                title=t(p.title_key, lang),
                url_path=p.slug,
                icon=p.icon,
                default=p.slug == DEFAULT,
            )
            for p in ([*PAGES, CURATE] if curate else PAGES)
        ]
    return list(made[key])


@dataclass(frozen=True)
class Ready:
    """What the start-up check found: the database's state before it ('missing', 'stale',
    'fresh') or 'failed', and for a failure the ETL's message for the curator (paths relative
    to the project, never the server's)."""

    state: str
    problem: str = ""


def for_curator(message: str, paths: Paths) -> str:
    """An ETL message with the server's absolute paths made relative: the data folder reads
    ``data/``, the database its file name."""
    for full, short in (
        (str(paths.data.resolve()), "data"),
        (str(paths.data), "data"),
        (str(paths.db.resolve()), paths.db.name),
        (str(paths.db), paths.db.name),
        (str(ROOT) + "/", ""),
    ):
        message = message.replace(full, short)
    return message


@st.cache_resource(show_spinner=False, max_entries=4)
def _ensured(db: str, data: str, signature: str) -> Ready:
    """Build if missing or stale, once per process for a given state of the files. A failed
    build is remembered for that state too (every new session would otherwise run it again),
    logged on the server, and the last good database stays in place."""
    del signature  # cache key only
    paths = Paths(data=Path(data), db=Path(db))
    try:
        return Ready(ensure_built(paths.db, paths.data))
    except EtlError as e:
        problem = for_curator(str(e), paths)
        kept = "serving the last good database" if paths.db.exists() else "no database to serve"
        print(f"atlas: building the database failed ({kept}): {e}", file=sys.stderr, flush=True)
        return Ready("failed", problem)


def _signature(paths: Paths) -> str:
    """Cheap stamp of the inputs and the database (sizes and times), for the cache key above."""
    db = paths.db
    return "|".join([inputs_stamp(paths.data), db_stamp(db) if db.exists() else "missing"])


def readiness() -> Ready:
    """The database's state for the files as they are now (built or rebuilt if needed)."""
    paths = default_paths()
    return _ensured(str(paths.db), str(paths.data), _signature(paths))


def ensure_ready(lang_hint: str) -> None:
    """Once per session: build the database if missing or stale. A failed build never shuts
    readers out: the last good database is served, the server log and the Curate page say what
    failed. Only with no database at all does the page stop, with a notice that names no file
    (the details only with the Curate page on)."""
    if st.session_state.get("_db_ok"):
        return
    paths = default_paths()
    with st.spinner(t("db_missing", lang_hint) if not paths.db.exists() else "…"):
        ready = readiness()
    if ready.state == "failed" and not paths.db.exists():
        st.error(t("db_unavailable", lang_hint))
        if curating():
            st.info(f"{t('db_failed', lang_hint)} {ready.problem}")
            st.info(t("db_build_hint", lang_hint))
        st.stop()
    if ready.state == "stale":
        st.toast(t("db_rebuilt", lang_hint))
    st.session_state["_db_ok"] = True


def build_problem(lang: str) -> None:
    """On the Curate page: say what the latest build of data/ failed on, if it did."""
    ready = readiness()
    if ready.state == "failed":
        st.error(f"{t('db_failed_curator', lang)}\n\n{ready.problem}")


def curate_guard(lang: str) -> None:
    """At the top of the Curate page: when the page can be reached from elsewhere (not loopback,
    or through a proxy), ask for ``ATLAS_CURATE_TOKEN`` once per session, and stop the page
    without it; with no token configured there, refuse. Then say what the last build failed on."""
    token = os.environ.get("ATLAS_CURATE_TOKEN", "")
    address = st.get_option("server.address")
    headers = {k.lower(): v for k, v in st.context.headers.items()}
    # A session without an HTTP request (AppTest, bare mode) comes from no other machine.
    if token or (headers and needs_token(address, headers)):
        if not token or start_problem(True, address, token):
            st.error(t("curate_needs_token", lang))
            st.stop()
        if not st.session_state.get("_curate_ok"):
            given = st.text_input(t("curate_token", lang), type="password", key="cur_token")
            if not (given and token_ok(given, token)):
                if given:
                    time.sleep(1)  # a wrong guess costs a second
                    st.error(t("curate_token_wrong", lang))
                st.stop()
            st.session_state["_curate_ok"] = True
    build_problem(lang)


def curating() -> bool:
    """Whether the app runs with the Curate page (``ATLAS_CURATE=1``)."""
    return os.environ.get("ATLAS_CURATE") == "1"


@memo(8)
def _choices(lang: str, stamp: str) -> tuple[list[str], dict[str, str], list[str], dict[str, str]]:
    """Region ids (by level) and names, domain ids and names, in ``lang`` (once per database
    version)."""
    a = atlas()
    r = a.regions
    ids = [ALL] + [rid for lvl in LEVELS[1:] for rid in r.loc[r["level"] == lvl, "region_id"]]
    known = names(lang, stamp)
    return (
        ids,
        {ALL: t("all_regions", lang), **known},
        [ALL, *a.domains["domain_id"]],
        {ALL: t("all_domains", lang), **known},
    )


@memo(8)
def clusters_page(lang: str, stamp: str) -> Directory:
    """The Clusters page's tables in ``lang`` (once per database version)."""
    from dashboard.cluster_page import directory  # the page's module, when a page needs it

    del stamp  # cache key only
    return directory(atlas(), lang)


@memo(8)
def sources_page(lang: str, stamp: str) -> SourcesPage:
    """The Sources page in ``lang`` (once per database version: it depends on nothing else)."""
    from dashboard.sources_data import sources_page as make  # when a page needs it

    del stamp  # cache key only
    return make(atlas(), db_path(), lang)


@memo(8)
def _regional_tables(lang: str, stamp: str) -> tuple[pa.Table, tuple[str, ...]]:
    """Every regional figure as the Regions page shows it (an Arrow table: st.dataframe then
    skips the pandas conversion on every rerun), and each row's region (once per version)."""
    del stamp  # cache key only
    rows = regional_figures(atlas(), View(lang))
    table = pa.Table.from_pandas(readable(fact_table(rows, lang), lang), preserve_index=False)
    return table, tuple(rows["region"])


def regional_table(lang: str, region: str, stamp: str) -> pa.Table:
    """Every regional figure within ``region``: the rows of the whole table whose region lies
    in it, in the same order (a row reads the same whichever rows are beside it), so a new
    region costs a selection, not a table."""
    table, regions = _regional_tables(lang, stamp)
    if region == ALL:
        return table
    inside = members(atlas(), region)
    return table.take(pa.array([i for i, r in enumerate(regions) if r in inside], pa.int64()))


@memo(8)
def guangdong_page(lang: str, stamp: str) -> GuangdongPage:
    """The Guangdong page's lists in ``lang`` (once per data version)."""
    from dashboard import guangdong_data

    del stamp  # cache key only
    return guangdong_data.make(atlas(), lang)


@memo(8)
def timeline_table(lang: str, stamp: str) -> pa.Table | pd.DataFrame:
    """The programme's events as the Trends page lists them (once per data version)."""
    from dashboard import timeline
    from dashboard.views import arrow

    del stamp  # cache key only
    return arrow(timeline.table(timeline.events(atlas(), lang), lang))


@memo(8)
def national_table(lang: str, stamp: str) -> pa.Table:
    """Every national figure, as the table the Trends page shows (an Arrow table)."""
    del stamp  # cache key only
    rows = national_figures(atlas())
    return pa.Table.from_pandas(readable(fact_table(rows, lang), lang), preserve_index=False)


def sidebar(a: Atlas) -> View:
    """Seed state from the URL on the first run, draw the filters, write the state to the URL."""
    ss = st.session_state
    if "_init" not in ss:
        params = {k: str(st.query_params[k]) for k in KEYS if k in st.query_params}
        view, bad = parse_view(params, set(a.regions["region_id"]), set(a.domains["domain_id"]))
        ss.update(lang=view.lang, region=view.region, domain=view.domain, _notices=bad, _init=True)
    for k in KEYS:  # Streamlit drops a widget's state on a run that does not draw it: restore
        if k not in ss and f"_keep_{k}" in ss:
            ss[k] = ss[f"_keep_{k}"]
    if "_pending_domain" in ss:  # a click on a domain bar (set before the widget exists)
        ss["domain"] = ss.pop("_pending_domain")
    lang = ss["lang"]
    sb = st.sidebar
    sb.radio(
        t("language", lang),
        LANGS,
        key="lang",
        horizontal=True,
        format_func=lambda x: t("lang_name", x),
    )
    lang = ss["lang"]
    sb.markdown(f"**{t('filters', lang)}**")
    ids, names, domain_ids, dnames = _choices(lang, stamp())
    sb.selectbox(t("region", lang), ids, key="region", format_func=lambda x: names.get(x, x))
    sb.selectbox(
        t("domain", lang),
        domain_ids,
        key="domain",
        format_func=lambda x: dnames.get(x, x),
    )
    view = View(ss["lang"], ss["region"], ss["domain"])
    for k in KEYS:
        ss[f"_keep_{k}"] = ss[k]
    wanted = {"lang": view.lang, "region": view.region, "domain": view.domain}
    if {k: st.query_params.get(k) for k in KEYS} != wanted:
        st.query_params.update(wanted)
    for name_, value in ss.get("_notices", []):
        shown = md(value, limit=NOTICE_LIMIT)  # from anyone's link: escaped, shortened text
        st.warning(t("invalid_param", view.lang, name=md(name_), value=shown), icon="⚠️")
    ss["_view"] = view
    return view


def _clear_filters() -> None:
    st.session_state["region"] = ALL
    st.session_state["domain"] = ALL


def filter_bar(view: View) -> None:
    """Above the page, the filters that are set and a button that clears them: on a phone the
    sidebar is folded away, and a shared link (/regions?region=east) must say what it shows.

    The bar's place is kept on every run, filtered or not: an element that appears above the
    page would move every element below it, and the browser would draw them all again."""
    # One horizontal container (it wraps on a phone), not columns: three blocks fewer per run.
    slot = st.container(horizontal=True, vertical_alignment="center")
    active = view.active()
    if not active:
        return
    known = names(view.lang, stamp())
    what = " · ".join(f"{t(k, view.lang)} {md(known.get(v, v))}" for k, v in active.items())
    slot.caption(":material/filter_alt: " + t("filtered_by", view.lang, what=what), width="content")
    slot.button(
        t("clear_filters", view.lang),
        icon=":material/filter_alt_off:",
        key="clear_filters",
        on_click=_clear_filters,
        width="content",
    )


def current() -> tuple[Atlas, View]:
    """The snapshot and view for a page (set up by the entry point)."""
    return atlas(), st.session_state["_view"]


def select_domain(domain: str) -> None:
    """Filter every chart by ``domain`` (from a chart click) and rerun."""
    st.session_state["_pending_domain"] = domain
    st.rerun()
