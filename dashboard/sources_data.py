"""What the Sources & methods page shows, made once per database version and language.

Everything on that page depends only on the data: the documents with their figures marked, the
facts, the metrics, the checks, what changed since each earlier version and the intake curve.
Drawing it from the database on every run (two queries per document, a table converted per
document) cost about two seconds a run; here it is made once, at start-up, and the page only
puts it on screen. No streamlit import.

In: a snapshot (``Atlas``), the database path (for the documents' cleaned texts and the
scanner's marks) and a language. Out: a ``SourcesPage``.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pyarrow as pa

from dashboard.charts import FrozenFigure
from dashboard.data import Atlas, db_stamp
from dashboard.i18n import in_lang, t
from dashboard.intake_curve import curve, headline
from dashboard.intake_curve import description as intake_description
from dashboard.intake_curve import table as intake_table
from dashboard.queries import documents
from dashboard.safe import web_url
from dashboard.views import arrow, checks_in, fact_table, readable
from dashboard.whatsnew import changes_table, counts, version_choices

TEXT_STYLE = "white-space:pre-wrap;line-height:1.8;font-size:0.92rem"
META_STYLE = "border-collapse:collapse;margin:0.5rem 0;overflow-wrap:anywhere;font-size:0.9rem"
CELL_STYLE = "padding:0.15rem 0.6rem 0.15rem 0;vertical-align:top;text-align:left"


# The documents' list: each a native disclosure (<details>), all in one HTML block. As 82
# Streamlit expanders of one st.html each, the list cost every run of the page ~160 elements
# (two thirds of its server time); as one block it is one element, sent once per version.
DOCS_CLASS = "atlas-docs"
DETAILS_STYLE = "border:1px solid rgba(128,128,128,0.35);border-radius:0.5rem;margin:0 0 0.5rem 0"
SUMMARY_STYLE = "padding:0.6rem 1rem;cursor:pointer;line-height:1.6"
BODY_STYLE = "padding:0 1rem 0.8rem 1rem"


@dataclass(frozen=True)
class Document:
    """One source as the page lists it: its label and its body (HTML, every value escaped)."""

    label: str
    body: str


def documents_html(docs: tuple[Document, ...]) -> str:
    """Every document as a disclosure whose summary is its label, in one block of HTML."""
    items = "".join(
        f'<details style="{DETAILS_STYLE}"><summary style="{SUMMARY_STYLE}">{d.label}</summary>'
        f'<div style="{BODY_STYLE}">{d.body}</div></details>'
        for d in docs
    )
    return f'<div class="{DOCS_CLASS}">{items}</div>'


class CleanHtml(str):
    """HTML that ``st.html`` puts on the page as it is: cleaned once, when made, the way
    ``st.html`` cleans a plain string (dedented and stripped), which it does on every run (2 ms
    of each run of the Sources page for its 285 KB of documents). ``st.html`` takes an object's
    ``_repr_html_`` without cleaning it."""

    @classmethod
    def of(cls, text: str) -> CleanHtml:
        return cls(textwrap.dedent(text).strip())

    def _repr_html_(self) -> str:
        return str(self)


@dataclass(frozen=True)
class SourcesPage:
    """The Sources page in one language."""

    version: str
    year: str
    documents_html: CleanHtml  # every document as the page shows it (``documents_html``)
    facts: pa.Table | pd.DataFrame
    metrics: pa.Table | pd.DataFrame
    checks: pa.Table | pd.DataFrame
    versions: dict[str, str]  # version id -> label, newest first
    tallies: dict[str, dict[str, int]]  # per version: changes of each kind since it
    changes: dict[str, pa.Table | pd.DataFrame]  # per version: the changes since it
    headline: dict[str, str]  # the intake's accuracy: overall, first ten, last ten
    curve: FrozenFigure | None
    curve_alt: str
    intake: pa.Table | pd.DataFrame | None


def _marked(text: str, marks: pd.DataFrame) -> str:
    """The cleaned text, escaped, with each curated figure in a ``<mark>`` naming its fact."""
    parts, pos = [], 0
    for a, b, fact in zip(
        marks["start_offset"], marks["end_offset"], marks["fact_id"], strict=True
    ):
        parts.append(html.escape(text[pos : int(a)]))
        parts.append(
            f'<mark title="{html.escape(str(fact))}">{html.escape(text[int(a) : int(b)])}</mark>'
        )
        pos = int(b)
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def _url(url: object) -> str:
    """A link only to a web address; anything else as text (or a dash)."""
    safe = web_url(url)
    if safe is None:
        return html.escape(str(url)) if isinstance(url, str) and url else "—"
    href = html.escape(quote(safe, safe=":/?#[]@!$&*+,;=%~"))
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{html.escape(safe)}</a>'


def document(s: pd.Series, text: str, marks: pd.DataFrame, lang: str) -> Document:
    """One source: its label and its body (original title, what the sidecar says, how the date
    was established, the cleaned text with its figures marked)."""
    n = int(s["n_facts"])
    # the original title is a citation; in English the heading gives its English rendering
    title = s["title"] if lang == "zh" else in_lang(s["title"], s["title_en"], lang)
    label = html.escape(f"{str(s['published_on'])[:10]} · {title} · {n} {t('facts', lang)}")
    meta = {
        t("publisher", lang): html.escape(in_lang(s["publisher"], s["publisher_en"], lang)),
        t("published_on", lang): html.escape(str(s["published_on"])[:10]),
        t("col_url", lang): _url(s["url"]),
        t("col_script", lang): html.escape(t(str(s["script"]), lang)),
        t("col_sha256", lang): html.escape(str(s["sha256"])),
        t("col_raw_path", lang): html.escape(str(s["raw_path"])),
        # the sidecar's notes are written in English
        t("licence", lang): html.escape(in_lang(None, s["licence"], lang)),
    }
    rows = "".join(
        f'<tr><th style="{CELL_STYLE};white-space:nowrap">{html.escape(k)}</th>'
        f'<td style="{CELL_STYLE}">{v}</td></tr>'
        for k, v in meta.items()
    )
    # how the date was established: the curator's note, quoting the page's date line
    note = in_lang(None, s["published_on_note"], lang) or "—"
    body = (
        f"<div>{html.escape(t('original_title', lang))}: "
        f'<span class="atlas-original">{html.escape(str(s["title"]))}</span></div>'
        f'<table style="{META_STYLE}">{rows}</table>'
        f"<div>{html.escape(t('col_date_note', lang))}: "
        f'<span class="atlas-original">{html.escape(note)}</span></div>'
        f"<p><strong>{html.escape(t('cleaned_text', lang))}</strong></p>"
        f'<div class="atlas-original" style="{TEXT_STYLE}">{_marked(text, marks)}</div>'
    )
    return Document(label, body)


@lru_cache(maxsize=2)
def _documents(db: Path, stamp: str) -> tuple[dict[str, str], pd.DataFrame]:
    """``queries.documents`` of one database version (``stamp``: a cache key only)."""
    del stamp
    return documents(db)


def sources_page(atlas: Atlas, db: Path, lang: str) -> SourcesPage:
    """Everything the Sources page shows in ``lang``, from one snapshot and one read of the
    documents' texts."""
    texts, mentions = _documents(db, db_stamp(db))  # one read for both languages
    mentions = mentions[mentions["fact_id"].notna()]
    by_source = dict(iter(mentions.groupby("source_id", sort=False)))
    empty = mentions.iloc[0:0]
    docs = tuple(
        document(s, texts.get(str(s["source_id"]), ""), by_source.get(s["source_id"], empty), lang)
        for _, s in atlas.sources.iterrows()
    )
    info = dict(zip(atlas.build_info["key"], atlas.build_info["value"], strict=True))
    metric_cols = ["name_zh", "name_en", "unit", "definition_zh", "definition_en"]
    versions = version_choices(atlas, lang)
    log = not atlas.intake_log.empty
    return SourcesPage(
        version=str(info["data_fingerprint"])[:12],
        year=str(info["built_at"])[:4],
        documents_html=CleanHtml.of(documents_html(docs)),
        facts=arrow(readable(fact_table(atlas.reports, lang), lang)),
        metrics=arrow(readable(atlas.metrics, lang, metric_cols)),
        checks=arrow(readable(checks_in(atlas, lang), lang)),
        versions=versions,
        tallies={v: counts(atlas, v) for v in versions},
        changes={v: arrow(changes_table(atlas, v, lang)) for v in versions},
        headline={k: "—" if v is None else f"{100 * v:.0f}%" for k, v in headline(atlas).items()},
        curve=FrozenFigure.of(curve(atlas, lang)).release() if log else None,
        curve_alt=intake_description(atlas, lang) if log else "",
        intake=arrow(intake_table(atlas, lang)) if log else None,
    )
