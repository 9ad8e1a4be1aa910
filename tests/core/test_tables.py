from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.errors import InvalidInput
from serviq.tables import read_table


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_reads_chinese_csv_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "a.csv"
    f.write_bytes("序号,您对服务是否满意\n1,非常满意\n2,\n".encode(encoding))
    df = read_table(f)
    assert list(df.columns) == ["序号", "您对服务是否满意"]
    assert df.iloc[0, 1] == "非常满意"
    assert pd.isna(df.iloc[1, 1])


def test_xlsx_and_parquet_round_trip(tmp_path: Path) -> None:
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    df.to_excel(tmp_path / "a.xlsx", index=False)
    df.to_parquet(tmp_path / "a.parquet")
    assert read_table(tmp_path / "a.xlsx").equals(df)
    assert read_table(tmp_path / "a.parquet").equals(df)


def test_missing_column_lists_what_exists(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("a,b\n1,2\n")
    with pytest.raises(InvalidInput, match=r"missing column c; the file has: a, b"):
        read_table(f, columns=["a", "c"])


def test_unsupported_type(tmp_path: Path) -> None:
    f = tmp_path / "a.doc"
    f.write_text("x")
    with pytest.raises(InvalidInput, match="allowed: CSV, XLSX, Parquet"):
        read_table(f)


def test_one_column_csv_is_one_column(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("person_id\nA001\nA002\n")
    df = read_table(f)
    assert list(df.columns) == ["person_id"]
    assert list(df["person_id"]) == ["A001", "A002"]


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_separator_is_found_from_the_header(tmp_path: Path, sep: str) -> None:
    f = tmp_path / "a.csv"
    f.write_text(f"a{sep}b\n1{sep}2\n")
    assert read_table(f).to_dict("list") == {"a": [1], "b": [2]}
