"""Re-importing survey responses: a stored response is never replaced (issue 16, finding 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from serviq.errors import Conflict, ValidationFailed
from serviq.survey.questionnaire import load_questionnaire
from serviq.survey.workspace import import_file, load_responses

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def q():
    return load_questionnaire()


def test_a_stored_respondent_with_other_answers_is_refused_naming_them(q, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    first = import_file(DATA / "wjx_export_clean.csv", q, ws)
    before = load_responses(ws, q.id)
    lines = (DATA / "wjx_export_clean.csv").read_text(encoding="utf-8-sig").splitlines()
    # respondent 1 answers TAN1 with 2 instead of 4: another wave whose IDs restart at 1
    cells = lines[1].split(",")
    assert cells[0] == "1"
    assert cells[5] == "4"
    cells[5] = "2"
    wave = tmp_path / "wave2.csv"
    wave.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(Conflict, match=r"1 respondent already stored .*: 1 \(TAN1\); nothing"):
        import_file(wave, q, ws)
    after = load_responses(ws, q.id)
    assert len(after) == first.added
    assert after.equals(before)  # nothing written


def test_a_file_cut_mid_row_is_refused_not_stored_with_empty_answers(q, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    text = (DATA / "wjx_export_clean.csv").read_text(encoding="utf-8-sig")
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: text.index("\n4,") + 30], encoding="utf-8")
    with pytest.raises(
        ValidationFailed, match=r"4 of the header.s 36 fields .*cut short or incomplete.*row 5"
    ):
        import_file(cut, q, ws)
    assert not (ws / "survey.duckdb").exists() or load_responses(ws, q.id).empty
