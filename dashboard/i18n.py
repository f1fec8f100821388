"""Chinese and English strings and number formats. No streamlit import.

In: a key or a value, and a language (``zh`` | ``en``). Out: the text. Values stay in base units
in the database (yuan, counts, percent); they are scaled and labelled here per language:
万/亿/万亿元 in Chinese, thousand/million/billion/trillion in English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("先进制造业集群图谱", "Cluster Atlas"),
    "page_title": (
        "先进制造业集群图谱 · Cluster Atlas",
        "Cluster Atlas · 先进制造业集群图谱",
    ),
    "app_subtitle": (
        "国家先进制造业集群公开数据:每个数字都可追溯到原文",
        "Published figures on China's national advanced manufacturing clusters, each traced to "
        "its source",
    ),
    "page_overview": ("总览", "Overview"),
    "page_trends": ("趋势", "Trends"),
    "page_regions": ("区域", "Regions"),
    "page_domains": ("领域", "Domains"),
    "page_guangdong": ("广东·广州", "Guangdong & Guangzhou"),
    "page_clusters": ("集群名录", "Clusters"),
    "page_sources": ("来源与方法", "Sources & methods"),
    "language": ("语言 / Language", "语言 / Language"),
    "region": ("区域", "Region"),
    "domain": ("领域", "Domain"),
    "all_regions": ("全部区域", "All regions"),
    "all_domains": ("全部领域", "All domains"),
    "filters": ("筛选", "Filters"),
    "source": ("来源", "Source"),
    "sources": ("来源", "Sources"),
    "period": ("时期", "Period"),
    "quote": ("原文", "Quote"),
    "value": ("数值", "Value"),
    "metric": ("指标", "Metric"),
    "kind": ("类型", "Kind"),
    "qualifier": ("限定", "Qualifier"),
    "view": ("显示", "View"),
    "chart": ("图表", "Chart"),
    "table": ("表格", "Table"),
    "actual": ("实际", "Actual"),
    "target": ("目标", "Target"),
    "forecast": ("预计", "Forecast"),
    "exact": ("确数", "exact"),
    "approx": ("约数(近/约)", "approximate"),
    "more_than": ("下限(余/超/以上)", "lower bound (more than)"),
    "less_than": ("上限(不足/不到)", "upper bound (less than)"),
    "not_exact_legend": (
        "空心或斜纹 = 约数或下限,非确数",
        "Hollow or hatched = approximate or lower bound, not exact",
    ),
    "target_legend": ("点纹 = 目标,不与实际值相加", "Dotted = target, never added to actuals"),
    "no_data": ("当前筛选条件下没有数据。", "No figures match the current filters."),
    "no_data_hint": ("请放宽区域或领域筛选。", "Widen the region or domain filter."),
    "not_filterable": (
        "此图不按{dims}筛选:来源只给出{why}。",
        "This chart is not filtered by {dims}: the sources give {why}.",
    ),
    "invalid_param": (
        "网址参数 {name}={value} 无效,已改用默认值。",
        "URL parameter {name}={value} is not valid; the default is used instead.",
    ),
    "db_missing": ("数据库尚未构建。", "The database has not been built yet."),
    "db_build_hint": (
        "请在项目目录运行 `make db`(或 `python -m etl`)。",
        "Run `make db` (or `python -m etl`) in the project folder.",
    ),
    "db_rebuilt": ("数据已更新,已重新构建数据库。", "The data changed; the database was rebuilt."),
    "db_failed": ("数据库构建失败:", "Building the database failed:"),
    "page_failed": (
        "此页面出错({kind}),维护者可在服务器日志中查看详情。其他页面仍可使用。",
        "This page failed ({kind}); the details are in the server log. Other pages still work.",
    ),
    "db_unavailable": (
        "图谱暂时无法访问,维护者已收到通知。请稍后再试。",
        "The atlas is not available at the moment; its maintainers have been told. "
        "Please try again later.",
    ),
    "curate_token": ("采编口令(ATLAS_CURATE_TOKEN)", "Curate token (ATLAS_CURATE_TOKEN)"),
    "curate_token_wrong": ("口令不正确。", "That is not the token."),
    "curate_needs_token": (
        "采编页面可从本机以外访问,但未设置足够长的口令:请只在 127.0.0.1 上运行 make curate,"
        "或设置 ATLAS_CURATE_TOKEN(至少16个字符)后重新启动。",
        "The Curate page can be reached from other machines but no long enough token is set: "
        "run make curate on 127.0.0.1 only, or set ATLAS_CURATE_TOKEN (16 characters or more) "
        "and restart.",
    ),
    "db_failed_curator": (
        "数据目录中的最新修改未能构建,网站继续使用上一版数据库。请修正以下问题(修正后自动重建):",
        "The latest change to the data folder does not build; the site keeps serving the last "
        "good database. Fix this (the next visit rebuilds):",
    ),
    "derived": ("推算", "derived"),
    "export": ("导出", "Export"),
    "svg_note": (
        "SVG 只引用字体不嵌入:用于编辑;打印请用 PNG/PDF。",
        "SVG names its font without embedding it: use it for editing, PNG/PDF for print.",
    ),
    "export_disabled": ("图片导出不可用:", "Image export is unavailable: "),
    "report": ("报告", "Report"),
    "report_help": (
        "当前视图(筛选、语言)下的所有图表,每图一页",
        "Every chart of the current view (filters, language), one per slide or page",
    ),
    "exported_on": ("导出日期", "Exported"),
    "group25": ("25个集群", "25 clusters"),
    "group45": ("45个集群", "45 clusters"),
    "group80": ("80个集群", "80 clusters"),
    # the other scopes of a figure (every scope has a name: a figure of any scope can be shown)
    "national": ("全国", "Nationwide"),
    "all_clusters": ("全部集群", "All clusters"),  # a total stated for no known group
    "macro_region": ("四大板块", "Macro region"),
    "key_region": ("重点区域", "Key region"),
    "area": ("区域", "Area"),
    "province": ("省级", "Province"),
    "city": ("市级", "City"),
    "cluster": ("单个集群", "Single cluster"),
    "registry": ("名录推算", "Registry-derived"),
    "official": ("官方", "Official"),
    "count_axis": ("个", "count"),
    "clusters_word": ("集群数", "Clusters"),
    "annual": ("全年", "Annual"),
    "half_year": ("半年", "Half-year"),
    "confidence": ("可信度", "Confidence"),
    "high": ("高", "high"),
    "medium": ("中", "medium"),
    "low": ("低", "low"),
    "search": ("搜索集群名称", "Search cluster names"),
    "coverage": ("名录收录 {named} 个,共 {total} 个", "{named} of {total} clusters named"),
    "checks": ("一致性检查", "Consistency checks"),
    "definitions": ("指标定义", "Metric definitions"),
    "documents": ("文献", "Documents"),
    "facts": ("数据点", "Facts"),
    "check_sources_differ": ("{n}个来源报道的{what}不一致", "{n} sources differ on {what}"),
    "check_shown": ("显示:{report}", "shown: {report}"),
    "date_placeholder": ("如 2022-12-03", "e.g. 2022-12-03"),
    "date_invalid": (
        "“{value}”不是日期:请按 2022-12-03 的格式填写。",
        "“{value}” is not a date: write it as 2022-12-03.",
    ),
    "timeline": ("项目时间线", "Programme timeline"),
    "timeline_intro": (
        "国家先进制造业集群工作的重要事件,日期取自引文。趋势图中的虚线和编号标出这些事件。",
        "Dated events of the national cluster programme, each dated by its quote. The dotted "
        "lines and numbers on the trend chart mark them.",
    ),
    "events_note": (
        "虚线:项目事件",
        "Dotted lines: programme events",
    ),
    "events_source": ("事件:{sources}", "events: {sources}"),
    "col_tl_no": ("编号", "No."),
    "col_tl_event_date": ("日期", "Date"),
    "col_tl_event": ("事件", "Event"),
    "col_tl_source": ("来源", "Source"),
    "col_tl_quote": ("原文", "Quote"),
    "intake": ("采编准确率", "Intake accuracy"),
    "intake_intro": (
        "每篇真实文章首次经过提议器时的结果(在据此修改任何规则之前记录):按提议接受的数字占"
        "策展人判定的全部数字(接受、更正、手工补充、拒绝)的比例。这是采编读懂报道的真实曲线,"
        "而非在其上调校过的测试文章的得分。",
        "Each real article's first pass through the proposer, logged before any rule changed "
        "because of it: the figures accepted as proposed over every figure a curator judged "
        "(accepted, corrected, added by hand, rejected). The honest curve of how well the "
        "intake reads the press, not a score on test articles it was tuned on.",
    ),
    "intake_description": (
        "柱状图:{n}篇真实文章按采编顺序的首轮准确率(折线为累计准确率);总体{all},前十篇{first},"
        "最近十篇{last}。",
        "Bar chart: the first-pass accuracy of {n} real articles in the order curated (the line: "
        "the running accuracy); overall {all}, first ten {first}, last ten {last}.",
    ),
    "intake_none": ("尚无记录。", "Nothing logged yet."),
    "intake_headline": (
        "总体 {all} · 前十篇 {first} · 最近十篇 {last}",
        "Overall {all} · first ten articles {first} · last ten {last}",
    ),
    "intake_article": ("单篇首轮准确率", "An article's first pass"),
    "intake_zero": ("首轮全错(0%)", "None right at the first pass (0%)"),
    "intake_running": ("累计准确率", "Running accuracy"),
    "intake_axis": ("首轮准确率", "First-pass accuracy"),
    "intake_order": ("采编顺序", "Order curated"),
    "col_il_seq": ("顺序", "No."),
    "col_il_curated_on": ("采编日期", "Curated"),
    "col_il_source_id": ("文章", "Article"),
    "col_il_figures_listed": ("列出的数字", "Figures listed"),
    "col_il_accepted_as_proposed": ("按提议接受", "Accepted as proposed"),
    "col_il_corrected": ("更正后接受", "Corrected"),
    "col_il_added_by_hand": ("手工补充", "Added by hand"),
    "col_il_rejected": ("拒绝", "Rejected"),
    "col_il_wrong_at_medium": ("中等置信度下会写错", "Wrong at medium confidence"),
    "col_il_first_pass_accuracy": ("首轮准确率", "First-pass accuracy"),
    "col_il_notes": ("备注", "Notes"),  # the curator's notes quote the words missed
    "whats_new": ("最新变化", "What's new"),
    "whats_new_since": ("自此版本以来", "Since the version of"),
    "whats_new_intro": (
        "图谱每收录一天的新文章即成为一个新版本(以其事实的哈希值命名)。下表列出自所选版本以来"
        "新增的数字、显示值的变化、新增来源的数字和来源开始不一致的数字。",
        "Each day of intake makes a new version of the atlas (named by a hash of its facts). "
        "The table lists, since the version chosen, the figures added, the values shown that "
        "changed, the figures that gained a source and those whose sources started to differ.",
    ),
    "whats_new_none": (
        "图谱只有一个版本,尚无变化。",
        "The atlas has one version: nothing new yet.",
    ),
    "whats_new_empty": ("自该版本以来没有变化。", "Nothing has changed since that version."),
    "version_label": (
        "{date} · 版本 {version} · {n} 篇来源",
        "{date} · version {version} · {n} sources",
    ),
    "change_added": ("新增", "Added"),
    "change_changed": ("数值变化", "Value changed"),
    "change_gained_source": ("新增来源", "Gained a source"),
    "change_started_to_differ": ("来源开始不一致", "Sources started to differ"),
    "col_wn_change": ("变化", "Change"),
    "col_wn_metric": ("指标", "Metric"),
    "col_wn_region": ("区域", "Region"),
    "col_wn_domain": ("领域", "Domain"),
    "col_wn_period": ("时期", "Period"),
    "col_wn_before": ("此前", "Before"),
    "col_wn_now": ("现在", "Now"),
    "col_wn_sources": ("带来变化的来源", "Sources that brought it"),
    "how_to_add": ("如何添加新文章", "How to add a new article"),
    "published_on": ("发布日期", "Published"),
    "publisher": ("发布者", "Publisher"),
    "licence": ("版权说明", "Licence"),
    "cleaned_text": (
        "清洗后的全文(已标出采用的数字)",
        "Cleaned text (curated figures highlighted)",
    ),
    "period_not_stated": ("未说明", "not stated"),
    "as_of": ("截至{p}", "as of {p}"),
    "labels": ("命名事实", "Named facts"),
    "reported_by": ("{n}个来源报道", "reported by {n} sources"),
    "sources_differ": ("⚠ 来源数字不一:{values}", "⚠ sources differ: {values}"),
    "differ_mark": ("⚠ ", "⚠ "),
    "also_reported": (
        "部分数字另有其他来源报道,共{n}个来源",
        "Some figures are reported by several sources, {n} in all",
    ),
    "cluster_figures": ("单个集群的数字", "Figures of single clusters"),
    "cluster_figures_none": ("尚无单个集群的数字。", "No single-cluster figures yet."),
    "download_all": ("下载全部数据", "Download all data"),
    "cite_this": ("引用本图", "Cite this"),
    "kind_bar": ("柱状图", "Bar chart"),
    "kind_waterfall": ("瀑布图", "Waterfall chart"),
    "kind_line": ("折线图", "Line chart"),
    "kind_map": ("地图", "Map"),
    "desc_chart": (
        "{kind}:{title}({period})。{items}{sources}。",
        "{kind}: {title} ({period}). {items}{sources}.",
    ),
    "desc_sources": ("。来源:{sources}", ". Source: {sources}"),
    "desc_empty": ("{title}:{no_data}", "{title}: {no_data}"),
    "list_sep": (";", ", "),
    "source_sep": (";", "; "),
    "and_more": ("等{total}项", ", and {n} more"),
    "registry_source": ("集群名录", "the cluster registry"),
    "cite_chart": (
        "先进制造业集群图谱(Cluster Atlas)({year})。《{title}》[{filters}]。"
        "数据来源:{data}。版本 {version},访问于 {day}。{url}",
        'Cluster Atlas ({year}). "{title}" [{filters}]. Data from {data}. Version {version}, '
        "accessed {day}. {url}",
    ),
    "cite_data": (
        "先进制造业集群图谱(Cluster Atlas)({year})。"
        "国家先进制造业集群公开数据[数据集]。版本 {version}。{url}",
        "Cluster Atlas ({year}). Published figures on China's national advanced manufacturing "
        "clusters [data set]. Version {version}. {url}",
    ),
    "cite_dataset": ("引用本数据集", "Cite this dataset"),
    "description": ("图表说明", "Description"),
    "download_all_help": (
        "全部数据的 Frictionless 数据包(ZIP):各表 CSV(带 BOM)与 Parquet,附表结构、单位与主外键",
        "The whole dataset as a Frictionless Data Package (ZIP): every table as CSV (with BOM) "
        "and Parquet, with Table Schemas, units and keys",
    ),
    "page_curate": ("采编", "Curate"),
    "curate_intro": (
        "添加一篇文章:上传或粘贴原文,填写来源信息,核对系统为每个数字提出的建议,勾选采用后保存。原文按原样保存,数据库随即重建。",
        "Add an article: upload or paste it, fill in where it comes from, check the proposal made "
        "for each figure, tick the ones to keep and save. "
        "The article is kept byte for byte and the database is rebuilt.",
    ),
    "upload": ("上传文件(.txt / .html,不超过2 MB)", "Upload a file (.txt / .html, at most 2 MB)"),
    "paste": ("或粘贴原文", "or paste the text"),
    "publisher_en": ("发布者(英文)", "Publisher (English)"),
    "title": ("标题", "Title"),
    "url": ("网址", "URL"),
    "save": ("保存并重建", "Save and rebuild"),
    "accept_col": ("采用", "Accept"),
    "need_text": ("请上传文件或粘贴原文。", "Upload a file or paste the text."),
    "need_publisher": ("请填写发布者。", "Name the publisher."),
    "saved": (
        "已保存为 {sid}:写入{n}条数据点,数据库已重建。",
        "Saved as {sid}: {n} facts written, database rebuilt.",
    ),
    "skipped": ("未写入 {offset}:{why}", "Not written {offset}: {why}"),
    "refused": ("未保存:", "Not saved: "),
    "curate_ids_help": ("保存时写入编号(名称 = 编号):", "Saved as ids (name = id):"),
    "need_date": (
        "请填写发布日期:原文没有给出完整日期。",
        "Give the publication date: the text does not give it in full.",
    ),
    # how the publication date was read from the text (etl.intake.read_date's rules)
    "date_rule_labelled": (
        "日期取自原文标注的发布时间:{said}",
        "Date from the page's stamp: {said}",
    ),
    "date_rule_header": ("日期取自页眉:{said}", "Date from the page header: {said}"),
    "date_rule_dateline": ("日期取自电头:{said}", "Date from the dateline: {said}"),
    "date_rule_dateline_year": (
        "日期取自电头 {said},年份取自文中的 {year},请核对",
        "Date from the dateline {said}, its year from {year} in the text: check it",
    ),
    "date_rule_first_date": (
        "日期取自文首的日期 {said},请核对",
        "Date from the first date near the top, {said}: check it",
    ),
    "date_rule_no_year": (
        "电头 {said} 只有月、日,文中没有年份:请填写发布日期(含年份)。",
        "The dateline {said} gives a month and day, and the text no year: give the "
        "publication date with its year.",
    ),
    "date_rule_none": (
        "原文中没有日期:请填写发布日期。",
        "The text gives no date: give the publication date.",
    ),
    "withdraw_head": ("撤回已保存的文章", "Withdraw a saved article"),
    "withdraw_intro": (
        "删除该文章的原文、元数据和数据点文件,然后重建数据库;其他文件不变。",
        "Removes the article's raw file, sidecar and facts file, then rebuilds the database; "
        "nothing else changes.",
    ),
    "withdraw_pick": ("选择文章", "Article"),
    "withdraw_files": ("将删除:", "Will remove: "),
    "withdraw_confirm": ("确认撤回 {sid}", "Yes, withdraw {sid}"),
    "withdraw": ("撤回并重建", "Withdraw and rebuild"),
    "withdrawn": (
        "已撤回 {sid}:删除{n}个文件,数据库已重建。",
        "Withdrew {sid}: {n} files removed, database rebuilt.",
    ),
    "withdraw_refused": ("未撤回:", "Not withdrawn: "),
    "reason_untranslated": ("(未译){text}", "{text}"),
    "mentions_found": (
        "找到{n}个数字,{m}个有建议映射",
        "{n} figures found, {m} with a proposed mapping",
    ),
    "legend_conf": (
        "高亮颜色:绿=高可信度,黄=中,灰=低或无映射",
        "Highlight: green = high confidence, yellow = medium, grey = low or unmapped",
    ),
    "registry_domains_note": (
        "名录的领域归属为分析者判断:",
        "The registry's domains are an analyst's assignment: ",
    ),
    # chart titles, by chart id
    # No counts in a title: they are typed by hand and would go stale when a batch is added;
    # the chart draws each count from its quote.
    "title_overview_growth": (
        "国家先进制造业集群数量的增长",
        "How the number of national advanced manufacturing clusters grew",
    ),
    "title_trends_counts": ("集群数量随时间变化", "Number of clusters over time"),
    "title_trends_output": ("集群主导产业产值", "Output of the clusters' leading industries"),
    "title_trends_firms": (
        "集群企业与创新主体",
        "Enterprises and innovation bodies in the clusters",
    ),
    "title_regions_macro": ("45个集群的区域分布", "The 45 clusters by macro region"),
    "title_regions_key4": ("四大重点区域的集群", "Clusters in the four key regions"),
    "title_regions_map": ("各省份已知集群数量", "Named clusters by province"),
    "title_regions_dev": ("区域制造业发展指标", "Regional manufacturing indicators"),
    "title_domains_official": ("45个集群的领域分布", "The 45 clusters by domain"),
    "title_domains_registry": (
        "领域分布:官方与名录推算",
        "Domain split: official vs registry-derived",
    ),
    "title_gd_clusters": ("广东、广州的产业集群", "Guangdong's and Guangzhou's industry clusters"),
    "title_gz_projects": ("广州:项目目标", "Guangzhou: project targets"),
    "title_gz_parks": ("广州:产业园区目标", "Guangzhou: industrial-park targets"),
    "title_clusters_batches": ("已知集群:按批次与领域", "Named clusters by batch and domain"),
    # why a chart cannot apply a filter: "the sources give {why}"
    "why_national": ("全国层面的数字", "national figures only"),
    "why_split": ("全国按区域的拆分,无领域交叉", "the regional split nationally, not by domain"),
    "why_domain_split": (
        "全国按领域的拆分,无区域交叉",
        "the domain split nationally, not by region",
    ),
    "why_key4": ("四大重点区域合计", "the four key regions together"),
    "why_regional": ("区域指标,无领域拆分", "regional indicators with no domain split"),
    "why_guangdong": ("广东、广州的数字", "figures for Guangdong and Guangzhou only"),
    # chart texts
    "batch_of": ("({year}年批次)", "({year} batch)"),
    "batch_label": ("{batch}年批次", "{batch} batch"),
    "increments_note": (
        "增量为相邻两个累计数之差;批次年份来自集群名录。",
        "Increments are differences of the stated totals; batch years from the cluster registry.",
    ),
    "with_share": ("{value}({share})", "{value} ({share})"),
    "other_regions": ("其他区域", "Other regions"),
    "derived_rest": (
        "{other}:{rest}({derived}:{total} − {part})",
        "{other}: {rest} ({derived}: {total} − {part})",
    ),
    "registry_source_line": (
        "集群名录(研究笔记,非官方名单)",
        "cluster registry (research notes, not an official list)",
    ),
    "map_subtitle": (
        "名录收录{named}个集群;{cross}",
        "{named} clusters named in the registry. {cross}",
    ),
    "map_sea_inset": ("南海诸岛", "South China Sea Islands"),  # the label of the map's inset
    "target_year_unstated": (
        "目标年份未说明(2025年工作部署)",
        "target year not stated (2025 work plan)",
    ),
    "analyst_domains": (
        "领域为分析者判断,非工信部归属。",
        "Domains are an analyst's assignment, not MIIT's.",
    ),
    "sep_colon": (":", ": "),
    "sep_semicolon": (";", "; "),
    "sep_or": ("、", " or "),
    # page texts
    "click_to_filter": (
        "点击柱形即可按该领域筛选所有图表。",
        "Click a bar to filter every chart by that domain.",
    ),
    "clear_domain": ("清除领域筛选:{name}", "Clear domain filter: {name}"),
    "filtered_by": ("已筛选:{what}", "Filtered: {what}"),
    "clear_filters": ("清除筛选", "Clear filters"),
    "cards_national": (
        "总览卡片为全国数字,不按区域或领域筛选。",
        "The headline cards are national figures; they are not filtered by region or domain.",
    ),
    "registry_blurb": (
        "名录为研究笔记,由各地新闻报道重建,非工信部官方文本;领域为分析者判断。",
        "The registry is research notes rebuilt from local news reports, not MIIT's own text; "
        "domains are an analyst's assignment.",
    ),
    "search_placeholder": ("深圳 / 电池 / 高端装备", "Shenzhen / battery / equipment"),
    "regional_figures": ("区域数据点(全部)", "All regional figures"),
    "national_figures": ("全国数据点(全部)", "All national figures"),
    "percent_axis": ("(%)", " (%)"),
    "two_sentences": ("{first}{second}", "{first} {second}"),  # each ends with its full stop
    "card_label": ("{group} · {metric}", "{group}: {metric}"),  # the group first: never cut
    "named_filtered": ("已按领域筛选命名集群。", "Named clusters filtered by domain."),
    "gz_priority": (
        "广州“一超多强”重点产业集群(目标)",
        "Guangzhou's priority clusters under 'one super, many strong' (targets)",
    ),
    "systems": ("体系与战略", "Systems and strategies"),
    "qualifier_legend": (
        "近/约/左右 = 约数 · 余/多/超/以上/上千 = 下限 · 不足/不到 = 上限 · "
        "数值以基本单位存储:元、个、百分比(0-100)",
        "近/约/左右 = approximate · 余/多/超/以上/上千 = lower bound (more than) · "
        "不足/不到 = upper bound (less than) · values are stored in base units: yuan, count, "
        "percent (0-100)",
    ),
    "lang_name": ("中文", "English"),
    "filters_sep": ("·", " · "),
    "source_date": ("{publisher} {date}", "{publisher}, {date}"),
    # table headers (on screen), by column
    "col_metric_name": ("指标", "Metric"),
    "col_region_name": ("区域", "Region"),
    "col_domain_name": ("领域", "Domain"),
    "col_period": ("时期", "Period"),
    "col_kind": ("类型", "Kind"),
    "col_qualifier": ("限定", "Qualifier"),
    "col_value": ("数值(基本单位)", "Value (base unit)"),
    "col_unit": ("单位", "Unit"),
    "col_display": ("数值", "Figure"),
    "col_n_sources": ("来源数", "Sources"),
    "col_status": ("状态", "Status"),
    "col_publisher": ("发布者", "Publisher"),
    "col_published_on": ("发布日期", "Published"),
    "col_quote": ("原文", "Quote"),
    "col_name": ("名称", "Name"),
    "col_clusters": ("集群数", "Clusters"),
    "col_clusters_fractional": ("集群数(按份额)", "Clusters (fractional)"),
    "col_series": ("系列", "Series"),
    "col_batch": ("批次", "Batch"),
    "col_cluster_name": ("集群", "Cluster"),
    "col_named_in": ("来源提及", "Named in sources"),
    "named_from_sources": (
        "其中{n}个在图谱收录的文章中被点名(其余仅见于研究笔记)",
        "{n} of the {named} named in the atlas's articles (the rest only in the research notes)",
    ),
    "col_cl_announced": ("公布", "Announced"),
    "col_cl_source": ("来源", "Source"),
    "col_cl_page": ("集群页", "Cluster page"),
    "cluster_open": ("打开", "open"),
    "cluster_back": ("返回集群名录", "Back to the directory"),
    "cluster_unknown": (
        "没有名为“{name}”的集群,显示名录。",
        "No cluster is named “{name}”: showing the directory.",
    ),
    "cluster_profile": (
        "名录信息(研究笔记,非官方名单)",
        "Registry (research notes, not an official list)",
    ),
    "cluster_named_in": ("来源中的提及与数字", "Named and measured in the sources"),
    "cluster_profile_source": (
        "名录信息(来源点名,研究笔记未列)",
        "Registry (named by a source, not in the research notes)",
    ),
    "cluster_from_source": (
        "该集群由来源点名,研究笔记未列:名称、省份、城市、领域和批次仅按来源所述填写,来源未说明者留空。",
        "A source names this cluster; the research notes do not list it. Its name, provinces, "
        "cities, domain and batch are as the source states them; what no source states is left "
        "empty.",
    ),
    "cluster_not_stated": ("来源未说明", "not stated by a source"),
    "cluster_named_none": (
        "来源中尚无该集群的引文。",
        "No source in the atlas quotes this cluster yet.",
    ),
    "cluster_where": ("所在省份", "Where it is"),
    "cluster_map_description": (
        "地图:{name}所在的省份({provinces})在全国省级区划图上以深色标出。",
        "Map: the provinces of the {name} ({provinces}) filled on a map of China's provinces.",
    ),
    "cluster_pick": ("打开一个集群", "Open a cluster"),
    # the Curate page's proposal table (cells keep ids: they are written to the facts file)
    "col_surface": ("原文数字", "As printed"),
    "col_offset": ("位置", "Offset"),
    "col_metric": ("指标", "Metric"),
    "col_scope": ("范围", "Scope"),
    "col_region": ("区域", "Region"),
    "col_domain": ("领域", "Domain"),
    "col_cluster": ("集群", "Cluster"),
    "col_duplicate_of": ("已有报道", "Already reported as"),
    "col_reason": ("依据", "Why"),
    "col_rules": ("规则", "Rules"),
    "rules_help": (
        "决定该提议的提取规则(按运行顺序);每条规则的说明与示例见 etl/intake/rules.yaml,"
        "命令 python -m etl propose 来源 --explain 位置 列出每条规则匹配的文字",
        "The proposer's rules that decided this proposal, in the order they ran; what each "
        "does, with an example, is in etl/intake/rules.yaml, and python -m etl propose SOURCE "
        "--explain OFFSET prints the words each one matched",
    ),
    "col_provinces_zh": ("省份", "Provinces"),
    "col_cities_zh": ("城市", "Cities"),
    "col_domain_zh": ("领域(名录)", "Domain (registry)"),
    "col_region_zh": ("区域(名录)", "Region (registry)"),
    "col_provinces": ("省份", "Provinces"),
    "col_cities": ("城市", "Cities"),
    "col_domain_registry": ("领域(名录)", "Domain (registry)"),
    "col_region_registry": ("区域(名录)", "Region (registry)"),
    "col_confidence": ("可信度", "Confidence"),
    "col_flag": ("说明", "Flag"),
    "col_notes": ("备注", "Notes"),
    "col_sources": ("来源网址", "Source addresses"),
    "col_label": ("名称", "Name"),
    "col_topic": ("主题", "Topic"),
    "col_note": ("备注", "Note"),
    "col_definition": ("定义", "Definition"),
    "col_description": ("检查内容", "Check"),
    "col_expected": ("应为", "Expected"),
    "col_observed": ("实为", "Observed"),
    "col_explanation": ("说明", "Explanation"),
    "col_check_kind": ("检查类型", "Kind of check"),
    "col_script": ("文字", "Script"),
    "col_raw_path": ("原始文件", "Raw file"),
    "col_sha256": ("SHA-256", "SHA-256"),
    "col_url": ("网址", "URL"),
    "col_date_note": ("日期依据", "How the date was established"),
    # values of status and other vocabularies shown in tables
    "single": ("单一来源", "single source"),
    "agree": ("来源一致", "sources agree"),
    "differ": ("来源不一", "sources differ"),
    "pass": ("通过", "pass"),
    "explained": ("已说明", "explained"),
    "fail": ("失败", "fail"),
    "count": ("个", "count"),
    "yuan": ("元", "yuan"),
    "percent": ("%", "percent"),
    "pp": ("个百分点", "percentage points"),
    "usd": ("美元", "US dollars"),
    "tonne": ("吨", "tonnes"),
    "sum": ("加总", "sum"),
    "share": ("占比", "share"),
    "registry_split": ("名录拆分", "registry split"),
    "registry_count": ("名录计数", "registry count"),
    "sources_agree": ("来源一致性", "sources agree"),
    "industrial_system": ("产业体系", "industrial system"),
    "strategy": ("战略", "strategy"),
    "innovation_system": ("创新体系", "innovation system"),
    "named_cluster": ("命名集群", "named cluster"),
    "simplified": ("简体", "simplified"),
    "traditional": ("繁体", "traditional"),
    "date_ticks": ("%Y年%-m月", "%b %Y"),  # d3 time format of a date axis
    "no_translation": ("(无中文)", "(no English)"),
    "bibtex": ("BibTeX 格式", "BibTeX"),
    "link": ("链接", "link"),
    "upload_button": ("选择文件", "Choose a file"),
    "upload_limit": (
        "拖放文件至此,或点击选择 · 每个文件不超过2MB",
        "Drag a file here or click to choose · 2 MB per file",
    ),
    "original_title": ("原标题", "Original title"),
    "cross_province": (
        "跨省集群在其涉及的每个省各计1个。",
        "A cross-province cluster is counted once in each of its provinces.",
    ),
    # the static site (dashboard/site/)
    "site_downloads": ("下载", "Downloads"),
    "site_embed": ("嵌入本图", "Embed this chart"),
    "site_embed_help": (
        "把下面的代码粘贴到网页中,图表随页面宽度缩放:",
        "Paste this code into a web page; the chart fits the page's width:",
    ),
    "site_open_app": ("在应用中打开", "Open in the app"),
    "site_static_page": ("静态页面与嵌入代码", "Static page and embed code"),
    "site_chart_page": ("图表页面、下载与嵌入", "Chart page, downloads and embed"),
    "site_view_full": ("查看完整图表与来源", "Full chart and sources"),
    "site_data_package": (
        "数据包(Frictionless,CSV 与 Parquet)",
        "Data package (Frictionless, CSV and Parquet)",
    ),
    "site_data_zip": ("全部数据(ZIP)", "All data (ZIP)"),
    "site_contents": ("目录", "Contents"),
    "site_static_note": (
        "静态版本:筛选在浏览器中切换,图表与应用同源同数。",
        "Static edition: filters switch in the browser; the same charts and data as the app.",
    ),
    "site_filtered_downloads": (
        "筛选后的视图提供 CSV;PNG、SVG、PDF 与 XLSX 见未筛选视图,或在应用中导出。",
        "Filtered views offer CSV; PNG, SVG, PDF and XLSX are in the unfiltered view, or export "
        "them in the app.",
    ),
    "site_needs_js": (
        "此页面需要 JavaScript 才能绘制图表。",
        "This page needs JavaScript to draw its charts.",
    ),
}


CONTENT = Path(__file__).with_name("content")


def prose(name: str, lang: str) -> str:
    """A longer text in ``lang`` from ``dashboard/content/<lang>/<name>.md``."""
    return (CONTENT / ("zh" if lang == "zh" else "en") / f"{name}.md").read_text(encoding="utf-8")


def _given(v: object) -> bool:
    return isinstance(v, str) and bool(v.strip())


def in_lang(zh: object, en: object, lang: str) -> str:
    """A value given in both languages (e.g. a publisher and its English name), in ``lang``.
    Where that language's one is missing, the other followed by a visible marker ('证券时报 (no
    English name)'), never a silent fallback; '' when neither is given."""
    want, other = (zh, en) if lang == "zh" else (en, zh)
    if _given(want):
        return str(want)
    if _given(other):
        return f"{other} {t('no_translation', lang)}"
    return ""


