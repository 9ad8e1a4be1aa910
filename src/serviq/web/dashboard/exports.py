"""Exports of a view to CSV (UTF-8 with BOM, so that Excel opens Chinese text) and XLSX.

Both are safe to open in a spreadsheet (:mod:`serviq.formulas`): in CSV a text cell that
starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR, or full-width ``＝＋－＠``) is
prefixed with ``'``; in XLSX strings are written as strings, never as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

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


def xlsx_bytes(sheet: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
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


class _Line:
    """A file-like target that hands back what the csv writer wrote."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The CSV of :func:`csv_bytes`, one encoded line at a time."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow([csv_cell(c) for c in columns])).encode("utf-8")
    for r in rows:
        yield writer.writerow(["" if v is None else csv_cell(v) for v in r]).encode("utf-8")


def stream(
    fmt: str, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse | StreamingHttpResponse:
    """A CSV streamed row by row as it is read, or an XLSX written row by row (constant
    memory) — a month of contacts is never held as a whole table of values."""
    if fmt not in FORMATS:
        raise NotFound(f"no export format {fmt!r}; allowed: {', '.join(FORMATS)}")
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(columns, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(xlsx_bytes(name, columns, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
