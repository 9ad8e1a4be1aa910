"""``serviq training``: score, items and effect print one JSON object; a malformed file
prints one ``error:`` line and exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BANK = """
topic: {zh-Hans: 合规, zh-Hant: 合規, en: Compliance}
questions:
  - id: Q1
    kind: true_false
    text: {zh-Hans: 可以承诺收益, zh-Hant: 可以承諾收益, en: Returns may be promised}
    answer: [false]
  - id: Q2
    kind: multiple
    text: {zh-Hans: 需要双录的是？, zh-Hant: 需要雙錄的是？, en: Which need recording?}
    options:
      A: {zh-Hans: 基金, zh-Hant: 基金, en: Funds}
      B: {zh-Hans: 存款, zh-Hant: 存款, en: Deposits}
      C: {zh-Hans: 保险, zh-Hant: 保險, en: Insurance}
    answer: [A, C]
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("training")
    (d / "bank.yaml").write_text(BANK, encoding="utf-8")
    (d / "answers.csv").write_text(
        "person,question,answer,mark\nA,Q1,否,\nA,Q2,A;C,\nB,Q1,是,\nB,Q2,A,\n", encoding="utf-8"
    )
    (d / "bad.csv").write_text(
        "person,question,answer,mark\nA,Q1,否,\nA,Q2,A;D,\n", encoding="utf-8"
    )
    (d / "results.csv").write_text(
        "person,q1,q2,q3\n"
        + "".join(f"P{i},{i % 2},{int(i > 2)},{int(i > 4)}\n" for i in range(8)),
        encoding="utf-8",
    )
    rows = ["agent,date,item,score"]
    for agent, before, after in [("A", 70, 80), ("B", 72, 83), ("C", 75, 75), ("D", 74, 75)]:
        rows += [f"{agent},2026-09-03,Q7,{before}", f"{agent},2026-11-04,Q7,{after}"]
    (d / "qa.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return d


def test_score(run_cli, files: Path) -> None:
    code, out, _ = run_cli(
        "training", "score", str(files / "bank.yaml"), str(files / "answers.csv"), "--json"
    )
    assert code == 0
    got = json.loads(out)
    assert got["topic"] == "Compliance"
    assert [(p["person"], p["total"], p["passed"]) for p in got["people"]] == [
        ("A", 2.0, True),
        ("B", 0.0, False),
    ]


def test_a_malformed_answers_file_is_one_error_line(run_cli, files: Path) -> None:
    code, out, err = run_cli(
        "training", "score", str(files / "bank.yaml"), str(files / "bad.csv"), "--json"
    )
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"error: 'A;D' names no option of Q2; allowed: A, B, C ({files / 'bad.csv'}, row 3, "
        "column C (answer))"
    ]


def test_items(run_cli, files: Path) -> None:
    code, out, _ = run_cli("training", "items", str(files / "results.csv"), "--json")
    assert code == 0
    got = json.loads(out)
    assert got["n"] == 8
    assert [i["difficulty"] for i in got["items"]] == [0.5, 5 / 8, 3 / 8]


def test_effect(run_cli, files: Path) -> None:
    args = ["training", "effect", str(files / "qa.csv"), "--trained", "A,B"]
    args += ["--before", "2026-09", "--after", "2026-11", "--item", "Q7", "--json"]
    code, out, _ = run_cli(*args, "--lang", "zh-Hant")
    assert code == 0
    got = json.loads(out)
    assert got["did"] == 10.0
    assert got["verdict"] == "improved"
    assert "受訓坐席" in got["message"]
    code, _, err = run_cli(*[("2026-9x" if a == "2026-11" else a) for a in args])
    assert code == 2
    assert "allowed: YYYY-MM" in err


def test_conflicts(run_cli, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "person,start,end\nA,2026-10-12 08:00,2026-10-12 14:30\nB,2026-10-12 16:00,2026-10-12 20:00\n",
        encoding="utf-8",
    )
    args = ["training", "conflicts", str(roster), "--start", "2026-10-12 14:00"]
    code, out, _ = run_cli(*args, "--minutes", "90", "--invited", "A,B", "--json")
    assert code == 0
    got = json.loads(out)
    assert [(c["person"], c["overlap_minutes"]) for c in got["conflicts"]] == [("A", 30.0)]
    code, _, err = run_cli(*args, "--minutes", "0", "--invited", "A", "--json")
    assert code == 2
    assert err.startswith("error: a session lasts a positive number of minutes")
