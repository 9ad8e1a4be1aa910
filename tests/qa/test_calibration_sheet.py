"""A calibration session from a file: validated row by row before anything is stored; a bad
file is refused with one line naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from serviq.errors import InvalidInput
from serviq.qa.calibration_sheet import read_calibration

HEADER = "interaction_id,inspector_id,item,score\n"
GOOD = HEADER + "I1,Q1,tone,3\nI1,Q2,tone,4\nI2,Q1,tone,2\nI2,Q2,tone,2\n"


def write(tmp_path: Path, text: str, name: str = "calibration.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path, card, **kw) -> str:
    with pytest.raises(InvalidInput) as exc:
        read_calibration(path, card, **kw)
    line = str(exc.value)
    assert "\n" not in line
    return line


def test_a_good_file_gives_the_long_scores(tmp_path, card) -> None:
    text = GOOD + "I1,Q1,greeting_closing,yes\nI1,Q2,greeting_closing,\n"
    df = read_calibration(write(tmp_path, text), card)
    assert list(df.columns) == ["interaction_id", "inspector_id", "item", "score"]
    assert df["score"].tolist() == [3.0, 4.0, 2.0, 2.0, 1.0]  # the N.A. row is left out


def test_an_xlsx_file_is_read_the_same_way(tmp_path, card) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in GOOD.splitlines():
        ws.append([int(x) if x.isdigit() else x for x in line.split(",")])
    path = tmp_path / "calibration.xlsx"
    wb.save(path)
    assert read_calibration(path, card)["score"].tolist() == [3.0, 4.0, 2.0, 2.0]


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("I3,Q1,tone,x", "score", "'x' is not a number; allowed for tone: 1–5"),
        ("I3,Q1,tone,6", "score", "off the scale of tone"),
        ("I3,Q1,tone,2.5", "score", "off the scale of tone"),
        ("I3,Q1,tonee,2", "item", "unknown item 'tonee'; allowed: service_language"),
        ("I3,Q1,greeting_closing,maybe", "score", "allowed: yes, no"),
        ("I3,Q1,tone,", "score", "tone allows no N.A."),
        (",Q1,tone,2", "interaction_id", "the interaction is missing"),
        ("I1,Q1,tone,5", "score", "Q1 scored tone of I1 twice (first in row 2)"),
    ],
)
def test_a_bad_row_is_named_with_its_row_and_column(tmp_path, card, row, column, words) -> None:
    line = refusal(write(tmp_path, GOOD + row + "\n"), card)
    assert words in line
    assert f"(calibration.csv, row 6, column {column})" in line


def test_several_problems_are_one_line_with_the_count(tmp_path, card) -> None:
    line = refusal(write(tmp_path, GOOD + "I3,Q1,tone,x\nI3,Q2,tone,9\nI4,Q9,xx,1\n"), card)
    assert line.startswith("'x' is not a number")
    assert "and 2 more problems" in line


def test_unknown_inspectors_and_missing_columns_are_refused(tmp_path, card) -> None:
    line = refusal(write(tmp_path, GOOD), card, inspectors={"Q1"})
    assert "unknown inspector 'Q2'" in line
    assert "row 3" in line
    line = refusal(write(tmp_path, "interaction,inspector_id,item,score\nI1,Q1,tone,3\n"), card,
                   name="upload.csv")  # fmt: skip
    assert "missing column interaction_id" in line
    assert "upload.csv" in line


def test_one_inspector_is_not_a_calibration(tmp_path, card) -> None:
    line = refusal(write(tmp_path, HEADER + "I1,Q1,tone,3\nI2,Q1,tone,4\n"), card)
    assert "at least two inspectors" in line
