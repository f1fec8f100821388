"""The text around a figure: sentences, clauses, list items, table rows, headlines, the
article's place; and the readings of it the rules use (metric keywords, periods, groups)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from etl.clauses import clause_around
from etl.intake.words import (
    _N,
    _REL_YEAR,
    _TO_NEXT,
    _Y,
    _YEAR,
    _YEAR_SPAN,
    CLUSTER_COUNTERS,
    KIND_COUNTERS,
    SENTENCE_BREAKS,
    _count,
)
from etl.numbers import Mention, find_mentions, year_value

if TYPE_CHECKING:
    from etl.intake.vocab import _Vocab

MAX_SENTENCE = 2000  # characters before a figure taken as its sentence (text without 。)


def _sentence_start(text: str, pos: int) -> int:
    s, floor = pos, max(0, pos - MAX_SENTENCE)
    while s > floor and text[s - 1] not in SENTENCE_BREAKS:
        s -= 1
    return s


# 集群 on its own at the start of a clause (集群内集聚企业..., 目前,集群已建成..., 到2025年,集群产值
# 力争...): the cluster the article is about, named before.
_THE_CLUSTER = re.compile(
    "(?:^|(?<=[,。;:\\s]))(?:该|这一|此)?集群(?=内|已|产值|主导|共|拥有|将|实现|集聚|营收|规模)"
)


def _anaphor_hit(text: str, sent_start: int, end: int, v: _Vocab) -> tuple[str, str] | None:
    """The cluster that a bare 集群 opening a clause of the sentence refers to: the last cluster
    the article named before the sentence, when no count of clusters (N个...集群) and no other
    cluster's name stand between (an article about one cluster goes on saying 集群)."""
    bare = _THE_CLUSTER.search(text, sent_start, end)
    if bare is None:
        return None
    last = _nearest(text[:sent_start], [(a, n) for a, n, _ in v.clusters])
    if last is None:
        return None
    alias, name = last
    # up to the bare 集群: no count of clusters (N个...集群, 集群20个), no place as a whole
    # (全省力争培育...集群20个左右,集群产值...: the province's clusters)
    between = text[text.rfind(alias, 0, sent_start) + len(alias) : bare.start()]
    if re.search(
        f"{_N}个[^,。;\\n]{{0,12}}集群|集群[^,。;\\n]{{0,4}}{_N}个|(?:全|我|本)(?:省|市|国)",
        between,
    ) or any(a in between for a, n, _ in v.clusters if n != name):
        return None
    return f"集群 after {alias}", name


# A batch, or several (第四批, 第一至三批, 前三批): not a group.
_CN_DIGIT = "一二三四五六七八九十\\d"
_BATCH = f"第[{_CN_DIGIT}]+(?:[至到~-][{_CN_DIGIT}]+)?批|前[{_CN_DIGIT}]批"
# A table row as the cleaner writes it out (江苏:第一至三批10个,第四批4个,合计14个).
_ROW_ITEM = re.compile(r"([^,:\d]*?)-?\d[\d,.]*[^,\d]*")


def _row_heading(text: str, m: Mention) -> tuple[str, str, str] | None:
    """For a figure in a table row that the cleaner wrote out (see ``etl.clean.unit_tables``):
    the words that name it (the table's caption and the figure's column), the caption and the
    row. The row's items must be the columns of the header line above the rows, in order."""
    start = text.rfind("\n", 0, m.start) + 1
    end = text.find("\n", m.end)
    line = text[start : end if end >= 0 else len(text)]
    label, colon, items = line.partition(":")
    if not colon or not label or len(label) > 16:
        return None
    found = list(_ROW_ITEM.finditer(items))
    names = [i.group(1) for i in found]
    if not names or ",".join(i.group(0) for i in found) != items:
        return None
    # up over the other rows to the header line; the caption is the line above it
    lines = text[:start].rstrip("\n").split("\n")
    while lines and lines[-1].partition(":")[0] and ":" in lines[-1] and "\t" not in lines[-1]:
        if not re.search(r"\d", lines[-1]):
            break
        lines.pop()
    if not lines:
        return None
    header = [re.sub(r"\([^)]*\)$", "", c) for c in lines[-1].split()]
    if header[1:] != names and header != names:
        return None
    caption = lines[-2] if len(lines) >= 2 else ""
    column = names[len(_ROW_ITEM.findall(text[start + len(label) + 1 : m.start]))]
    return f"{caption} {column}", caption, line


