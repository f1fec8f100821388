"""Where the sources name each registry cluster: the quotes that trace a named cluster to an
article in data/raw/, so that the research notes are only a secondary reference.

In: the registry and the sources (their cleaned text). Out: one ``ClusterMention`` per cluster
and source that names it (the first clause naming it, its offset, the form written and how
many times the source names it). Names are matched in the forms articles write them
(``etl.aliases``), plus forms only naming needs (``_forms``), and in the lists articles write:
one 集群 for several items (``长沙市工程机械、株洲市先进轨道交通装备等4个产业集群``) and one city
for several items (``上海市集成电路集群及张江生物医药集群``). A bare domain name (集成电路集群)
is too common to count as a cluster's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from etl.aliases import cities, cluster_aliases
from etl.clean import normalise_punctuation
from etl.extract import clause_around

if TYPE_CHECKING:
    from etl.registry import Cluster
    from etl.sources import Source

# What ends a cluster's name: 集群, 产业集群, (国家级)先进制造(业)集群.
_SUFFIX = "(?:产业|国家级?先进制造业?|先进制造业?)?集群"
# The end of a list that writes 集群 once for all its items: …、B等4个产业集群, “A”“B”两大集群,
# A和B两大集群. After 和 or 及 the list must count its items: X及Y产业集群 is one name.
_COUNT = "(?:等|共)?(?:[0-9一二三四五六七八九十两]+(?:个|大))"
_ITEMS = "(?:(?!集群)[^,。;:!?\\n]){0,60}?"  # items hold no 集群 of their own
_LIST_END = f"”?(?:(?:、|“){_ITEMS}{_COUNT}?|(?:和|及|与){_ITEMS}{_COUNT}|{_COUNT}?){_SUFFIX}"
_SUFFIX_AT = re.compile(_SUFFIX)
_SUFFIXES = ("国家级先进制造业集群", "国家先进制造业集群", "先进制造业集群", "先进制造集群")


@dataclass(frozen=True)
class ClusterMention:
    """A source naming a registry cluster."""

    cluster_id: str
    source_id: str
    surface: str
    quote: str
    quote_start: int
    n_mentions: int


@dataclass(frozen=True)
class _Matcher:
    """The patterns that find one cluster: its whole names, its names without 集群 (list
    items), and, for a one-city cluster, what follows its city (a list item taking the city of
    the item before it) with that city."""

    names: re.Pattern[str]
    stems: re.Pattern[str] | None
    carried: re.Pattern[str] | None
    city: str


def _stem(form: str) -> str:
    """A written name without the word(s) for cluster at its end."""
    for s in (*_SUFFIXES, "产业集群", "集群"):
        if form.endswith(s):
            return form.removesuffix(s)
    return form


def _within_city(name: str, cities_zh: str) -> set[str]:
    """The name without its city where what follows starts with the place within the city that
    the notes give in brackets (温州(乐清): 温州市乐清电气集群 -> 乐清电气集群)."""
    m = re.fullmatch(r"([\u4e00-\u9fff]{2,3})\((.+)\)", normalise_punctuation(cities_zh))
    rest = name.removeprefix(f"{m.group(1)}市") if m else name
    place = m.group(2) if m else ""
    if rest != name and any(rest.startswith(place[k:]) for k in range(len(place) - 1)):
        return {rest}
    return set()


def _forms(c: Cluster) -> tuple[set[str], list[str]]:
    """The cluster's written names (``etl.aliases`` and the forms naming alone needs) and its
    cities. The notes' full-width brackets are written as the cleaned text writes them, quotes
    around the cities (“武襄十随”) may be left out or put around their initials (“郑南商许”…),
    the cities may stand in full for their initials (大盘… as 大连盘锦…), a place within the
    city may stand for it (乐清电气集群), and 国家先进制造业集群 may stand for 集群."""
    listed = cities(c.cities_zh or "")
    name = normalise_punctuation(c.name_zh)
    names = {name, re.sub("[“”]", "", name)}
    initials = "".join(x[0] for x in listed)
    if len(listed) > 1 and name.startswith(initials):
        rest = name[len(initials) :]
        names.add(f"“{initials}”{rest}")  # “郑南商许”超硬材料集群
        names.update(f"{full}{rest}" for full in ("".join(listed), "、".join(listed)))
        names.update(f"{sep.join(listed)}市{rest}" for sep in ("市", "市、"))
    names |= _within_city(name, c.cities_zh or "")
    forms = {f for n in names for f in cluster_aliases(n, listed)}
    for form in list(forms):
        if form.endswith("集群") and not form.endswith(_SUFFIXES):
            stem = _stem(form)
            forms.update(f"{stem}{s}" for s in _SUFFIXES[1:3])
    return {f for f in forms if len(f) >= 6}, listed


def _alternation(words: set[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=512)  # a cluster's forms and patterns, made once (sourced rows ask for each)
def _matcher(c: Cluster) -> _Matcher:
    forms, listed = _forms(c)
    stems = {s for s in map(_stem, forms) if len(s) >= 4}
    city = listed[0] if len(listed) == 1 else ""
    rests = {
        s.removeprefix(prefix)
        for s in (stems if city else ())
        for prefix in (f"{city}市", city)
        if s.startswith(prefix) and len(s) - len(prefix) >= 4
    }
    # the city in brackets after the industry: 工程机械先进制造业集群(徐州)
    forms |= {f"{r}{s}({city})" for r in rests for s in ("集群", "产业集群", "先进制造业集群")}
    return _Matcher(
        names=re.compile(_alternation(forms)),
        stems=re.compile(f"“?({_alternation(stems)})(?={_LIST_END})") if stems else None,
        carried=(
            re.compile(f"(?<=[、和及与])({_alternation(rests)})(?={_LIST_END})") if rests else None
        ),
        city=city,
    )


def _hits(m: _Matcher, text: str) -> list[tuple[int, int]]:
    """Where the text names the cluster: (start, end) of each naming, in order."""
    hits = [(h.start(), h.end()) for h in m.names.finditer(text)]
    if m.stems:
        hits += [(h.start(1), h.end(1)) for h in m.stems.finditer(text)]
    if m.carried:
        for h in m.carried.finditer(text):
            clause, start = clause_around(text, h.start(1), h.end(1))
            if m.city in clause[: h.start(1) - start]:  # the city of an item before it
                suffix = _SUFFIX_AT.match(text, h.end(1))
                hits.append((h.start(1), suffix.end() if suffix else h.end(1)))
    spans: list[tuple[int, int]] = []
    for s, e in sorted(hits, key=lambda h: (h[0], -h[1])):  # the longest naming at a place
        if not spans or s >= spans[-1][1]:
            spans.append((s, e))
    return spans


def names_in(c: Cluster, text: str) -> bool:
    """True if ``text`` names the cluster, in any form the sources are searched for."""
    return bool(_hits(_matcher(c), text))


def named_in_sources(registry: list[Cluster], sources: dict[str, Source]) -> list[ClusterMention]:
    """Every (cluster, source) pair where the source names the cluster, in registry order."""
    out = []
    for c in registry:
        m = _matcher(c)
        for sid, s in sources.items():
            spans = _hits(m, s.clean_text)
            if not spans:
                continue
            first = spans[0]
            quote, start = clause_around(s.clean_text, *first)
            surface = s.clean_text[first[0] : first[1]]
            out.append(ClusterMention(c.cluster_id, sid, surface, quote, start, len(spans)))
    return out