def source_label(row: Any, lang: str) -> str:
    """The publisher and date of a row (a source, fact or label), in ``lang``
    ('Securities Times, 2022-09-24')."""
    pub = in_lang(row["publisher"], row.get("publisher_en"), lang)
    return t("source_date", lang, publisher=pub, date=str(row["published_on"])[:10])


def t(key: str, lang: str, **kw: object) -> str:
    """The string ``key`` in ``lang`` (``zh`` or ``en``, ``dashboard.filters.LANGS``), with
    ``{name}`` fields filled from ``kw``."""
    zh, en = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**kw) if kw else text


# Scales, largest first: (factor, Chinese suffix, English word).
_YUAN_SCALES = (
    (1e12, "万亿元", "trillion yuan"),
    (1e8, "亿元", "hundred million yuan"),
    (1e4, "万元", "ten thousand yuan"),
    (1.0, "元", "yuan"),
)
_EN_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))


def yuan_scale(max_value: float, lang: str) -> tuple[float, str]:
    """The factor and axis unit for yuan amounts up to ``max_value``: (1e12, '万亿元')."""
    if lang == "zh":
        for f, zh, _ in _YUAN_SCALES:
            if max_value >= f:
                return f, zh
        return 1.0, "元"
    for f, word in _EN_SCALES:
        if max_value >= f:
            return f, f"{word} yuan"
    return 1.0, "yuan"


