"""Importing a survey-platform export: labels, BOM/GB18030, row/column errors, idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest

from serviq.errors import ValidationFailed
from serviq.survey.quality import load_quality
from serviq.survey.questionnaire import load_questionnaire
from serviq.survey.responses import parse_duration, read_responses
from serviq.survey.workspace import import_file, load_responses

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def q():
    return load_questionnaire()


def test_it_maps_platform_columns_and_labels_to_item_codes(q) -> None:
    r = read_responses(DATA / "wjx_export_clean.csv", q)
    assert r.mapping()["TAN1"].startswith("1、")
    assert len(r.matches) == 31
    assert r.meta["ip"] == "来自IP"
    # row 3 (even respondent) answered with labels: 非常同意 … mapped to numbers
    assert set(r.data["TAN1"].dropna().unique()) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert r.data["duration_seconds"].iloc[6] == 25.0


def test_gb18030_reads_the_same_as_utf8_with_bom(q) -> None:
    a = read_responses(DATA / "wjx_export_clean.csv", q).data
    b = read_responses(DATA / "wjx_export_clean_gb18030.csv", q).data
    assert a.equals(b)


def test_bad_rows_are_all_reported_with_row_and_column(q) -> None:
    with pytest.raises(ValidationFailed) as exc:
        read_responses(DATA / "wjx_export_bad.csv", q)
    probs = {(p.code, p.where.row) for p in exc.value.problems}
    assert ("unknown_label", 4) in probs
    assert ("out_of_range", 5) in probs
    assert ("duplicate_id", 12) in probs
    assert ("out_of_range", 14) in probs
    unknown = next(p for p in exc.value.problems if p.code == "unknown_label")
    assert unknown.where.column.startswith("2、")
    assert "很好" in unknown.message
    assert "非常同意" in unknown.message


def test_a_bad_file_writes_nothing(q, tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed):
        import_file(DATA / "wjx_export_bad.csv", q, tmp_path / "ws")
    assert (
        not (tmp_path / "ws" / "survey.duckdb").exists()
        or load_responses(tmp_path / "ws", q.id).empty
    )


def test_clean_file_imports_with_exclusions_and_reimport_adds_nothing(q, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    first = import_file(DATA / "wjx_export_clean.csv", q, ws)
    assert not first.already_imported
    reasons = {e["row"]: " ".join(e["reasons"]) for e in first.excluded}
    assert "straight_lining" in reasons[7]
    assert "speeding" in reasons[8]
    assert "duplicate_ip" in reasons[10]
    assert first.added == 40 - len(first.excluded)
    again = import_file(DATA / "wjx_export_clean.csv", q, ws)
    assert again.already_imported
    assert again.added == 0
    # the same answers in another file (GB18030): every respondent is already stored
    other = import_file(DATA / "wjx_export_clean_gb18030.csv", q, ws)
    assert other.added == 0
    assert other.skipped_existing == first.added
    stored = load_responses(ws, q.id)
    assert len(stored) == first.added
    assert {"TAN1", "NPS", "COMMENT"} <= set(stored.columns)
    # rated answers come back as compact integers, as the import read them
    assert str(stored["TAN1"].dtype) == "Int8"
    assert str(stored["NPS"].dtype) == "Int8"
    assert stored["NPS"].max() <= 10


def test_screens_can_be_switched_off(q, tmp_path: Path) -> None:
    settings = load_quality().without(["straight_lining", "speeding", "duplicate_ip"])
    res = import_file(DATA / "wjx_export_clean.csv", q, tmp_path / "ws", settings=settings)
    assert res.excluded == []
    assert res.added == 40


@pytest.mark.parametrize(
    ("text", "seconds"), [("95秒", 95), ("1分35秒", 95), ("0:01:35", 95), ("120", 120)]
)
def test_durations_in_platform_formats(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


def test_xlsx_with_traditional_and_english_labels(q, tmp_path: Path) -> None:
    import pandas as pd

    df = pd.DataFrame(
        {
            "序號": ["a1", "a2", "a3"],
            "Q1. The branches and service channels (phone, app, online banking) are modern and easy to use": [
                "Strongly agree", "同意", "3"
            ],
            "23、總體而言，您對本行的服務滿意嗎": ["非常滿意", "Dissatisfied", "4分"],
            "NPS": [10, 0, None],
        }
    )  # fmt: skip
    path = tmp_path / "export.xlsx"
    df.to_excel(path, index=False)
    r = read_responses(path, q)
    assert r.data["TAN1"].tolist() == [5.0, 4.0, 3.0]
    assert r.data["SAT1"].tolist() == [5.0, 2.0, 4.0]
    assert r.data["NPS"].iloc[:2].tolist() == [10.0, 0.0]
    assert r.data["respondent_id"].tolist() == ["a1", "a2", "a3"]


def test_rated_answers_are_compact_nullable_integers(q, tmp_path: Path) -> None:
    r = read_responses(DATA / "wjx_export_clean.csv", q)
    assert str(r.data["TAN1"].dtype) == "Int8"
    assert str(r.data["NPS"].dtype) == "Int8"
    # a skipped question is <NA> in an Int8 column, not a float NaN
    text = (DATA / "wjx_export_clean.csv").read_text(encoding="utf-8-sig").splitlines()
    header = text[0].split(",")
    col = next(i for i, h in enumerate(header) if h.startswith("1、"))
    cells = text[1].split(",")
    cells[col] = "(跳过)"
    path = tmp_path / "skipped.csv"
    path.write_text("\n".join([text[0], ",".join(cells), *text[2:]]), encoding="utf-8")
    skipped = read_responses(path, q).data["TAN1"]
    assert str(skipped.dtype) == "Int8"
    assert skipped.isna().tolist()[0]
    assert skipped.notna().sum() == len(skipped) - 1
