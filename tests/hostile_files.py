"""Broken and hostile import files, built by code (issue 16's review, reproduced).

Each builder returns bytes; :func:`corpus` returns ``(name, bytes)`` pairs derived from a
valid seed by deterministic mutations: truncations, byte flips, stray BOMs, non-finite and
huge numbers, duplicate and near-duplicate headers, huge cells, binary and nested Parquet
columns, zip bombs, XXE and billion-laughs workbooks, cells at the sheet's far corner.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator

SHEET = "xl/worksheets/sheet1.xml"
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    """A valid workbook written by openpyxl."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def replace_member(book: bytes, name: str, content: bytes, *, level: int = 6) -> bytes:
    """``book`` with member ``name`` replaced by ``content`` (deflated at ``level``)."""
    src = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for info in src.infolist():
            data = content if info.filename == name else src.read(info.filename)
            dst.writestr(info.filename, data)
    return out.getvalue()


def _inline_sheet(cells: bytes, prolog: bytes = b"") -> bytes:
    return (
        XML_HEAD
        + prolog
        + b"<worksheet "
        + NS
        + b"><sheetData>"
        + cells
        + b"</sheetData></worksheet>"
    )


def xxe(book: bytes) -> bytes:
    """A sheet whose cell is an external entity naming a local file."""
    dtd = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    cells = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return replace_member(book, SHEET, _inline_sheet(cells, dtd))


def billion_laughs(book: bytes) -> bytes:
    """A sheet whose one cell expands to 10⁹ ``lol``s."""
    ents = [b'<!ENTITY lol0 "lol">']
    ents += [b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)]
    dtd = b"<!DOCTYPE worksheet [" + b"".join(ents) + b"]>\n"
    cells = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return replace_member(book, SHEET, _inline_sheet(cells, dtd))


def zip_bomb(book: bytes, megabytes: int = 40) -> bytes:
    """A sheet of ``megabytes`` MB of one repeated empty row: compresses ~1000 times."""
    row = b'<row r="2" spans="1:1"></row>'
    body = row * (megabytes * 1024 * 1024 // len(row))
    return replace_member(book, SHEET, _inline_sheet(body), level=9)


def far_cells(book: bytes, rows: int) -> bytes:
    """``rows`` rows each with one number at column XFD (the sheet's last column): a small
    file that a reader padding rows to the widest builds into rows × 16,384 cells."""
    body = b"".join(
        b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (i, i) for i in range(1, rows + 1)
    )
    return replace_member(book, SHEET, _inline_sheet(body), level=9)


def far_corner(book: bytes) -> bytes:
    """One cell at XFD1048576."""
    cells = b'<row r="1"><c r="A1" t="inlineStr"><is><t>agent</t></is></c></row>'
    cells += b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return replace_member(book, SHEET, _inline_sheet(cells))


def parquet(columns: dict[str, list[object]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.table(columns), buf)
    return buf.getvalue()


def text_mutations(seed: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    """Mutations of a CSV ``seed`` (header + rows)."""
    text = seed.decode("utf-8")
    lines = text.splitlines()
    header, first = lines[0], lines[1]
    n = len(seed)
    for k, cut in enumerate(sorted({n // 3, n // 2, n - 40, n - 7, n - 2, len(header) + 12})):
        yield f"truncated_{k}.csv", seed[:cut]
    for k in range(12):
        data = bytearray(seed)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        yield f"flip_{k}.csv", bytes(data)
    cells = first.split(",")
    yield "bom_in_value.csv", "\n".join([header, "\ufeff" + first, *lines[2:]]).encode()
    yield "bom_mid_file.csv", ("\n".join(lines[:2]) + "\n\ufeff" + "\n".join(lines[2:])).encode()
    for k, bad in enumerate(["inf", "-Infinity", "NaN", "1e999", "1e300", "1e16"]):
        yield (
            f"number_{k}.csv",
            "\n".join([header, ",".join([*cells[:-1], bad]), *lines[2:]]).encode(),
        )
    hs = header.split(",")
    yield (
        "dup_header.csv",
        "\n".join([",".join([*hs, hs[0]]), *[ln + ",x" for ln in lines[1:]]]).encode(),
    )
    near = ",".join([hs[0], hs[1] + " ", *hs[2:]]).replace(hs[1] + " ", hs[0] + " ", 1)
    yield "near_dup_header.csv", "\n".join([near, *lines[1:]]).encode()
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in hs[0])
    yield (
        "fullwidth_dup_header.csv",
        "\n".join([",".join([hs[0], wide, *hs[2:]]), *lines[1:]]).encode(),
    )
    yield (
        "huge_cell.csv",
        "\n".join(
            [header, cells[0] + "x" * 200_000 + "," + ",".join(cells[1:]), *lines[2:]]
        ).encode(),
    )
    yield "nul_bytes.csv", seed.replace(b",", b"\x00,", 3)
    yield "open_quote.csv", seed + b'"unterminated,' + b"x" * 100
    yield "extra_field.csv", "\n".join([header, first + ",extra", *lines[2:]]).encode()
    yield "only_header.csv", (header + "\n").encode()
    yield "empty.csv", b""
    yield "utf16.csv", text.encode("utf-16")
    yield "latin1_garbage.csv", bytes(range(256)) * 4
    yield "long_line.csv", b"a" * 300_000
    yield (
        "many_columns.csv",
        (",".join(f"c{i}" for i in range(3000)) + "\n" + ",".join("1" * 3000) + "\n").encode(),
    )


def workbook_mutations(book: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    """Mutations of a valid XLSX ``book``."""
    yield "not_a_zip.xlsx", b"agent,1,2\nA001,D,N\n"
    yield "pdf.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
    yield "empty.xlsx", b""
    for k, cut in enumerate((len(book) // 2, len(book) - 30, 200)):
        yield f"truncated_{k}.xlsx", book[:cut]
    for k in range(6):
        data = bytearray(book)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        yield f"flip_{k}.xlsx", bytes(data)
    yield "xxe.xlsx", xxe(book)
    yield "billion_laughs.xlsx", billion_laughs(book)
    yield "zip_bomb.xlsx", zip_bomb(book)
    yield "far_cells.xlsx", far_cells(book, 3000)
    yield "far_corner.xlsx", far_corner(book)
    yield "sheet_garbage.xlsx", replace_member(book, SHEET, b"<worksheet><sheetData><row><c")
    yield (
        "no_sheet.xlsx",
        replace_member(book, "xl/workbook.xml", XML_HEAD + b"<workbook " + NS + b"/>"),
    )
    yield (
        "utf16_sheet.xlsx",
        replace_member(
            book, SHEET, _inline_sheet(b"").decode().replace("UTF-8", "UTF-16").encode("utf-16")
        ),
    )


def parquet_mutations(good: bytes) -> Iterator[tuple[str, bytes]]:
    yield "truncated.parquet", good[: len(good) // 2]
    yield "flipped.parquet", good[:100] + b"\x00" * 50 + good[150:]
    yield "not_parquet.parquet", b"PAR1 this is not parquet PAR1"
    yield "binary_column.parquet", parquet({"interaction_id": ["X1"], "blob": [b"\x00\x01"]})
    yield "list_column.parquet", parquet({"interaction_id": ["X1"], "tags": [[1, 2, 3]]})
    yield "struct_column.parquet", parquet({"interaction_id": ["X1"], "s": [{"a": 1}]})
    yield "inf_column.parquet", parquet({"interaction_id": ["X1"], "hold_seconds": [float("inf")]})
    yield "huge_number.parquet", parquet({"interaction_id": ["X1"], "hold_seconds": [1e300]})
