"""The app's pages, in menu order: one list for the app, its tests and its benchmarks.

Each page is (url slug, i18n key of its title, icon); its script is ``screens/<slug>.py``.
The Curate page is added only when ``ATLAS_CURATE=1``. No streamlit import.
"""

from __future__ import annotations

from typing import NamedTuple


class Page(NamedTuple):
    """One page of the app."""

    slug: str
    title_key: str
    icon: str


PAGES = (
    Page("overview", "page_overview", ":material/dashboard:"),
    Page("trends", "page_trends", ":material/trending_up:"),
    Page("regions", "page_regions", ":material/map:"),
    Page("domains", "page_domains", ":material/category:"),
    Page("guangdong", "page_guangdong", ":material/flag:"),
    Page("clusters", "page_clusters", ":material/list:"),
    Page("sources", "page_sources", ":material/menu_book:"),
)
CURATE = Page("curate", "page_curate", ":material/edit_note:")
DEFAULT = PAGES[0].slug
SLUGS = tuple(p.slug for p in PAGES)