def _trim(x: float, lang: str = "en") -> str:
    """Up to two decimals, no trailing zeros; thousands separated in English only (2000亿元)."""
    return (f"{x:,.2f}" if lang == "en" else f"{x:.2f}").rstrip("0").rstrip(".")


QUALIFIER_MARK = {"exact": "", "approx": "≈", "more_than": ">", "less_than": "<"}


def format_value(value: float, unit: str, lang: str, qualifier: str = "exact") -> str:
    """A value for people: 1e13 yuan approx -> '≈10万亿元' / '≈10 trillion yuan'; 2200 count
    more_than -> '>2,200'; 66.67 percent -> '66.7%'."""
    mark = QUALIFIER_MARK.get(qualifier, "")
    if unit == "yuan":
        f, name = yuan_scale(value, lang)
        return f"{mark}{_trim(value / f, lang)}{'' if lang == 'zh' else ' '}{name}"
    if unit == "percent":
        return f"{mark}{value:.3g}%" if value < 100 else f"{mark}{value:.0f}%"
    if unit == "pp":
        return f"{mark}{_trim(value)}{' 个百分点' if lang == 'zh' else ' pp'}"
    if lang == "zh" and value >= 1e4:
        return f"{mark}{_trim(value / 1e4, lang)}万"
    return f"{mark}{value:,.0f}" if value == int(value) else f"{mark}{_trim(value)}"


