"""Cells that a spreadsheet will not run: CSV and XLSX written for people who open them in
Excel or LibreOffice.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to a spreadsheet (``=HYPERLINK("https://evil.example/p","出版方")`` becomes a live link, worse can
run commands). Publishers, titles and quotes come from articles and sidecars, so such text
reaches the exports. In CSV such a cell is prefixed with ``'`` (OWASP's advice); a cell that is
a plain number written as text (``-3.0``, ``+5%``) is left alone, and numeric columns are never
touched. In XLSX every formula cell is written as a string (we never write formulas).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def csv_cell(value: Any) -> Any:
    """``value``, with ``'`` before text that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells are safe to open in a spreadsheet (numbers, dates and
    booleans as they were)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(csv_cell)
    return out


def text_cells(book: Any) -> None:
    """Make every formula cell of an openpyxl workbook a string cell, shown as typed."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