def _other_place(span: str, v: _Vocab) -> str | None:
    """A city the atlas does not list (深圳, 苏州) named in ``span`` after every place it lists
    and with no group named after it (深圳拥有国家先进制造业集群4个: Shenzhen's, not the
    country's); the names of registry clusters (深圳市新一代信息通信集群) do not count."""
    if not any(name in span for name, _ in v.other_places):
        return None
    for alias, _, _ in v.clusters:  # longest first
        if alias in span:
            span = span.replace(alias, " " * len(alias))
    other = _nearest(span, v.other_places)
    if other is None:
        return None
    end = span.rfind(other[0]) + len(other[0])
    listed = _nearest(span, v.regions)
    if listed and span.rfind(listed[0]) + len(listed[0]) > end:
        return None
    return None if _group_in(span[end:], v) else other[0]


# A yuan figure and what it bounds (超过万亿元的集群, 营收超千亿元企业): a class, not a figure.
_BOUND = re.compile("的?[^,。;\\d]{0,10}?(?:集群|企业|园区)")
# The words between a count and its share of the whole (18家,占全国的七成).
_SHARE_OF = re.compile(
    "约?占(?:比|全国|全部|全省)?(?:集群)?(?:总数|总量)?的?(?:比重|比例)?(?:为|达到|达|超过|近|约)?"
)
# A sentence that opens with its verb: its subject is the sentence before's.
_SUBJECTLESS = re.compile("覆盖|分布|涉及|集聚|聚集|拥有|带动|吸引|汇聚")
# A list item: a line opening with a dash, bullet, number or 一是.
_LIST_ITEM = re.compile(
    r"\s*(?:——|—|-|•|·|▶|■|●|\d{1,2}[.、)]|[(（]?[一二三四五六七八九十]{1,2}[)）、]|[一二三四五六七八九十]是)"
)


def _label(text: str, m: Mention, has_figure: Callable[[int, int], bool]) -> str:
    """For a figure alone on its line (an infographic's text: 38万亿元 / 2024年集群主导产业产值),
    the next line, if it is a short label with no figure of its own; else ''."""
    start = text.rfind("\n", 0, m.start) + 1
    end = text.find("\n", m.end)
    if end < 0 or text[start : m.start].strip() or text[m.end : end].strip():
        return ""
    nxt = text.find("\n", end + 1)
    stop = nxt if nxt >= 0 else len(text)
    label = text[end + 1 : stop].strip()
    if not label or len(label) > 40 or has_figure(end + 1, stop):
        return ""
    return label


def _list_header(text: str, pos: int) -> str | None:
    """For a figure in a list item, the line that opens the list (各集群2024年发展情况如下:)."""
    start = text.rfind("\n", 0, pos) + 1
    if not _LIST_ITEM.match(text, start):
        return None
    for _ in range(20):
        if start == 0:
            return None
        start = text.rfind("\n", 0, start - 1) + 1
        line = text[start : text.find("\n", start)]
        if not _LIST_ITEM.match(line):
            return line if line.rstrip().endswith(":") else None
    return None


