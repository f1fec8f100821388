"""How articles write a registry cluster's name: the forms a proposer or a scanner looks for.

In: a cluster's registered name (and its cities). Out: the set of its written forms. Used by
the intake (a cluster named in a sentence) and by ``etl.naming`` (where the sources name each
cluster). No I/O.
"""

from __future__ import annotations

import re


def cities(cities_zh: str) -> list[str]:
    """The registry's cities of a cluster ('广州;深圳 (expanded ...)' -> [广州, 深圳])."""
    return [
        c.strip().removesuffix("市")
        for c in re.sub(r"\(.*?\)", "", cities_zh or "").split(";")
        if re.fullmatch("[\u4e00-\u9fff]{2,3}市?", c.strip())
    ]


def cluster_aliases(name: str, listed: list[str] | None = None) -> set[str]:
    """The ways articles write a cluster's registered name: without 市 or 、, with 先进制造业集群
    for 先进制造集群 (and the reverse), without the words 先进制造(业) at all, without 先进 before
    what it qualifies (先进轨道交通装备), with 产业集群 for 集群, a list of cities
    by their first characters (广州市、佛山市、惠州市... -> 广佛惠...), and, for a name that
    starts with its cities' first characters, one of those cities in full (深广高端医疗器械集群 ->
    深圳市高端医疗器械集群)."""
    forms = {name}
    cities = re.match("((?:[\u4e00-\u9fff]{2,3}市、)+[\u4e00-\u9fff]{2,3}市)(.+)", name)
    if cities:  # 广州市、佛山市、惠州市超高清视频和智能家电集群 -> 广佛惠超高清视频和智能家电集群
        forms.add("".join(c[0] for c in cities.group(1).split("、")) + cities.group(2))
    listed = listed or []
    for n in range(len(listed), 1, -1):
        initials = "".join(c[0] for c in listed[:n])
        if name.startswith(initials) and len(name) - n >= 4:
            forms.update(f"{c}市{name[n:]}" for c in listed[:n])
            break
    for form in list(forms):
        for a, b in (("先进制造集群", "先进制造业集群"), ("先进制造业集群", "先进制造集群")):
            if form.endswith(a):
                forms.add(form.removesuffix(a) + b)
                if len(form) - len(a) >= 4:
                    forms.add(form.removesuffix(a) + "集群")
    for form in list(forms):  # 株洲市先进轨道交通装备集群 -> 株洲市轨道交通装备(产业)集群
        plain = re.sub("先进(?!制造)", "", form)
        if plain != form and len(plain) >= 8:
            forms.add(plain)
    for form in list(forms):
        if form.endswith("集群") and not form.endswith(("产业集群", "制造业集群", "制造集群")):
            forms.add(form.removesuffix("集群") + "产业集群")
    return {f for form in forms for f in (form, form.replace("市", ""), form.replace("、", ""))}
