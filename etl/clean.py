"""Clean a scraped article into plain simplified Chinese, so that quotes can be found and shown.

In: the raw text of one article (any mix of traditional/simplified, HTML remnants, pinyin
glosses, navigation lists, unrelated tails). Out: the cleaned simplified text. Each step is a
pure ``str -> str`` function, tested on its own; ``clean`` runs them in order and is idempotent
(cleaning cleaned text changes nothing).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_HAS_CJK = re.compile(f"[{CJK}]")
_HTML_BLOCK = re.compile(r"<(script|style|head|nav|footer)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,300}>|<!--.*?-->", re.S)
_HTML_ENTITY = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
# A pinyin gloss: Latin letters with at least one tone mark, in brackets, right after a
# Chinese character: 產(chǎn) -> 產.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# one syllable or several, spaced or not: 產(chǎn), 集群(jí qún)
_PINYIN = re.compile(
    f"(?<=[{CJK}])[(（][a-zü]*[{_TONED}][a-zü]*(?:[ ']+[a-zü]*[{_TONED}]?[a-zü]*)*[)）]"
)
# Headings that start an unrelated tail: everything from such a line on is dropped.
TAIL_MARKERS = (
    "相关文章",
    "相关阅读",
    "相关内容",
    "相关新闻",
    "相关推荐",
    "推荐阅读",
    "热门资讯",
    "热门文章",
    "猜你喜欢",
    "最新评论",
    "延伸阅读",
    "热门推荐",
    "热点推荐",
    "精彩推荐",
    "为你推荐",
    "更多阅读",
    "更多新闻",
    "往期回顾",
    "往期推荐",
    "相关链接",
    "相关报道",
    "最新文章",
    "最新资讯",
    "热点新闻",
    "热门新闻",
    "热门排行",
    "点击排行",
    "排行榜",
    "大家都在看",
    "编辑推荐",
    "今日推荐",
    "更多精彩",
    "24小时热文",
)
# The heading alone on its line, perhaps in brackets or after a bullet:
# 【相关阅读】, ▼ 热门推荐, 相关阅读>>
_TAIL = re.compile(
    r"^[ \t\u3000]*[【\[<《▼▽►▶■□●◆◇#·•>\-—\s]*(?:"
    + "|".join(TAIL_MARKERS)
    + r")[ \t\u3000]*[】\]>》»:::\-—]*[ \t\u3000]*$"
    # or a line that opens the tail with text of its own: the links to the site's other
    # articles (上一篇:..., 下一篇:...) and Sohu's "返回搜狐,查看更多"
    + r"|^[ \t\u3000]*[【\[]?(?:上一篇|下一篇|返回搜狐)",
    re.M,
)
# Lines that are page furniture, not article text.
_BREADCRUMB = re.compile(r"^.*当前位置.*$|^[^。\n]{0,60}(?:>>|»| > )[^。\n]{0,60}$", re.M)
_NAV_ITEM = re.compile(r"^\s*[-•·*]\s*\S.{0,15}$")
# A navigation bar: three or more short items between | (首页 | 新闻 | 政策).
_NAV_BAR = re.compile(r"^\s*(?:[^|。\n]{1,10}\|){2,}[^|。\n]{1,10}$")
# A machine-written preface ("以下是200字阐述:") and the paragraph it introduces.
_GENERATED = re.compile(r"^以下是.{0,20}(?:阐述|改写|概述|摘要|总结).{0,10}$")
# Site footers and counters: a line with one of these and no full stop is not article text
# (版权所有 © 2008-2025, 京ICP备12345678号, 电话:010-..., 网站访问量:1234567次, 阅读 10万+).
_FOOTER = re.compile(
    "版权所有|版权归|ICP备|ICP证|公网安备|网站标识码|主办单位|承办单位|技术支持|©|Copyright"
    "|(?:访问|阅读|浏览|点击)(?:量|次数|数)|^\\s*阅读\\s*\\d|联系电话|^\\s*电话\\s*:|传真\\s*:|邮编\\s*:",
    re.I,
)
NOISE_LINES = ("创始人",)  # the scraper's author placeholder in reprints
# Written as escapes: these full-width marks look like their half-width forms in many editors
# and tools, and were once lost that way.
_TO_HALF = str.maketrans(
    {"\uff0c": ",", "\uff1b": ";", "\uff1a": ":", "\uff01": "!", "\uff1f": "?"}
    | {"\uff08": "(", "\uff09": ")"}
)
_FULL_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ％．]")


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc  # imported lazily: only the cleaning step needs it

    return opencc.OpenCC("t2s")


def strip_html(text: str) -> str:
    """Remove HTML tags and entities; drop lines left holding only bullets or spaces. A table
    keeps its shape: a line per row, its cells apart (江苏 14, not 江苏14广东8)."""
    text = _HTML_BLOCK.sub("", text)
    text = re.sub(r"<br\s*/?>|</p\s*>|</div\s*>|</h\d\s*>|</tr\s*>", "\n", text, flags=re.I)
    text = re.sub(r"</t[dh]\s*>", " ", text, flags=re.I)
    text = _HTML_TAG.sub("", text)
    for entity, char in _HTML_ENTITY.items():
        text = text.replace(entity, char)
    lines = (
        "" if re.fullmatch(r"[\s•·\-*]*", ln) else re.sub(r"^[\s•·]+", "", ln)
        for ln in text.split("\n")
    )
    return "\n".join(lines)


def strip_pinyin(text: str) -> str:
    """Remove pinyin glosses after characters: 產(chǎn)業(yè) -> 產業."""
    return _PINYIN.sub("", text)


# Taiwan writes a trillion as 兆 (38兆元 = 38万亿元); the mainland never puts 兆 before 元.
_TRILLION_TW = re.compile(r"(?<=\d)\s*兆(?=元|人民币|美元|新台币)")


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese with OpenCC (t2s), and Taiwan's 兆元 as 万亿元;
    simplified text passes unchanged."""
    return _TRILLION_TW.sub("万亿", str(_t2s().convert(text)))