def _nearest(segment: str, names: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The name (and its id) that ends closest to the end of ``segment``."""
    best: tuple[int, int, str, str] | None = None
    for name, ident in names:
        i = segment.rfind(name)
        if i >= 0:
            key = (i + len(name), len(name))
            if best is None or key > best[:2]:
                best = (*key, name, ident)
    return None if best is None else (best[2], best[3])


def _governing(
    text: str, sent_start: int, cstart: int, m: Mention, has_figure: Callable[[int, int], bool]
) -> str:
    """The words whose time words govern a figure: its own clause up to the figure, and the
    clauses before it in the sentence that hold no figure of their own (截至2023年底, ...)."""
    parts = [text[cstart : m.start]]
    pos = cstart
    while pos > sent_start:
        prev_start = pos - 1
        while prev_start > sent_start and text[prev_start - 1] not in "。,;!?:\n":
            prev_start -= 1
        if not has_figure(prev_start, pos - 1):
            parts.insert(0, text[prev_start : pos - 1])
        pos = prev_start
    return ",".join(parts)


def _period(words: str, pub: str, stock: bool, target: bool) -> tuple[str, str]:
    """Period and how it was found, from the words governing the figure (see ``_governing``)."""
    year_pub = int(pub[:4])
    half = {"上半年": "H1", "下半年": "H2"}
    span = list(_YEAR_SPAN.finditer(words))
    if span and not list(_YEAR.finditer(words[span[-1].end() :])):
        a, b = (str(year_value(span[-1].group(i))) for i in (1, 2))
        clause = re.split("[,。;]", words)[-1]
        if "由" in clause:  # 由17.84%上升为19.21%: the first value is the start, the second the end
            moved = bool(re.search(r"由[^由]*\d", clause))
            return (b, f"the end of {a}-{b}") if moved else (a, f"the start of {a}-{b}")
        return f"{a}-{b}", f"{span[-1].group(0)} before the figure"
    hits = list(_YEAR.finditer(words))
    rel = list(_REL_YEAR.finditer(words))
    if hits and (not rel or hits[-1].end() >= rel[-1].end()):  # 2023年全年: 2023
        y, h = str(year_value(hits[-1].group(1))), hits[-1].group(2)
        if h in half:
            return f"{y}{half[h]}", f"{hits[-1].group(0)} before the figure"
        if h:
            return "", f"{hits[-1].group(0)}: a period the atlas does not model"
        month = re.match(r"\s*(1[0-2]|0?[1-9])\s*月", words[hits[-1].end() :])
        if stock and not target and month:  # 截至2025年9月,80个集群: a count as of that month
            return (
                f"{y}-{int(month.group(1)):02d}",
                f"{y}年{month.group(0).strip()} before the figure",
            )
        # 截至2025年9月,产值...: a flow over part of a year
        if month and not target and int(month.group(1)) < 12:
            return "", f"{y}年{month.group(0).strip()}: a period the atlas does not model"
        return y, f"{y}年 before the figure"
    if rel:
        word, h = rel[-1].group(1), rel[-1].group(2)
        ry = year_pub if word in ("今年", "全年") else year_pub - 1
        if h and h not in half:
            return "", f"{rel[-1].group(0)}: a period the atlas does not model"
        return (f"{ry}{half[h]}" if h else str(ry)), f"{rel[-1].group(0)} in an article of {pub}"
    if stock and not target:
        return pub[:7], f"a count as of publication ({pub[:7]})"
    return "", "no year stated"


# A total count of clusters stated after the word (集群总数达到100个, 集群数量增至100个).
_CLUSTERS_TOTAL = re.compile(f"集群(?:总数|数量|总量)?[^,。;\\n\\d]{{0,6}}?({_N})个")


_GROUP_NAMED = re.compile(
    f"({_N})个\\n?(?:国家级|国家|重点培育的|国家先进制造业|先进制造业)?[^,。;\\n]{{0,6}}集群"
)


class _Scan:
    """Every match of ``rx`` in ``text``, found once, and the last of them passing ``ok`` among
    those ``rx.finditer(text, 0, endpos)`` gives, for any ``endpos``, in O(log n) (the rules
    scanned the whole text up to each figure again for each figure: quadratic). Exact: the
    matches of a scan stopped at ``endpos`` are those of the full scan ending by then, plus
    what a scan from the next full-scan match's start to ``endpos`` finds."""

    def __init__(self, rx: re.Pattern[str], text: str, ok: Callable[[re.Match[str]], bool]):
        self.rx, self.text, self.ok = rx, text, ok
        self.ms = list(rx.finditer(text))
        self.starts = [g.start() for g in self.ms]
        self.ends = [g.end() for g in self.ms]
        self.last_ok = [-1]  # last_ok[i]: the index of the last match passing ok among ms[:i]
        for j, g in enumerate(self.ms):
            self.last_ok.append(j if ok(g) else self.last_ok[-1])

    def last(self, endpos: int, max_start: int | None = None) -> re.Match[str] | None:
        """The last match passing ``ok`` of ``rx.finditer(text, 0, endpos)``, stopping at the
        first match that starts after ``max_start``."""
        i = bisect.bisect_right(self.ends, endpos)
        cut = len(self.ms) if max_start is None else bisect.bisect_right(self.starts, max_start)
        if cut >= i and i < len(self.ms) and self.ms[i].start() < endpos:
            tail = self.rx.finditer(self.text, self.ms[i].start(), endpos)
            hits = [g for g in tail if max_start is None or g.start() <= max_start]
            for g in reversed(hits):
                if self.ok(g):
                    return g
        j = self.last_ok[min(i, cut)]
        return self.ms[j] if j >= 0 else None


@lru_cache(maxsize=4)
def _group_scans(text: str, sizes: frozenset[float]) -> tuple[_Scan, _Scan, _Scan]:
    """For ``_group``: groups named by their size; counts larger than any group's, named
    (100个国家先进制造业集群) or stated as a total (集群总数达到100个), national ones only."""
    largest = max(sizes, default=0.0)

    def larger(c: re.Match[str]) -> bool:
        near = text[max(0, c.start() - 12) : c.end()]
        # national clusters only (省级集群数量达到100个 is another programme's count)
        return (
            _count(c.group(1)) > largest
            and "国家" in near
            and not re.search("省级|市级|县级|特色", near)
        )

    return (
        _Scan(_GROUP_NAMED, text, lambda g: _count(g.group(1)) in sizes),
        _Scan(_GROUP_NAMED, text, larger),
        _Scan(_CLUSTERS_TOTAL, text, larger),
    )


def _group(text: str, m: Mention, v: _Vocab, pub: str) -> tuple[str | None, str]:
    """The cluster group (group25/45/80) the figure belongs to: the nearest preceding mention of
    '<N>个...集群' with N a group's size ('named'), else, for a count of clusters that is a
    group's size, that group, else the latest group announced by the publication date ('in
    force'), else none."""
    pattern = _GROUP_NAMED
    named, larger_named, larger_total = _group_scans(text, frozenset(v.group_sizes))
    g = named.last(m.end + 12, max_start=m.end)
    if g is not None:
        return v.group_sizes[_count(g.group(1))], f"named: '{g.group(0)}' in the text"
    # More clusters than the largest group before the figure (集群总数达到100个, 100个国家先进制造业
    # 集群): a batch the atlas does not know yet. Its figures are not the known group's.
    c = larger_total.last(m.end) or larger_named.last(m.start)
    if c is not None:
        return None, f"'{c.group(0)}': more clusters than any group the atlas knows (a new batch?)"
    # the figure is itself a count of clusters of a group's size (集群达到80个, 从45个到80个
    # 国家先进制造业集群): that group
    before = text[max(0, m.start - 12) : m.start]
    to_next = _TO_NEXT.match(text, m.end)
    # 从45个到80个:国家先进制造业集群...: the words after the pair, or after the count itself
    counted = text[to_next.end() : to_next.end() + 16] if to_next else text[m.end : m.end + 16]
    exact = m.qualifier in (None, "", "exact")
    if m.counter == "个" and exact and m.value in v.group_sizes and "集群" in before + counted:
        return v.group_sizes[m.value], f"the count itself: {m.value:g} clusters"
    if m.start < _headline_end(text):  # a headline: the group its article names first
        for g in pattern.finditer(text, m.end):
            if _count(g.group(1)) in v.group_sizes:
                return v.group_sizes[_count(g.group(1))], f"named in the article: '{g.group(0)}'"
    in_force = [g for start, g in v.group_starts if start <= pub]
    if in_force:
        return in_force[-1], f"{in_force[-1]}: the group in force on {pub}"
    return None, "no group named"


def _metric(window: str, m: Mention, v: _Vocab, own_from: int = 0) -> tuple[str, str, str]:
    """Metric id, matched keyword and a strength (strong|weak|''), for the words around a
    figure, keeping only metrics whose unit is the figure's. A count followed by the words of
    what it counts takes no keyword from before it when another figure precedes it in the
    window (``own_from`` > 0): those words name that figure (X家A和Y家B)."""
    best: tuple[int, int, int, str, str] | None = None
    if m.counter and m.counter in KIND_COUNTERS:
        return "", "", ""
    at = window.index("\x00")
    # a count names what it counts after it (4个国家级车联网先导区): words after come first
    after_first = bool(m.counter) and at + 1 < len(window)
    names_after = after_first and len(window) - at - 1 - len(m.counter or "") >= 2
    for kw, mid in v.keywords:
        if v.metrics[mid]["unit"] != m.unit and m.unit != "unspecified":
            continue
        if mid == "cluster_count" and m.counter not in (None, "", *CLUSTER_COUNTERS):
            continue  # 集群内...企业5500余家: 家 counts firms, whatever 集群 says
        i = window.find(kw)
        while i >= 0:
            if (names_after and own_from and i < at) or window.startswith(
                "级", i + len(kw)
            ):  # 1个省级以上创新中心: 个省 + 级 is "provincial", not a count of provinces
                i = window.find(kw, i + 1)
                continue
            dist = at - (i + len(kw)) if i < at else i - at - 1
            key = ((not (i > at) if after_first else 0), dist, -len(kw))
            if best is None or key < best[:3]:
                best = (*key, kw, mid)
            i = window.find(kw, i + 1)
    if best is None:
        return "", "", ""
    _, dist, _, kw, mid = best
    return mid, kw, ("strong" if len(kw) >= 3 and dist <= 14 else "weak")


_RESPECTIVELY = re.compile("分别(?:拥有|达到|获批|有|为|是|达|占)?")


def _names_at(zone: str, v: _Vocab) -> list[tuple[int, str, str, str]]:
    """The region and domain names of ``zone``, left to right, longest first at each place:
    (where, name, id, 'region' | 'domain')."""
    out, i = [], 0
    while i < len(zone):
        hit = next((x for x in v.names if zone.startswith(x[0], i)), None)
        if hit:
            out.append((i, *hit))
            i += len(hit[0])
        else:
            i += 1
    return out


# One figure said of several places or domains: 广东、江苏均有6个, 四川、上海、山东、湖南各有2个,
# 新一代信息技术领域和高端装备领域集群各有13个 (the word before the figure, with nothing between).
_SPREAD = re.compile("(?:(?<!平)均有|各有|均是|均为|都有|均达|各达|各|(?<!平)均)\\s*$")
# What may stand between two names of such a list.
_SPREAD_JOIN = re.compile("(?:领域|地区|省|市)?[、和及与]")
# Between the last name and 均有/各有: a few words of the same subject (入围名单最多, 领域集群, 则),
# never a new subject (其他省份各有1个 is not said of the names before).
_SPREAD_GAP = 16
_NEW_SUBJECT = re.compile(
    "其他|其余|其它|另外|另有|此外|其中|以及|分别|省份|城市|地区|领域(?!集群)"
)


def spread_names(
    masked: str, sent_start: int, m: Mention, v: _Vocab, has_figure: Callable[[int, int], bool]
) -> tuple[list[tuple[str, str, str]], int]:
    """The names a figure is said of at once (see ``_SPREAD``) and where the first starts: the
    last run of two or more names of one kind joined by 、和及与 in its sentence before it, at
    most a few words of the same subject before 均有/各有, with no figure between that run and
    the figure; ([], 0) when the figure is not so said."""
    word = _SPREAD.search(masked, sent_start, m.start)
    if word is None:
        return [], 0
    names = _names_at(masked[sent_start : word.start()], v)
    run: list[tuple[int, str, str, str]] = []
    for at, name, ident, kind in names:
        if run:
            gap = masked[sent_start + run[-1][0] + len(run[-1][1]) : sent_start + at]
            if kind == run[-1][3] and _SPREAD_JOIN.fullmatch(gap):
                run.append((at, name, ident, kind))
                continue
        run = [(at, name, ident, kind)]
    if len(run) < 2 or len({r[2] for r in run}) < len(run):
        return [], 0
    end = sent_start + run[-1][0] + len(run[-1][1])
    gap = masked[end : word.start()]
    if len(gap) > _SPREAD_GAP or _NEW_SUBJECT.search(gap) or has_figure(end, m.start):
        return [], 0
    return [(name, ident, kind) for _, name, ident, kind in run], sent_start + run[0][0]


def _names_in_order(zone: str, v: _Vocab) -> list[tuple[str, str, str]]:
    """The region and domain names of ``zone``, left to right (see ``_names_at``)."""
    return [(name, ident, kind) for _, name, ident, kind in _names_at(zone, v)]


def _places_with_figures(zone: str, v: _Vocab) -> set[str]:
    """The regions of ``zone`` each followed by a figure of its own before the next name
    (江苏10个、浙江8个: both; 江苏省工信厅介绍,长三角地区现有30个: only the second)."""
    names = _names_at(zone, v)
    out = set()
    for k, (at, name, ident, kind) in enumerate(names):
        end = names[k + 1][0] if k + 1 < len(names) else len(zone)
        if kind == "region" and any(x.is_figure for x in find_mentions(zone[at + len(name) : end])):
            out.add(ident)
    return out


def _respectively(
    masked: str, figures: list[Mention], v: _Vocab
) -> dict[int, tuple[str, str, str]]:
    """A, B, C和D分别有 n1、n2、n3和n4: each figure's place or domain, by its rank in the list.
    Only where the names and the figures that follow 分别 are as many; by figure offset."""
    out: dict[int, tuple[str, str, str]] = {}
    for r in _RESPECTIVELY.finditer(masked):
        start = _sentence_start(masked, r.start())
        zone = masked[start : r.start()]
        names = _names_in_order(zone[zone.rfind(",") + 1 :], v)
        run, pos = [], r.end()
        for f in figures:
            if f.start < pos:
                continue
            if not re.fullmatch("[、,和及与 ]*", masked[pos : f.start]):
                break
            run.append(f)
            pos = f.end
        if len(names) >= 2 and len(names) == len(run):
            for f, name in zip(run, names, strict=True):
                out[f.start] = name
    return out


_LEADING_SPACE = re.compile(r"\s*")


def _headline_end(text: str) -> int:
    """Where the first non-empty line (the headline) of ``text`` ends."""
    start = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]
    newline = text.find("\n", start)
    return newline if newline >= 0 else len(text)


