"""Exports of a view to CSV (UTF-8 with BOM, so that Excel opens Chinese text) and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse

from serviq.errors import NotFound

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for r in rows:
        writer.writerow(["" if v is None else v for v in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(sheet: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "remove_timezone": True})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    ws.write_row(0, 0, list(columns), bold)
    for i, r in enumerate(rows, start=1):
        ws.write_row(i, 0, ["" if v is None else v for v in r])
    book.close()
    return buf.getvalue()


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
