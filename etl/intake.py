"""Intake: a new article becomes a source (``add``); its figures become proposed facts
(``propose``); the proposals an analyst accepts become facts (``accept``).

In: a file (or bytes) with the curator's metadata; a source id; the existing data. Out: the raw
copy and its sidecar under ``data/raw/``; ``Proposal`` records; facts appended to
``data/facts/<source_id>.yaml`` and a rebuilt database. Every write goes to a temporary file
that is renamed into place, under one lock for the whole data folder, so two saves at once never
corrupt a file, and a refused input or a failed build leaves the previous data and database as
they were.

Proposals map each figure to metric, scope, region, domain, cluster, period and kind by:
(1) the same or a very similar clause among the existing facts (a reprint), (2) the metric
keywords of ``data/metrics.csv`` beside the figure, (3) region, domain and cluster names of the
dimensions and the registry, and (4) words of time and intent (2021年, 上半年, 到2027年, 预计).
A figure with no good mapping is still listed, with an empty metric and low confidence.
"""

from __future__ import annotations

import bisect
import datetime as dt
import fcntl
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from textwrap import shorten
from typing import Any
from urllib.parse import urlsplit

import yaml

from etl.aliases import cities as _cities
from etl.aliases import cluster_aliases as _cluster_aliases
from etl.clean import clean, to_simplified
from etl.dims import read_dims
from etl.errors import EtlError
from etl.extract import Fact, check_contradictions, clause_around, figure_id, resolve
from etl.load import write
from etl.numbers import CN_YEAR, Mention, cn_to_number, find_mentions, year_value
from etl.paths import ROOT, Paths
from etl.pipeline import Build, run
from etl.registry import read_registry
from etl.sources import ENCODINGS, Source, read_source, read_sources, sha256_bytes
from etl.vocab import CONFIDENCES, GROUPS
from etl.yamlio import LINE, load_yaml, parse_yaml

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
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
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


@dataclass(frozen=True)
class Proposal:
    """A proposed fact for one figure mention of a source."""

    surface: str
    value: float
    unit: str
    qualifier: str
    offset: int
    metric: str
    scope: str
    region: str
    domain: str
    period: str
    kind: str
    cluster: str
    confidence: str
    duplicate_of: str
    reason: str
    quote: str
    figure: str
    context: str

    @property
    def mapped(self) -> bool:
        """True when the proposal names a metric (it can become a fact)."""
        return bool(self.metric)


COLUMNS = tuple(Proposal.__dataclass_fields__)


