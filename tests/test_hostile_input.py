"""Hostile but honest input to the ETL's command line and intake (issue 18): a curator's
comments survive `accept`, duplicate keys are errors, impossible dates are refused unless
forced, odd arguments and files get clear messages, and a save is all or nothing. The command
line runs as a subprocess (`python -m etl ...`), as a curator would run it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from etl.build import current
from etl.errors import EtlError
from etl.intake import accept, add, propose
from etl.paths import ROOT, Paths
from etl.pipeline import run
from tests.conftest import drop_article

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
ARTICLE = ARTICLES / "single-clusters-2024.txt"
MIIT = "facts/2022-11-30-miit-45-clusters.yaml"


def _etl(
    paths: Paths, *args: str, timeout: float = 120, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ATLAS_DATA_DIR": str(paths.data), "ATLAS_DB": str(paths.db)}
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=None if stdin is None else stdin.decode(),
    )


def _listing(paths: Paths) -> dict[str, str]:
    return {
        str(p.relative_to(paths.data)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(paths.data.rglob("*"))
        if p.is_file() and p.name != ".atlas.lock"
    }


def _added(paths: Paths, path: Path = ARTICLE, published_on: str = "2024-05-20") -> str:
    data = path.read_bytes()
    drop_article(paths.data, data)
    return add(paths, data, path.name, publisher="测试报", published_on=published_on, rebuild=False)


def _no_traceback(r: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in r.stderr, r.stderr


# ---------------------------------------------------------------- item 4: comments survive
def test_accept_keeps_the_curators_comments_and_changes_only_the_added_facts(
    data_copy: Paths,
) -> None:
    sid = _added(data_copy)
    mapped = [p for p in propose(current(data_copy), sid) if p.metric]
    assert len(mapped) >= 2, "the fixture gives at least two mapped figures"
    first = accept(data_copy, sid, mapped, only={mapped[0].offset}).written
    assert first
    file = data_copy.facts / f"{sid}.yaml"
    text = file.read_text(encoding="utf-8")
    header = "# Curated by hand: checked against the printed edition.\n"
    curator = "    # CURATOR: the 2024 figure, not the 2023 one (see the PDF, p. 3)\n"
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("quote:"))
    lines.insert(at, curator)
    hand = header + "".join(lines)
    file.write_text(hand, encoding="utf-8")

    r = _etl(data_copy, "accept", sid, "--only", str(mapped[1].offset))
    assert r.returncode == 0, r.stderr
    new = file.read_text(encoding="utf-8")
    assert new.startswith(hand), new  # every byte before the added fact kept, comments too
    old_facts, new_facts = yaml.safe_load(hand)["facts"], yaml.safe_load(new)["facts"]
    assert new_facts[: len(old_facts)] == old_facts
    assert [e["id"] for e in new_facts[len(old_facts) :]] == [f"{sid}-o{mapped[1].offset}"]
    run(data_copy)


# ---------------------------------------------------------------- item 5: duplicate keys
@pytest.mark.parametrize(
    ("file", "old", "new", "key", "below"),
    [
        (MIIT, "    period: 2022-11\n", "    period: 2022-11\n    period: 2021\n", "period", 1),
        (
            "raw/2022-11-30-miit-45-clusters.meta.yml",
            "script:",
            "publisher: x\nscript:",
            "publisher",
            0,
        ),
        ("preference.yaml", "rank_by:", "rank_by: [source_id]\nrank_by:", "rank_by", 1),
        (
            "checks.yaml",
            "    total: g45-count\n",
            "    total: g45-count\n    total: g45-east\n",
            "total",
            1,
        ),
    ],
    ids=["fact", "sidecar", "preference", "checks"],
)
def test_a_duplicate_key_is_an_error_naming_file_and_line(
    data_copy: Paths, file: str, old: str, new: str, key: str, below: int
) -> None:
    """``below``: how many lines below the replaced text's first line the second key stands."""
    path = data_copy.data / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1 + below
    r = _etl(data_copy, "check")
    assert r.returncode == 1, r.stdout
    assert f"{file}:{line}:" in r.stderr and f"duplicate key {key!r}" in r.stderr, r.stderr
    _no_traceback(r)


# ---------------------------------------------------------------- item 6: impossible dates
@pytest.mark.parametrize("when", ["1900-01-01", "2099-12-31", "tomorrow"])
def test_add_refuses_an_impossible_date_and_writes_nothing(data_copy: Paths, when: str) -> None:
    day = (dt.date.today() + dt.timedelta(days=1)).isoformat() if when == "tomorrow" else when
    drop_article(data_copy.data, ARTICLE.read_bytes())
    before = _listing(data_copy)
    r = _etl(data_copy, "add", str(ARTICLE), "--publisher", "测试报", "--published-on", day)
    assert r.returncode == 1, r.stdout
    assert day in r.stderr and "--force-date" in r.stderr, r.stderr
    _no_traceback(r)
    assert _listing(data_copy) == before


