"""Bad input: each case gives a clear error naming the file and the problem, exits non-zero,
and leaves the previous database untouched."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from etl.errors import EtlError
from etl.load import write
from etl.paths import Paths
from etl.pipeline import run

RAW = "raw/2022-11-30-miit-45-clusters"


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


MIIT = "facts/2022-11-30-miit-45-clusters.yaml"
STCN = "facts/2022-09-24-stcn-25-clusters.yaml"
CONF = "facts/2025-09-15-achie-cluster-conference.yaml"
GZ = "facts/2025-02-15-guangzhou-industry-clusters.yaml"


def _facts(old: str, new: str, file: str = MIIT) -> Callable[[Path], None]:
    return lambda d: _edit(d / file, old, new)


def _append(file: str, text: str) -> Callable[[Path], None]:
    """Add the fact ``text`` at the end of the file's facts list (before its labels, if any)."""

    def go(d: Path) -> None:
        doc = (d / file).read_text(encoding="utf-8")
        at = doc.find("\nlabels:") + 1 or len(doc)
        (d / file).write_text(doc[:at] + text + doc[at:], encoding="utf-8")

    return go


CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    (
        "growth of an unknown metric",
        lambda d: _edit(d / "metrics.csv", ",leading_output,\n", ",leading_outptu,\n"),
        "metrics.csv",
        "growth_of 'leading_outptu' is not a metric",
    ),
    (
        "a yes/no column that is neither",
        lambda d: _edit(d / "metrics.csv", ",cluster_count,,,yes\n", ",cluster_count,,,ja\n"),
        "metrics.csv",
        "by_group 'ja' is not yes or empty",
    ),
    (
        "altered raw file",
        lambda d: _edit(d / f"{RAW}.txt", "19萬億元", "29萬億元"),
        f"{RAW}.txt",
        "checksum mismatch",
    ),
    (
        "missing raw file",
        lambda d: (d / f"{RAW}.txt").unlink(),
        f"{RAW}.meta.yml",
        "sidecar without its article",
    ),
    (
        "missing sidecar",
        lambda d: (d / f"{RAW}.meta.yml").unlink(),
        f"{RAW}.txt",
        "no metadata sidecar",
    ),
    (
        "empty raw file",
        lambda d: (d / f"{RAW}.txt").write_bytes(b""),
        f"{RAW}.txt",
        "the file is empty",
    ),
    (
        "non-UTF-8 raw file",
        lambda d: (d / f"{RAW}.txt").write_bytes("集群".encode("gb18030")),
        f"{RAW}.txt",
        "checksum mismatch",
    ),
    (
        "quote not in source",
        _facts("quote: 东部地区30个", "quote: 东部地区31个"),
        MIIT,
        "quote '东部地区31个' not found in the cleaned text",
    ),
    (
        "quote in raw form only",
        _facts("quote: 东部地区30个", "quote: 東部地區30個"),
        MIIT,
        "it is in the raw file: quote the cleaned, simplified text",
    ),
    (
        "figure that cannot be read",
        _facts("quote: 东部地区30个", "quote: 东部地区"),
        MIIT,
        "no figure can be read in the quote",
    ),
    (
        "ambiguous figure",
        _facts("quote: 新材料领域7个", "quote: 新材料领域7个、生物医药及高端医疗器械领域5个"),
        MIIT,
        "the quote holds 2 figures",
    ),
    (
        "unknown metric",
        _facts("metric: demo_bases", "metric: demo_basis", STCN),
        STCN,
        "metric 'demo_basis' is missing or unknown",
    ),
    (
        "unknown region",
        _facts(
            "region: xiongan\n    period: '2022'\n    kind: actual",
            "region: xiong_an\n    period: '2022'\n    kind: actual",
            STCN,
        ),
        STCN,
        "region 'xiong_an' is missing or unknown",
    ),
    (
        "unknown domain",
        _facts("domain: biomed", "domain: bio", GZ),
        GZ,
        "domain 'bio' is missing or unknown",
    ),
    (
        "unknown source id",
        _facts("source: 2025-09-15-achie-cluster-conference", "source: 2025-09-15-achie", CONF),
        CONF,
        "source '2025-09-15-achie' is not an article of data/raw/",
    ),
    (
        "fact naming another source",
        _append(
            MIIT,
            "  - id: g45-x\n    source: 2022-09-24-stcn-25-clusters\n"
            "    quote: 东部地区30个\n    metric: cluster_count\n"
            "    scope: group45\n    region: east\n"
            "    kind: actual\n",
        ),
        MIIT,
        "differs from the file's",
    ),
    (
        "unit disagrees with metric",
        _facts("metric: demo_bases", "metric: leading_output", STCN),
        STCN,
        "is in count, metric leading_output is in yuan",
    ),
    (
        "malformed facts file",
        _facts("  - id: g25-firms", "  - id: [g25-firms", STCN),
        STCN,
        "malformed YAML",
    ),
    (
        "unknown field",
        _facts("    kind: forecast", "    kind: forecast\n    knid: actual", STCN),
        STCN,
        "unknown field(s) ['knid']",
    ),
    (
        "contradicting facts of one source",
        _append(
            MIIT,
            "  - id: g45-x\n"
            "    quote: 西部地区5个\n    metric: cluster_count\n    scope: group45\n    region: "
            "northeast\n"
            "    period: 2022-11\n    kind: actual\n",
        ),
        MIIT,
        "contradicts fact g45-northeast",
    ),
    (
        "duplicate id across files",
        _append(
            MIIT,
            "  - id: g25-firms\n"
            "    quote: 西部地区5个\n    metric: cluster_count\n"
            "    scope: group45\n    region: west\n"
            "    period: 2022-11\n    kind: actual\n",
        ),
        MIIT,
        "duplicate id (first in",
    ),
    (
        "preferred without a reason",
        _facts("  - id: g45-east\n", "  - id: g45-east\n    preferred: true\n"),
        MIIT,
        "preferred: true without a reason",
    ),
    (
        "unknown cluster",
        _append(
            MIIT,
            "  - id: g45-x\n"
            "    quote: 西部地区5个\n    metric: cluster_count\n"
            "    scope: cluster\n    region: west\n"
            "    cluster: 不存在的集群\n    kind: actual\n",
        ),
        MIIT,
        "cluster '不存在的集群' is missing or unknown",
    ),
    (
        "bad period",
        _facts("period: 2022H1", "period: 2022H3", STCN),
        STCN,
        "period '2022H3' is not a period",
    ),
    (
        "unknown preference rule",
        lambda d: _edit(d / "preference.yaml", "rank_by: [preferred,", "rank_by: [loudest,"),
        "preference.yaml",
        "rank_by must be a list of rules",
    ),
    (
        "checksum field missing",
        lambda d: _edit(d / f"{RAW}.meta.yml", "sha256:", "sha_256:"),
        f"{RAW}.meta.yml",
        "missing field(s): sha256",
    ),
    (
        "unknown metric unit",
        lambda d: _edit(
            d / "metrics.csv",
            "demo_bases,新型工业化产业示范基地,New-industrialisation demonstration bases,count",
            "demo_bases,新型工业化产业示范基地,New-industrialisation demonstration bases,pieces",
        ),
        "metrics.csv",
        "unit 'pieces' unknown",
    ),
    (
        "province shapes not JSON",
        lambda d: _edit(d / "geo/china_provinces.geojson", '{"type"', '{type"'),
        "geo/china_provinces.geojson",
        "not valid GeoJSON text",
    ),
    (
        "province without a shape",
        lambda d: _edit(d / "geo/china_provinces.geojson", '"adcode":"440000"', '"adcode":"4"'),
        "geo/china_provinces.geojson",
        "no shape for adcode(s) ['440000']",
    ),
    (
        "sea inset not JSON",
        lambda d: _edit(d / "geo/south_china_sea.geojson", '{"type"', '{type"'),
        "geo/south_china_sea.geojson",
        "not valid GeoJSON text",
    ),
    (
        "sea inset without the boundary line",
        lambda d: _edit(d / "geo/south_china_sea.geojson", '"layer":"dash_line"', '"layer":"x"'),
        "geo/south_china_sea.geojson",
        "no layer 'dash_line'",
    ),
    (
        "sea inset point outside its window",
        lambda d: _edit(d / "geo/south_china_sea.geojson", "[[[122.51,", "[[[132.51,"),
        "geo/south_china_sea.geojson",
        "layer 'dash_line': [[132.51",
    ),
    (
        "sea inset edited by hand",
        lambda d: _edit(d / "geo/south_china_sea.geojson", "[[[122.51,", "[[[122.52,"),
        "geo/south_china_sea.geojson",
        "is not the one its .meta.yml gives",
    ),
    (
        "unknown cluster confidence",
        lambda d: _edit(d / "cluster_flags.csv", ",medium,", ",middling,"),
        "cluster_flags.csv",
        "confidence 'middling' unknown",
    ),
]