# The words that open a part of a work report or plan and date what follows: 过去一年 (what was
# done last year), 2025年主要预期目标 / 今年的重点工作 (what is to be done this year).
_SECTION = re.compile(
    f"^(?:(?P<past>过去一年|过去的一年)|(?P<year>{_Y}|今年)年?的?(?:主要)?"
    "(?:预期目标|目标任务|主要目标|工作安排|重点工作|工作重点|重点任务))",
    re.M,
)


@lru_cache(maxsize=4)
def _section_scan(text: str) -> _Scan:
    return _Scan(_SECTION, text, lambda _: True)


def _section_year(text: str, before: int, pub: str, target: bool) -> tuple[str, str] | None:
    """The year of the part of a work report the figure's sentence is in: the last paragraph
    before it that opens with 过去一年 (for what was done) or with a year's targets or tasks
    (for targets), until the next such paragraph."""
    last = _section_scan(text).last(before)
    if last is None:
        return None
    if last.group("past"):
        return None if target else (str(int(pub[:4]) - 1), f"'{last.group(0)}' opens the part")
    if not target:
        return None
    word = last.group("year")
    year = pub[:4] if word == "今年" else str(year_value(word))
    return year, f"'{last.group(0)}' opens the part"


def _group_pair(text: str, sent_start: int, m: Mention, v: _Vocab) -> tuple[str, str] | None:
    """A figure that starts or ends a 从...到 pair after the clusters' own 从45个...到80个 in the
    same sentence: the first group's (start) or the second's (end)."""
    before = text[sent_start : m.start]
    groups = [
        g
        for g in re.finditer(f"从\\s*({_N})\\s*个[^,。;]{{0,8}}?(?:到|至)\\s*({_N})\\s*个", before)
        if _count(g.group(1)) in v.group_sizes and _count(g.group(2)) in v.group_sizes
    ]
    if not groups:
        return None
    g = groups[-1]
    tail = before[g.end() :]
    if re.search("从\\s*$", tail) and _TO_NEXT.match(text, m.end):
        which = v.group_sizes[_count(g.group(1))]
    elif re.search(f"从\\s*[\\d.]+\\s*{m.counter or ''}[^,。;]{{0,6}}?(?:到|至)\\s*$", tail):
        which = v.group_sizes[_count(g.group(2))]
    else:
        return None
    return which, f"{g.group(0)}: a pair of the same groups ({which})"


