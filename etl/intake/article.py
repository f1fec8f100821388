"""Taking an article in: reading and decoding its bytes, guessing its title and date, checking
its id and date, and ``add`` (the raw copy and its sidecar under ``data/raw/``)."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from textwrap import shorten
from urllib.parse import urlsplit

import yaml

from etl.clean import clean, to_simplified
from etl.errors import EtlError
from etl.intake.files import data_lock, write_atomic
from etl.intake.words import COMMON_HANZI, ID_PATTERN, MAX_BYTES, MIN_COMMON_SHARE
from etl.numbers import find_mentions
from etl.paths import ROOT, Paths
from etl.sources import ENCODINGS, read_source, sha256_bytes
from etl.yamlio import load_yaml


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
    if not ID_PATTERN.fullmatch(sid):
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
    """Rebuild the database through the ETL's face (imported when a write needs it: taking an
    article in and proposing for it do not depend on the pipeline)."""
    from etl.build import build

    build(paths)
