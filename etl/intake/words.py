"""The intake's word lists (``words.yaml``: other programmes, domain aliases, words of time
and intent, counters) and the patterns built from them, shared by its modules."""

from __future__ import annotations

import re

from etl.numbers import CN_YEAR, cn_to_number

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
_TARGET = re.compile(
    f"到{_Y}年|(?<!截)至{_Y}年|力争|目标|争取|计划(?!单列)|将(?!近)|打造|确保|规划"
    r"|(?<![主重需只不])要(?![求素点闻])|加快建设|加快推进"
)
# 全国 in a comparison (超过全国平均水平, 居全国前列, 占全国的) is not the place a figure is about.
_NATIONAL_COMPARISON = re.compile(
    "全国(?=平均|城市|前列|第|首|领先|之首|比重|总量|的|同行|同类|\\d|[一二三四五六七八九十]+分之)|(?<=占)全国"
)
# A speaker's office at the start of a paragraph: 河南省工业和信息化厅厅长朱鸣表示, ...
_SPEAKER = re.compile(r"[^,。\n]{2,40}?(?:表示|指出|介绍|强调|称|说)")
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
KIND_COUNTERS = "类种批次"
# Clusters are counted in 个; a figure in 家 (firms), 项, 名 ... beside 集群 counts something
# the cluster holds (苏州纳米新材料集群集聚企业近1000家).
CLUSTER_COUNTERS = ("个",)
_FORECAST = re.compile(r"预计|预期(?!目标)|有望")
# The words between a figure and its growth rate (实现产值5.5万亿元,同比增长6.2%).
# 人民币 may follow a yuan figure (38万亿元人民币); 按年 is Hong Kong's 同比.
_GROWTH_AFTER = re.compile(
    "(?:人民币,?)?(?:同比|按年|比上年|较上年|较去年|较去年同期)?(?:增长|增加|增速)(?:了|为|达)?"
)
# Words of time: a year, a half-year, this/last year; the parts of a year the atlas does not
# model (前三季度, 一季度, 1-9月, 前10个月): a figure for them is not the year's.
_PART_YEAR = (
    "上半年|下半年|前三季度|前两季度|第?[一二三四1-4]季度"
    "|前[一二三四五六七八九十\\d]{1,2}个月|\\d{1,2}\\s*[-—–~至到]\\s*\\d{1,2}月份?"
)
_YEAR = re.compile(f"({_Y})年(?:度|全年)?({_PART_YEAR})?")
_REL_YEAR = re.compile(f"(今年|去年|上年|全年)({_PART_YEAR})?(?!同期)")
# 从45个到80个, 由45个增加到80个: a count and the count it became.
_TO_NEXT = re.compile(
    f"(?:增加|增长|增|提高|提升|上升|扩大|跃升|发展)?(?:到|至)\\s*{_N}\\s*个(?:再到\\s*{_N}\\s*个)?"
)
_YEAR_SPAN = re.compile(f"({_Y})\\s*[-—–~至到]\\s*({_Y})年")
# Other cluster programmes: never mapped to the advanced-manufacturing cluster counts.
OTHER_PROGRAMMES = (
    "中小企业特色产业集群",
    "特色产业集群",
    "创新型产业集群",
    "县域产业集群",
    "产业集群区域品牌",
    "战略性新兴产业集群",
    "农业产业集群",
    "优势特色产业集群",
    "国家级产业集群",
    "数字产业集群",
    "现代服务业集群",
)
# Words naming two or more macro-regions together: not one region of the atlas (中西部 is not 西部).
_COMPOUND_REGION = re.compile("东中西部|中西部|东中部|中东部|东西部")
COMPOUND_MARK = "\x01"
# Said of a proposal whose place (or cluster) only another sentence names: never high.
BORROWED = "from another sentence: check"
AMC = ("先进制造业集群", "先进制造集群")  # the programme this atlas is about
# Short names people use for the six domains (besides their full names in domains.csv).
DOMAIN_ALIASES = {
    "新一代信息技术": "ngit",
    "电子信息": "ngit",
    "高端装备": "equipment",
    "新材料": "materials",
    "生物医药": "biomed",
    "医疗器械": "biomed",
    "消费品": "consumer",
    "新能源汽车": "nev",
    "智能网联汽车": "nev",
}
