"""The cleaner: each noise form of the real pages, and idempotence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.clean import (
    clean,
    close_number_spaces,
    cut_tail,
    drop_page_furniture,
    normalise_punctuation,
    strip_html,
    strip_pinyin,
    to_simplified,
    unit_tables,
)
from etl.paths import ROOT


@pytest.mark.parametrize(
    ("step", "raw", "expected"),
    [
        (strip_pinyin, "產(chǎn)業(yè)規(guī)劃", "產業規劃"),
        (strip_pinyin, "區(qū)域經(jīng)濟(jì)", "區域經濟"),
        (strip_pinyin, "產（chǎn）業", "產業"),
        (strip_pinyin, "大会(2025)", "大会(2025)"),  # digits are not pinyin
        (strip_pinyin, "news(abc)", "news(abc)"),  # no tone mark, not after a character
        (strip_html, '<li id="omoqo"></li>\n文字', "\n文字"),
        (strip_html, "  •   11月30日,据", "11月30日,据"),
        (strip_html, "<noscript><kbd></kbd></noscript>", ""),
        (strip_html, "A&amp;B", "A&B"),
        (to_simplified, "當前位置:主頁 > 新聞中心", "当前位置:主页 > 新闻中心"),
        (to_simplified, "推動集群工作不斷邁上新臺階", "推动集群工作不断迈上新台阶"),
        (to_simplified, "已是简体的文字", "已是简体的文字"),
        (cut_tail, "正文。\n\n相关文章\n\n无关内容", "正文。\n"),
        (cut_tail, "正文。\n相关阅读\n抓住重点", "正文。\n"),
        (cut_tail, "正文。\n相关内容\nx\n热门资讯\ny", "正文。\n"),
        (cut_tail, "正文提到相关文章的写法。", "正文提到相关文章的写法。"),  # not a heading line
        (cut_tail, "正文。\n热门推荐\n四川GDP增长5.8%", "正文。\n"),
        (cut_tail, "正文。\n【相关阅读】\nx", "正文。\n"),
        (cut_tail, "正文。\n▼ 往期回顾\nx", "正文。\n"),
        (cut_tail, "正文。\n相关报道>>\nx", "正文。\n"),
        (cut_tail, "正文。\n热门推荐的产品有3个。", "正文。\n热门推荐的产品有3个。"),
        (drop_page_furniture, "Network\n- 高新院新闻\n- 政策解读\n正文", "\n\n\n正文"),
        (drop_page_furniture, "当前位置:主页 > 新闻中心 >\n正文", "\n正文"),
        (drop_page_furniture, "以下是200字阐述:\n\n生成的摘要。\n\n正文", "\n\n正文"),
        (drop_page_furniture, "创始人\n2025-02-15 14:07:58\n0\n正文", "\n\n\n正文"),
        (drop_page_furniture, "正文\n版权所有 © 2008-2025 某网 京ICP备12345678号-1", "正文\n"),
        (drop_page_furniture, "正文\n电话:010-68205114 地址:北京市某路13号 邮编:100804", "正文\n"),
        (drop_page_furniture, "正文\n网站访问量:1234567次\n阅读 10万+", "正文\n\n"),
        (drop_page_furniture, "首页 | 新闻中心 | 政策\n正文", "\n正文"),
        (
            drop_page_furniture,
            "45个|80个|100个集群的比较表明,产值上升。",
            "45个|80个|100个集群的比较表明,产值上升。",
        ),
        # a sentence of the article that names a telephone stays
        (drop_page_furniture, "企业可拨打电话:12345咨询。", "企业可拨打电话:12345咨询。"),
        (normalise_punctuation, "2025年9月11日,由工业", "2025年9月11日,由工业"),
        (normalise_punctuation, "工信部:25个集群", "工信部:25个集群"),
        (normalise_punctuation, "07:31 与 1,000", "07:31 与 1,000"),
        (normalise_punctuation, "大会(2025)在", "大会(2025)在"),
        (normalise_punctuation, "19个省(自治区、直辖市)", "19个省(自治区、直辖市)"),
        (normalise_punctuation, "增长１２％", "增长12%"),
        # the full-width marks most pages use read as the half-width ones the ETL splits on
        (normalise_punctuation, "获悉\uff0c截至目前\uff1b约\uff1a", "获悉,截至目前;约:"),
        (normalise_punctuation, "真的吗\uff1f是\uff01", "真的吗?是!"),
        (normalise_punctuation, "19个省\uff08自治区\uff09", "19个省(自治区)"),
        (to_simplified, "產值超過38兆元人民幣,3兆瓦", "产值超过38万亿元人民币,3兆瓦"),
        (strip_pinyin, "集群(jí qún)數量,產(chǎn)值,(AI)", "集群數量,產值,(AI)"),
        (
            clean,
            "<p>如下表:</p><table><tr><th>省份</th><th>数量(个)</th></tr>"
            "<tr><td>江苏</td><td>14</td></tr><tr><td>广东</td><td>8</td></tr></table>",
            "如下表:\n省份 数量(个)\n江苏:数量14个\n广东:数量8个\n",
        ),
        # a table whose unit is in its caption or column heads: each cell written with its
        # column and unit, so that it is a figure someone can read; no unit, no change
        (
            unit_tables,
            "表1:各省份集群数量(单位:个)\n省份\t第一至三批\t第四批\t合计\n江苏\t10\t4\t14\n"
            "广东\t7\t-\t7\n说明:略",
            "表1:各省份集群数量(单位:个)\n省份\t第一至三批\t第四批\t合计\n"
            "江苏:第一至三批10个,第四批4个,合计14个\n广东:第一至三批7个,合计7个\n说明:略",
        ),
        (
            unit_tables,
            "省份 产值(亿元) 增速(%)\n江苏 1,200 6.5\n广东 980 5",
            "省份 产值(亿元) 增速(%)\n江苏:产值1,200亿元,增速6.5%\n广东:产值980亿元,增速5%",
        ),
        (
            unit_tables,
            "城市 集群数 产值\n苏州 4 1.6\n无锡 2 0.8",
            "城市 集群数 产值\n苏州 4 1.6\n无锡 2 0.8",
        ),
        (unit_tables, "省份 数量(个)\n江苏 14\n正文。", "省份 数量(个)\n江苏 14\n正文。"),
        # numbers spaced apart from Chinese read as unspaced ones; dates and times stay
        (
            close_number_spaces,
            "培育 80 个集群,2024 年达 38.2 万亿元",
            "培育80个集群,2024年达38.2万亿元",
        ),
        (close_number_spaces, "5 月 8 日,到 2027 年", "5月8日,到2027年"),
        (close_number_spaces, "证券时报 2022-09-24 07:31", "证券时报 2022-09-24 07:31"),
        (close_number_spaces, "小鹏 P7 新车型,AI 应用", "小鹏 P7 新车型,AI 应用"),
        (close_number_spaces, "增长 7.5%。", "增长7.5%。"),
        (clean, "正文。\n相关阅读\uff1a\n深圳\uff1a突破100万辆\n", "正文。\n"),
        (clean, "正文。\n相關閱讀\uff1a\n无关", "正文。\n"),
        # the links to the site's other articles end the article, whatever follows on the line
        (clean, "正文。\n上一篇:浙江培育15个集群\n下一篇:x", "正文。\n"),
        (clean, "正文。\n返回搜狐,查看更多\n责任编辑:张三", "正文。\n"),
        (clean, "正文。\n热门排行\n1.某某新闻300万", "正文。\n"),
        # a sentence that speaks of the previous article is not a tail
        (clean, "正文说上一篇文章有误。\n", "正文说上一篇文章有误。\n"),
    ],
)
def test_step(step, raw: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert step(raw) == expected


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "data" / "raw").glob("*.txt")))
def test_real_article_is_clean(name: str) -> None:
    text = clean((ROOT / "data" / "raw" / name).read_text(encoding="utf-8"))
    for noise in (
        "(chǎn)",
        "<li",
        "<noscript",
        "相关文章",
        "相关阅读",
        "热门资讯",
        "1v3",
        "產",
        "當前位置",
        "以下是200字阐述",
        "永不消逝的电波",
        "高新院新闻\n",
    ):
        assert noise not in text, noise
    assert clean(text) == text  # idempotent on real text


def test_real_article_keeps_its_figures() -> None:
    text = clean((ROOT / "data/raw/2025-09-15-achie-cluster-conference.txt").read_text())
    assert "全国建设80个先进制造业集群,遍布26省区" in text
    assert "吸引了3万亿投资基金" in text


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("產業(chǎn)<li>相关文章\n,:。2025年abc• -")), max_size=60)
)
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
