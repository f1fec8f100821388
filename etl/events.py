"""The programme's timeline: the date of an event, read from the words that report it.

In: the quoted words of an event (a label of topic ``event``) and its source's publication
date. Out: the event's date, ``YYYY-MM-DD`` or ``YYYY-MM``, read from the first date the words
give (``2025年9月11日``, ``2024年3月``, ``9月11日`` in the year of publication, or the year
before when that day would fall after it), or None when they give none (the curator then
states the date with a note saying how it is known).
"""

from __future__ import annotations

import datetime as dt
import re

_FULL = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
DATE_FORM = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def _day(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def event_date(words: str, published_on: str) -> str | None:
    """The first date ``words`` give, completed with the publication year where they give
    none; None when there is no valid date in them."""
    found: list[tuple[int, str | None]] = []
    for rx in (_FULL, _ISO):
        found += [(m.start(), _day(*map(int, m.groups()))) for m in rx.finditer(words)]
    for m in _MONTH.finditer(words):
        if not _FULL.match(words, m.start()) and 1 <= int(m.group(2)) <= 12:
            found.append((m.start(), f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"))
    pub = dt.date.fromisoformat(published_on)
    for m in _DAY.finditer(words):
        month, day = int(m.group(1)), int(m.group(2))
        when = _day(pub.year, month, day)
        if when and when > published_on:
            when = _day(pub.year - 1, month, day)
        found.append((m.start(), when))
    dated = sorted((pos, d) for pos, d in found if d)
    return dated[0][1] if dated else None
