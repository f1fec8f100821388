"""The proposer's rules."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from etl.extract import Fact, clause_around, figure_id
from etl.intake.proposal import Proposal
from etl.intake.text import (
    _BATCH,
    _BOUND,
    _SHARE_OF,
    _SUBJECTLESS,
    _anaphor_hit,
    _core_hit,
    _governing,
    _group,
    _group_in,
    _group_pair,
    _label,
    _list_header,
    _metric,
    _nearest,
    _other_place,
    _period,
    _places_in,
    _places_with_figures,
    _quote_for,
    _row_heading,
    _section_year,
    _sentence_start,
)
from etl.intake.vocab import _Vocab
from etl.intake.words import (
    _COMPOUND_REGION,
    _FORECAST,
    _GROWTH_AFTER,
    _N,
    _SPEAKER,
    _TARGET,
    _TO_NEXT,
    _Y,
    AMC,
    BORROWED,
    COMPOUND_MARK,
    OTHER_PROGRAMMES,
    SENTENCE_BREAKS,
)
from etl.numbers import Mention, find_mentions, year_value
from etl.sources import Source
from etl.vocab import GROUPS


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
