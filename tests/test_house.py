"""House rules of the code, checked: every word of the dashboard in the i18n table (both
languages), no data typed into or read from files by the dashboard, no formatter opt-outs, and a
short import chain inside ``dashboard/``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard.chartdefs import CHARTS
from dashboard.filters import LANGS
from dashboard.i18n import CONTENT, STRINGS
from etl.paths import ROOT

DASHBOARD = ROOT / "dashboard"
MODULES = sorted(p for p in DASHBOARD.rglob("*.py") if "__pycache__" not in p.parts)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_string_has_every_language() -> None:
    bad = {
        k: v for k, v in STRINGS.items() if len(v) != len(LANGS) or not all(x.strip() for x in v)
    }
    assert bad == {}


def test_chinese_only_in_the_i18n_table() -> None:
    found = {
        str(p.relative_to(ROOT)): [
            i for i, line in enumerate(p.read_text("utf-8").splitlines(), 1) if CJK.search(line)
        ]
        for p in MODULES
        if p != DASHBOARD / "i18n.py"
    }
    assert {k: v for k, v in found.items() if v} == {}


def _string_keys(tree: ast.AST) -> set[str]:
    """The literal keys passed to t(...) in a module."""
    keys = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "t"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            keys.add(node.args[0].value)
    return keys


def test_every_key_used_exists_and_every_chart_has_its_texts() -> None:
    used = set().union(*(_string_keys(ast.parse(p.read_text("utf-8"))) for p in MODULES))
    assert used - set(STRINGS) == set()
    for spec in CHARTS.values():
        assert f"title_{spec.chart_id}" in STRINGS
        if set(spec.dims) != {"region", "domain"}:  # a filter it cannot apply needs a reason
            assert spec.why_not in STRINGS, spec.chart_id


def test_prose_in_every_language() -> None:
    names = {p.name for p in (CONTENT / LANGS[0]).glob("*.md")}
    assert names
    for lang in LANGS:
        assert {p.name for p in (CONTENT / lang).glob("*.md")} == names


def test_no_formatter_opt_outs_and_no_long_lines() -> None:
    skip = "fmt: " + "skip"  # spelt apart so this file does not match itself
    files = [
        p
        for d in ("dashboard", "etl", "tests", "bench", "deploy", "scripts")
        for p in (ROOT / d).rglob("*.py")
    ]
    assert [str(p) for p in files if skip in p.read_text("utf-8")] == []
    long = [
        f"{p}:{i}"
        for p in files
        for i, line in enumerate(p.read_text("utf-8").splitlines(), 1)
        if len(line) > 100
    ]
    assert long == []


def test_dashboard_opens_no_data_file() -> None:
    """The app reads the database (through dashboard.queries) and its own prose, nothing else:
    no module builds a path under the data folder or reads a file, except i18n for
    dashboard/content/. (Handing the folder to the ETL, which builds the database, is fine.)"""
    data_ref = re.compile(r"""\.data\s*/|["']data/|\.geojson|\.csv["']|\.rglob\(""")
    readers = re.compile(r"\bopen\(|\.read_text\(|\.read_bytes\(|json\.load\(|read_csv\(")
    for p in MODULES:
        text = p.read_text("utf-8")
        assert not data_ref.search(text), p
        if p.name != "i18n.py":
            assert not readers.search(text), p


def _imports(package: str = "dashboard") -> dict[str, set[str]]:
    """Module-level imports between the modules of ``package`` (what runs when a module is
    imported)."""
    graph: dict[str, set[str]] = {}
    modules = sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)
    for p in modules:
        mod = _name(p)
        deps: set[str] = set()
        for node in ast.parse(p.read_text("utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            deps |= {m for m in targets if m.startswith(package) and _is_module(m)}
        # importing a.b.c runs the packages a.b first (their __init__.py): those count too
        deps |= {
            ".".join(m.split(".")[:k])
            for m in list(deps)
            for k in range(2, m.count(".") + 1)
            if _is_module(".".join(m.split(".")[:k]))
        }
        graph[mod] = deps - {mod} - {_name(p.parent / "__init__.py")}
    return graph


def _is_module(name: str) -> bool:
    """A module (``a/b.py``) or a package (``a/b/__init__.py``) of the repository."""
    path = ROOT / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def longest_chain(graph: dict[str, set[str]]) -> list[str]:
    """The longest import chain (no module twice)."""
    best: list[str] = []

    def walk(path: list[str]) -> None:
        nonlocal best
        if len(path) > len(best):
            best = path
        for dep in sorted(graph.get(path[-1], ())):
            if dep not in path:
                walk([*path, dep])

    for mod in graph:
        walk([mod])
    return best


@pytest.mark.parametrize(
    "leaf",
    [
        "dashboard.i18n",
        "dashboard.filters",
        "dashboard.queries",
        "dashboard.charts",
        "dashboard.nav",
    ],
)
def test_base_modules_import_nothing_of_the_dashboard(leaf: str) -> None:
    assert _imports()[leaf] == set()


def test_import_chain_is_short() -> None:
    chain = longest_chain(_imports())
    # Before issue 9: app -> ui -> state -> export -> chartdefs -> views -> data (7 modules).
    assert len(chain) <= 5, " -> ".join(chain)


# What the dashboard may use of the ETL: its face (build, freshness, publishing), the curation
# API of the Curate page, and the shared vocabulary, paths, errors and cell escaping.
ETL_FACE = {
    "etl.build",
    "etl.intake",
    "etl.withdraw",
    "etl.paths",
    "etl.errors",
    "etl.vocab",
    "etl.cells",
}


def test_the_dashboard_uses_only_the_etls_face() -> None:
    """Every import of etl/ in dashboard/, at module level or inside a function."""
    used: dict[str, str] = {}
    for p in MODULES:
        for node in ast.walk(ast.parse(p.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("etl"):
                used.setdefault(str(node.module), str(p.relative_to(ROOT)))
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("etl"):
                        used.setdefault(a.name, str(p.relative_to(ROOT)))
    assert {m: p for m, p in used.items() if m not in ETL_FACE} == {}


def test_the_etl_stands_at_most_seven_floors() -> None:
    """The longest chain of module-level imports inside etl/ (nine at 6017ecf, eleven with this
    round's new stages before the face and the type-only imports)."""
    chain = longest_chain(_imports("etl"))
    assert len(chain) <= 7, " -> ".join(chain)


# Functions over 80 lines, each to be split: the list may only shrink (a function that is no
# longer long must leave it, and none may join it).
LONG_FUNCTIONS: set[str] = set()


def test_no_function_over_80_lines_but_the_listed() -> None:
    long = set()
    for d in ("etl", "dashboard"):
        for p in sorted((ROOT / d).rglob("*.py")):
            for n in ast.walk(ast.parse(p.read_text("utf-8"))):
                fn = isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                if fn and (n.end_lineno or n.lineno) - n.lineno + 1 > 80:
                    long.add(f"{p.relative_to(ROOT)}:{n.name}")
    assert long == LONG_FUNCTIONS
