"""The intake's word lists (``words.yaml``: other programmes, domain aliases, words of time
and intent, counters) and the patterns built from them, shared by its modules."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from etl.errors import EtlError
from etl.numbers import CN_YEAR, cn_to_number

WORDS = Path(__file__).with_name("words.yaml")
LISTS = (
    "programme",
    "other_programmes",
    "domain_aliases",
    "kind_counters",
    "cluster_counters",
    "intent",
    "forecast",
    "part_of_year",
    "growth_comparisons",
    "growth_verbs",
    "speaker_verbs",
    "compound_regions",
)


def _words() -> dict[str, Any]:
    try:
        doc = yaml.safe_load(WORDS.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise EtlError(WORDS, f"not valid YAML: {e}", "fix the file's syntax") from e
    if not isinstance(doc, dict):
        raise EtlError(WORDS, "not a mapping of word lists", "give each list under its name")
    missing = [k for k in LISTS if not doc.get(k)]
    if missing:
        raise EtlError(WORDS, f"no {', '.join(missing)}", "give every word list the rules use")
    kinds = {"domain_aliases": dict, "kind_counters": str}
    wrong = [k for k in LISTS if not isinstance(doc[k], kinds.get(k, list))]
    if wrong:
        raise EtlError(WORDS, f"{', '.join(wrong)}: not of the right kind", "see the file's notes")
    return dict(doc)


W = _words()

MAX_BYTES = 2 * 1024 * 1024
# The 300 most frequent Chinese characters: they make up most of any real text, and few of the
# characters a wrong decoding gives (Big5 bytes read as GB18030).
COMMON_HANZI = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内"
    "数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提"
    "直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计"
    "别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海"
)
# Below this share of common characters no reading of the bytes is taken for Chinese text.
MIN_COMMON_SHARE = 0.3
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
SENTENCE_BREAKS = "。!?;\n"

# A year (2025, 二〇二五) and a count (45, 四十五) as the patterns below take them.
_Y = f"(?:20\\d\\d|{CN_YEAR})"
_N = "(?:\\d+|[一二三四五六七八九十两]+)"


def _count(s: str) -> float:
    """A count read by ``_N``: '45' or '四十五' -> 45.0 (0.0 if it is not a numeral)."""
    return float(s) if s.isdigit() else float(cn_to_number(s) or 0)


# Words that make a figure a target or a forecast when they stand before it in its sentence.
_TARGET = re.compile("|".join(w.replace("{Y}", _Y) for w in W["intent"]))
# 全国 in a comparison (超过全国平均水平, 居全国前列, 占全国的) is not the place a figure is about.
_NATIONAL_COMPARISON = re.compile(
    "全国(?=平均|城市|前列|第|首|领先|之首|比重|总量|的|同行|同类|\\d|[一二三四五六七八九十]+分之)|(?<=占)全国"
)
# A speaker's office at the start of a paragraph: 河南省工业和信息化厅厅长朱鸣表示, ...
_SPEAKER = re.compile(f"[^,。\\n]{{2,40}}?(?:{'|'.join(W['speaker_verbs'])})")
# A dateline names a place that is not what the figures are about: 本报北京11月30日电,
# 新华社北京2026年10月20日电, 经济日报广州10月20日讯; and a reporter's credit in brackets
# ((记者 王某某)), not the words after 记者 (记者19日从广东省工业和信息化厅获悉: 广东 is the
# source).
_DATELINE = re.compile(
    r"(?:本报|新华社|中新社|[\u4e00-\u9fff]{2,6}?(?:日报|晚报|报|网|社|台))?"
    r"[\u4e00-\u9fff]{2,4}(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:电|讯)"
    r"|[(（]\s*记者[^)）\n]{0,16}[)）]"
)
# Counters of kinds, batches and times: never one of the atlas's counts.
KIND_COUNTERS: str = W["kind_counters"]
# Clusters are counted in 个; a figure in 家 (firms), 项, 名 ... beside 集群 counts something
# the cluster holds (苏州纳米新材料集群集聚企业近1000家).
CLUSTER_COUNTERS = tuple(W["cluster_counters"])
_FORECAST = re.compile("|".join(W["forecast"]))
# The words between a figure and its growth rate (实现产值5.5万亿元,同比增长6.2%).
# 人民币 may follow a yuan figure (38万亿元人民币); 按年 is Hong Kong's 同比.
_GROWTH_AFTER = re.compile(
    f"(?:人民币,?)?(?:{'|'.join(W['growth_comparisons'])})?(?:{'|'.join(W['growth_verbs'])})"
    "(?:了|为|达)?"
)
# Words of time: a year, a half-year, this/last year; the parts of a year the atlas does not
# model (前三季度, 一季度, 1-9月, 前10个月): a figure for them is not the year's.
_PART_YEAR = "|".join(W["part_of_year"])
_YEAR = re.compile(f"({_Y})年(?:度|全年)?({_PART_YEAR})?")
_REL_YEAR = re.compile(f"(今年|去年|上年|全年)({_PART_YEAR})?(?!同期)")
# 从45个到80个, 由45个增加到80个: a count and the count it became.
_TO_NEXT = re.compile(
    f"(?:增加|增长|增|提高|提升|上升|扩大|跃升|发展)?(?:到|至)\\s*{_N}\\s*个(?:再到\\s*{_N}\\s*个)?"
)
_YEAR_SPAN = re.compile(f"({_Y})\\s*[-—–~至到]\\s*({_Y})年")
# Other cluster programmes: never mapped to the advanced-manufacturing cluster counts.
OTHER_PROGRAMMES = tuple(W["other_programmes"])
# Words naming two or more macro-regions together: not one region of the atlas (中西部 is not 西部).
_COMPOUND_REGION = re.compile("|".join(W["compound_regions"]))
COMPOUND_MARK = "\x01"
# Said of a proposal whose place (or cluster) only another sentence names: never high.
BORROWED = "from another sentence: check"
AMC = tuple(W["programme"])  # the programme this atlas is about
# Short names people use for the six domains (besides their full names in domains.csv).
DOMAIN_ALIASES: dict[str, str] = dict(W["domain_aliases"])
