"""Text from data and from the URL is shown as text (dashboard/safe.py, issue 18 items 2, 8)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.charts import as_text
from dashboard.safe import JOINER, link, md, web_url
from dashboard.views import SOURCE_COLUMNS, quotes_markdown

HOSTILE = [
    "[请点此登录核实](https://evil.example/login)",
    "![](https://evil.example/x.png)",
    "<img src=https://evil.example/y.png>",
    "https://evil.example/bare",
    "www.evil.example",
    "me@evil.example",
    ":red[danger] :material/warning: $x^2$ **bold** `code` # heading",
]


def _unescaped(text: str) -> str:
    """What Markdown shows for backslash escapes (and the invisible joiner)."""
    return re.sub(r"\\(.)", r"\1", text).replace(JOINER, "")


@pytest.mark.parametrize("value", HOSTILE)
def test_md_shows_the_text_as_typed_and_nothing_live(value: str) -> None:
    out = md(value)
    assert _unescaped(out) == value
    assert not re.search(r"(?<!\\)[\[\]()<>!*`$:#]", out)  # every markup character escaped
    assert not re.search(r"(?i)https?://|www\.|\w@", out.replace("\\", ""))  # no autolink


def test_md_shortens_and_keeps_one_line() -> None:
    out = md("x" * 5000 + "\n# h", limit=60)
    assert len(_unescaped(out)) == 60 and out.endswith("…") and "\n" not in out


@pytest.mark.parametrize(
    ("url", "live"),
    [
        ("https://www.miit.gov.cn/a.html", True),
        ("http://example.org/x?y=1", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example/x", False),
        ("https://", False),
        ("https://a.example/x y", False),
        (None, False),
    ],
)
def test_only_web_addresses_are_links(url: str | None, live: bool) -> None:
    assert (web_url(url) is not None) is live
    out = link("link", url)
    assert out.startswith("[link](<") is live
    if not live and url:
        assert _unescaped(out) == url


def test_plot_text_has_no_markup() -> None:
    assert as_text('<a href="https://evil.example">x</a> & co') == (
        '&lt;a href="https://evil.example"&gt;x&lt;/a&gt; &amp; co'
    )


def test_quotes_list_shows_publishers_and_urls_as_text() -> None:
    row = dict.fromkeys(SOURCE_COLUMNS, "")
    rows = pd.DataFrame(
        [
            {**row, "fact_id": "a.x", "publisher": HOSTILE[0], "url": "javascript:alert(1)"},
            {**row, "fact_id": "a.y", "publisher": "人民日报", "url": "https://www.people.cn/1"},
        ]
    )
    out = quotes_markdown(rows)
    assert "](https://evil" not in out and "](<javascript" not in out
    assert out.count("](<") == 1 and "](<https://www.people.cn/1>)" in out


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_documents_title_and_text_are_text_in_the_sources_list(value: str, lang: str) -> None:
    """The Sources page's list (one HTML block of disclosures) shows a document's title,
    publisher and text as typed: nothing in them becomes a tag or a link."""
    from html.parser import HTMLParser

    from dashboard.sources_data import document, documents_html

    row = pd.Series(
        {
            "n_facts": 1,
            "title": value,
            "title_en": value,
            "published_on": "2024-01-01",
            "publisher": value,
            "publisher_en": value,
            "url": "https://example.org/a",  # the sidecar's address: a link (test_hostile)
            "script": "simplified",
            "sha256": "0" * 64,
            "raw_path": "data/raw/x.txt",
            "licence": value,
            "published_on_note": value,
        }
    )
    marks = pd.DataFrame({"start_offset": [0], "end_offset": [2], "fact_id": [value]})
    page = documents_html((document(row, value, marks, lang),))

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)

        def handle_data(self, data: str) -> None:
            self.text.append(data)

    seen = Tags()
    seen.feed(page)
    allowed = {"div", "details", "summary", "span", "table", "tr", "th", "td", "p", "strong"}
    assert set(seen.tags) <= allowed | {"mark", "a"} and seen.tags.count("a") == 1
    shown = "".join(seen.text)
    assert value in shown and shown.count(value) >= 4  # title (twice), publisher, licence, …