def cut_tail(text: str) -> str:
    """Drop everything from the first unrelated-tail heading (相关文章, 热门资讯...) on."""
    m = _TAIL.search(text)
    return text[: m.start()] if m else text


def drop_page_furniture(text: str) -> str:
    """Drop navigation lists, breadcrumbs, site footers and counters, lines with no Chinese, and
    generated prefaces."""
    lines = _BREADCRUMB.sub("", text).split("\n")
    out: list[str] = []
    skip_paragraph = False
    for line in lines:
        stripped = line.strip()
        if _GENERATED.match(stripped):
            skip_paragraph = True
            continue
        if skip_paragraph and stripped:
            skip_paragraph = False
            continue
        footer = "。" not in line and _FOOTER.search(line)
        if (
            _NAV_ITEM.match(line)
            or _NAV_BAR.match(stripped)
            or stripped in NOISE_LINES
            or footer
            or not _HAS_CJK.search(line)
        ):
            out.append("")
            continue
        out.append(line)
    return "\n".join(out)


def normalise_punctuation(text: str) -> str:
    """Full-width letters, digits and the punctuation most Chinese pages use (\uff0c \uff1b
    \uff1a \uff01 \uff1f and full-width brackets) to their half-width forms, so that every
    later step (the tail headings, clause and sentence breaks, quotes) reads a page the same
    way whichever forms it used."""
    return _FULL_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text).translate(
        _TO_HALF
    )


# A number set apart by spaces inside Chinese text (80 个, 2024 年, 到 2027 年: the spacing some
# outlets use between Chinese and digits); dates and times (2025-05-08 18:20) are left alone.
_SPACED_NUMBER = re.compile(
    f"(?:(?<=[{CJK},;。、(“])|^)[ \xa0\u2009\u3000]*(\\d[\\d.,]*%?)[ \xa0\u2009\u3000]+"
    f"(?=[{CJK}])|(?<=[{CJK}])[ \xa0\u2009\u3000]+(\\d[\\d.,]*%?)(?=[{CJK},;。、)”])",
    re.M,
)


