"""The controlled vocabularies of the atlas, in one place.

In: nothing. Out: the allowed values of scope, kind, qualifier, unit, figure status and check
status. The ETL validates against them, ``schema.sql``'s CHECK constraints are tested against
them, and the dashboard labels them through the i18n table.
"""

from __future__ import annotations

SCOPES = (
    "group25",
    "group45",
    "group80",
    "national",
    "macro_region",
    "key_region",
    "area",
    "province",
    "city",
    "cluster",
)
GROUPS = ("group25", "group45", "group80")
KINDS = ("actual", "target", "forecast")
QUALIFIERS = ("exact", "approx", "more_than", "less_than")
UNITS = ("count", "yuan", "percent", "pp", "usd", "tonne")
FIGURE_STATUSES = ("single", "agree", "differ")
CHECK_STATUSES = ("pass", "explained", "differ", "fail")
RANK_RULES = ("preferred", "official", "earliest", "source_id")
CONFIDENCES = ("high", "medium", "low")
