"""Text from data or from the URL, made safe to show. No streamlit import.

Publishers, titles, URLs and quotes come from sidecars and facts files that anyone with the
Curate page could write, and query parameters from anyone's link. Streamlit renders Markdown
(links, images that the browser fetches, colour and icon directives, maths) and Plotly renders
a little HTML (``<a href>``, ``<b>``): shown as they are, such strings become live links or
outside requests. Every such string passes through one function here before it is shown:

- ``md``: for ``st.markdown``, ``st.caption``, notices, expander labels, help tooltips,
  ``st.table`` cells;
- ``link``: a Markdown link only for an http(s) URL, otherwise the URL as text.

Plotly's text (footers, hover) is escaped where the figure is drawn, ``dashboard.charts.as_text``
(the chart builders import nothing else of the dashboard).
"""

from __future__ import annotations

import re
import string
from urllib.parse import quote, urlsplit

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them
# turns off links, images, emphasis, HTML, Streamlit's :directives: and $maths$ alike.
_MD = re.compile("([" + re.escape(string.punctuation) + "])")
# GFM's literal autolinks survive escapes (Streamlit's Markdown finds them in the parsed text:
# https://…, www.…, a@b.c): an invisible word joiner breaks each pattern.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)")
_SPACE = re.compile(r"\s+")
ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters (an ellipsis marking the cut)."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def md(value: object, limit: int | None = None) -> str:
    """``value`` as literal text in Markdown, on one line, shortened to ``limit`` characters."""
    text = _SPACE.sub(" ", str(value)).strip()
    if limit is not None:
        text = shorten(text, limit)
    return _MD.sub(r"\\\1", _AUTOLINK.sub(JOINER, text))


def md_block(value: object) -> str:
    """``value`` as literal text in Markdown, its paragraphs (blank-line separated) kept."""
    return "\n\n".join(md(p) for p in str(value).split("\n\n"))


def web_url(url: object) -> str | None:
    """``url`` if it is an http or https address with a host, else None (``javascript:``,
    ``data:``, relative paths and anything malformed are never links)."""
    if not isinstance(url, str) or not url or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def link(label: str, url: object) -> str:
    """A Markdown link to ``url`` labelled ``label`` if it is a web address, else the URL (if
    any) as text."""
    safe = web_url(url)
    if safe is None:
        return md(url) if isinstance(url, str) and url else ""
    return f"[{md(label)}](<{quote(safe, safe=':/?#[]@!$&*+,;=%~')}>)"