def _within(bound: float, qualifier: str, value: float) -> bool:
    """``value`` is what a headline's ``bound`` (超2000亿元, 约2000亿元, 不足2000亿元) rounds:
    on the bound's side and within a tenth of it."""
    if qualifier == "more_than":
        return bound <= value <= bound * 1.1
    if qualifier == "less_than":
        return bound * 0.9 <= value <= bound
    return qualifier == "approx" and abs(value - bound) <= bound * 0.1


# A quote is widened leftwards until ``str.find`` locates it at its figure; beyond this many
# characters a clause repeated verbatim earlier in the article is not quoted (the quote would
# have to run back to where the repetition ends: in a repetitive text, to its beginning).
MAX_QUOTE = 200


def _first_found_from(text: str, start: int, end: int, widest: int) -> int | None:
    """The largest ``s <= start`` (and ``>= widest``) with ``text.find(text[s:end]) == s``, or
    None. A quote found earlier stays found earlier when shortened, so this is a binary search:
    O(log) calls of ``str.find``, each linear, instead of one call per character."""

    def here(s: int) -> bool:  # text[s:end] occurs nowhere before s
        return text.find(text[s:end], 0, end - 1) < 0

    if here(start):
        return start
    if not here(widest):  # here(0) always holds: nothing lies before 0
        return None
    lo, hi = widest, start  # here(lo) holds, here(hi) does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if here(mid) else (lo, mid)
    return lo