def close_number_spaces(text: str) -> str:
    """Take out the spaces around a number inside Chinese text (达 38.2 万亿元 -> 达38.2万亿元), so
    that a page spaced that way reads like one that is not."""
    return _SPACED_NUMBER.sub(lambda m: m.group(1) or m.group(2), text)


# A table whose unit is given once for all its cells: in the caption (表1 ...(单位:个)) or over
# a column (产值(亿元)).
_UNIT_WORD = "万亿元|亿元|万元|元|万家|个|家|项|%"
_TABLE_UNIT = re.compile(f"单位[:]?\\s*({_UNIT_WORD})")
_COLUMN_UNIT = re.compile(f"\\(({_UNIT_WORD})\\)$")
_CELL_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")
_NO_VALUE = {"-", "—", "/", "--"}


def _is_row(cells: list[str], width: int) -> bool:
    return (
        len(cells) == width >= 2
        and bool(_HAS_CJK.search(cells[0]))
        and all(_CELL_NUMBER.fullmatch(c) or c in _NO_VALUE for c in cells[1:])
        and any(_CELL_NUMBER.fullmatch(c) for c in cells[1:])
    )


def unit_tables(text: str) -> str:
    """Write each row of a table whose unit stands only in its caption or column heads as the
    words a sentence would use: under '省份 第一至三批 第四批 合计' and '(单位:个)', the row
    '江苏 10 4 14' becomes '江苏:第一至三批10个,第四批4个,合计14个'. Without its unit a cell is
    no figure anyone can read (14 what?); with it, every figure keeps its row and its column.
    Tables with no stated unit are left as they are."""
    lines = text.split("\n")
    cells = [line.split() for line in lines]
    out = list(lines)
    i = 0
    while i < len(lines):
        head = cells[i]
        width = len(head)
        if width < 2 or any(_CELL_NUMBER.fullmatch(c) for c in head):
            i += 1
            continue
        rows = 0
        while i + 1 + rows < len(lines) and _is_row(cells[i + 1 + rows], width):
            rows += 1
        if rows < 2:
            i += 1
            continue
        caption = next((ln for ln in reversed(lines[max(0, i - 2) : i]) if ln.strip()), "")
        table_unit = _TABLE_UNIT.search(caption) or _TABLE_UNIT.search(lines[i])
        units = [
            c.group(1)
            if (c := _COLUMN_UNIT.search(h))
            else (table_unit.group(1) if table_unit else "")
            for h in head
        ]
        names = [_COLUMN_UNIT.sub("", h) for h in head]
        if not all(units[1:]):
            i += 1
            continue
        for r in range(i + 1, i + 1 + rows):
            parts = [
                f"{n}{c}{u}"
                for n, c, u in zip(names[1:], cells[r][1:], units[1:], strict=True)
                if c not in _NO_VALUE
            ]
            out[r] = f"{cells[r][0]}:" + ",".join(parts)
        i += 1 + rows
    return "\n".join(out)


def tidy_whitespace(text: str) -> str:
    """Trim each line (including full-width and no-break spaces) and keep at most one blank
    line between paragraphs."""
    lines = [line.strip(" \t\u3000\xa0") for line in text.split("\n")]
    joined = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", joined).strip() + "\n"


def clean(text: str) -> str:
    """Run every cleaning step in order: raw article text -> cleaned simplified text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = strip_html(text)
    text = strip_pinyin(text)
    text = to_simplified(text)
    text = normalise_punctuation(text)
    text = unit_tables(text)  # before the spaces around numbers are closed: cells are apart
    text = close_number_spaces(text)
    text = cut_tail(text)
    text = drop_page_furniture(text)
    return tidy_whitespace(text)
