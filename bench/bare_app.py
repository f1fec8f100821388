"""The floor: a bare Streamlit page with one sidebar selectbox and one Plotly bar chart."""

import plotly.graph_objects as go
import streamlit as st

choice = st.sidebar.selectbox(
    "Region", ["all", "east", "central", "west", "northeast"], key="region"
)
st.query_params["region"] = choice  # as the atlas does: the load client checks the change arrived
y = {"all": [30, 8, 5, 2], "east": [30, 0, 0, 0], "central": [0, 8, 0, 0], "west": [0, 0, 5, 0]}
fig = go.Figure(go.Bar(x=["East", "Central", "West", "Northeast"], y=y.get(choice, [0, 0, 0, 2])))
st.plotly_chart(fig)