UNQUOTED = (
    f"no quote of up to {MAX_QUOTE} characters is found first at this figure (its clause repeats "
    "earlier in the article): write its fact by hand with a longer quote"
)


def _quote_for(text: str, m: Mention, prev_end: int, figures_in_clause: int) -> tuple[str, str]:
    """A quote that ``str.find`` locates at this mention, and ``figure`` where it holds several;
    ``("", "")`` where only a quote of over MAX_QUOTE characters would be found there first."""
    _clause, cstart = clause_around(text, m.start, m.end)
    start = cstart if figures_in_clause == 1 else max(cstart, prev_end)
    found = _first_found_from(text, start, m.end, max(0, min(start, m.end - MAX_QUOTE)))
    if found is None:
        return "", ""
    quote = text[found : m.end]
    n = len([x for x in find_mentions(quote) if x.is_figure])
    return quote, (m.surface if n > 1 else "")


def _group_in(sentence: str, v: _Vocab) -> bool:
    """True if the sentence names a group by its size (45个国家级集群 ...)."""
    return any(
        _count(g.group(1)) in v.group_sizes
        for g in re.finditer(f"({_N})个[^,。;\\n]{{0,10}}集群", sentence)
    )


def _main_region(masked: str, v: _Vocab) -> tuple[str, str] | None:
    """The place an article is about, where one dominates: named at least 3 times and in at
    least half of all the place names (so an article covering many places has none)."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for name, rid in v.regions:
        if rid != "CN":
            n = masked.count(name)
            if n:
                counts[rid] = counts.get(rid, 0) + n
                names.setdefault(rid, name)
    if not counts:
        return None
    rid, n = max(counts.items(), key=lambda kv: kv[1])
    return (names[rid], rid) if n >= 3 and n * 2 >= sum(counts.values()) else None
