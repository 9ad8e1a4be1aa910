"""Exports of a view to CSV (UTF-8 with BOM, so that Excel opens Chinese text) and XLSX.

Both are safe to open in a spreadsheet (:mod:`serviq.formulas`): in CSV a text cell that
starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR, or full-width ``＝＋－＠``) is
prefixed with ``'``; in XLSX strings are written as strings, never as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse

from serviq import formulas
from serviq.errors import NotFound
from serviq.formulas import csv_cell

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([csv_cell(c) for c in columns])
    for r in rows:
        writer.writerow(["" if v is None else csv_cell(v) for v in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(sheet: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    return formulas.xlsx_bytes(sheet, columns, rows)


def respond(
    fmt: str, name: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> HttpResponse:
    if fmt not in FORMATS:
        raise NotFound(f"no export format {fmt!r}; allowed: {', '.join(FORMATS)}")
    if fmt == "xlsx":
        body, kind = xlsx_bytes(name, columns, rows), XLSX_TYPE
    else:
        body, kind = csv_bytes(columns, rows), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