@pytest.mark.parametrize(("case", "mutate", "file", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_names_file_and_problem(
    data_copy: Paths, case: str, mutate: Callable[[Path], None], file: str, message: str
) -> None:
    write(run(data_copy), data_copy.db)  # a good database first
    before = data_copy.db.read_bytes()
    with duckdb.connect(str(data_copy.db), read_only=True) as con:
        n_facts = con.execute("SELECT count(*) FROM facts").fetchone()
    mutate(data_copy.data)
    with pytest.raises(EtlError) as err:
        write(run(data_copy), data_copy.db)
    text = str(err.value)
    assert file in text and message in text, text
    assert "Fix:" in text
    assert data_copy.db.read_bytes() == before  # the previous database is untouched
    with duckdb.connect(str(data_copy.db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM facts").fetchone() == n_facts


def test_non_utf8_raw_file_with_matching_checksum(data_copy: Paths) -> None:
    import hashlib

    raw = data_copy.data / f"{RAW}.txt"
    data = "工业和信息化部正式公布45个国家先进制造集群的名单".encode("gb18030")
    raw.write_bytes(data)
    meta = raw.with_suffix(".meta.yml")
    text = meta.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("sha256:"))
    meta.write_text(
        text.replace(old, f"sha256: {hashlib.sha256(data).hexdigest()}"), encoding="utf-8"
    )
    with pytest.raises(EtlError) as err:
        run(data_copy)
    assert (
        f"{RAW}.txt" in str(err.value)
        and "not UTF-8" in str(err.value)
        and "iconv" in str(err.value)
    )


def test_malformed_yaml_names_the_line(data_copy: Paths) -> None:
    _facts("  - id: g25-firms", "  - id: [g25-firms", STCN)(data_copy.data)
    with pytest.raises(EtlError) as err:
        run(data_copy)
    line = (data_copy.data / STCN).read_text().split("\n").index("  - id: [g25-firms") + 1
    assert re.search(rf"{re.escape(STCN)}:({line}|{line + 1})\b", str(err.value)), str(err.value)


def test_bad_fact_names_its_line_and_id(data_copy: Paths) -> None:
    _facts("quote: 东部地区30个", "quote: 东部地区31个")(data_copy.data)
    with pytest.raises(EtlError) as err:
        run(data_copy)
    assert err.value.record == "g45-east"
    assert MIIT in err.value.file
    lines = (data_copy.data / MIIT).read_text().split("\n")
    assert lines[err.value.line - 1] == "  - id: g45-east"  # type: ignore[operator]


def test_cli_exit_status_and_message(
    data_copy: Paths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from etl.__main__ import main

    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy.data))
    monkeypatch.setenv("ATLAS_DB", str(data_copy.db))
    _facts("quote: 东部地区30个", "quote: 东部地区31个")(data_copy.data)
    assert main([]) == 1
    err = capsys.readouterr().err
    assert MIIT in err and "[g45-east]" in err and "left untouched" in err
