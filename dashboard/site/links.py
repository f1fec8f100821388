"""Where the static site's files live and how the app links to them. No streamlit import.

In: a chart id, a language, a ``View``. Out: paths inside the site (relative, so the site
works from any folder on any file server) and absolute addresses for the app's Export dialog
(the site's public address: ``ATLAS_SITE_URL``, else ``$ATLAS_PUBLIC_URL/site``, else the
address ``make serve-site`` uses).
"""

from __future__ import annotations

import os
from html import escape
from urllib.parse import urlencode

from dashboard.filters import View

SITE_PORT = 8502  # make serve-site
DEFAULT_SITE_URL = f"http://localhost:{SITE_PORT}"
EMBED_EXTRA = 64  # pixels under the figure in the embed: the source line and the link back


def site_url() -> str:
    """The static site's public address, without a trailing slash."""
    explicit = os.environ.get("ATLAS_SITE_URL")
    if explicit:
        return explicit.rstrip("/")
    public = os.environ.get("ATLAS_PUBLIC_URL")
    return f"{public.rstrip('/')}/site" if public else DEFAULT_SITE_URL


def chart_dir(lang: str, chart_id: str) -> str:
    """A chart's folder inside the site: its page, its embed, its variants and files."""
    return f"{lang}/charts/{chart_id}"


def page_file(lang: str, slug: str) -> str:
    """An app page's file inside the site."""
    return f"{lang}/{slug}.html"


def variant_key(view: View) -> str:
    """The key of a view among a chart's variants: 'region|domain'."""
    return f"{view.region}|{view.domain}"


def query(view: View) -> str:
    """The app's query string for a view: lang, region and domain."""
    return urlencode({"lang": view.lang, "region": view.region, "domain": view.domain})


def chart_url(chart_id: str, view: View, base: str | None = None) -> str:
    """The static page of a chart, opened on the view's language and filters."""
    root = (base or site_url()).rstrip("/")
    return f"{root}/{chart_dir(view.lang, chart_id)}/index.html?{query(view)}"


def embed_url(chart_id: str, view: View, base: str | None = None) -> str:
    """The chart-only view (``embed.html``) of a chart, for an iframe."""
    root = (base or site_url()).rstrip("/")
    return f"{root}/{chart_dir(view.lang, chart_id)}/embed.html?{query(view)}"


def embed_code(url: str, title: str, height: int) -> str:
    """The iframe to paste into another page: full width, the chart's height plus its source
    line; the title is escaped (it names the chart for screen readers)."""
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" loading="lazy" '
        f'style="width:100%;max-width:100%;height:{height + EMBED_EXTRA}px;border:0"></iframe>'
    )
