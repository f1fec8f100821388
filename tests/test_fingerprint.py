"""The inputs' stamp: the app's once-per-session check that the database is older than data/."""

from __future__ import annotations

import os
from pathlib import Path

from etl.fingerprint import inputs_stamp


def _tree(root: Path) -> Path:
    (root / "raw" / "articles").mkdir(parents=True)
    (root / "raw" / "articles" / "a.txt").write_text("二〇二五年 80 个", encoding="utf-8")
    (root / "rules.yml").write_text("x: 1\n", encoding="utf-8")
    (root / "notes.bin").write_bytes(b"\0")  # not an input
    return root


def test_stamp_names_every_input_with_its_size_and_time(tmp_path: Path) -> None:
    data = _tree(tmp_path)
    a = data / "raw" / "articles" / "a.txt"
    parts = inputs_stamp(data).split("|")
    assert [p.rsplit(":", 2)[0] for p in parts] == ["raw/articles/a.txt", "rules.yml"]
    assert parts[0] == f"raw/articles/a.txt:{a.stat().st_size}:{a.stat().st_mtime_ns}"


def test_stamp_finds_what_the_fingerprint_walk_finds(tmp_path: Path) -> None:
    """A missing folder holds nothing (the app then serves the last good database); a
    symlinked folder is not entered, as ``rglob`` does not enter it, so a loop ends."""
    assert inputs_stamp(tmp_path / "missing") == ""
    data = _tree(tmp_path / "data")
    before = inputs_stamp(data)
    (data / "raw" / "loop").symlink_to(data, target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.csv").write_text("a\n", encoding="utf-8")
    (data / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert inputs_stamp(data) == before
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*.csv")) == []


def test_stamp_changes_when_an_input_is_added_removed_or_rewritten(tmp_path: Path) -> None:
    data = _tree(tmp_path)
    seen = {inputs_stamp(data)}
    (data / "raw" / "articles" / "b.md").write_text("新", encoding="utf-8")  # added, nested
    seen.add(inputs_stamp(data))
    a = data / "raw" / "articles" / "a.txt"
    st = a.stat()
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # rewritten, same size
    seen.add(inputs_stamp(data))
    a.write_text("二〇二五年 81 个以上", encoding="utf-8")  # rewritten, new size
    seen.add(inputs_stamp(data))
    (data / "rules.yml").unlink()  # removed
    seen.add(inputs_stamp(data))
    assert len(seen) == 5


def test_stamp_ignores_files_that_are_not_inputs(tmp_path: Path) -> None:
    data = _tree(tmp_path)
    before = inputs_stamp(data)
    (data / "notes.bin").write_bytes(b"\0\1")
    (data / "clusters.duckdb").write_bytes(b"db")
    assert inputs_stamp(data) == before
