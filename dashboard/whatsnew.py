"""What's new: the changes from an earlier version of the atlas to now, as a reader's table.

In: the ``Atlas`` snapshot (its ``versions`` and ``changes`` tables, built by the ETL) and a
version id. Out: the versions a reader can pick, and one row per change with the figure's
names, old and new values in the reader's language and the sources that brought it. No
streamlit import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from dashboard.i18n import format_value, in_lang, period_label, t

if TYPE_CHECKING:
    from dashboard.data import Atlas

COLUMNS = ["change", "metric", "region", "domain", "period", "before", "now", "sources"]


def version_choices(atlas: Atlas, lang: str) -> dict[str, str]:
    """Every version but the current one, newest first: id -> '2026-11-23 · d15bde186e09 · 5'."""
    v = atlas.versions.sort_values("as_of", ascending=False).iloc[1:]
    return {
        str(r["version"]): t(
            "version_label",
            lang,
            date=str(r["as_of"])[:10],
            version=str(r["version"]),
            n=int(r["n_sources"]),
        )
        for _, r in v.iterrows()
    }


def _value(value: object, unit: str, qualifier: object, lang: str) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "—"
    return format_value(float(value), unit, lang, str(qualifier))  # type: ignore[arg-type]


def changes_table(atlas: Atlas, since_version: str, lang: str) -> pd.DataFrame:
    """The changes since ``since_version``, one row per (kind of change, figure)."""
    c = atlas.changes[atlas.changes["since_version"] == since_version]
    if c.empty:
        return pd.DataFrame(columns=[t(f"col_wn_{k}", lang) for k in COLUMNS])
    titles = dict(zip(atlas.sources["source_id"], atlas.sources["publisher"], strict=True))
    titles_en = dict(zip(atlas.sources["source_id"], atlas.sources["publisher_en"], strict=True))

    def names(ids: str) -> str:
        sep = t("sep_semicolon", lang)
        return sep.join(in_lang(titles[i], titles_en.get(i), lang) for i in ids.split(";") if i)

    rows = [
        {
            "change": t(f"change_{r['change']}", lang),
            "metric": r[f"metric_{lang}"],
            "region": r[f"region_{lang}"],
            "domain": r[f"domain_{lang}"] if isinstance(r[f"domain_{lang}"], str) else "",
            "period": period_label(r["period"], lang),
            "before": _value(r["old_value"], r["unit"], r["old_qualifier"], lang),
            "now": _value(r["new_value"], r["unit"], r["new_qualifier"], lang),
            "sources": names(str(r["new_source_ids"])),
        }
        for _, r in c.iterrows()
    ]
    return pd.DataFrame(rows, columns=COLUMNS).rename(columns=lambda k: t(f"col_wn_{k}", lang))


def counts(atlas: Atlas, since_version: str) -> dict[str, int]:
    """How many changes of each kind since ``since_version``."""
    c = atlas.changes[atlas.changes["since_version"] == since_version]
    return {str(k): int(n) for k, n in c["change"].value_counts().items()}
