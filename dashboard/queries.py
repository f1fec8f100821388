"""Named read-only queries against the DuckDB file. No streamlit import.

In: the database path (and, where a query takes user input, ``?`` parameters). Out: pandas
DataFrames. Each call opens a short-lived read-only connection, so a rebuild (which replaces the
file) is seen by the next call and never blocks the ETL.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

_DIMS = """
JOIN metrics m ON m.metric_id = f.metric
JOIN regions r ON r.region_id = f.region
LEFT JOIN domains d ON d.domain_id = f.domain
JOIN sources s USING (source_id)
"""
_DIM_COLS = """m.name_zh AS metric_zh, m.name_en AS metric_en,
       r.name_zh AS region_zh, r.short_zh AS region_short_zh, r.name_en AS region_en,
       r.level AS region_level, d.name_zh AS domain_zh, d.name_en AS domain_en,
       s.title AS source_title, s.title_en AS source_title_en, s.publisher, s.publisher_en,
       s.published_on, s.url"""

# Every report (fact), with its figure's status: for quotes lists and the Sources page.
REPORTS_SQL = f"""
SELECT f.*, g.status, g.n_sources, g.preferred_fact_id = f.fact_id AS shown, {_DIM_COLS}
FROM facts f JOIN figures g USING (figure_id)
{_DIMS}
ORDER BY f.period_start NULLS LAST, f.figure_id, shown DESC, s.published_on, f.fact_id
"""

# One row per figure: the preferred report's columns, with the figure's status, its number of
# sources and every report's value and source in both languages (for hovers and tables).
FIGURES_SQL = f"""
WITH said AS (
  SELECT f.figure_id,
         string_agg(f.surface || '(' || s.publisher || ' ' || s.published_on || ')', ';'
                    ORDER BY s.published_on, f.fact_id) AS reports_zh,
         string_agg(f.surface || ' ('
                    || coalesce(nullif(s.publisher_en, ''), s.publisher || ' ' || ?) || ', '
                    || s.published_on || ')', '; ' ORDER BY s.published_on, f.fact_id) AS reports_en
  FROM facts f JOIN sources s USING (source_id) GROUP BY f.figure_id
)
SELECT f.*, g.status, g.n_sources, g.n_facts, g.preferred_by, g.explanation,
       said.reports_zh, said.reports_en, {_DIM_COLS}
FROM figures g JOIN facts f ON f.fact_id = g.preferred_fact_id
JOIN said ON said.figure_id = g.figure_id
{_DIMS}
ORDER BY f.period_start NULLS LAST, f.fact_id
"""

TABLES = {
    "figures": FIGURES_SQL,
    "reports": REPORTS_SQL,
    "labels": "SELECT l.*, s.title AS source_title, s.publisher, s.publisher_en, s.published_on "
    "FROM labels l JOIN sources s USING (source_id) ORDER BY l.label_id",
    "sources": "SELECT * EXCLUDE (clean_text) FROM sources ORDER BY published_on",
    "metrics": "SELECT * FROM metrics ORDER BY metric_id",
    "regions": "SELECT * FROM regions ORDER BY sort",
    "domains": "SELECT * FROM domains ORDER BY sort",
    "key_members": "SELECT * FROM key_region_members",
    "clusters": "SELECT * FROM clusters ORDER BY cluster_id",
    "cluster_provinces": "SELECT * FROM cluster_provinces",
    "checks": "SELECT * FROM checks ORDER BY check_id",
    "domain_notes": "SELECT * FROM domain_notes ORDER BY group_id, domain_id",
    "shapes": "SELECT * FROM province_shapes ORDER BY adcode",
    "sea": "SELECT * FROM south_china_sea ORDER BY layer",
    "build_info": "SELECT * FROM build_info",
    "cluster_mentions": "SELECT m.*, s.publisher, s.publisher_en, s.published_on "
    "FROM cluster_mentions m JOIN sources s USING (source_id) "
    "ORDER BY m.cluster_id, s.published_on, m.source_id",
    "intake_log": "SELECT * FROM intake_log ORDER BY seq",
    "versions": "SELECT * FROM versions ORDER BY as_of",
    "changes": """
SELECT c.*, g.unit, g.period, m.name_zh AS metric_zh, m.name_en AS metric_en,
       r.name_zh AS region_zh, r.name_en AS region_en, d.name_zh AS domain_zh,
       d.name_en AS domain_en
FROM changes c JOIN figures g USING (figure_id) JOIN metrics m ON m.metric_id = g.metric
JOIN regions r ON r.region_id = g.region LEFT JOIN domains d ON d.domain_id = g.domain
ORDER BY c.since_version, c.change, g.metric, r.sort, c.figure_id""",
}


# The figures' reports in English mark a publisher with no English name (as dashboard.i18n's
# no_translation, which tests/test_translations.py keeps equal; no i18n import here).
NO_ENGLISH = "(no English)"
PARAMS = {"figures": [NO_ENGLISH]}


def read_all(db: Path) -> dict[str, pd.DataFrame]:
    """Every named table, read in one short-lived connection."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(sql, PARAMS.get(name, [])).df() for name, sql in TABLES.items()}


def documents(db: Path) -> tuple[dict[str, str], pd.DataFrame]:
    """Every source's cleaned text, and the scanner's figure mentions of every source (with
    the fact each curated one feeds), read in one short-lived connection."""
    with duckdb.connect(str(db), read_only=True) as con:
        texts = dict(con.execute("SELECT source_id, clean_text FROM sources").fetchall())
        mentions = con.execute(
            "SELECT * FROM mentions WHERE kind = 'figure' ORDER BY source_id, start_offset"
        ).df()
    return {str(k): str(v) for k, v in texts.items()}, mentions
