"""The demo's platform export is read by ``serviq survey import`` (it was refused: every
rated question carried satisfaction labels, whatever its scale)."""

from __future__ import annotations

from pathlib import Path

from serviq.demo import generate
from serviq.survey.questionnaire import load_questionnaire
from serviq.survey.workspace import import_file, load_responses


def test_the_survey_export_imports_with_its_answers_intact(tmp_path: Path, run_cli) -> None:
    data = generate(scale=0.05, seed=3, start="2026-06-01", days=4, survey_export=True)
    export = tmp_path / "survey_export.csv"
    data.survey_export.to_csv(export, index=False)
    code, out, err = run_cli("survey", "import", str(export), "-w", str(tmp_path / "cli"), "--json")
    assert code == 0, err
    assert '"added"' in out
    q = load_questionnaire()
    res = import_file(export, q, tmp_path / "ws", salt=b"test")
    assert res.rows_read == len(data.survey_responses)
    assert res.added + len(res.excluded) == res.rows_read
    stored = load_responses(tmp_path / "ws", q.id).set_index("respondent_id")
    # the labels came back as the generator's numbers
    first = data.survey_responses.iloc[0]
    row = stored.loc["1"]
    for item in ("TAN1", "REL1", "SAT1", "LOY1", "CSAT", "NPS"):
        assert int(row[item]) == int(first[item]), item