def period_label(period: object, lang: str) -> str:
    """'2022-09' -> '截至2022-09' / 'as of 2022-09'; '2022H1' -> '2022年上半年' / '2022 H1';
    None or NaN -> 'not stated'."""
    if not isinstance(period, str) or not period:
        return t("period_not_stated", lang)
    if len(period) == 7 and period[4] == "-":
        return t("as_of", lang, p=period)
    if period.endswith(("H1", "H2")):
        half = period[-2:]
        if lang == "zh":
            return f"{period[:4]}年{'上' if half == 'H1' else '下'}半年"
        return f"{period[:4]} {half}"
    if lang == "zh" and period.isdigit():
        return f"{period}年"
    return period


# The proposer's reasons (etl.intake, English prose joined by '; '), fragment by fragment: an
# English pattern and its Chinese rendering, most specific first (each is tried in order with
# re.fullmatch, across line breaks). Named groups: a, b are copied (the article's own words,
# numbers, fact ids); g is a word of STRINGS (group45, target ...); r is itself a reason
# fragment, rendered in turn.
REASONS_ZH: tuple[tuple[str, str], ...] = (
    (r"'(?P<r>(?:listed|占|增长) after .+|a region or domain with 个)' beside the figure", "{r}"),
    (r"'(?P<a>.+)' beside the figure", "数字旁有“{a}”"),
    (r"listed after (?P<a>.+)", "列在{a}之后"),
    (r"a region or domain with 个", "地区或领域后接“个”"),
    (r"占 after (?P<a>.+)", "{a}之后的“占”"),
    (r"增长 after (?P<a>.+)", "{a}之后的“增长”"),
    (r"no metric fits: new\?", "没有合适的指标(新指标?)"),
    (r"already fact (?P<a>\S+) of this source", "已是本来源的数据点 {a}"),
    (r"same clause as (?P<a>\S+)", "与 {a} 的原文分句相同"),
    (r"clause (?P<a>\d+%) like that of (?P<b>\S+)", "原文分句与 {b} 相似({a})"),
    (r"a row of the table '(?P<a>.*)'", "表格“{a}”中的一行"),
    (r"another cluster programme \((?P<a>.+)\): not mapped", "其他集群计划({a}):不映射"),
    (r"集群 without 先进制造业: which programme\?", "“集群”未说明是先进制造业集群:属于哪个计划?"),
    (r"(?P<a>.+): not national clusters", "{a}:不是国家级集群"),
    (r"a share of the place's own industry, not of the country's", "占本地工业的比重,不是占全国的"),
    (r"(?P<a>.+): all of industry, not the clusters", "{a}:全部工业,不是集群"),
    (r"(?P<a>.+): a bound of a class, not a figure", "{a}:一类对象的门槛,不是数值"),
    (r"(?P<a>.+): a figure for each one, not a total", "{a}:每个的数值,不是总数"),
    (r"(?P<a>.+): an increase, not a total", "{a}:增量,不是总数"),
    (r"(?P<a>.+) after (?P<b>.+): its total", "{b}之后的{a}:其总数"),
    (r"(?P<a>.+) after (?P<b>.+): a sum of several places", "{b}之后的{a}:多个地方之和"),
    (
        r"世界级集群: world-class clusters, not the count of national ones",
        "世界级集群:不是国家级集群的数量",
    ),
    (r"counts what comes after it \((?P<a>.*)\), not clusters", "计的是其后的“{a}”,不是集群"),
    (r"(?P<a>.+): several regions together, none of the atlas", "{a}:多个区域合称,非图谱的区域"),
    (r"(?P<a>.+): a city the atlas does not list", "{a}:图谱未收录的城市"),
    (r"(?P<a>.+): a province the atlas does not list", "{a}:图谱未收录的省份"),
    (r"counts clusters of (?P<a>.+) \(one batch\), not of a group", "{a}(一个批次)的集群数"),
    (r"(?P<a>.+): names the group, not a (?P<g>target|forecast) of it", "{a}:指这组集群,不是{g}"),
    (r"cluster 集群 after (?P<a>.+) before the figure", "数字前的“集群”指{a}"),
    (r"cluster (?P<a>.+) before the figure", "数字前有集群{a}"),
    (r"named: '(?P<a>.+)' in the text", "文中点名“{a}”"),
    (r"named in the article: '(?P<a>.+)'", "文章点名“{a}”"),
    (
        r"(?P<g>group\d+): the group in force on (?P<a>[\d-]+) \(a row of a table\)",
        "{g}:{a}时有效的集群组(表格中的一行)",
    ),
    (r"(?P<g>group\d+): the group in force on (?P<a>[\d-]+)", "{g}:{a}时有效的集群组"),
    (r"(?P<g>group\d+): a part of the country's total \((?P<r>.+)\)", "{g}:全国总数的一部分({r})"),
    (r"the count itself: (?P<a>[\d.]+) clusters", "数字本身即{a}个集群"),
    (
        r"'(?P<a>.+)': more clusters than any group the atlas knows \(a new batch\?\)",
        "“{a}”:多于图谱已知的任何一组集群(新批次?)",
    ),
    (r"no group named", "未点名集群组"),
    (r"(?P<a>.+): a pair of the same groups \((?P<g>group\d+)\)", "{a}:同一组集群的对应({g})"),
    (r"region (?P<a>.+) before the figure", "数字前有地区{a}"),
    (r"the domain of (?P<a>.+)", "{a}的领域"),
    (r"domain (?P<a>.+)", "领域{a}"),
    (
        r"a share of all clusters for no one region or domain: of which part\?",
        "占全部集群的比重,未指明地区或领域:是哪一部分?",
    ),
    (r"(?P<a>\d{4}) is before publication: actual", "{a}年早于发布:实际值"),
    (
        r"(?P<a>[\d.]+) is not the size of (?P<g>group\d+): whose count\?",
        "{a}不是{g}的数量:是谁的?",
    ),
    (r"dated as the (?P<g>group\d+) count \((?P<a>.+)\)", "按{g}的数量定时期({a})"),
    (r"same value as (?P<a>\S+): period (?P<b>.+)", "与 {a} 数值相同:时期{b}"),
    (r"same figure as (?P<a>\S+)", "与已有数据 {a} 相同"),
    (r"differs from (?P<a>\S+)", "与已有数据 {a} 不同"),
    (
        r"the cluster of 集群 after (?P<a>.+) from another sentence: check",
        "“集群”指其他句子中的{a}:请核对",
    ),
    (r"the place of (?P<a>.+) from another sentence: check", "{a}的地方取自其他句子:请核对"),
    (r"(?P<a>.+) from another sentence: check", "{a}取自其他句子:请核对"),
    (
        r"the headline restates (?P<a>.+) of the body \(its place from another sentence: check\)",
        "标题重述正文的{a}(其地方取自其他句子:请核对)",
    ),
    (r"the headline restates (?P<a>.+) of the body", "标题重述正文的{a}"),
    (r"the headline rounds (?P<a>.+) of the body: its period", "标题为正文{a}的约数:取其时期"),
    (r"其中: the sentence before's (?P<r>.+)", "其中:沿用上一句的{r}"),
    (r"the list's opening line: (?P<r>.+)", "列表开头一行:{r}"),
    (r"a comparison with (?P<a>.+): its period", "与{a}比较:取其时期"),
    (r"the start of (?P<a>.+)", "{a}的起点"),
    (r"the end of (?P<a>.+)", "{a}的终点"),
    (r"(?P<a>.+): a period the atlas does not model", "{a}:图谱不采用的时期"),
    (r"(?P<a>.+) in an article of (?P<b>[\d-]+)", "{b}发布的文章中的{a}"),
    (r"a count as of publication \((?P<a>.+)\)", "截至发布时的数量({a})"),
    (r"no year stated", "未说明年份"),
    (r"'(?P<a>.+)' opens the part", "“{a}”开启的部分"),
    (r"(?P<a>.+) earlier in the sentence", "句中前面有{a}"),
    (r"(?P<a>.+) before the figure", "数字前有{a}"),
)
