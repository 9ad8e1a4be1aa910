"""Reading an XLSX workbook that may be hostile.

An XLSX file is a zip of XML files. Before anything parses it, :func:`check_container`
reads the zip's directory and refuses:

- a file that is not a zip at all (a CSV or a PDF renamed ``.xlsx``);
- a zip bomb: more uncompressed bytes in all members than ``xlsx_max_uncompressed_mb``, or one
  member whose compression ratio is above ``xlsx_max_ratio`` (an ordinary sheet compresses
  5–20 times; a bomb thousands of times). Python's zip reader never returns more bytes than
  the directory declares, so the declared sizes bound what is read;
- XML with a document type declaration (``<!DOCTYPE``, ``<!ENTITY``): spreadsheets never
  need one, and it is how external entities (XXE) and entity expansion ("billion laughs")
  attacks are written. Every XML member's prolog is checked, and openpyxl itself parses
  through defusedxml (a dependency) as a second guard.

:func:`read_sheet` then reads the cells in openpyxl's streaming mode, refusing a sheet with
more rows or columns than the limits allow while it reads — a cell placed at column XFD or
row 1,048,576 of an otherwise small file cannot make it build a huge grid.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

from serviq.errors import InvalidInput, Where
from serviq.limits import Limits, megabytes

PROLOG_BYTES = 64 * 1024
_ROOT = re.compile(rb"<[A-Za-z_]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
# a ratio is judged only for members big enough to matter (small XML compresses very well)
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000


def check_container(path: Path, limits: Limits) -> None:
    """Refuse ``path`` unless it is a zip whose sizes and XML prologs are safe to open."""
    where = Where(file=str(path))
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InvalidInput(
            "not an XLSX workbook (the file is not a zip archive); save it from Excel as .xlsx, "
            "or as CSV",
            where=where,
        ) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InvalidInput(
                f"the workbook has {len(infos)} parts; allowed: at most {MAX_MEMBERS}", where=where
            )
        total = sum(i.file_size for i in infos)
        if total > limits.xlsx_max_uncompressed_bytes:
            raise InvalidInput(
                f"the workbook unpacks to {megabytes(total)}; allowed: at most "
                f"{megabytes(limits.xlsx_max_uncompressed_bytes)} (imports.yaml "
                "xlsx_max_uncompressed_mb)",
                where=where,
            )
        for info in infos:
            if info.file_size > RATIO_FLOOR_BYTES:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > limits.xlsx_max_ratio:
                    raise InvalidInput(
                        f"part {info.filename} is compressed {ratio:.0f} times (a zip bomb?); "
                        f"allowed: at most {limits.xlsx_max_ratio:g} (imports.yaml xlsx_max_ratio)",
                        where=where,
                    )
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                _check_prolog(zf, info, where)


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: Where) -> None:
    try:
        with zf.open(info) as fh:
            head = fh.read(PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise InvalidInput(
            f"part {info.filename} of the workbook cannot be read ({type(exc).__name__})",
            where=where,
        ) from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:64]:
        raise InvalidInput(
            f"part {info.filename} of the workbook is not UTF-8 XML; save the file from Excel again",
            where=where,
        )
    root = _ROOT.search(head)
    prolog = head[: root.start()] if root else head
    if _DTD.search(prolog):
        raise InvalidInput(
            f"part {info.filename} of the workbook declares a DOCTYPE or entities, which "
            "spreadsheets never need (an XXE or entity-expansion attack?); refused",
            where=where,
        )
    if root is None and len(head) == PROLOG_BYTES:
        raise InvalidInput(
            f"part {info.filename} of the workbook has no XML element in its first "
            f"{PROLOG_BYTES // 1024} KB; refused",
            where=where,
        )


def _convert(cell: Any) -> Any:
    """A cell's value as pandas' own XLSX reader gives it (empty → ``""``, whole floats → int)."""
    from openpyxl.cell.cell import TYPE_ERROR, TYPE_NUMERIC

    value = cell.value
    if value is None:
        return ""
    if cell.data_type == TYPE_ERROR:
        return float("nan")
    if cell.data_type == TYPE_NUMERIC and isinstance(value, (int, float)):
        if isinstance(value, float) and value != value:  # NaN
            return value
        try:
            as_int = int(value)
        except (OverflowError, ValueError):
            return float(value)
        return as_int if as_int == value else float(value)
    return value


def read_sheet(path: Path, sheet: str | int | None, limits: Limits) -> list[list[Any]]:
    """The cells of one sheet as rows (the header first), trailing empty cells and rows
    trimmed and every row padded to the same width. Call :func:`check_container` first."""
    import openpyxl

    where = Where(file=str(path))
    # openpyxl warns about features it drops (data validation, styles); they say nothing
    # about the cells and would print several lines on stderr
    with path.open("rb") as fh, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        try:
            return _rows(wb, path, sheet, limits, where)
        finally:
            wb.close()


def _rows(
    wb: Any, path: Path, sheet: str | int | None, limits: Limits, where: Where
) -> list[list[Any]]:
    """The rows of ``sheet`` of the open workbook ``wb``, within the limits."""
    names = wb.sheetnames
    if sheet is None or sheet == 0:
        if not names:
            raise InvalidInput("the workbook has no sheet", where=where)
        ws = wb[names[0]]
    elif isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise InvalidInput(f"the workbook has no sheet {sheet + 1}", where=where)
        ws = wb[names[sheet]]
    else:
        if sheet not in names:
            raise InvalidInput(
                f"no sheet {sheet!r}; the workbook has: {', '.join(names)}", where=where
            )
        ws = wb[sheet]
    ws.reset_dimensions()
    data: list[list[Any]] = []
    pending_empty = 0
    width = 0
    for number, row in enumerate(ws.rows, start=1):
        values = [_convert(c) for c in row]
        while values and values[-1] == "":
            values.pop()
        if not values:
            pending_empty += 1
            continue
        if len(values) > limits.max_columns:
            from openpyxl.utils import get_column_letter

            raise InvalidInput(
                f"a value in column {get_column_letter(len(values))}; allowed: at most "
                f"{limits.max_columns} columns (imports.yaml max_columns)",
                where=Where(file=str(path), row=number),
            )
        if number - 1 > limits.max_rows:
            raise InvalidInput(
                f"more than {limits.max_rows} data rows (imports.yaml max_rows)",
                where=Where(file=str(path), row=number),
            )
        data.extend([] for _ in range(pending_empty))
        pending_empty = 0
        data.append(values)
        width = max(width, len(values))
    return [r + [""] * (width - len(r)) for r in data]
