"""The Guangdong page's own lists, made once per data version and language: its named
clusters (each a Markdown line, with its domain and its source's caption) and the table of its
other labels. No streamlit import.

In: the ``Atlas`` snapshot and a language. Out: a ``GuangdongPage``; a run of the page only
picks the named clusters of the domain in force.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from dashboard.data import Atlas
from dashboard.i18n import in_lang, t
from dashboard.safe import md
from dashboard.views import arrow, readable, source_label


@dataclass(frozen=True)
class Named:
    """A named cluster of the page: its domain id (or ""), its line and its source's caption."""

    domain: str
    line: str
    caption: str


@dataclass(frozen=True)
class GuangdongPage:
    """What the page lists below its charts, in one language."""

    named: tuple[Named, ...]
    systems: pa.Table | pd.DataFrame  # a DataFrame where a column mixes types (``arrow``)


def make(atlas: Atlas, lang: str) -> GuangdongPage:
    """The page's labels: those of Guangdong and its cities (the programme's events are on
    Trends), the named clusters apart."""
    regions = atlas.regions
    mine = {"guangdong", *regions.loc[regions["parent_id"] == "guangdong", "region_id"]}
    labels = atlas.labels
    labels = labels[labels["region"].isin(mine) & (labels["topic"] != "event")]
    domain_names = atlas.domains.set_index("domain_id")[f"name_{lang}"]
    named = []
    for _, r in labels[labels["topic"] == "named_cluster"].iterrows():
        domain = r["domain"] if isinstance(r["domain"], str) else ""
        name = md(in_lang(r["label"], r.get("label_en"), lang))
        line = f"- **{name}** · {md(domain_names.get(domain, '') if domain else '')} · "
        caption = (
            f"{t('source', lang)}: {md(source_label(r, lang))} · "
            f'<span class="atlas-quote">“{md(r["quote"])}”</span>'
        )
        named.append(Named(domain, line + t(str(r["kind"]), lang), caption))
    other = labels[labels["topic"] != "named_cluster"]
    other = other.assign(
        label=[in_lang(r["label"], r.get("label_en"), lang) for _, r in other.iterrows()],
        publisher=[
            in_lang(r["publisher"], r.get("publisher_en"), lang) for _, r in other.iterrows()
        ],
    )
    cols = ["label", "topic", "kind", "publisher", "published_on", "quote"]
    shown = readable(other, lang, cols + (["note"] if lang == "en" else []))  # notes: English
    return GuangdongPage(tuple(named), arrow(shown))
