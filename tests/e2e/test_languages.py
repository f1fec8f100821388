"""Every page in both languages, in a real browser: no text in the other language outside
quotes and original titles (which the app marks: ``.atlas-quote``, ``.atlas-original``, the
grids' quote columns), chart SVG text included; and no label cut by its box."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from dashboard.nav import DEFAULT, SLUGS
from tests.e2e.helpers import clipped_labels, open_expanders, visible_texts, wait_ready

pytestmark = pytest.mark.e2e

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A Latin word with a lower-case letter (acronyms such as PNG, CSV, GDP, R&D are shared by both).
WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")
# Identifiers are neither language: addresses, file paths and extensions, checksums.
URL = re.compile(
    r"(https?://\S+|\b[\w.-]+\.(org|com|cn|net|gov|cc|io|info)\b\S*|\S+/\S+"
    r"|(?<!\w)\.[a-z]{2,5}\b|\b[0-9a-f]{16,}\b)"
)
# Proper names a Chinese reader sees as they are: the atlas's own name, a format, a unit symbol.
NAMES = ("Cluster Atlas", "BibTeX", "Excel", "km", "pp")
# Grid columns holding citations (the quote, the figure as printed, the registry's own notes
# and addresses, which are unchanged copies of research notes).
QUOTE_COLUMNS = ("col_quote", "col_surface", "col_notes", "col_sources", "col_source_title")


def foreign(text: str, lang: str) -> bool:
    """Whether ``text`` holds words of the language the UI is not in. A name the data give in
    one language only is shown with a visible marker ('(no English)'): not a silent leak."""
    if t("no_translation", lang) in text:
        return False
    if lang == "en":
        return bool(HAN.search(text))
    rest = URL.sub(" ", text)
    for name in NAMES:
        rest = rest.replace(name, " ")
    return any(len(w) > 1 for w in WORD.findall(rest))


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("证券时报", "en", True),
        ("Securities Times, 2022-09-24", "en", False),
        ("Jul 2022", "zh", True),
        ("2022年7月", "zh", False),
        ("g45-regions-sum", "zh", True),
        ("PNG · CSV · GDP · R&D", "zh", False),
        ("高新院 (achie.org)", "zh", False),
        ("来源未署名 (a.yinxiao8.cc)", "zh", False),
        ("见 https://example.org/a", "zh", False),
        ("data/raw/2022-09-24-stcn-25-clusters.txt", "zh", False),
        ("证券时报 (no English)", "en", False),
        ("上传文件(.txt / .html,不超过2 MB)", "zh", False),
    ],
)
def test_foreign(text: str, lang: str, expected: bool) -> None:
    assert foreign(text, lang) is expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_text_in_the_other_language(page: Any, app_url: str, lang: str) -> None:
    exempt_cols = [t(k, lang) for k in QUOTE_COLUMNS if _has(k)]
    leaks: dict[str, list[str]] = {}
    clipped: dict[str, list[str]] = {}
    for slug in SLUGS:
        page.goto(f"{app_url}/{'' if slug == DEFAULT else slug}?lang={lang}")
        wait_ready(page)
        tabs = page.get_by_role("tab")
        seen: list[str] = []
        cut: list[str] = []
        for i in range(max(tabs.count(), 1)):  # every tab's content (Sources: the checks...)
            if tabs.count():
                tabs.nth(i).click()
                expect(tabs.nth(i)).to_have_attribute("aria-selected", "true")
                wait_ready(page)
            open_expanders(page)
            seen += [s for s in visible_texts(page, exempt_cols) if foreign(s, lang)]
            cut += clipped_labels(page)
        if seen:
            leaks[slug] = list(dict.fromkeys(s[:80] for s in seen))
        if cut:
            clipped[slug] = list(dict.fromkeys(cut))
    assert not leaks, f"text in the other language ({lang} UI): {leaks}"
    assert not clipped, f"labels clipped by their box ({lang} UI): {clipped}"


def _has(key: str) -> bool:
    from dashboard.i18n import STRINGS

    return key in STRINGS
