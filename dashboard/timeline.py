"""The programme's timeline: its dated events (labels of topic ``event``, each read from a
quote by the ETL), as a reader's list and as marks on a chart over time. No streamlit import.

In: the ``Atlas`` snapshot and a language. Out: a table of events (date, event, source,
quote) oldest first, and a Plotly figure with a dotted line and a numbered mark at each event
that falls within its dates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.charts import wrap_text
from dashboard.i18n import in_lang, source_label, t

if TYPE_CHECKING:
    from dashboard.data import Atlas

COLUMNS = ["no", "event_date", "event", "source", "quote"]
MARK = "#8C8C8C"


def events(atlas: Atlas, lang: str) -> pd.DataFrame:
    """Every event, oldest first: its number, date, words in ``lang``, source and quote."""
    ev = atlas.labels[atlas.labels["topic"] == "event"].sort_values(["event_date", "label_id"])
    rows = [
        {
            "no": i,
            "event_date": str(r["event_date"]),
            "event": in_lang(r["label"], r.get("label_en"), lang),
            "source": source_label(r, lang),
            "quote": str(r["quote"]),
        }
        for i, (_, r) in enumerate(ev.iterrows(), start=1)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def table(ev: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``events`` with headers in ``lang``."""
    return ev.rename(columns=lambda c: t(f"col_tl_{c}", lang))


def _as_date(d: str) -> pd.Timestamp:
    return pd.Timestamp(d if len(d) == 10 else f"{d}-01")


def mark_events(fig: Any, ev: pd.DataFrame, dates: pd.Series) -> pd.DataFrame:
    """Draw each event of ``ev`` dated within the span of ``dates`` (a chart's x values) as a
    dotted vertical line with its number on top (the event's words on hover); returns the
    events drawn, for the chart's footnote and source line."""
    if ev.empty or dates.empty:
        return ev.iloc[0:0]
    lo, hi = pd.to_datetime(dates).min(), pd.to_datetime(dates).max()
    pad = max((hi - lo) * 0.04, pd.Timedelta(days=30))
    shown = ev[[lo - pad <= _as_date(d) <= hi + pad for d in ev["event_date"]]]
    for _, e in shown.iterrows():
        x = _as_date(str(e["event_date"]))
        fig.add_shape(
            type="line",
            x0=x,
            x1=x,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": MARK, "width": 1, "dash": "dot"},
            layer="below",
        )
        fig.add_annotation(
            x=x,
            y=1,
            yref="paper",
            text=f"<b>{int(e['no'])}</b>",
            hovertext=f"{e['event_date']}: {e['event']}",
            showarrow=False,
            yanchor="bottom",
            font={"size": 11, "color": MARK},
        )
    return shown


def legend(shown: pd.DataFrame, lang: str) -> str:
    """The events drawn, for a footnote that travels with the chart: a line each
    ('1 2022-09-23 …'), wrapped to the footer's width."""
    items = [f"{r['no']} {r['event_date']} {r['event']}" for _, r in shown.iterrows()]
    return wrap_text("<br>".join([t("events_note", lang), *items]))