def test_the_earliest_plausible_date_is_data_and_a_forced_date_keeps_its_reason(
    data_copy: Paths,
) -> None:
    from etl.intake import earliest_plausible_date

    first = earliest_plausible_date(data_copy)
    # an article older than the bound was forced in, and its sidecar says why
    older = [s for s in run(data_copy).sources.values() if s.published_on < first]
    assert all("forced:" in s.published_on_note for s in older), [s.source_id for s in older]
    day = (dt.date.fromisoformat(first) - dt.timedelta(days=1)).isoformat()
    drop_article(data_copy.data, ARTICLE.read_bytes())
    why = "a 2019 pilot announcement the curator checked"
    r = _etl(
        data_copy,
        "add",
        str(ARTICLE),
        "--publisher",
        "测试报",
        "--published-on",
        day,
        "--force-date",
        why,
    )
    assert r.returncode == 0, r.stderr
    sid = r.stdout.strip().splitlines()[-1]
    meta = yaml.safe_load((data_copy.raw / f"{sid}.meta.yml").read_text(encoding="utf-8"))
    assert meta["published_on"] == day and why in meta["published_on_note"]
    # the API refuses the same date without a reason
    with pytest.raises(EtlError, match="before"):
        add(data_copy, b"x" + ARTICLE.read_bytes(), "a.txt", publisher="p", published_on=day)


# ---------------------------------------------------------------- item 9: smaller things
def test_a_long_source_id_gives_a_clear_error(data_copy: Paths) -> None:
    drop_article(data_copy.data, ARTICLE.read_bytes())
    before = _listing(data_copy)
    r = _etl(
        data_copy,
        "add",
        str(ARTICLE),
        "--publisher",
        "p",
        "--published-on",
        "2024-05-20",
        "--source-id",
        "a" * 300,
    )
    assert r.returncode == 1 and "source id" in r.stderr and "characters" in r.stderr, r.stderr
    _no_traceback(r)
    assert _listing(data_copy) == before


@pytest.mark.parametrize("only", ["-5", ",", "", " , ", "12,-3"])
def test_accept_only_needs_real_offsets(data_copy: Paths, only: str) -> None:
    sid = _added(data_copy)
    before = _listing(data_copy)
    r = _etl(data_copy, "accept", sid, "--only", only, "--min-confidence", "low")
    assert r.returncode != 0 and "--only" in r.stderr, (r.stdout, r.stderr)
    _no_traceback(r)
    assert _listing(data_copy) == before


def test_utf16_is_refused_with_save_as_utf8(data_copy: Paths) -> None:
    before = _listing(data_copy)
    for enc in ("utf-16", "utf-16-le", "utf-16-be"):
        with pytest.raises(EtlError) as err:
            add(
                data_copy,
                ARTICLE.read_text(encoding="utf-8").encode(enc),
                "u16.txt",
                publisher="p",
                published_on="2024-05-20",
            )
        assert "UTF-16" in str(err.value) and "save it as UTF-8" in str(err.value)
        assert "u16.txt" in str(err.value)
    assert _listing(data_copy) == before


def test_the_lock_file_is_ignored_by_git() -> None:
    r = subprocess.run(
        ["git", "check-ignore", "-q", "data/.atlas.lock"], cwd=ROOT, capture_output=True
    )
    assert r.returncode == 0


def test_output_into_a_closed_pipe_is_no_traceback(data_copy: Paths, tmp_path: Path) -> None:
    env = {**os.environ, "ATLAS_DATA_DIR": str(data_copy.data), "ATLAS_DB": str(data_copy.db)}
    r = subprocess.run(
        f"{sys.executable} -m etl check | head -1",
        shell=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.stdout.strip() and "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr, (
        r.stderr
    )


