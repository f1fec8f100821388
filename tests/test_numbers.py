"""The number reader: one row per awkward form, and properties over any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.numbers import cn_to_number, find_figures, find_mentions, read_figure

T = 1e12  # 万亿
Y = 1e8  # 亿


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "counter"),
    [
        ("近10万亿元", 10 * T, "yuan", "approx", None),
        # forms read wrongly before (issue 7): sign of a decline, qualifiers a few words back,
        # 突破 as a lower bound, the units 户 and 吨
        ("产值同比下滑3.0%", -3.0, "percent", "exact", None),
        ("利润下降了2.5个百分点", -2.5, "pp", "exact", None),
        ("企业数量减少12家", -12, "count", "exact", "家"),
        ("约占全国的1/8", 12.5, "percent", "approx", None),
        ("超过全国的三分之一", 100 / 3, "percent", "more_than", None),
        ("近1/3的企业", 100 / 3, "percent", "approx", None),
        ("营收突破6万亿元", 6 * T, "yuan", "more_than", None),
        ("服务市场主体3000户", 3000, "count", "exact", "户"),
        ("产能达500万吨", 5e6, "tonne", "exact", None),
        ("三万吨", 3e4, "tonne", "exact", None),
        ("下降到3%", 3.0, "percent", "exact", None),
        ("不少于10个", 10, "count", "more_than", "个"),
        ("至少5个", 5, "count", "more_than", "个"),
        ("不超过20%", 20, "percent", "less_than", None),
        ("逾千家企业", 1000, "count", "more_than", "家"),
        ("近两成", 20, "percent", "approx", None),
        ("达19万亿元", 19 * T, "yuan", "exact", None),
        ("6.2万亿元", 6.2 * T, "yuan", "exact", None),
        ("超2000亿元", 2000 * Y, "yuan", "more_than", None),
        ("3万亿投资基金", 3 * T, "unspecified", "exact", None),
        ("约 4000 万美元", 4000e4, "usd", "approx", None),
        ("2.5万家", 25000, "count", "exact", "家"),
        ("5.7万家", 57000, "count", "exact", "家"),
        ("2200余家", 2200, "count", "more_than", "家"),
        ("600余人", 600, "count", "more_than", "人"),
        ("100多个", 100, "count", "more_than", "个"),
        ("超100个", 100, "count", "more_than", "个"),
        ("超过100个", 100, "count", "more_than", "个"),
        ("1000个以上", 1000, "count", "more_than", "个"),
        ("上千家", 1000, "count", "more_than", "家"),
        ("近100家", 100, "count", "approx", "家"),
        ("50个左右", 50, "count", "approx", "个"),
        ("不足10家", 10, "count", "less_than", "家"),
        ("不到5个", 5, "count", "less_than", "个"),
        ("两个", 2, "count", "exact", "个"),
        ("五个", 5, "count", "exact", "个"),
        ("十三个", 13, "count", "exact", "个"),
        ("2100项", 2100, "count", "exact", "项"),
        ("遍布26省区", 26, "count", "exact", "省"),
        ("70%", 70, "percent", "exact", None),
        ("近45%", 45, "percent", "approx", None),
        ("17.84%", 17.84, "percent", "exact", None),
        ("12％", 12, "percent", "exact", None),
        ("1/4", 25, "percent", "exact", None),
        ("占2/3", 200 / 3, "percent", "exact", None),
        ("三分之二", 200 / 3, "percent", "exact", None),
        ("百分之三十", 30, "percent", "exact", None),
        ("三成", 30, "percent", "exact", None),
        ("七成以上", 70, "percent", "more_than", None),
        ("提高2个百分点", 2, "pp", "exact", None),
        ("1,200家", 1200, "count", "exact", "家"),
        # Chinese digits with a decimal point, as some wire copy prints them
        ("同比增长百分之八点五", 8.5, "percent", "exact", None),
        ("十分之一点五", 15, "percent", "exact", None),
        ("产值三点五万亿元", 3.5 * T, "yuan", "exact", None),
        ("百分之3.5", 3.5, "percent", "exact", None),
        ("单项冠军企业占全国总数接近一半", 50, "percent", "approx", None),
        ("一半以上", 50, "percent", "more_than", None),
        ("千余家企业", 1000, "count", "more_than", "家"),
        ("万余家", 10000, "count", "more_than", "家"),
        # a comma is a thousands separator only in groups of three
        ("电话12345678,2025年产值3万亿元", 3 * T, "yuan", "exact", None),
    ],
)
def test_reads_figure(
    text: str, value: float, unit: str, qualifier: str, counter: str | None
) -> None:
    m = read_figure(text)
    assert m is not None, text
    assert (m.value, m.unit, m.qualifier, m.counter) == (
        pytest.approx(value),
        unit,
        qualifier,
        counter,
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("2021年", "year"),
        ("2024年度", "year"),
        ("大会2025在广州", "year"),
        ("2012-2021年", "range"),
        ("2024—2025年", "range"),
        ("2025年9月11日", "date"),
        ("11月30日", "date"),
        ("2025-09-15", "date"),
        ("2025-02-15 14:07:58", "date"),
        ("07:31", "time"),
        ("工信部重装〔2024〕171号", "docnum"),
        ("“12218”产业体系", "name"),
        ("‘12218’现代化产业体系", "name"),
        ("“2+14+N”制造业创新中心体系", "name"),
        ("50人论坛", "name"),
        ("第三代", "ordinal"),
        ("第六批", "ordinal"),
        ("一批", "article"),
        ("一个", "article"),
        ("千亿级产业集群", "class"),
        ("超千亿级企业", "class"),
        ("二〇二二年", "year"),
        ("二零二五年度", "year"),
        # a range is not one figure
        ("新增集群1至2个", "range"),
        ("培育3-5家企业", "range"),
        ("增长10%~15%", "range"),
        ("增长3.5%-4%", "range"),
        ("五到十个集群", "range"),
        ("两三个集群", "range"),
        ("三五家企业", "range"),
        # "tens", "hundreds": no number to read
        ("数十个项目", "vague"),
        ("几十家企业", "vague"),
        ("数百亿元投资", "vague"),
    ],
)
def test_recognises_non_figures(text: str, kind: str) -> None:
    mentions = find_mentions(text)
    assert [m.kind for m in mentions][:1] == [kind], mentions
    assert find_figures(text) == [] or (kind in ("class",) and find_figures(text) == [])


@pytest.mark.parametrize(
    "text",
    [
        "一超多强",
        "十八大",
        "十五五",
        "百站千场惠万企",
        "千行百业",
        "万亿带动、千亿支撑",
        "两位数增长",
        "华星T9",
        "小鹏P7",
        "5G网络",
        "820km",
        "以下是200字阐述",
        "一是建机制",
        "一月一链",
        "粤芯三期",
        "11 成德绵制造业集群",
        "11成德绵",
        "推动二次创业",
        "另一半",
        "成千上万家企业",
        "一半导体企业",
        "一次性投入",
    ],
)
def test_no_figure_in(text: str) -> None:
    assert find_figures(text) == []


def test_a_change_from_one_count_to_another_is_two_figures() -> None:
    assert [m.value for m in find_figures("集群从1个增加到3个")] == [1, 3]
    assert [m.value for m in find_figures("由5家增至8家")] == [5, 8]


def test_only_thousands_groups_join_numbers() -> None:
    assert [m.surface for m in find_mentions("数量为25,45,80个")][-1] == "80个"
    assert [(m.surface, m.kind) for m in find_mentions("12345678,2023-2025年")] == [
        ("12345678", "bare"),
        ("2023-2025年", "range"),
    ]


def test_offsets_point_at_the_surface() -> None:
    text = "集群拥有2200个创新载体,制定了2100项国际标准,吸引了3万亿投资基金。"
    for m in find_figures(text):
        assert text[m.start : m.end] == m.surface
    assert [m.surface for m in find_figures(text)] == ["2200个", "2100项", "3万亿"]


def test_two_figures_in_one_clause_are_both_read() -> None:
    figs = find_figures("占全国规模以上工业增加值比重由17.84%上升为19.21%")
    assert [m.value for m in figs] == [17.84, 19.21]


@pytest.mark.parametrize(
    ("cn", "value"),
    [
        ("两", 2),
        ("十", 10),
        ("十三", 13),
        ("二十", 20),
        ("一百零五", 105),
        ("三千", 3000),
        ("三万亿", 3 * 10**12),
        ("一亿二千万", 120_000_000),
        ("二〇二五", 2025),
        ("两三", None),  # "two or three", not 23
        ("七八", None),
        ("十五五", None),
        ("", None),
        ("abc", None),
    ],
)
def test_cn_to_number(cn: str, value: int | None) -> None:
    assert cn_to_number(cn) == value


_ALPHABET = st.sampled_from(
    list(
        "0123456789.,/%％-—:年月日个家项人余多超近约不足以上左右万亿千百十"
        "一二两三五成元美第级论坛“”‘’〔〕()号 \n集群产值达"
    )
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40) | st.text(max_size=40))
def test_never_crashes_and_returns_figure_or_nothing(text: str) -> None:
    mentions = find_mentions(text)
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
        assert m.start >= last_end  # no overlaps, left to right
        last_end = m.end
        if m.is_figure:
            assert m.value is not None and m.value >= 0
            assert m.qualifier in ("exact", "approx", "more_than", "less_than")
            assert m.unit in ("yuan", "usd", "count", "percent", "pp", "unspecified")
        else:
            assert m.value is None
    figure = read_figure(text)
    assert figure is None or figure.is_figure
