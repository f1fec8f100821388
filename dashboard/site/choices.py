"""The filter values the static site offers, as the app's sidebar does. No streamlit import.

In: the ``Atlas`` snapshot. Out: region ids (all, then level by level) and domain ids (all,
then each domain).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.filters import ALL
from etl.vocab import LEVELS

if TYPE_CHECKING:  # a type only
    from dashboard.data import Atlas


def region_choices(atlas: Atlas) -> list[str]:
    """The region ids the app's filter offers, in its order: all, then level by level."""
    r = atlas.regions
    return [ALL] + [rid for lvl in LEVELS[1:] for rid in r.loc[r["level"] == lvl, "region_id"]]


def domain_choices(atlas: Atlas) -> list[str]:
    """The domain ids the app's filter offers: all, then each domain."""
    return [ALL, *atlas.domains["domain_id"]]
