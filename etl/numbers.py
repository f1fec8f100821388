"""Read figures in Chinese text: "近10万亿元", "2200余家", "上千家", "2/3", "三成", "两个".

In: a string (cleaned, simplified Chinese; raw text works too). Out: `Mention` records, each
with its character offsets in that string and a kind:

- ``figure``: a quantity, with ``value`` in base units (yuan, count, percent 0-100), ``unit``,
  the counter word (个/家/项...) and a ``qualifier`` (exact | approx | more_than | less_than);
- ``year``, ``date``, ``time``, ``range``, ``vague``, ``docnum``, ``name``, ``ordinal``,
  ``article``, ``class``, ``bare``: numbers that are not figures, recognised as what they are
  so that an analyst sees why they were not read as figures.

Pure functions; never raises on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)

# Counter words (量词) that make a number a count. 位 (两位数), 场 (千场), 市 (六市) are left
# out on purpose: in these texts they mostly build idioms, not counts.
COUNTERS = "个家项人名批座条只件台辆所省次种类支款份处户"
# Longest first: the scanner takes the first that matches.
UNITS: tuple[tuple[str, str], ...] = (
    ("个百分点", "pp"),
    ("百分点", "pp"),
    ("美元", "usd"),
    ("元", "yuan"),
    ("吨", "tonne"),
    ("%", "percent"),
    ("％", "percent"),
    ("成", "tenth"),
)
PREFIX_QUALIFIERS: tuple[tuple[str, str], ...] = (
    # bounds stated in the negative come first: 不少于 is a lower bound, not 少于
    ("不少于", "more_than"),
    ("不低于", "more_than"),
    ("至少", "more_than"),
    ("不超过", "less_than"),
    ("不高于", "less_than"),
    ("最多", "less_than"),
    ("将近", "approx"),
    ("接近", "approx"),
    ("大约", "approx"),
    ("约", "approx"),
    ("近", "approx"),
    ("超过", "more_than"),
    ("多于", "more_than"),
    ("突破", "more_than"),
    ("超", "more_than"),
    ("逾", "more_than"),
    ("不足", "less_than"),
    ("不到", "less_than"),
    ("少于", "less_than"),
    ("达到", "exact"),
    ("达", "exact"),
)
SUFFIX_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("以上", "more_than"),
    ("左右", "approx"),
    ("上下", "approx"),
    ("以下", "less_than"),
    ("以内", "less_than"),
)
# After 成, these characters make a word (成立, 成为, 成果...) or a place (成都, 成渝, 成德绵), not
# "tenths".
CHENG_WORDS = "立功为果效渝绩本交员长熟型都就德"
# A decline before a figure makes it negative: 下滑3.0% is a growth of -3.0%. (下降到/至 3% is a
# level, not a change: only these words right before the number, or with 了, count.)
DECLINE_WORDS = ("下滑", "下降", "减少", "降低", "回落", "萎缩", "缩减")
# A qualifier a few words before the figure, across a verb and an object: 约占全国的1/8,
# 超过全国的三分之一, 近占总量的一半.
_LOOKBACK = re.compile(
    "(将近|接近|大约|约|近|超过|超|逾|不足|不到)(?:占|为|是|达)?(?:[^,。;,;、:\\d\\s]{0,8}的)?$"
)
_LOOKBACK_MEANING = {
    "将近": "approx",
    "接近": "approx",
    "大约": "approx",
    "约": "approx",
    "近": "approx",
    "超过": "more_than",
    "超": "more_than",
    "逾": "more_than",
    "不足": "less_than",
    "不到": "less_than",
}
# Verbs a surface may start with that a reader does not need to see: 达10万亿元 reads 10万亿元.
DISPLAY_DROP = ("达到", "达", "占")


def display_form(surface: str) -> str:
    """The figure as people read it: the surface without a leading 达/达到/占 (达到2200余家 ->
    2200余家, 占2/3 -> 2/3). Qualifiers and units stay."""
    for verb in DISPLAY_DROP:
        if surface.startswith(verb) and len(surface) > len(verb):
            return surface[len(verb) :]
    return surface


NAME_SUFFIXES = ("论坛",)  # "50人论坛" is the name of a forum, not 50 people
RANGE_DASHES = "-—–~～至到"

# thousands separators only in groups of three after one to three digits: 1,700 and 12,000, not
# 12345678,202 (a number, a comma, then the next number)
_ARABIC = re.compile(r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?")
_CN_NUM = re.compile(f"[{CN_CHARS}]+")
_CN_DECIMAL = re.compile(f"([{CN_CHARS}]+)点([〇零一二三四五六七八九]+)(万亿|亿|万)?")
_CN_APPROX = re.compile(f"[一二两三四五六七八九]{{2,3}}(?:[万亿]*)(?:[{COUNTERS}]|成)")
# Two numbers joined by a dash or 至/到, with a unit: 1至2个, 3-5家, 10%~15%, 五到十个. A range
# is not one figure (the atlas stores one value and a qualifier); it is shown as what it is.
_NUM = f"(?:\\d+(?:\\.\\d+)?|[{CN_CHARS}]+)"
_UNIT_END = f"(?:[{COUNTERS}]|%|％|元|个百分点|百分点|成(?![{CHENG_WORDS}]))"
_NUM_RANGE = re.compile(
    f"{_NUM}(?:[{COUNTERS}]|%|％|[万亿]+元?)?\\s*[{RANGE_DASHES}]\\s*{_NUM}[十百千万亿]*{_UNIT_END}"
)
_FRACTION = re.compile(r"(\d+)\s*/\s*(\d+)(?![/\d])")
_CN_FRACTION = re.compile(
    f"([{CN_CHARS}]+)分之([{CN_CHARS}]+(?:点[〇零一二三四五六七八九]+)?|[\\d.]+)"
)
_PERCENT_CN = re.compile(f"百分之([{CN_CHARS}]+(?:点[〇零一二三四五六七八九]+)?|\\d+(?:\\.\\d+)?)")
_ISO_DATE = re.compile(r"(19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_DOCNUM = re.compile(r"[〔\[［(（](?:19|20)\d{2}[〕\]］)）]\s*\d+号")
_DATE_CN = re.compile(
    r"(?:(?:19|20)\d{2}年)?\d{1,2}月(?:\d{1,2}[日号])?|\d{1,2}[日号](?=[讯电]|$|\W)"
)
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s*[-—–~至到]\s*(?:19|20)\d{2}年?(?:度)?")
_YEAR = re.compile(r"(?:19|20)\d{2}年度?")
# A year in Chinese digits, as official documents print it: 二〇二五年, 二零二二年度.
CN_YEAR = "[一二][〇零一二三四五六七八九]{3}"
_YEAR_CN = re.compile(f"{CN_YEAR}年度?")
_FORMULA = re.compile(r"[0-9A-Za-z]+(?:\+[0-9A-Za-z]+)+")
_QUOTED_CODE = re.compile(r"[“‘\"「『]([0-9A-Za-z+\-.]+)[”’\"」』]")
_START = re.compile(f'[0-9{CN_CHARS}〔\\[［(（“‘"「『]|百分之')


@dataclass(frozen=True)
class Mention:
    """One number-like span of text, with what it was recognised as."""

    surface: str
    start: int
    end: int
    kind: str
    value: float | None = None
    unit: str | None = None
    counter: str | None = None
    qualifier: str | None = None

    @property
    def is_figure(self) -> bool:
        """True for quantities (kind ``figure``)."""
        return self.kind == "figure"


def cn_to_number(s: str) -> int | None:
    """Chinese numeral to int: 两 -> 2, 十三 -> 13, 二〇二五 -> 2025, 三万亿 -> 3e12.

    Returns None when the characters do not form a numeral (十五五, 一一万).
    """
    if not s or any(ch not in CN_CHARS for ch in s):
        return None
    if all(ch in CN_DIGITS for ch in s):  # positional: 二〇二五, but 两三 is "two or three"
        if len(s) > 1 and len(s) < 4 and not set(s) & set("〇零"):
            return None
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    total = section = 0
    number: int | None = None
    for i, ch in enumerate(s):
        if ch in "零〇":
            continue  # 一百零五: 零 only marks a skipped place
        if ch in CN_DIGITS:
            if number is not None:
                return None  # two digits in a row inside a unit numeral
            number = CN_DIGITS[ch]
        elif ch in CN_SMALL:
            if number is None and i > 0 and s[i - 1] not in CN_BIG:
                return None  # 十百: two small units in a row
            section += (1 if number is None else number) * CN_SMALL[ch]
            number = None
        else:
            chunk = section + (number or 0)
            if chunk == 0 and total == 0:
                chunk = 1
            unit = CN_BIG[ch]
            if 0 < total < unit and chunk == 0:
                total *= unit  # 万亿: the second big unit scales what came before
            elif 0 < total < unit:
                total = (total + chunk) * unit
            else:
                total += chunk * unit
            section, number = 0, None
    return total + section + (number or 0)


def cn_decimal(s: str) -> float | None:
    """Chinese numeral with a decimal point: 八点五 -> 8.5, 二十点零三 -> 20.03, 十二 -> 12."""
    whole, _, frac = s.partition("点")
    w = cn_to_number(whole)
    if w is None or any(ch not in CN_DIGITS for ch in frac):
        return None
    return float(f"{w}.{''.join(str(CN_DIGITS[ch]) for ch in frac)}") if frac else float(w)


def _float(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        return None


def year_value(s: str) -> int | None:
    """A year as Arabic or Chinese digits: '2025' -> 2025, '二〇二五' -> 2025."""
    if s.isdigit():
        return int(s)
    return cn_to_number(s) if s and all(ch in CN_DIGITS for ch in s) else None


def _arabic_value(s: str) -> float:
    return float(s.replace(",", ""))


def _take(text: str, pos: int, options: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    for word, meaning in options:
        if text.startswith(word, pos):
            return word, meaning
    return None


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \u3000\t":
        pos += 1
    return pos


def _prefix(text: str, start: int) -> tuple[int, str | None]:
    """Qualifier word just before ``start`` (近, 超过...): new start and its meaning."""
    end = start
    while end > 0 and text[end - 1] in " \u3000":
        end -= 1  # 约 4000 万美元
    for word, meaning in PREFIX_QUALIFIERS:
        if text.endswith(word, 0, end):
            return end - len(word), meaning
    return start, None


def _special(text: str, pos: int) -> Mention | None:
    """Dates, times, ranges, document numbers, formulas and quoted codes starting at pos."""
    for pattern, kind in (
        (_DOCNUM, "docnum"),
        (_QUOTED_CODE, "name"),
        (_ISO_DATE, "date"),
        (_YEAR_RANGE, "range"),
        (_DATE_CN, "date"),
        (_NUM_RANGE, "range"),
        (_FORMULA, "name"),
        (_TIME, "time"),
        (_YEAR, "year"),
        (_YEAR_CN, "year"),
    ):
        m = pattern.match(text, pos)
        if not m:
            continue
        if pattern is _NUM_RANGE and pos > 0 and text[pos - 1] in "从由":
            continue  # 从1个增加到3个: a change, read as two figures
        if kind == "name" and pattern is _FORMULA and not any(c.isdigit() for c in m.group()):
            continue
        if kind == "name" and pattern is _QUOTED_CODE and not any(c.isdigit() for c in m.group()):
            continue
        return Mention(m.group(), m.start(), m.end(), kind)
    return None


def _fraction(text: str, pos: int) -> Mention | None:
    m = _FRACTION.match(text, pos)
    if m and int(m.group(2)) != 0 and int(m.group(1)) <= int(m.group(2)):
        value = int(m.group(1)) / int(m.group(2)) * 100
        return Mention(m.group(), pos, m.end(), "figure", value, "percent", None, "exact")
    m = _CN_FRACTION.match(text, pos)
    if m:
        den = cn_to_number(m.group(1))
        raw = m.group(2)
        num = cn_decimal(raw) if raw[0] in CN_CHARS else _float(raw)
        if den and num is not None and num <= den:
            return Mention(
                m.group(), pos, m.end(), "figure", num / den * 100, "percent", None, "exact"
            )
    if (
        text.startswith("一半", pos)
        and not text.startswith("一半导体", pos)
        and not (pos > 0 and text[pos - 1] in "另这那")
    ):
        # 近一半, 超过一半, 一半以上: half, 50 percent (另一半 is "the other half", no figure)
        end, post = pos + 2, _take(text, pos + 2, SUFFIX_QUALIFIERS)
        q = post[1] if post else "exact"
        end += len(post[0]) if post else 0
        return Mention(text[pos:end], pos, end, "figure", 50.0, "percent", None, q)
    m = _PERCENT_CN.match(text, pos)
    if m:
        raw = m.group(1)
        v = cn_decimal(raw) if raw[0] in CN_CHARS else _arabic_value(raw)
        if v is not None:
            return Mention(m.group(), pos, m.end(), "figure", float(v), "percent", None, "exact")
    return None


def _vague(text: str, pos: int, end: int) -> Mention:
    """数十个, 几百家, 数百亿元 (the 数 or 几 before ``pos``): "tens", "hundreds", no number."""
    q = _skip_spaces(text, end)
    while q < len(text) and text[q] in "十百千万亿余多":
        q += 1
    unit_word = _take(text, q, UNITS)
    if unit_word:
        q += len(unit_word[0])
    elif q < len(text) and text[q] in COUNTERS:
        q += 1
    return Mention(text[pos - 1 : q], pos - 1, q, "vague")


def _multiplier(text: str, end: int, mult: float, arabic: bool) -> tuple[int, float, str | None]:
    """After a number's digits: 余/多 (more than) and, after Arabic digits, the Chinese
    multipliers (5.5万亿, 2200余家); where they end, the multiplier and the qualifier."""
    p = _skip_spaces(text, end)
    mid = None
    if p < len(text) and text[p] in "余多":
        mid, p = "more_than", p + 1
    if arabic:
        mstart = p
        while p < len(text) and text[p] in "十百千万亿":
            mult *= (CN_SMALL | CN_BIG)[text[p]]
            p += 1
        if p > mstart and p < len(text) and text[p] in "余多":
            mid, p = "more_than", p + 1
    return p, mult, mid


def _unit_after(text: str, p: int, mult: float, value: float) -> tuple[int, str | None, str | None]:
    """The unit (or counter) after a number at ``p``: where it ends, the unit, the counter."""
    taken = _take(text, _skip_spaces(text, p), UNITS)
    if (
        taken
        and taken[1] == "tenth"
        and (
            mult != 1.0
            or value > 10  # 11 成德绵: a list number before a place name, not 110%
            or _skip_spaces(text, p) != p  # a number, a space, then a word starting with 成
            or (p + 1 < len(text) and text[p + 1] in CHENG_WORDS)
        )
    ):
        taken = None
    if taken:
        return _skip_spaces(text, p) + len(taken[0]), taken[1], None
    q = _skip_spaces(text, p)
    if q < len(text) and text[q] in COUNTERS:
        return q + 1, "count", text[q]
    return p, None, None


def _number(text: str, pos: int) -> Mention | None:
    """A number with its multiplier, unit and qualifiers, starting at ``pos``."""
    arabic = _ARABIC.match(text, pos)
    m = arabic or _CN_NUM.match(text, pos)
    if not m:
        return None
    core, end = m.group(), m.end()
    before = text[pos - 1] if pos > 0 else ""
    if arabic and (before.isascii() and (before.isalnum() or before == ".")):
        return Mention(core, pos, end, "bare")  # part of an identifier: T9, v3
    if arabic and end < len(text) and text[end].isascii() and text[end].isalpha():
        return Mention(core, pos, end, "bare")  # 5G, 820km, 1v3
    start, qualifier = _prefix(text, pos)
    if not arabic:
        if before and before in "数几" and core[0] in "十百千万":
            return _vague(text, pos, end)
        if before == "上" and core[0] in "百千万" and text[max(0, pos - 3) : pos - 1] != "成千":
            start, qualifier = pos - 1, "more_than"  # 上千家: a thousand or more
        elif before == "第":
            return Mention(text[pos - 1 : end], pos - 1, end, "ordinal")
        dec = _CN_DECIMAL.match(text, pos)
        dec_value = cn_decimal(f"{dec.group(1)}点{dec.group(2)}") if dec else None
        if dec and dec_value is not None:
            # 三点五万亿元: a decimal point in Chinese digits, then the multiplier
            core, end, value = dec.group(), dec.end(), dec_value
            mult = float(cn_to_number(dec.group(3)) or 1) if dec.group(3) else 1.0
        else:
            value_int = cn_to_number(core)
            if value_int is None:
                span = _CN_APPROX.match(text, pos)
                if span:  # 两三个, 三五家, 七八成: "two or three", a range, not one figure
                    return Mention(span.group(), pos, span.end(), "range")
                return None
            value = float(value_int)
            mult = 1.0
    else:
        if before == "第":
            return Mention(text[pos - 1 : end], pos - 1, end, "ordinal")
        value = _arabic_value(core)
        mult = 1.0
    p, mult, mid = _multiplier(text, end, mult, bool(arabic))
    if p < len(text) and text[p] == "级":
        return Mention(text[start : p + 1], start, p + 1, "class")  # 千亿级: a size class
    if (
        not arabic
        and core != "十"
        and set(core) <= set("十百千万亿")
        and qualifier is None
        and mid is None  # 千余家, 万余家: a thousand and more
    ):
        return None  # 千家万户, 百站千场, 千亿支撑: idioms, not counts
    p, unit, counter = _unit_after(text, p, mult, value)
    post = _take(text, p, SUFFIX_QUALIFIERS)
    if unit is None and post is None and mult == 1.0:
        if arabic and 1900 <= value <= 2100 and "." not in core:
            return Mention(core, pos, end, "year")
        return Mention(core, pos, end, "bare") if arabic else None
    if not arabic and unit is None:
        return None  # 一超多强, 十八大: a Chinese numeral needs a unit to be a figure
    if post:
        p += len(post[0])
    if not arabic and counter == "次" and p < len(text) and _is_cjk(text[p]) and post is None:
        return None  # 二次创业, 一次性: "second", "one-off", not a count
    if counter and any(text.startswith(s, p) for s in NAME_SUFFIXES):
        return Mention(text[start:p], start, p, "name")
    if not arabic and core == "一" and counter and qualifier is None and mid is None:
        return Mention(text[start:p], start, p, "article")  # 一个/一批: "a", not a count of 1
    if unit == "tenth":
        unit, value = "percent", value * 10
    final_q = next(
        (q for q in (qualifier, mid, post[1] if post else None) if q != "exact" and q), "exact"
    )
    return Mention(
        text[start:p], start, p, "figure", value * mult, unit or "unspecified", counter, final_q
    )


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _context(text: str, m: Mention) -> Mention:
    """Qualifier and sign from the words before a figure: 约占全国的1/8 is approximate, 下滑3.0%
    is -3.0. Applied after the figure itself was read."""
    if not m.is_figure or m.value is None:
        return m
    head = text[max(0, m.start - 12) : m.start]
    qualifier, start, value = m.qualifier, m.start, m.value
    if qualifier == "exact":
        hit = _LOOKBACK.search(head)
        if hit and hit.group(0) != hit.group(1) + "达":
            qualifier = _LOOKBACK_MEANING[hit.group(1)]
    bare = head.removesuffix("了")
    for word in DECLINE_WORDS:
        if bare.endswith(word) and value > 0:
            value, start = -value, m.start - len(word) - (len(head) - len(bare))
            break
    if (qualifier, start, value) == (m.qualifier, m.start, m.value):
        return m
    return Mention(text[start : m.end], start, m.end, m.kind, value, m.unit, m.counter, qualifier)


def find_mentions(text: str) -> list[Mention]:
    """Every number-like span of ``text``, left to right, none overlapping."""
    out: list[Mention] = []
    pos = 0
    while True:
        m = _START.search(text, pos)
        if not m:
            return out
        i = m.start()
        found = _special(text, i) or _fraction(text, i) or _number(text, i)
        if found is None:
            pos = i + 1
            continue
        if found.kind == "figure" and found.start < i and out and out[-1].end > found.start:
            found = Mention(
                text[i : found.end],
                i,
                found.end,
                found.kind,
                found.value,
                found.unit,
                found.counter,
                "exact",
            )
        if out and found.is_figure:
            ctx = _context(text, found)
            found = ctx if ctx.start >= out[-1].end else found
        elif found.is_figure:
            found = _context(text, found)
        out.append(found)
        pos = max(found.end, i + 1)


def find_figures(text: str) -> list[Mention]:
    """Only the quantities (kind ``figure``) of ``text``."""
    return [m for m in find_mentions(text) if m.is_figure]


def read_figure(expression: str) -> Mention | None:
    """The single figure in a short expression such as "近10万亿元", or None if there is none.

    If the expression holds several figures, the first is returned.
    """
    figures = find_figures(expression)
    return figures[0] if figures else None