# ---------------------------------------------------------------- locking and atomic writes
@contextmanager
def data_lock(data: Path) -> Iterator[None]:
    """An exclusive lock over the data folder for the duration of a write (across processes)."""
    data.mkdir(parents=True, exist_ok=True)
    with (data / ".atlas.lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------- add
def read_article(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; an ``EtlError`` naming ``path`` for
    anything else. A pipe, device or directory is refused without reading it (opened without
    blocking, then checked), and no more than MAX_BYTES + 1 bytes are ever read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as e:
        raise EtlError(
            path, f"cannot read the file ({e.strerror})", "give the path of a text file"
        ) from e
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise EtlError(
            path,
            "not a regular file (a directory, a device or a pipe)",
            "give the path of a text file holding the article",
        )
    with os.fdopen(fd, "rb") as fh:
        try:
            data = fh.read(MAX_BYTES + 1)
        except OSError as e:
            raise EtlError(
                path, f"cannot read the file ({e.strerror})", "give the path of a text file"
            ) from e
    if len(data) > MAX_BYTES:
        raise EtlError(
            path,
            f"the file is {max(info.st_size, len(data)) / 1e6:.1f} MB, over the 2 MB limit",
            "save only the article's text (not the whole page or its images)",
        )
    return data


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of an uploaded file and the encoding it was read with; refuses what is not
    readable text with an ``EtlError`` naming the file."""
    if not data.strip():
        raise EtlError(name, "the file is empty", "choose the file holding the article's text")
    if len(data) > MAX_BYTES:
        raise EtlError(
            name,
            f"the file is {len(data) / 1e6:.1f} MB, over the 2 MB limit",
            "save only the article's text (not the whole page or its images)",
        )
    if _utf16(data):
        raise EtlError(name, "the file is UTF-16 text", "save it as UTF-8 (and add it again)")
    if b"\0" in data:
        raise EtlError(
            name, "not a text file (it holds NUL bytes)", "save the article as .txt or .html"
        )
    try:
        return _an_article(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    # GB18030 and Big5 each decode most byte strings, the other's included: keep the reading
    # whose characters (in simplified script) are most often the common ones of real text
    best: tuple[float, str, str] | None = None
    for enc in ENCODINGS[1:]:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = common_share(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is not None and best[0] >= MIN_COMMON_SHARE:
        return _an_article(best[1], name), best[2]
    raise EtlError(
        name,
        "the encoding cannot be read (tried UTF-8, GB18030 and Big5: none gives Chinese text)",
        "save the file as UTF-8 (e.g. iconv -f GB18030 -t UTF-8 FILE)",
    )


def _utf16(data: bytes) -> bool:
    """True if ``data`` is UTF-16 text: a byte-order mark, or Chinese text when read as UTF-16
    (little- or big-endian) although it holds NUL bytes (ASCII characters in UTF-16)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    if b"\0" not in data or len(data) % 2:
        return False
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if common_share(text) >= MIN_COMMON_SHARE:
            return True
    return False


MIN_HANZI = 20  # fewer Chinese characters than this: not a Chinese article


def _an_article(text: str, name: str) -> str:
    """``text`` if it is a Chinese article giving at least one figure once cleaned; else an
    ``EtlError`` that says what the intake reads (an English article would give nothing)."""
    hanzi = len(re.findall("[\u4e00-\u9fff]", text))
    if hanzi < MIN_HANZI:
        raise EtlError(
            name,
            f"not a Chinese article ({hanzi} Chinese characters): the intake reads figures "
            "written in Chinese (38万亿元, 八十个), not English or other languages",
            "add the Chinese original of the article",
        )
    if not any(m.is_figure for m in find_mentions(clean(text))):
        raise EtlError(
            name,
            "no figure in the article's text once cleaned (page furniture and the "
            "related-articles tail are dropped)",
            "add an article that gives figures on the clusters",
        )
    return text


def common_share(text: str) -> float:
    """The share of a text's Chinese characters that are among the 300 most frequent (after
    conversion to simplified script): about 0.5-0.7 for real articles, under 0.2 for bytes
    decoded with the wrong encoding; 0 for a text with no Chinese."""
    cjk = [c for c in to_simplified(text) if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(c in COMMON_HANZI for c in cjk) / len(cjk)


def detect_script(text: str) -> str:
    """'simplified', 'traditional' or 'mixed', from how much OpenCC's t2s changes the text."""
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return "simplified"
    simple = to_simplified("".join(cjk))
    changed = sum(a != b for a, b in zip(cjk, simple, strict=False))
    if changed == 0:
        return "simplified"
    return "traditional" if changed / len(cjk) > 0.08 else "mixed"


def guess_title(text: str) -> str:
    """The first short line of the cleaned text (a headline), else the first sentence."""
    cleaned = clean(text)
    for line in cleaned.split("\n"):
        line = line.strip()
        furniture = re.search(r"来源|作者|分享|责编|\||\d{4}[-年]\d{1,2}[-月]\d{1,2}", line)
        if 6 <= len(line) <= 60 and not re.search(r"[。!?]$", line) and not furniture:
            return line
    first = re.split(r"[。!?\n]", cleaned.strip(), maxsplit=1)[0]
    return first[:60] or "untitled"


# A full date (2022-12-03, 2022/12/3, 2022.12.03, 2022年12月3日).
_FULL_DATE = re.compile(r"(20\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)日?")
# A date a page labels as its publication's (发布时间:2022-12-16 16:43:00).
_DATE_LABEL = re.compile(r"(?:发布|发表|更新)?(?:时间|日期)\s*[:：]\s*$")
# A clock time after a date (2022年12月01日08:21, 2022-12-05 10:12:33): a page header's stamp.
_CLOCK = re.compile(r"\s*\d{1,2}:\d{2}")
# A dateline's date (新华社北京12月3日电, 本报北京11月30日电, 经济日报广州10月20日讯,
# 新华社北京2026年10月20日电), with or without its year.
_DATELINE_DATE = re.compile(
    r"(?:新华社|本报|中新社|中新网|[\u4e00-\u9fff]{2,6}?(?:日报|晚报|报|网|社|台))?"
    r"[\u4e00-\u9fff]{2,4}?(?:(20\d\d)年)?(\d{1,2})月(\d{1,2})日(?:电|讯|電|訊)"
)
DATE_HEAD = 600  # characters at the top of an article where its date stands


@dataclass(frozen=True)
class DateGuess:
    """An article's date as its text gives it. ``rule`` says how it was read:
    'labelled' (发布时间:...), 'header' (a page header's date, with a clock time or on a short
    line), 'dateline' (新华社北京2026年10月20日电), 'dateline_year' (a dateline's month and day, the
    year from ``year_from``, another full date of the text), 'first_date' (the first full date
    near the top), 'no_year' (a dateline's month and day, no year anywhere: ``date`` is None and
    the curator must give it) or 'none' (no date in the text). ``said`` holds the words read."""

    date: str | None
    rule: str
    said: str = ""
    year_from: str = ""

    @property
    def certain(self) -> bool:
        """True when the text gives the whole date (no year or day left to the curator)."""
        return self.date is not None


def _iso(year: str | int, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def read_date(text: str) -> DateGuess:
    """The date an article's text gives for it (see ``DateGuess``), never today's: a labelled
    publication date, then a page header's date, then the dateline's (its year, else the year of
    another full date in the text), then the first full date near the top."""
    norm = unicodedata.normalize("NFKC", text)  # full-width digits and colons
    head = norm[:DATE_HEAD]
    full = [(m, d) for m in _FULL_DATE.finditer(norm) if (d := _iso(*m.groups()))]
    in_head = [(m, d) for m, d in full if m.start() < DATE_HEAD]
    for m, d in in_head:
        if _DATE_LABEL.search(head[max(0, m.start() - 12) : m.start()]):
            return DateGuess(d, "labelled", m.group(0))
    for m, d in in_head:
        line_start = head.rfind("\n", 0, m.start()) + 1
        line_end = head.find("\n", m.end())
        line = head[line_start : line_end if line_end >= 0 else len(head)]
        if _CLOCK.match(head, m.end()) or (
            len(line.strip()) <= 40 and not re.search("[,，。]", line)
        ):
            return DateGuess(d, "header", m.group(0))
    dateline = _DATELINE_DATE.search(head)
    if dateline:
        year, month, day = dateline.groups()
        if year and (d := _iso(year, month, day)):
            return DateGuess(d, "dateline", dateline.group(0))
        if full and (d := _iso(full[0][1][:4], month, day)):
            return DateGuess(d, "dateline_year", dateline.group(0), full[0][0].group(0))
    if in_head:
        return DateGuess(in_head[0][1], "first_date", in_head[0][0].group(0))
    if dateline:
        return DateGuess(None, "no_year", dateline.group(0))
    return DateGuess(None, "none")


def guess_date(text: str) -> str | None:
    """The date ``read_date`` reads in full from the text, or None (no date, or no year)."""
    return read_date(text).date


def new_source_id(published_on: str, publisher: str, digest: str) -> str:
    """``<date>-<ascii letters of the publisher, or 'article'>-<8 hex of the checksum>``."""
    slug = re.sub(r"[^a-z0-9]+", "-", publisher.lower()).strip("-")[:24] or "article"
    return f"{published_on}-{slug}-{digest[:8]}"


def add(
    paths: Paths,
    data: bytes,
    name: str,
    *,
    publisher: str,
    published_on: str,
    title: str | None = None,
    url: str | None = None,
    source_id: str | None = None,
    publisher_en: str | None = None,
    licence: str | None = None,
    rebuild: bool = True,
    force_date: str | None = None,
) -> str:
    """Copy an article byte for byte into ``data/raw/`` with its sidecar; return the source id.

    Refuses (``EtlError``, nothing written) an empty, binary, oversized or unreadable file, a
    file already present (same sha256), bad metadata, a publication date before the earliest
    plausible one (``data/intake.yaml``) or after today unless ``force_date`` gives the reason
    (recorded in the sidecar), or a source id in use. With ``rebuild`` the database is rebuilt;
    if that fails the article is removed again."""
    text, encoding = decode(data, name)
    date_note = _check_date(paths, name, published_on, force_date)
    if not (publisher or "").strip():
        raise EtlError(name, "no publisher given", "name the outlet that published the article")
    digest = sha256_bytes(data)
    sid = source_id or new_source_id(published_on, publisher_en or "", digest)
    _check_id(sid, name)
    with data_lock(paths.data):
        paths.raw.mkdir(parents=True, exist_ok=True)
        for meta in sorted(paths.raw.glob("*.meta.yml")):
            other = load_yaml(meta) or {}
            if str(other.get("sha256")) == digest:
                raise EtlError(
                    name,
                    f"this article is already in the atlas as {other.get('source_id')!r}",
                    "nothing to add; its facts can be proposed with `python -m etl propose`",
                )
        txt, meta_path = paths.raw / f"{sid}.txt", paths.raw / f"{sid}.meta.yml"
        if txt.exists() or meta_path.exists():
            raise EtlError(name, f"source id {sid!r} is in use", "choose another --source-id")
        sidecar = {
            "source_id": sid,
            "title": (title or "").strip() or guess_title(text),
            "title_note": None if title else "guessed from the text at intake",
            "title_en": None,
            "publisher": publisher.strip(),
            "publisher_en": publisher_en,
            "published_on": published_on,
            "published_on_note": date_note,
            "url": _web_url(url, name),
            "script": detect_script(text),
            "encoding": encoding,
            "official": False,
            "licence": licence or "Not stated. Quoted clause by clause with attribution.",
            "seed_file": Path(name).name,
            "received_on": dt.date.today().isoformat(),
            "sha256": digest,
        }
        body = "# Metadata sidecar, written by `python -m etl add`.\n" + yaml.safe_dump(
            {k: v for k, v in sidecar.items() if v is not None}, allow_unicode=True, sort_keys=False
        )
        write_atomic(txt, data)
        try:
            write_atomic(meta_path, body.encode("utf-8"))
            read_source(txt, ROOT)  # the new article must read and clean
            if rebuild:
                _rebuild(paths)
        except BaseException:
            txt.unlink(missing_ok=True)
            meta_path.unlink(missing_ok=True)
            raise
    return sid


# Closing punctuation that sticks to an address copied out of Chinese text (见“https://…”。)
_URL_TAIL = "”’\"'」』》〉】)）。，,;；.!！?？:："


def _web_url(url: str | None, name: str) -> str | None:
    """The article's address as given, without the closing quotes and punctuation that stick
    to an address copied from a sentence; None if none given. Anything but an http(s) address
    with a host (``javascript:``, a bare word, spaces inside) is refused with an EtlError."""
    if not (url or "").strip():
        return None
    text = (url or "").strip()
    while text and text[-1] in _URL_TAIL and not (text[-1] in ")）" and "(" in text):
        text = text[:-1]
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = urlsplit("")
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() or not c.isprintable() for c in text)
    ):
        raise EtlError(
            name,
            f"url {shorten(url or '', 80)!r} is not a web address (http or https)",
            "give the article's address as the browser shows it, or leave the URL out",
        )
    return text


MAX_ID = 100  # characters of a source id: <id>.meta.yml must stay a valid file name


def _check_id(sid: str, name: str) -> None:
    """An EtlError unless ``sid`` is a short id of lower-case letters, digits and hyphens."""
    if len(sid) > MAX_ID:
        raise EtlError(
            name,
            f"source id {sid[:20]!r}… is {len(sid)} characters, over the {MAX_ID} a file name "
            "allows here",
            "choose a shorter --source-id",
        )
    if not _ID.fullmatch(sid):
        raise EtlError(
            name,
            f"source id {sid!r} is not lower-case letters, digits and hyphens",
            "choose another --source-id",
        )


def earliest_plausible_date(paths: Paths) -> str:
    """The earliest publication date the intake takes without a reason (``data/intake.yaml``)."""
    rules = load_yaml(paths.intake)
    first = rules.get("earliest_published_on") if isinstance(rules, dict) else None
    try:
        return dt.date.fromisoformat(str(first)).isoformat()
    except ValueError:
        raise EtlError(
            paths.intake,
            f"earliest_published_on {first!r} is not a date",
            "write it as YYYY-MM-DD",
        ) from None


def _check_date(paths: Paths, name: str, published_on: str, force: str | None) -> str:
    """The sidecar's ``published_on_note`` for a valid date; an ``EtlError`` for a malformed
    one, or for one before the earliest plausible date or after today unless ``force`` says
    why."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published_on or ""):
        raise EtlError(
            name, f"published_on {published_on!r} is not YYYY-MM-DD", "give the publication date"
        )
    try:
        day = dt.date.fromisoformat(published_on)
    except ValueError:
        raise EtlError(
            name, f"published_on {published_on!r} is not a date", "give a real date"
        ) from None
    first, today = earliest_plausible_date(paths), dt.date.today()
    if first <= published_on and day <= today:
        return "given by the curator at intake"
    if force and force.strip():
        return f"given by the curator at intake; outside {first}..{today}, forced: {force.strip()}"
    where = (
        f"before {first}, the earliest plausible date ({paths.intake.name})"
        if published_on < first
        else f"after today ({today})"
    )
    raise EtlError(
        name,
        f"published_on {published_on} is {where}",
        'check the date; if it is right, add it with --force-date "why"',
    )


def _rebuild(paths: Paths) -> None:

    write(run(paths), paths.db)


# ---------------------------------------------------------------- propose
@dataclass(frozen=True)
class _Vocab:
    """What the proposer matches against, read once from the data."""

    metrics: dict[str, dict[str, str]]
    keywords: list[tuple[str, str]]  # (keyword, metric), longest first
    regions: list[tuple[str, str]]  # (name, region_id), longest first
    levels: dict[str, str]
    domains: list[tuple[str, str]]
    clusters: list[tuple[str, str, str]]  # (alias, name_zh, first province id)
    group_sizes: dict[float, str]  # 45.0 -> group45
    group_starts: list[tuple[str, str]]  # (first date the group is known, group), by date
    group_periods: dict[str, str]  # group -> period of its national count
    group_metrics: set[str]
    share_metrics: dict[str, str]  # whole's metric -> the metric of a share of it
    growth_metrics: dict[str, str]  # metric -> the metric of its growth
    facts: list[Fact]
    figures: dict[str, str]  # figure_id -> preferred fact id
    figure_values: dict[str, tuple[float, str]]
    sources: dict[str, Source]
    cluster_ids: dict[str, str]  # name_zh -> cluster_id
    cluster_names: dict[str, str]  # cluster_id -> name_zh
    names: list[tuple[str, str, str]]  # (name, id, 'region' | 'domain'), longest first
    # cities of the registry's clusters that the atlas does not list (深圳, 苏州), as (name, name)
    other_places: list[tuple[str, str]]
    # a cluster's name without its places (集成电路集群), the name, and its places; longest first
    cluster_cores: list[tuple[str, str, tuple[str, ...]]]


def _cluster_core(name: str, places: list[str]) -> str | None:
    """A registered name without the places that open it (上海市集成电路集群 -> 集成电路集群,
    长三角(含江西)大飞机集群 -> 大飞机集群), if what is left still names a cluster."""
    rest = re.sub("[(（][^)）]*[)）]", "", name)
    places = sorted(places, key=len, reverse=True)
    while True:
        for place in places:
            form = next((f for f in (place + "市", place + "省", place) if rest.startswith(f)), "")
            if form:
                rest = rest[len(form) :].lstrip("、")
                break
        else:
            break
    return rest if rest != name and len(rest) >= 5 and rest.endswith("集群") else None


def _vocab(paths: Paths) -> _Vocab:
    return vocab_from_build(run(paths))


def vocab_from_build(build: Build) -> _Vocab:
    """What the proposer matches against, from a build (read once: leave-one-out scoring passes
    a build without one source's facts instead of rebuilding a copy of data/ for each)."""
    d = build.dims
    keywords = sorted(
        (
            (k, mid)
            for mid, m in d.metrics.items()
            for k in (m.get("keywords_zh") or "").split(";")
            if k
        ),
        key=lambda p: -len(p[0]),
    )
    regions: list[tuple[str, str]] = []
    for rid, r in d.regions.items():
        for n in {r["name_zh"], r["short_zh"], *(r.get("aliases_zh") or "").split(";")}:
            if n and rid != "CN" and n != "全国":
                regions.append((n, rid))
    regions.append(("全国", "CN"))
    regions.sort(key=lambda p: -len(p[0]))
    domains = sorted(
        [*((dm["name_zh"], k) for k, dm in d.domains.items()), *DOMAIN_ALIASES.items()],
        key=lambda p: -len(p[0]),
    )
    cities = {c.name_zh: _cities(c.cities_zh) for c in build.registry}
    clusters = []
    owners: dict[str, set[str]] = {}
    for c in build.registry:
        for alias in _cluster_aliases(c.name_zh, cities[c.name_zh]):
            clusters.append((alias, c.name_zh, c.province_ids[0]))
            owners.setdefault(alias, set()).add(c.name_zh)
    # a form two clusters could take (广州市智能装备集群?) names neither
    clusters = [x for x in clusters if len(owners[x[0]]) == 1 or x[0] == x[1]]
    clusters.sort(key=lambda p: -len(p[0]))
    region_names = {n for n, _ in regions}
    cores = []
    for c in build.registry:
        own = tuple(p for p in (*cities[c.name_zh], *c.provinces_zh.split(";")) if p)
        core = _cluster_core(c.name_zh, [*own, *region_names])
        if core:
            cores.append((core, c.name_zh, own))
    cores.sort(key=lambda x: -len(x[0]))
    other_places = sorted(
        {
            (form, form)
            for c in build.registry
            for city in cities[c.name_zh]
            for form in (city, f"{city}市")
            if city not in region_names and f"{city}市" not in region_names
        },
        key=lambda p: -len(p[0]),
    )
    sizes: dict[float, str] = {
        float(g.removeprefix("group")): g for g in GROUPS
    }  # group45: the 45 clusters
    group_metrics = {f.metric for f in build.facts if f.scope in GROUPS}
    counts = [
        f
        for f in build.facts
        if f.metric == "cluster_count"
        and f.scope in GROUPS
        and f.region == "CN"
        and not f.domain
        and f.period_start
    ]
    starts: dict[str, str] = {}
    for f in counts:
        starts[f.scope] = min(starts.get(f.scope, "9999"), str(f.period_start))
    for c in build.registry:  # the registry's announcement dates: '2024-12-16 (list published...)'
        day = c.announced[:10]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):  # the announcement, if earlier
            starts[c.first_group] = min(starts.get(c.first_group, day), day)
    periods: dict[str, str] = {
        g.scope: g.period
        for g in build.figures
        if g.metric == "cluster_count"
        and g.scope in GROUPS
        and g.region == "CN"
        and not g.domain
        and g.period
    }
    return _Vocab(
        metrics=d.metrics,
        keywords=keywords,
        regions=regions,
        levels={rid: r["level"] for rid, r in d.regions.items()},
        domains=domains,
        clusters=clusters,
        group_sizes=sizes,
        group_starts=sorted((d, g) for g, d in starts.items()),
        group_periods=periods,
        group_metrics=group_metrics,
        # the first metric of the file wins where two name the same whole
        share_metrics={
            m["share_of"]: k for k, m in [*d.metrics.items()][::-1] if m.get("share_of")
        },
        growth_metrics={
            m["growth_of"]: k for k, m in [*d.metrics.items()][::-1] if m.get("growth_of")
        },
        facts=build.facts,
        figures={g.figure_id: g.preferred_fact_id for g in build.figures},
        figure_values={g.figure_id: (g.value, g.qualifier) for g in build.figures},
        sources=build.sources,
        cluster_ids={c.name_zh: c.cluster_id for c in build.registry},
        cluster_names={c.cluster_id: c.name_zh for c in build.registry},
        other_places=other_places,
        cluster_cores=cores,
        names=sorted(
            [(n, i, "region") for n, i in regions] + [(n, i, "domain") for n, i in domains],
            key=lambda x: -len(x[0]),
        ),
    )


MAX_SENTENCE = 2000  # characters before a figure taken as its sentence (text without 。)


def _sentence_start(text: str, pos: int) -> int:
    s, floor = pos, max(0, pos - MAX_SENTENCE)
    while s > floor and text[s - 1] not in SENTENCE_BREAKS:
        s -= 1
    return s


def _core_hit(
    text: str, para_start: int, sent_start: int, end: int, v: _Vocab
) -> tuple[str, str] | None:
    """A cluster named in the sentence by its name without places (集成电路集群), after one of
    its places in the paragraph (上海市拥有...,其中集成电路集群): (the words, the name)."""
    best: tuple[int, str, str] | None = None
    for core, name, places in v.cluster_cores:
        at = text.rfind(core, sent_start, end)
        if at < 0 or (best is not None and at + len(core) <= best[0]):
            continue
        before = text[para_start:at]
        if any(p in before for p in places) and not any(
            a in text[max(para_start, at - 12) : at + len(core)] for a, _, _ in v.clusters
        ):
            best = (at + len(core), core, name)
    return None if best is None else (best[1], best[2])


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


def _label(text: str, m: Mention) -> str:
    """For a figure alone on its line (an infographic's text: 38万亿元 / 2024年集群主导产业产值),
    the next line, if it is a short label with no figure of its own; else ''."""
    start = text.rfind("\n", 0, m.start) + 1
    end = text.find("\n", m.end)
    if end < 0 or text[start : m.start].strip() or text[m.end : end].strip():
        return ""
    nxt = text.find("\n", end + 1)
    label = text[end + 1 : nxt if nxt >= 0 else len(text)].strip()
    if not label or len(label) > 40 or any(x.is_figure for x in find_mentions(label)):
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


def _governing(text: str, sent_start: int, cstart: int, m: Mention) -> str:
    """The words whose time words govern a figure: its own clause up to the figure, and the
    clauses before it in the sentence that hold no figure of their own (截至2023年底, ...)."""
    parts = [text[cstart : m.start]]
    pos = cstart
    while pos > sent_start:
        prev_start = pos - 1
        while prev_start > sent_start and text[prev_start - 1] not in "。,;!?:\n":
            prev_start -= 1
        clause = text[prev_start : pos - 1]
        if not any(x.is_figure for x in find_mentions(clause)):
            parts.insert(0, clause)
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


def propose(paths: Paths, source_id: str) -> list[Proposal]:
    """A proposal for every figure mention of a source's cleaned text (see the module doc)."""
    v = _vocab(paths)
    if source_id not in v.sources:
        raise EtlError(
            paths.raw / f"{source_id}.txt",
            f"no source {source_id!r}",
            f"add it first with `python -m etl add`; known: {sorted(v.sources)}",
        )
    return propose_source(v, v.sources[source_id])


def preview(paths: Paths, text: str, published_on: str) -> tuple[str, list[Proposal]]:
    """The cleaned text of an article not yet added, and the proposals ``propose`` would make
    for it once added (the offsets are the same: cleaning is deterministic)."""
    v = _vocab(paths)
    clean_text = clean(text)
    src = Source(
        source_id="(new)",
        title="",
        title_en="",
        publisher="",
        publisher_en="",
        published_on=published_on,
        published_on_note="",
        url=None,
        script="",
        licence="",
        sha256="",
        raw_path="",
        seed_file="",
        notes="",
        official=False,
        raw_text=text,
        clean_text=clean_text,
    )
    return clean_text, propose_source(v, src)


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


def propose_source(v: _Vocab, src: Source) -> list[Proposal]:
    text = src.clean_text
    mentions = find_mentions(text)
    figures = [m for m in mentions if m.is_figure]
    own = {f.surface_start: f for f in v.facts if f.source_id == src.source_id}
    others = v.facts  # a figure repeated within the article maps like its first report too
    about_amc = any(a in text for a in AMC)
    masked = _DATELINE.sub(lambda d: " " * len(d.group()), text)
    masked = _NATIONAL_COMPARISON.sub("  ", masked)
    masked = _COMPOUND_REGION.sub(lambda c: COMPOUND_MARK * len(c.group()), masked)
    main_region = _main_region(masked, v)
    pairs = _respectively(masked, figures, v)
    out: list[Proposal] = []
    prev_end = 0
    for m in figures:
        same_para = out and "\n" not in text[prev_end : m.start]
        prev = out[-1] if same_para else None
        out.append(
            _propose_one(
                text,
                masked,
                m,
                prev_end,
                src,
                v,
                own,
                others,
                about_amc,
                prev,
                main_region,
                pairs.get(m.start),
            )
        )
        prev_end = m.end
    return _headline_restates_body(text, out)


_LEADING_SPACE = re.compile(r"\s*")


def _headline_end(text: str) -> int:
    """Where the first non-empty line (the headline) of ``text`` ends."""
    start = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]
    newline = text.find("\n", start)
    return newline if newline >= 0 else len(text)


def _headline_restates_body(text: str, out: list[Proposal]) -> list[Proposal]:
    """A headline figure with no period of its own, or the period of a body figure of the same
    value, restates that figure (集群产值超20万亿元 ... 2024年,45个集群产值超过20万亿元; 今年推动
    120个以上... / 今年,广州将推动120个以上...): it takes that figure's mapping, its kind too."""
    end = _headline_end(text)
    body = [q for q in out if q.offset >= end and q.metric and q.period]
    for i, p in enumerate(out):
        if p.offset >= end or not p.metric:
            continue
        same = next(
            (
                q
                for q in body
                if (q.metric, q.unit) == (p.metric, p.unit)
                and abs(q.value - p.value) <= 1e-9 * max(1.0, abs(p.value))
                and p.period in ("", q.period)
            ),
            None,
        )
        if same is not None:
            out[i] = replace(
                p,
                **{k: getattr(same, k) for k in ("scope", "region", "domain", "period", "kind")},
                cluster=same.cluster,
                duplicate_of=same.duplicate_of,
                # a place the body took from another sentence is a guess here too
                confidence="medium" if BORROWED in same.reason else p.confidence,
                reason=f"{p.reason}; the headline restates {same.surface} of the body"
                + (f" (its place {BORROWED})" if BORROWED in same.reason else ""),
            )
            continue
        # 集群产值突破2000亿元 (headline) ... 2023年,集群实现产值2010亿元: the body's exact value
        # within the headline's bound, for the same thing: the headline rounds it, over its period
        near = next(
            (
                q
                for q in body
                if not p.period
                and (q.metric, q.unit, q.scope, q.region, q.domain, q.cluster)
                == (p.metric, p.unit, p.scope, p.region, p.domain, p.cluster)
                and q.qualifier == "exact"
                and _within(p.value, p.qualifier, q.value)
            ),
            None,
        )
        if near is not None:
            out[i] = replace(
                p,
                period=near.period,
                kind=near.kind,
                reason=f"{p.reason}; the headline rounds {near.surface} of the body: its period",
            )
    return out


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


def _places_in(words: str, name: str, v: _Vocab) -> bool:
    """True if ``words`` name one of the places of the registry cluster ``name``."""
    return any(p in words for _, n, places in v.cluster_cores if n == name for p in places)


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


def _propose_one(
    text: str,
    masked: str,
    m: Mention,
    prev_end: int,
    src: Source,
    v: _Vocab,
    own: dict[int, Fact],
    others: list[Fact],
    doc_amc: bool,
    prev: Proposal | None,
    main_region: tuple[str, str] | None,
    pair: tuple[str, str, str] | None = None,
) -> Proposal:
    assert m.value is not None and m.unit is not None and m.qualifier is not None
    clause, cstart = clause_around(text, m.start, m.end)
    in_clause = [x for x in find_mentions(clause) if x.is_figure]
    quote, figure = _quote_for(text, m, prev_end, len(in_clause))
    context = text[max(0, m.start - 20) : m.end + 20].replace("\n", " ")
    base: dict[str, Any] = {
        "surface": m.surface,
        "value": m.value,
        "unit": m.unit,
        "qualifier": m.qualifier,
        "offset": m.start,
        "quote": quote,
        "figure": figure,
        "context": context,
    }
    if m.start in own:  # already a fact of this source
        f = own[m.start]
        return Proposal(
            **base,
            **_mapping(f, v),
            confidence="high",
            duplicate_of=f.fact_id,
            reason=f"already fact {f.fact_id} of this source",
        )
    # (1) the same or a very similar clause among the existing facts: a reprint
    best, ratio, shift = None, 0.0, 0
    rel = m.start - cstart
    for f in others:
        if f.unit != m.unit or abs(f.value - m.value) > 1e-9 * max(1.0, abs(m.value)):
            continue
        r = (
            1.0
            if f.quote == clause
            else SequenceMatcher(None, f.quote, clause, autojunk=False).ratio()
        )
        d = abs((f.surface_start - f.quote_start) - rel)  # where in the clause: 13个 vs 13个
        if (r, -d) > (ratio, -shift):
            best, ratio, shift = f, r, d
    if best is not None and ratio >= 0.85:
        same = "same clause as" if ratio == 1.0 else f"clause {ratio:.0%} like that of"
        conf = "high" if ratio >= 0.9 else "medium"
        dup = v.figures.get(best.figure_id, best.fact_id)
        return Proposal(
            **base,
            **_mapping(best, v),
            confidence=conf,
            duplicate_of=dup,
            reason=f"{same} {best.fact_id}",
        )
    # (2)-(4) words around the figure
    sent_start = _sentence_start(text, m.start)
    full_start = sent_start  # the whole sentence, across ; (其中,A...;B...)
    while full_start > 0 and text[full_start - 1] == ";":
        full_start = _sentence_start(text, full_start - 1)
    seg_start = max(cstart, prev_end)  # a clause never starts before its sentence
    seg = text[seg_start : m.start]  # the words between figures
    to_next = _TO_NEXT.match(text, m.end) if m.unit == "count" else None
    # 从45个到80个国家先进制造业集群: the first count is of what the second counts
    at = to_next.end() if to_next else m.end
    after = re.split(r"[,。;!?、\n]|\d", text[at : at + 16], maxsplit=1)[0]
    label = _label(text, m)
    if label:  # an infographic's figure alone on its line: its words are on the next line
        after = label
    # the figure's own counter starts the words after it: 26省 + 区 reads 省区
    w_start = max(cstart, sent_start, m.start - 30)
    window = text[w_start : m.start] + "\x00" + (m.counter or "") + after
    # where the previous figure's words end: a count that names what it counts after it does
    # not borrow the metric of the figure before (1.8万家高新技术企业和近200家创新平台)
    own_from = max(0, prev_end - w_start)
    if (
        prev is not None
        and prev.unit == "yuan"
        and _BOUND.match(text, prev.offset + len(prev.surface))
    ):
        own_from = 0  # 营收超千亿元企业达到5家: the bound is part of the words of what is counted
    reasons: list[str] = []
    sentence = text[sent_start : m.end + len(after)] if not label else f"{m.surface} {label}"
    sent_end = next((i for i in range(m.end, len(text)) if text[i] in SENTENCE_BREAKS), len(text))
    whole_sentence = text[sent_start:sent_end] if not label else sentence
    other_prog = next((p for p in OTHER_PROGRAMMES if p in sentence), None)
    # about this programme: named in the sentence, or named in the article and the sentence
    # speaks of clusters without naming another programme
    about_amc = any(a in sentence for a in AMC) or (
        doc_amc and "集群" in sentence and not other_prog
    )
    metric, kw, strength = _metric(window, m, v, own_from)
    shared = re.match(f"、\\s*(?:{_N}|\\d[\\d.]*){m.counter}", text[m.end :]) if m.counter else None
    if not metric and shared:
        # 遴选出45个、35个国家先进制造业集群: the words after the last count name each of them
        rest = m.end + shared.end()
        noun = re.split(r"[,。;!?\n]|\d", text[rest : rest + 20], maxsplit=1)[0]
        metric, kw, strength = _metric("\x00" + noun, m, v)
        if metric:
            sentence += noun  # the shared words speak for this count too
            about_amc = about_amc or any(a in noun for a in AMC)
    heading = _row_heading(text, m) if not metric else None
    if heading is not None:  # 表1:各省份国家先进制造业集群数量(单位:个) / 江苏:...,合计14个
        metric, kw, strength = _metric(heading[0] + "\x00", m, v)
        row = heading[2]
        if row.count(m.surface) == 1 and text.count(row) == 1:
            base["quote"], base["figure"] = row, m.surface  # the row names what the cell is
        if metric:
            reasons.append(f"a row of the table '{heading[1][:40]}'")
            sentence = f"{heading[1]} {sentence}"  # the caption speaks for the row
            about_amc = about_amc or any(a in heading[1] for a in AMC)
    if other_prog and not about_amc:
        return Proposal(
            **base,
            metric="",
            scope="",
            region="",
            domain="",
            period="",
            kind="",
            cluster="",
            confidence="low",
            duplicate_of="",
            reason=f"another cluster programme ({other_prog}): not mapped",
        )
    if metric == "cluster_count" and not (about_amc or "国家级集群" in sentence):
        metric, strength = "", ""
        reasons.append("集群 without 先进制造业: which programme?")
    # 国家级集群10个、省级集群30个: each count its own words
    local = re.search(
        "(?:省级|市级|省重点|市重点)(?:先进制造业|先进制造|产业)?集群",
        text[seg_start : m.end + len(after)],
    )
    refused = False  # a figure refused below is not to be given a metric back as a list item
    if local and "国家" not in seg and (metric == "cluster_count" or not metric):
        # 培育省级先进制造业集群30个: not national clusters
        refused = True
        if metric:
            metric, strength = "", ""
            reasons.append(f"{local.group(0)}: not national clusters")
    if metric == "industrial_va_share" and "全国" not in text[sent_start : m.start]:
        # 先进制造业增加值占规模以上工业增加值比重达到65%: a share of the place's own industry
        reasons.append("a share of the place's own industry, not of the country's")
        metric, strength = "", ""
    industry = re.search("工业(?:总)?产值|工业增加值|地区生产总值|GDP", seg)
    if metric == "leading_output" and industry and "集群" not in seg:
        # 全市规模以上工业总产值突破2.4万亿元: all of industry, not the clusters' output
        reasons.append(f"{industry.group(0)}: all of industry, not the clusters")
        metric, strength = "", ""
    threshold = m.unit == "yuan" and _BOUND.match(text, m.end)
    if threshold:  # 产值超过万亿元的集群有6个: a bound that defines a class
        reasons.append(f"{m.surface}{threshold.group(0)}: a bound of a class, not a figure")
        metric, strength = "", ""
    each = re.search("每(?:个|家|一个|一家|年)", seg)
    if metric and each:  # 每个省级集群至少建设1个...: a norm for each, not a total
        reasons.append(f"{each.group(0)}: a figure for each one, not a total")
        metric, strength = "", ""
    added = re.search("新增|新晋|新入选|新获批|再培育|再增加|再打造", seg)
    refused = refused or bool(added)
    if metric and added and m.unit == "count":  # 新增4个国家先进制造业集群: not the total
        reasons.append(f"{added.group(0)}: an increase, not a total")
        metric, strength = "", ""
    total_of = re.fullmatch(
        r"(?P<noun>[^,。;\d]{0,16})[,，]\s*(?:总数|总量|累计|共计|合计|总计)[^,。;\d]{0,4}",
        text[prev_end : m.start],
    )
    if not metric and total_of and prev is not None and prev.unit == m.unit:
        # 新增“小巨人”企业136家,总数达到541家 / 遴选出45个、35个国家先进制造业集群,总数达到80个:
        # the total of what the figure before counts (the words before or after it)
        around = text[sent_start : prev.offset] + "\x00" + total_of.group("noun")
        metric, kw, strength = _metric(around, m, v)
        if metric:
            total_word = total_of.group(0)[len(total_of.group("noun")) :].lstrip(",， ")
            reasons.append(f"{total_word} after {prev.surface}: its total")
    world = re.search("世界级", text[m.end : m.end + 24].split("集群")[0])
    if world and (metric == "cluster_count" or not metric):  # 培育10个左右世界级集群
        refused = True
        if metric:
            reasons.append("世界级集群: world-class clusters, not the count of national ones")
            metric, strength = "", ""
    counts_other = (
        metric == "cluster_count"
        and not after.startswith(")")  # 新材料(16个)领域集群: the bracket closes the count
        and re.search("(区域|地区|省|城市|领域|类)[^集]*集群", after)
    )
    if counts_other:
        refused = True
        metric, strength = "", ""
        reasons.append(f"counts what comes after it ({after}), not clusters")
    # region, domain, cluster
    cluster_hit = _nearest(text[sent_start : m.start], [(a, n) for a, n, _ in v.clusters])
    para_start = text.rfind("\n", 0, sent_start) + 1
    # a cluster known only through a place or a name of another sentence: a guess (medium)
    cluster_from = ""
    if cluster_hit is None:  # 上海市拥有...,其中集成电路集群产值...: a cluster by its core
        cluster_hit = _core_hit(text, para_start, sent_start, m.start, v)
        if cluster_hit and not _places_in(text[sent_start : m.start], cluster_hit[1], v):
            cluster_from = f"the place of {cluster_hit[0]}"
    if cluster_hit is None:  # 合肥市智能语音集群...。集群内集聚企业...: the cluster named before
        cluster_hit = _anaphor_hit(text, sent_start, m.start, v)
        cluster_from = f"the cluster of {cluster_hit[0]}" if cluster_hit else ""
    mseg = masked[seg_start : m.start]
    # the place named in the figure's own words (or, after 分别, by its rank in the list)
    local_region = _nearest(mseg, v.regions)
    if pair and pair[2] == "region":
        local_region = pair[:2]
    sentence_region = _nearest(masked[sent_start : m.start], v.regions)
    region_hit = local_region or sentence_region
    in_sentence = region_hit is not None
    paragraph = text[para_start : m.start]
    speaker = _SPEAKER.match(masked, para_start)
    if region_hit is None and speaker:  # the office of the paragraph's speaker
        region_hit = _nearest(speaker.group(0), v.regions)
    if region_hit is None:  # a region named earlier in the same paragraph
        region_hit = _nearest(masked[para_start:sent_start], v.regions)
    domain_hit = _nearest(seg, v.domains)
    if pair and pair[2] == "domain":
        domain_hit = pair[:2]
    listed = None
    listed_as = ""  # "list", "share" or "growth": how the figure follows ``listed``
    if (
        not metric
        and not refused  # refused above: not to be listed back in
        and m.unit == "count"
        and m.counter == "个"
        and doc_amc
        and not other_prog
    ):
        if (
            prev is not None
            and prev.metric
            and prev.unit == m.unit
            and len(seg) <= 10
            and "其中" not in seg  # 3个计划单列市,其中东部地区30个: a breakdown, not a list
            and (local_region or domain_hit)
        ):
            metric, kw, strength, listed, listed_as = (
                prev.metric,
                f"listed after {prev.surface}",
                "strong",
                prev,
                "list",
            )
        elif domain_hit or (
            (
                "集群" in whole_sentence
                # 江苏(14个)、广东(8个): counts in brackets after places, clusters named before
                or (local_region and text.endswith("(", 0, m.start) and "集群" in paragraph)
            )
            and (
                local_region
                # 东部地区集群仍占多数,共有46个: the place in a clause before, no figure between
                or (prev_end <= sent_start and sentence_region)
            )
        ):
            metric, kw, strength = "cluster_count", "a region or domain with 个", "weak"
        about_amc = about_amc or bool(metric)
    if (
        not metric
        and m.unit == "percent"
        and prev is not None
        and prev.metric
        and _SHARE_OF.fullmatch(seg.strip(",、 "))
        and prev.metric in v.share_metrics
    ):  # 达30个,占2/3: the share that count is of the whole
        metric = v.share_metrics[prev.metric]
        kw, strength, listed, listed_as = f"占 after {prev.surface}", "strong", prev, "share"
    if (
        not metric
        and m.unit == "percent"
        and prev is not None
        and prev.metric in v.growth_metrics
        and _GROWTH_AFTER.fullmatch(seg.strip(",、 "))
    ):  # 实现产值5.5万亿元,同比增长6.2%: the growth of that output
        metric = v.growth_metrics[prev.metric]
        kw, strength, listed, listed_as = f"增长 after {prev.surface}", "strong", prev, "growth"
    if metric and region_hit and not pair:
        at = masked.rfind(region_hit[0], sent_start, m.start)
        summed = re.search("合计|共计|总计|加起来|加总", masked[at : m.start]) if at >= 0 else None
        places = _places_with_figures(masked[sent_start : m.start], v) if summed else set()
        if summed and len(places) >= 2:
            # 江苏10个、...、山东7个,四省合计32个,占全部集群的四成: a sum over several places
            reasons.append(f"{summed.group(0)} after {region_hit[0]}: a sum of several places")
            metric, strength = "", ""
    compound = masked.rfind(COMPOUND_MARK, sent_start, m.start)
    if metric and compound >= 0 and not _nearest(masked[compound : m.start], v.regions):
        said = [c.group(0) for c in _COMPOUND_REGION.finditer(text, sent_start, m.start)]
        reasons.append(f"{said[-1] if said else '?'}: several regions together, none of the atlas")
        metric, strength = "", ""
    elsewhere = (
        _other_place(masked[sent_start : m.start], v) if metric and not cluster_hit else None
    )
    if elsewhere:
        reasons.append(f"{elsewhere}: a city the atlas does not list")
        metric, strength = "", ""
    whole = None
    if not in_sentence and metric:
        # in the figure's sentence up to it (公布45个...名单 我省3个集群入选: the 45 is not 我省's)
        whole = re.search("(?:全|本|我|该)(?:省|市)(?!场)|全区(?!域)", text[sent_start : m.start])
        if whole:
            # 全省, 我市 ...: the place of that level named last before this sentence (for a
            # count of clusters too: 全省力争培育20个 is the province's, not the country's)
            level = "city" if whole.group(0).endswith("市") else "province"
            earlier = [(n, r) for n, r in v.regions if v.levels.get(r) == level]
            region_hit = _nearest(masked[max(0, para_start - 300) : sent_start], earlier)
            if region_hit is None:  # a place the atlas does not list: never the country's
                reasons.append(f"{whole.group(0)}: a {level} the atlas does not list")
                metric, strength = "", ""
        if metric and region_hit is None and metric not in v.group_metrics:
            region_hit = main_region  # an article about one place
    batch_words = re.search(f"(?:{_BATCH})[^,。;]{{0,2}}$", seg)
    if metric == "cluster_count" and batch_words:
        metric, strength = "", ""
        reasons.append(f"the size of {batch_words.group(0)}, not of a group")
    batches = list(re.finditer(_BATCH, text[sent_start : m.start]))
    batch = batches[-1] if batches else None
    if (
        batch
        and re.search(  # 第四批...4个集群入选,全省总数达到10个: the total of all batches
            "总数|累计|至此|总量|总计|合计|共有", text[sent_start + batch.end() : m.start]
        )
    ):
        batch = None
    if metric == "cluster_count" and batch and m.value not in v.group_sizes:
        # 在第四批集群中,新一代信息技术领域9个: a split of one batch, not of a group
        metric, strength = "", ""
        reasons.append(f"counts clusters of {batch.group(0)} (one batch), not of a group")
    # intent (要, 将, 力争 ...) in the sentence, or opening the paragraph of a work plan
    prev_sentence = text[_sentence_start(text, max(sent_start - 1, 0)) : sent_start]
    target = (
        bool(_TARGET.search(text[sent_start : m.start]))
        or (
            # 今年,广州将推动...;市区协同建设12个...: the intent holds across ';'
            full_start < sent_start
            and bool(_TARGET.search(text[full_start:sent_start]))
            and not re.search("已|实现了|完成了|达到了", text[sent_start : m.start])
        )
        or (
            para_start < sent_start
            and len(prev_sentence) <= 40
            and bool(_TARGET.search(prev_sentence))
            and not any(x.is_figure for x in find_mentions(prev_sentence))
            and not re.search("已|实现了|完成了", sentence)
        )
    )
    forecast = bool(_FORECAST.search(text[sent_start : m.start]))
    kind = "forecast" if forecast else ("target" if target else "actual")
    names_group = re.match("[^,。;]{0,12}集群的", text[m.end : m.end + 16])
    if metric == "cluster_count" and kind != "actual" and m.value in v.group_sizes and names_group:
        # 到2030年,80个集群的产值有望...: the 80 names the clusters, it is not a target
        reasons.append(f"{m.surface}{names_group.group(0)}: names the group, not a {kind} of it")
        kind = "actual"
    group, greason = _group(text, m, v, src.published_on)
    # 集群从45个增加到80个,覆盖省份从19个扩大到26个: 19 is the 45's, 26 the 80's
    group_pair = _group_pair(text, sent_start, m, v)
    if group_pair is not None:
        group, greason = group_pair
    if heading is not None and greason.startswith("named") and not _group_in(heading[1], v):
        # a table's row: a group named in the prose above is not the table's
        in_force = [g for start, g in v.group_starts if start <= src.published_on]
        if in_force:
            group = in_force[-1]
            greason = f"{group}: the group in force on {src.published_on} (a row of a table)"
    cluster = ""
    if cluster_hit and metric and metric != "cluster_count":
        cluster = cluster_hit[1]
        scope = "cluster"
        region = next(p for a, n, p in v.clusters if n == cluster)
        reasons.append(f"cluster {cluster_hit[0]} before the figure")
    elif listed is not None and listed.scope in GROUPS:
        scope = listed.scope
        region = region_hit[1] if region_hit else "CN"
    elif (
        group
        and (
            about_amc
            or "集群" in text[full_start : m.end]
            # 80个国家先进制造业集群 / 覆盖26个省: a sentence with no subject continues the last
            or (_SUBJECTLESS.match(text, full_start) is not None and "集群" in prev_sentence)
        )
        and (
            metric in v.group_metrics
            or (
                greason.startswith("named")
                and (
                    _group_in(sentence, v)
                    or text[full_start:].lstrip("“").startswith("集群")
                    # 其中,...: a part of the group named in the sentence before
                    or (sentence.startswith("其中") and _group_in(prev_sentence, v))
                )
            )
        )
    ):
        scope = group
        if region_hit and not in_sentence and not whole and _group_in(sentence, v):
            # ...湖南4个。45个集群主导产业产值达19万亿元: a figure stated of the group is the
            # group's, not the place of the sentence before
            reasons.append(f"the group named in its sentence, not {region_hit[0]} before it")
            region_hit = None
        region = region_hit[1] if region_hit else "CN"
        reasons.append(greason)
    elif (
        metric
        and group
        and doc_amc
        and region_hit is None
        and metric in v.group_metrics
        and re.match(r"[,，]?\s*约?占全国", text[m.end : m.end + 8])
    ):
        # 建成国家制造业创新中心18家,占全国总数的近六成: a part of the country's total, in an
        # article about the clusters: the clusters'
        scope, region = group, "CN"
        reasons.append(f"{group}: a part of the country's total ({greason})")
    elif metric:
        if region_hit is None and main_region is not None:
            region_hit = main_region  # no group's figure: the place the article is about
        region = region_hit[1] if region_hit else "CN"
        scope = {"country": "national", "key_region_group": "key_region"}.get(
            v.levels[region], v.levels[region]
        )
    else:
        scope, region = "", region_hit[1] if region_hit else ""
    if region_hit:
        reasons.append(f"region {region_hit[0]} before the figure")
    # the six domains split the clusters (MIIT's count): other figures are not split by them
    domain = domain_hit[1] if domain_hit and metric in ("cluster_count", "cluster_share") else ""
    if domain_hit and domain:
        reasons.append(f"domain {domain_hit[0]}")
    if not domain and listed is not None and listed_as == "share" and listed.domain:
        domain = listed.domain  # 生物医药...领域集群8个,占比10%: the share of that domain's count
        reasons.append(f"the domain of {listed.surface}")
    if metric == "cluster_share" and region == "CN" and not domain:
        # 三者合计占全部集群的70%: the country's share of all clusters is no figure; a part's is
        reasons.append("a share of all clusters for no one region or domain: of which part?")
        metric = ""
    stock = not v.metrics.get(metric, {}).get("flow") if metric else True
    # the time words that open a sentence hold across ';' for flows and targets (今年,广州将...;
    # 建设12个...), not for a stock after ';', which is as of its own date
    words = label or _governing(
        text, full_start if kind != "actual" or not stock else sent_start, cstart, m
    )
    period, preason = _period(words, src.published_on, stock, kind != "actual")
    undated = preason == "no year stated" or preason.startswith("a count as of")
    if (
        undated
        and text.startswith("其中", full_start)
        and not v.metrics.get(metric, {}).get("by_group")
    ):
        # 其中, ...: a part of what the sentence before gave, over the same time
        j = full_start
        while j > 0 and text[j - 1] in SENTENCE_BREAKS + " \u3000":
            j -= 1
        before = text[_sentence_start(text, j) : j]
        before_p, before_r = _period(before, src.published_on, stock, False)
        if before_p and not before_r.startswith("a count as of"):
            period, preason = before_p, f"其中: the sentence before's {before_r}"
    if kind == "target" and not period:
        # 到2027年新增...3个以上,培育形成5个万亿级产业集群: the horizon holds for the sentence
        horizon = list(re.finditer(f"(?:到|(?<!截)至)({_Y})年", text[sent_start : m.start]))
        if horizon:
            period = str(year_value(horizon[-1].group(1)))
            preason = f"{horizon[-1].group(0)} earlier in the sentence"
    header = _list_header(text, sent_start) if undated and not period else None
    if header and not v.metrics.get(metric, {}).get("by_group"):
        # 各集群2024年发展情况如下: / ——X集群:产值约1.3万亿元: the list's period
        header_p, header_r = _period(header, src.published_on, stock, kind != "actual")
        if header_p and not header_r.startswith("a count as of"):
            period, preason = header_p, f"the list's opening line: {header_r}"
    section = _section_year(text, sent_start, src.published_on, kind != "actual")
    now = re.search("目前|当前|现有|现已|如今|截至目前", text[sent_start : m.start])
    if section and not now and (not period or preason.startswith("a count as of publication")):
        # 过去一年,... / 2025年主要预期目标是:... opening a part of a work report: its year
        period, preason = section
    if (
        (re.match(r"(较|比|同比|按年)", text[cstart : m.start]) or listed_as == "growth")
        and prev is not None
        and prev.period
        and (_sentence_start(text, prev.offset) == sent_start)
    ):  # 完成产值6.2万亿元,较去年同期增长6.1%: the growth is over the period just named
        period, preason = prev.period, f"a comparison with {prev.surface}: its period"
    if kind == "target" and period[:4].isdigit() and int(period[:4]) < int(src.published_on[:4]):
        kind = "actual"  # a year already past: what was done, whatever the verbs around it
        reasons.append(f"{period[:4]} is before publication: actual")
    group_size = metric == "cluster_count" and scope in GROUPS and region == "CN" and not domain
    size = next((k for k, g in v.group_sizes.items() if g == scope), None)
    if group_size and kind == "actual" and size is not None and abs(m.value - size) > 1e-9:
        # the country's count of a group is the group's size: 4个 is some place's count
        reasons.append(f"{m.value:g} is not the size of {scope}: whose count?")
        metric = ""
    # what a group's list fixes (how many of its clusters lie in a place, the provinces it
    # covers: by_group in metrics.csv) is dated by the group, even after a year
    # (2024年,全省8个国家级集群实现产值...: the year dates the output, not the count)
    of_group = bool(v.metrics.get(metric, {}).get("by_group"))
    if (
        scope in GROUPS
        and kind == "actual"
        and ((stock and (preason.startswith("a count as of") or not period)) or of_group)
    ):
        period = v.group_periods.get(scope) or src.published_on[:7]  # dated by the group
        preason = f"dated as the {scope} count ({period})"
    if metric == "national_clusters_held" and scope in GROUPS:
        metric = "cluster_count"
    if metric:
        reasons.insert(0, f"'{kw}' beside the figure")
    else:
        reasons.insert(0, "no metric fits: new?")
    reasons.append(preason)
    # the same figure already in the atlas?
    dup = ""
    if metric:
        fid = figure_id(
            metric, scope, region, domain or None, v.cluster_ids.get(cluster), period or None, kind
        )
        restated = not period or preason.startswith(("a count as of", "dated as"))
        if fid not in v.figures and restated:
            # a figure restated later or without its period: the figure as first stated, if
            # the value is the same
            for other_id, (val, _) in v.figure_values.items():
                parts = other_id.split(".")
                if (
                    parts[:4] == [metric, scope, region, domain or "all"]
                    and parts[5] == kind
                    and abs(val - m.value) < 1e-9 * max(1.0, abs(m.value))
                ):
                    fid, period = other_id, parts[4]
                    period = "" if period == "undated" else period
                    reasons.append(
                        f"same value as {v.figures[other_id]}: period {period or 'undated'}"
                    )
                    break
        if fid in v.figures:
            dup = v.figures[fid]
            val, q = v.figure_values[fid]
            agrees = abs(val - m.value) < 1e-9 and q == m.qualifier
            reasons.append(("same figure as " if agrees else "differs from ") + dup)
    explicit = bool(region_hit) or scope in GROUPS or scope == "cluster"
    conf = (
        "high"
        if metric and strength == "strong" and explicit
        else "medium"
        if metric and (strength == "strong" or explicit)
        else "low"
    )
    # a place named only in another sentence (the paragraph before, 全省 resolved to a province
    # named earlier, the article's main place) or a cluster known only from there is a guess:
    # never high (never pre-ticked), the curator confirms it
    borrowed = (
        cluster_from
        if scope == "cluster"
        else region_hit[0]
        # (全国 of another sentence gives the country, the place a figure has by default)
        if region_hit and not in_sentence and region == region_hit[1] != "CN"
        else ""
    )
    if conf == "high" and borrowed:
        conf = "medium"
        reasons.append(f"{borrowed} {BORROWED}")
    if not metric:
        scope = region = domain = period = kind = cluster = ""
    return Proposal(
        **base,
        metric=metric,
        scope=scope,
        region=region,
        domain=domain,
        period=period,
        kind=kind,
        cluster=cluster,
        confidence=conf,
        duplicate_of=dup,
        reason="; ".join(reasons),
    )


def _mapping(f: Fact, v: _Vocab) -> dict[str, Any]:
    """The meaning of an existing fact, as proposal fields."""
    return {
        "metric": f.metric,
        "scope": f.scope,
        "region": f.region,
        "domain": f.domain or "",
        "period": f.period or "",
        "kind": f.kind,
        "cluster": v.cluster_names.get(f.cluster or "", ""),
    }


# ---------------------------------------------------------------- accept
@dataclass(frozen=True)
class AcceptResult:
    """What ``accept`` did: facts written, and proposals skipped with why."""

    written: list[str]
    skipped: list[tuple[int, str]]


def _entry(source_id: str, p: Proposal) -> dict[str, Any]:
    e: dict[str, Any] = {"id": f"{source_id}-o{p.offset}", "quote": p.quote}
    if p.figure:
        e["figure"] = p.figure
    e.update(metric=p.metric, scope=p.scope, region=p.region)
    if p.domain:
        e["domain"] = p.domain
    if p.cluster:
        e["cluster"] = p.cluster
    e["period"] = p.period or None
    if not p.period:
        e["period_note"] = "the article states no period for this figure"
    e["kind"] = p.kind
    if p.unit == "unspecified":
        e["unit_note"] = "the figure has no unit of its own; the metric's unit is meant"
    e["note"] = f"accepted from a proposal ({p.confidence}: {p.reason})"
    return e


def _not_yet(p: Proposal, taken: set[int]) -> str | None:
    """Why a chosen proposal cannot become a fact as it stands, or None."""
    if not p.mapped:
        return "no metric: map it first"
    if not p.quote:
        return UNQUOTED
    if p.offset in taken:
        return "already a fact of this source"
    return None


def accept(
    paths: Paths,
    source_id: str,
    proposals: list[Proposal],
    *,
    min_confidence: str = "high",
    only: set[int] | None = None,
) -> AcceptResult:
    """Write the chosen proposals as facts of ``source_id``, validated, then rebuild.

    Chosen: mapped proposals at or above ``min_confidence`` (or exactly the offsets of
    ``only``), not already facts of this source. Each is validated with the real resolver; one
    that fails, or that contradicts another report of the same source, is skipped with the
    reason. The facts file is written whole (temporary file, rename) under the data lock; if the
    rebuild then fails, the previous file is restored and the error raised."""
    rank: dict[str, int] = {c: i for i, c in enumerate(CONFIDENCES)}
    if min_confidence not in rank:
        raise EtlError(
            "--min-confidence", f"{min_confidence!r} unknown", f"use one of {CONFIDENCES}"
        )
    sources = read_sources(paths.raw, ROOT)
    if source_id not in sources:
        raise EtlError(paths.raw / f"{source_id}.txt", f"no source {source_id!r}", "add it first")

    dims = read_dims(paths.data)
    registry = read_registry(paths.reference, dims)
    file = paths.facts / f"{source_id}.yaml"
    skipped: list[tuple[int, str]] = []
    written: list[str] = []
    with data_lock(paths.data):
        old_bytes = file.read_bytes() if file.exists() else None
        old_text = old_bytes.decode("utf-8") if old_bytes else ""
        doc = parse_yaml(old_text, file) if old_text.strip() else None
        doc = doc if isinstance(doc, dict) else {"source": source_id, "facts": []}
        doc["facts"] = doc.get("facts") or []
        existing = {e["id"] for e in doc["facts"] if isinstance(e, dict)}
        existing_facts, _ = (
            resolve(doc, file, sources, dims, registry) if doc["facts"] else ([], [])
        )
        added: list[dict[str, Any]] = []
        taken = {f.surface_start for f in existing_facts}
        accepted: list[Fact] = list(existing_facts)
        for p in proposals:
            chosen = (
                p.offset in only if only is not None else rank[p.confidence] <= rank[min_confidence]
            )
            if not chosen:
                continue
            why = _not_yet(p, taken)
            if why:
                skipped.append((p.offset, why))
                continue
            entry = _entry(source_id, p)
            if entry["id"] in existing:
                skipped.append((p.offset, f"id {entry['id']} in use"))
                continue
            try:
                facts, _ = resolve(
                    _with_lines({"source": source_id, "facts": [dict(entry)]}),
                    file,
                    sources,
                    dims,
                    registry,
                )
                check_contradictions([*accepted, *facts])
            except EtlError as e:
                skipped.append((p.offset, f"{e.problem}"))
                continue
            if any(f.figure_id == facts[0].figure_id for f in accepted):
                skipped.append((p.offset, "this source already reports that figure"))
                continue
            accepted += facts
            added.append(entry)
            written.append(entry["id"])
            taken.add(p.offset)
        if not written:
            return AcceptResult(written, skipped)
        body = _with_facts(old_text, added) if old_text.strip() else _dump(added, source_id)
        write_atomic(file, body.encode("utf-8"))
        try:
            _rebuild(paths)
        except BaseException:
            if old_bytes is None:
                file.unlink(missing_ok=True)
            else:
                write_atomic(file, old_bytes)
            raise
    return AcceptResult(written, skipped)


def save_article(
    paths: Paths,
    data: bytes,
    name: str,
    chosen: list[Proposal],
    **meta: Any,
) -> tuple[str, AcceptResult | None]:
    """Add an article and accept the ``chosen`` proposals (exactly those offsets), all or
    nothing: the Curate page's Save. ``meta`` are ``add``'s keywords (publisher, published_on,
    title, url, publisher_en, force_date). If anything fails (a facts file elsewhere that breaks
    the build, say) the raw file, its sidecar and the facts file are removed again and the error
    raised, so that the same save can be retried once the cause is mended. Returns the source id
    and what ``accept`` did (None when nothing was chosen)."""
    if not chosen:
        return add(paths, data, name, **meta), None
    sid = add(paths, data, name, rebuild=False, **meta)
    facts = paths.facts / f"{sid}.yaml"
    had_facts = facts.exists()
    try:
        result = accept(paths, sid, chosen, only={p.offset for p in chosen})
        if not result.written:  # accept rebuilt nothing: the new article must still build
            with data_lock(paths.data):
                _rebuild(paths)
    except BaseException:
        with data_lock(paths.data):
            for path in (paths.raw / f"{sid}.txt", paths.raw / f"{sid}.meta.yml"):
                path.unlink(missing_ok=True)
            if not had_facts:
                facts.unlink(missing_ok=True)
        raise
    return sid, result


def _with_lines(doc: dict[str, Any]) -> dict[str, Any]:
    """Give plain-parsed entries the line markers the resolver's messages use."""
    out = dict(doc)
    for key in ("facts", "labels"):
        out[key] = [{**e, LINE: e.get(LINE, 0)} for e in doc.get(key) or [] if isinstance(e, dict)]
    return out


_HEAD = (
    "# Facts read from data/raw/{sid}.txt. What each field means: data/facts/README.md.\n"
    "# Values are never typed here: the ETL reads them from the quoted words.\n"
)


def _dump(entries: list[dict[str, Any]], source_id: str) -> str:
    """A new facts file holding ``entries``."""
    body = {"source": source_id, "facts": entries}
    return _HEAD.format(sid=source_id) + yaml.safe_dump(
        body, allow_unicode=True, sort_keys=False, width=100
    )


def _with_facts(text: str, entries: list[dict[str, Any]]) -> str:
    """``text`` (a facts file) with ``entries`` added at the end of its ``facts:`` list, every
    other byte kept: the curator's comments, header, order, quoting and line breaks. The end
    of the list is found by the parser; the entries are written in the list's own indentation.
    A file whose list is not a block list (``facts: []``, no ``facts:``) is round-tripped with
    ruamel.yaml instead, which keeps comments (but re-wraps long lines)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    seq = None
    if isinstance(root, yaml.MappingNode):
        seq = next((v for k, v in root.value if k.value == "facts"), None)
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
        return _round_trip_with(text, entries)
    lines = text.splitlines(keepends=True)
    first = seq.value[0].start_mark
    dash = lines[first.line].rfind("-", 0, first.column)
    if dash < 0:
        return _round_trip_with(text, entries)
    block = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
    new = "".join(" " * dash + line for line in block.splitlines(True))
    end = _last_line(seq.value[-1]) + 1  # the line after the last item's last value
    before = "".join(lines[:end])
    if before and not before.endswith("\n"):
        before += "\n"
    return before + new + "".join(lines[end:])


def _last_line(node: yaml.Node) -> int:
    """The 0-based line of the end of the last scalar inside ``node``."""
    if isinstance(node, yaml.ScalarNode):
        mark = node.end_mark
        return mark.line if mark.column > 0 else mark.line - 1
    if isinstance(node, yaml.MappingNode):
        children = [v for kv in node.value for v in kv]
    else:
        children = node.value
    return max((_last_line(c) for c in children), default=node.start_mark.line)


def _round_trip_with(text: str, entries: list[dict[str, Any]]) -> str:
    import io

    from ruamel.yaml import YAML

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 100
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    doc = rt.load(text)
    if doc is None:
        doc = {}
    facts = doc.get("facts") or []
    if hasattr(facts, "fa"):
        facts.fa.set_block_style()
    facts.extend(entries)
    doc["facts"] = facts
    out = io.StringIO()
    rt.dump(doc, out)
    return out.getvalue()


def proposals_as_rows(proposals: list[Proposal]) -> list[dict[str, Any]]:
    """Proposals as plain dicts in column order (for CSV and tables)."""
    return [asdict(p) for p in proposals]


def from_row(row: dict[str, Any]) -> Proposal:
    """A proposal from an edited table row (empty cells as '')."""
    cells: dict[str, Any] = {
        k: ("" if row.get(k) is None or row.get(k) != row.get(k) else row.get(k)) for k in COLUMNS
    }
    cells["offset"], cells["value"] = int(cells["offset"]), float(cells["value"])
    p = Proposal(**cells)
    return replace(p, period=str(p.period))
