"""A second floor: Streamlit's own cost for a page shaped like the atlas's /regions, with none of
the atlas's code. The same elements in the same layout (a sidebar with a language radio, two
selectboxes and a button; four bordered chart blocks, each with a chart/table switch, a Plotly
chart of the same size as the atlas's, an expander with a caption and a list, an Export
button; a 23 x 13 table), static content, figures built once per process and region. A change
of region redraws what it redraws on /regions: four charts (the first one's bars are the
macro split the benchmarks check; the map's classes change) and the table's rows. Measured
beside the bare page: what a page of this shape costs in Streamlit itself, whatever the app
does.
"""

import os

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

# as many regions as the atlas's filter lists (SHAPED_REGIONS, set by the bench from the data):
# the list the dropdown draws is part of the page's shape
REGIONS = ["all", "east", "central", "west", "northeast"]
REGIONS += [f"place {i}" for i in range(len(REGIONS), int(os.environ.get("SHAPED_REGIONS", 5)))]
VALUES = {"all": [30, 8, 5, 2], "east": [30, 0, 0, 0], "central": [0, 8, 0, 0]}


@st.cache_resource
def _figures(region: str) -> list[go.Figure]:
    """Three bar charts and a map-sized chart (six filled traces, ~5,000 float32 points), all
    four drawn for ``region``: the first from ``VALUES``, the others' values and the map's
    fill colours differ by region."""
    k = REGIONS.index(region)
    y = VALUES.get(region, [0, 0, 5, 2])
    bars = [go.Figure(go.Bar(x=["East", "Central", "West", "Northeast"], y=y))]
    bars += [go.Figure(go.Bar(x=["A", "B", "C", "D"], y=[3 + k, 2, 4 + i, 1])) for i in range(2)]
    rng = np.random.default_rng(0)
    shapes = go.Figure()
    palette = ["#F2F2F2", "#C6DBEF", "#9ECAE1", "#6BAED6", "#2171B5", "#08306B"]
    for i in range(6):
        xy = rng.uniform(73, 136, (850, 2)).astype("f4")
        colour = palette[(i + k) % len(palette)]
        shapes.add_scatter(x=xy[:, 0], y=xy[:, 1], fill="toself", mode="lines", fillcolor=colour)
    return [*bars, shapes]


@st.cache_resource
def _table(region: str) -> pd.DataFrame:
    k = REGIONS.index(region)
    return pd.DataFrame({f"col{i}": [f"value {i}-{j}" for j in range(23 - k)] for i in range(13)})


st.sidebar.radio("Language", ["zh", "en"], horizontal=True, key="lang")
region = st.sidebar.selectbox("Region", REGIONS, key="region")
st.sidebar.selectbox("Domain", ["all", "a", "b", "c"], key="domain")
st.sidebar.button("Report", key="report")
st.query_params["region"] = region  # as the atlas does: the load client checks the change arrived
st.header("Regions")
figures = _figures(region)
for i, fig in enumerate(figures):
    with st.container(border=True):
        st.caption("a note on the filters")
        st.toggle("Table", key=f"mode_{i}")
        st.plotly_chart(fig, key=f"fig_{i}")
        with st.expander("Sources · Quote"):
            st.caption("A description of the chart, generated from its data.")
            st.markdown("- `fact-1` · Publisher 2022-11-30 · “a quote”\n- `fact-2` · another")
        st.button("Export", key=f"export_{i}")
st.subheader("All regional figures")
st.dataframe(_table(region), hide_index=True)
