"""How well the intake reads the press: each real article's first-pass accuracy, in the order
the articles were curated, with the running accuracy over all figures so far. No streamlit
import.

In: the ``Atlas`` snapshot (its ``intake_log`` table, built by the ETL from
data/intake_log.csv) and a language. Out: a Plotly figure, the headline figures (overall, first
ten, last ten) and the log as a reader's table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts
from dashboard.i18n import in_lang, t

if TYPE_CHECKING:
    from dashboard.data import Atlas

JUDGED = ["accepted_as_proposed", "corrected", "added_by_hand", "rejected"]


def _rate(rows: pd.DataFrame) -> float | None:
    judged = int(rows[JUDGED].to_numpy().sum())
    return float(rows["accepted_as_proposed"].sum()) / judged if judged else None


def headline(atlas: Atlas) -> dict[str, float | None]:
    """First-pass accuracy over all figures judged: overall, first ten and last ten articles."""
    log = atlas.intake_log
    return {"all": _rate(log), "first": _rate(log.head(10)), "last": _rate(log.tail(10))}


def description(atlas: Atlas, lang: str) -> str:
    """The chart in words, for its accessible name."""
    pct = {k: "—" if v is None else f"{100 * v:.0f}%" for k, v in headline(atlas).items()}
    return t("intake_description", lang, n=len(atlas.intake_log), **pct)


def curve(atlas: Atlas, lang: str) -> go.Figure:
    """A bar per article (its first-pass accuracy) and the running accuracy as a line."""
    log = atlas.intake_log
    judged = log[JUDGED].sum(axis=1)
    running = log["accepted_as_proposed"].cumsum() / judged.cumsum().where(judged.cumsum() > 0)
    names = [f"{int(s)} · {sid}" for s, sid in zip(log["seq"], log["source_id"], strict=True)]
    fig = go.Figure()
    fig.add_bar(
        x=log["seq"],
        y=100 * log["first_pass_accuracy"],
        name=t("intake_article", lang),
        marker_color=charts.NEUTRAL,
        customdata=names,
        hovertemplate="%{customdata}: %{y:.0f}%<extra></extra>",
    )
    zero = log[log["first_pass_accuracy"] == 0]  # a bar of 0 is no bar: mark it on the axis
    fig.add_scatter(
        x=zero["seq"],
        y=[0] * len(zero),
        name=t("intake_zero", lang),
        mode="markers",
        marker={"symbol": "x-thin", "size": 9, "color": "#333333", "line": {"width": 1.5}},
        customdata=[names[i] for i in range(len(log)) if log["first_pass_accuracy"].iloc[i] == 0],
        hovertemplate="%{customdata}: 0%<extra></extra>",
        cliponaxis=False,
    )
    fig.add_scatter(
        x=log["seq"],
        y=100 * running,
        name=t("intake_running", lang),
        mode="lines",
        line={"color": "#D55E00", "width": 2},
        hovertemplate="%{y:.0f}%<extra></extra>",
    )
    fig.update_yaxes(title=t("intake_axis", lang), range=[0, 105], ticksuffix="%")
    fig.update_xaxes(title=t("intake_order", lang), dtick=5)
    fig.update_layout(
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": 1.12, "x": 0},
        bargap=0.2,
    )
    return fig


def table(atlas: Atlas, lang: str) -> pd.DataFrame:
    """The log as a reader sees it, headers in ``lang``."""
    cols = ["seq", "curated_on", "source_id", "figures_listed", *JUDGED, "wrong_at_medium"]
    df = atlas.intake_log[[*cols, "first_pass_accuracy", "notes"]].copy()
    src = atlas.sources.set_index("source_id")
    df["source_id"] = [  # the article by its title in the reader's language (its id if withdrawn)
        in_lang(src.at[i, "title"], src.at[i, "title_en"], lang) if i in src.index else i
        for i in df["source_id"]
    ]
    df["curated_on"] = df["curated_on"].astype(str).str[:10]
    df["first_pass_accuracy"] = [
        "—" if pd.isna(v) else f"{100 * v:.0f}%" for v in df["first_pass_accuracy"]
    ]
    return df.rename(columns=lambda c: t(f"col_il_{c}", lang))
