"""read_table refuses broken and hostile files with one error naming file, row and column
(issue 16, finding 5); the limits are the centre's data (imports.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile_files import (
    billion_laughs,
    far_cells,
    parquet,
    replace_member,
    xlsx,
    xxe,
    zip_bomb,
)
from serviq.errors import InvalidInput, ValidationFailed
from serviq.limits import Limits, load_limits
from serviq.tables import read_table

BOOK = xlsx(["agent", "1", "2"], [["A001", "D", "N"]])


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode() if isinstance(data, str) else data)
    return p


def test_the_bundled_limits_are_a_banks_defaults() -> None:
    limits = load_limits()
    assert limits.max_file_bytes == 200 * 1024 * 1024
    assert limits.max_upload_bytes == 20 * 1024 * 1024
    assert limits.max_rows == 5_000_000


def test_the_defaults_read_without_pydantic_are_what_validation_gives(tmp_path: Path) -> None:
    """load_limits skips the pydantic model when every field holds its default (the bundled
    file): the shortcut must give what the validated model gives."""
    from serviq.limits import FILE_DEFAULTS, _defaults_only, _limits_model
    from serviq.resources import data_path
    from serviq.yamlfile import load_model, load_yaml

    assert _defaults_only(load_yaml(data_path("imports.yaml"))[0])
    validated = load_model(_limits_model(), data_path("imports.yaml"))
    assert validated.model_dump() == FILE_DEFAULTS
    other = write(tmp_path, "imports.yaml", "max_rows: 10\nmax_file_mb: 200\n")
    assert not _defaults_only(load_yaml(other)[0])
    assert load_limits(other) == Limits(max_rows=10)
    assert not _defaults_only(load_yaml(write(tmp_path, "b.yaml", "max_rows: true\n"))[0])


def test_a_malformed_limits_file_names_file_field_and_allowed(tmp_path: Path) -> None:
    f = write(tmp_path, "imports.yaml", "max_rows: -1\nmax_upload_gb: 3\n")
    with pytest.raises(ValidationFailed) as info:
        load_limits(f)
    text = str(info.value)
    assert "greater than or equal to 1 (" in text
    assert "line 1, field max_rows" in text
    assert "unknown field" in text
    assert "field max_upload_gb" in text


def test_size_rows_and_columns_beyond_the_limits(tmp_path: Path) -> None:
    f = write(tmp_path, "a.csv", "a,b\n" + "1,2\n" * 50)
    with pytest.raises(InvalidInput, match=r"the file is 204 bytes; allowed: at most 100 bytes"):
        read_table(f, limits=Limits(max_file_bytes=100))
    with pytest.raises(
        InvalidInput, match=r"50 data rows; allowed: at most 10 \(imports.yaml max_rows\)"
    ):
        read_table(f, limits=Limits(max_rows=10))
    with pytest.raises(InvalidInput, match=r"2 columns; allowed: at most 1"):
        read_table(f, limits=Limits(max_columns=1))
    pq = write(tmp_path, "a.parquet", parquet({"a": list(range(50))}))
    with pytest.raises(InvalidInput, match=r"50 rows; allowed: at most 10"):
        read_table(pq, limits=Limits(max_rows=10))


@pytest.mark.parametrize(
    "header",
    ["queue,queue", "queue,queue ", "queue,Queue", "queue,ｑｕｅｕｅ", "queue,que ue"],
)
def test_column_names_that_repeat_once_spaces_width_and_case_are_ignored(
    tmp_path: Path, header: str
) -> None:
    f = write(tmp_path, "a.csv", f"{header}\nx,y\n")
    with pytest.raises(ValidationFailed, match=r"repeats column A \('queue'\).*row 1, column B"):
        read_table(f)


def test_a_byte_order_mark_inside_a_value_or_a_name(tmp_path: Path) -> None:
    f = write(tmp_path, "a.csv", "id,name\n1,ok\n\ufeff2,second\n")
    with pytest.raises(
        ValidationFailed, match=r"byte-order mark .*\(.*a.csv, row 3, column A \(id\)\)"
    ):
        read_table(f, dtype=str)
    g = write(tmp_path, "b.csv", "id,\ufeffname\n1,x\n")
    with pytest.raises(ValidationFailed, match=r"column name holds a byte-order mark"):
        read_table(g)
    # the file's own BOM at the start is fine
    assert list(read_table(write(tmp_path, "c.csv", "\ufeffid,name\n1,x\n")).columns) == [
        "id",
        "name",
    ]


@pytest.mark.parametrize("value", ["inf", "-Infinity", "1e999", "1e300"])
def test_numbers_that_are_not_finite_or_absurd(tmp_path: Path, value: str) -> None:
    f = write(tmp_path, "a.csv", f"id,hold\n1,10\n2,{value}\n")
    with pytest.raises(ValidationFailed, match=r"row 3, column B \(hold\)"):
        read_table(f)


def test_binary_and_nested_parquet_columns(tmp_path: Path) -> None:
    for name, cols, what in (
        ("bin.parquet", {"id": ["X"], "blob": [b"\x00"]}, "binary values"),
        ("list.parquet", {"id": ["X"], "tags": [[1, 2]]}, "nested values"),
        ("map.parquet", {"id": ["X"], "s": [{"a": 1}]}, "nested values"),
    ):
        f = write(tmp_path, name, parquet(cols))
        with pytest.raises(ValidationFailed, match=rf"holds {what}.*column B"):
            read_table(f)
    f = write(tmp_path, "inf.parquet", parquet({"id": ["X"], "hold": [float("inf")]}))
    with pytest.raises(ValidationFailed, match=r"inf is not a finite number .*row 2, column B"):
        read_table(f)


def test_a_huge_cell_and_nul_characters(tmp_path: Path) -> None:
    f = write(tmp_path, "a.csv", "id,text\n1," + "x" * 40_000 + "\n")
    with pytest.raises(ValidationFailed, match=r"text of 40000 characters; allowed: at most 32767"):
        read_table(f, dtype=str)
    g = write(tmp_path, "b.csv", b"id,text\n1,a\x00b\n")
    with pytest.raises(InvalidInput, match=r"binary data \(a NUL character\).*line 2"):
        read_table(g)


def test_hostile_workbooks_are_refused_before_they_are_parsed(tmp_path: Path) -> None:
    cases = [
        ("xxe.xlsx", xxe(BOOK), "declares a DOCTYPE or entities"),
        ("laughs.xlsx", billion_laughs(BOOK), "declares a DOCTYPE or entities"),
        ("bomb.xlsx", zip_bomb(BOOK, 20), r"compressed \d+ times \(a zip bomb\?\)"),
        ("far.xlsx", far_cells(BOOK, 50), "a value in column XFD"),
        ("csv.xlsx", b"a,b\n1,2\n", "not an XLSX workbook"),
        ("cut.xlsx", BOOK[:-40], "not an XLSX workbook"),
    ]
    for name, data, message in cases:
        with pytest.raises(InvalidInput, match=message):
            read_table(write(tmp_path, name, data))
    big = write(tmp_path, "big.xlsx", zip_bomb(BOOK, 3))
    with pytest.raises(InvalidInput, match=r"unpacks to 3.02 MB; allowed: at most 1 MB"):
        read_table(big, limits=Limits(xlsx_max_uncompressed_bytes=1024 * 1024))


def test_a_doctype_hidden_in_another_part_is_found(tmp_path: Path) -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        b"<sst>&x;</sst>"
    )
    f = write(tmp_path, "a.xlsx", replace_member(BOOK, "docProps/app.xml", evil))
    with pytest.raises(InvalidInput, match=r"part docProps/app.xml .*DOCTYPE"):
        read_table(f)


def test_a_good_workbook_reads_as_before(tmp_path: Path) -> None:
    f = write(
        tmp_path, "a.xlsx", xlsx(["agent", "n", "when"], [["A001", 1.0, 2.5], ["A002", 3, None]])
    )
    df = read_table(f)
    assert df.to_dict("list")["agent"] == ["A001", "A002"]
    assert df["n"].tolist() == [1, 3]
    assert read_table(f, dtype=str)["n"].tolist() == ["1", "3"]


@pytest.mark.parametrize("quoted", [False, True])
def test_a_row_cut_short_is_named_with_or_without_quotes(tmp_path: Path, quoted: bool) -> None:
    q = '"' if quoted else ""
    note = '"a, b"' if quoted else "a b"
    text = f"id,note,team\n1,{note},T1\n\n2,{q}c{q},T2\n3,{q}d{q}\n"
    f = write(tmp_path, "a.csv", text)
    with pytest.raises(ValidationFailed) as info:
        read_table(f)
    assert info.value.lines == [
        "the row has 2 of the header's 3 fields (from 'team' on, nothing): it is cut short "
        f"or incomplete; complete it or remove it ({f}, line 5, row 4)"
    ]


def test_an_open_quote_at_the_end_of_a_file(tmp_path: Path) -> None:
    f = write(tmp_path, "a.csv", 'id,note\n1,"fine"\n2,"cut in the mid')
    with pytest.raises(
        InvalidInput, match=r"the CSV cannot be read: .*a cut file\?\) \(.*line 3\)"
    ):
        read_table(f)
