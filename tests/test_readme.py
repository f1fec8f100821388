"""What the README promises, checked: its make targets exist, its commands run, its
environment variable is the one the code reads."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from etl.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


@pytest.mark.parametrize("target", sorted(set(re.findall(r"`make (\w+)`", README))))
def test_make_targets_exist(target: str) -> None:
    assert re.search(rf"^{target}:", MAKEFILE, re.M), target


@pytest.mark.parametrize("module", ["etl", "dashboard.export", "dashboard.site"])
def test_documented_commands_run(module: str) -> None:
    r = subprocess.run(
        [sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert r.returncode == 0 and "usage" in r.stdout.lower()


def test_env_var_documented_is_the_one_read() -> None:
    assert "ATLAS_DB" in README and "ATLAS_DB" in (ROOT / "etl" / "paths.py").read_text()


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text() and "make test" in README