# ---------------------------------------------------------------- files that are not files
def test_add_refuses_what_is_not_a_regular_file(data_copy: Paths, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    before = _listing(data_copy)
    for path in (fifo, tmp_path, Path("/dev/null")):
        r = _etl(
            data_copy,
            "add",
            str(path),
            "--publisher",
            "p",
            "--published-on",
            "2024-05-20",
            timeout=30,
        )
        assert r.returncode == 1 and "not a regular file" in r.stderr, (path, r.stderr)
        _no_traceback(r)
    assert _listing(data_copy) == before


def test_add_reads_at_most_the_size_limit(data_copy: Paths) -> None:
    """/dev/zero never ends: it is refused without reading it to the end (under a memory limit
    that reading it whole would break)."""
    before = _listing(data_copy)
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            _LIMITED,
            "add",
            "/dev/zero",
            "--publisher",
            "p",
            "--published-on",
            "2024-05-20",
        ],
        cwd=ROOT,
        env={**os.environ, "ATLAS_DATA_DIR": str(data_copy.data), "ATLAS_DB": str(data_copy.db)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1, r.stderr[-2000:]
    assert "/dev/zero" in r.stderr and "not a regular file" in r.stderr, r.stderr[-2000:]
    big = data_copy.data.parent / "big.txt"
    big.write_bytes("集群".encode() * 400_000)
    r = _etl(data_copy, "add", str(big), "--publisher", "p", "--published-on", "2024-05-20")
    assert r.returncode == 1 and "over the 2 MB limit" in r.stderr, r.stderr
    assert _listing(data_copy) == before


_LIMITED = (
    "import resource, sys, runpy; "
    "resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000)); "
    "sys.argv = ['etl', *sys.argv[1:]]; "
    "runpy.run_module('etl', run_name='__main__')"
)


# ---------------------------------------------------------------- item 2: all or nothing
def test_a_save_with_another_facts_file_broken_writes_nothing_and_can_be_retried(
    data_copy: Paths,
) -> None:
    """The Curate page's save (``save_article``): with another facts file broken, nothing is
    written; once it is mended, the same save succeeds (no 'already in the atlas')."""
    from etl.intake import preview, save_article

    data = ARTICLE.read_bytes()
    drop_article(data_copy.data, data)
    _, props = preview(current(data_copy), data.decode("utf-8"), "2024-05-20")
    chosen = [p for p in props if p.metric and p.confidence == "high"]
    assert chosen
    broken = data_copy.data / MIIT
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good.replace("quote: 东部地区30个", "quote: 东部地区31个"), encoding="utf-8")
    before = _listing(data_copy)
    kw = {"publisher": "测试报", "published_on": "2024-05-20"}
    with pytest.raises(EtlError) as err:
        save_article(data_copy, data, ARTICLE.name, chosen, **kw)
    assert MIIT in str(err.value)
    assert _listing(data_copy) == before
    broken.write_text(good, encoding="utf-8")
    sid, result = save_article(data_copy, data, ARTICLE.name, chosen, **kw)
    assert result is not None and result.written
    assert (data_copy.facts / f"{sid}.yaml").exists() and data_copy.db.exists()


def test_an_empty_curate_upload_is_called_empty(
    data_copy: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page shows the intake's own refusal for an empty file, not 'paste or upload'."""
    from streamlit.testing.v1 import AppTest

    from dashboard.state import clear_caches
    from etl.load import write

    write(run(data_copy), data_copy.db)
    for k, v in {
        "ATLAS_CURATE": "1",
        "ATLAS_DATA_DIR": str(data_copy.data),
        "ATLAS_DB": str(data_copy.db),
    }.items():
        monkeypatch.setenv(k, v)
    clear_caches()
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("screens/curate.py")
    at.run()
    at.get("file_uploader")[0].upload("empty.txt", b"", "text/plain")  # type: ignore[union-attr]
    at.run()
    errors = [e.value for e in at.error]
    assert any("empty.txt" in e and "the file is empty" in e for e in errors), errors
    clear_caches()


def test_scan_refuses_what_is_not_a_regular_file(data_copy: Paths, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        r = subprocess.run(
            [sys.executable, "-c", _LIMITED, "scan", path],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert r.returncode == 1 and "not a regular file" in r.stderr, r.stderr[-2000:]
        _no_traceback(r)


def test_a_url_keeps_no_closing_quote_and_only_web_addresses_are_taken(
    data_copy: Paths,
) -> None:
    drop_article(data_copy.data, ARTICLE.read_bytes())
    before = _listing(data_copy)
    args = ["add", str(ARTICLE), "--publisher", "测试报", "--published-on", "2024-05-20"]
    r = _etl(data_copy, *args, "--url", "javascript:alert(1)")
    assert r.returncode == 1 and "not a web address" in r.stderr, r.stderr
    assert _listing(data_copy) == before
    r = _etl(data_copy, *args, "--url", "https://www.example.cn/news/2024/a.html”。")
    assert r.returncode == 0, r.stderr
    sid = r.stdout.strip().splitlines()[-1]
    meta = yaml.safe_load((data_copy.raw / f"{sid}.meta.yml").read_text(encoding="utf-8"))
    assert meta["url"] == "https://www.example.cn/news/2024/a.html"
