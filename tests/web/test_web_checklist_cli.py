"""``serviq ops checklist tick`` and ``rate`` (issue 18): a shift leader's rounds from a file,
checked whole (one error line naming the row, nothing written), stored in one transaction
with the conduct entries of failures naming a person, re-import adds nothing; the rate per
team and month is items passed ÷ items checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ITEMS = ("dress", "desk", "equipment", "no_food_devices", "cleanliness", "cleaning_duty")


def _ticks(tmp: Path, rows: list[tuple[str, ...]], name: str = "ticks.csv") -> Path:
    """Two October day/night rounds of T1; ``rows`` replace or add rows."""
    lines = ["date,shift,team,item,passed,person,note"]
    for shift in ("day", "night"):
        for item in ITEMS:
            failed = shift == "night" and item == "dress"
            person = "A001" if failed else ""
            note = "无工牌，客户 13812345678 在场" if failed else ""
            lines.append(
                f"2026-10-05,{shift},T1,{item},{'no' if failed else 'yes'},{person},{note}"
            )
    lines += [",".join(r) for r in rows]
    path = tmp / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_tick_stores_the_rounds_once_and_rate_gives_the_share(run_cli, tmp_path) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.indicatordata.models import ChecklistRound, ChecklistTick
    from serviq.web.workforce.models import Violation

    path = _ticks(tmp_path, [])
    code, out, err = run_cli("ops", "checklist", "tick", str(path), "--as", "LEAD1", "--json")
    assert code == 0, err
    assert json.loads(out) == {"file": "ticks.csv", "rounds": 2, "added": 2, "unchanged": 0}
    assert ChecklistRound.objects.count() == 2
    assert ChecklistTick.objects.count() == 12
    failed = ChecklistTick.objects.get(passed=False)
    assert failed.person is not None
    assert failed.person.code == "A001"
    assert "13812345678" not in failed.note
    assert Violation.objects.filter(kind="workplace_standard", person__code="A001").count() == 1
    assert AuditEvent.objects.filter(action="indicator.checklist_round").count() == 2
    # re-import adds nothing
    code, out, err = run_cli("ops", "checklist", "tick", str(path), "--as", "LEAD1", "--json")
    assert code == 0, err
    assert json.loads(out)["unchanged"] == 2
    assert ChecklistTick.objects.count() == 12
    assert Violation.objects.filter(kind="workplace_standard").count() == 1
    # 11 of 12 items passed, for T1 and the centre
    code, out, err = run_cli("ops", "checklist", "rate", "--period", "2026-10", "--json")
    assert code == 0, err
    rates = {r["scope"]: r for r in json.loads(out)["rates"]}
    assert set(rates) == {"", "T1"}
    assert (rates["T1"]["passed"], rates["T1"]["checked"]) == (11, 12)
    assert rates["T1"]["rate"] == 11 / 12
    assert rates["T1"]["indicator"] == "SITE_CHECK"
    assert rates["T1"]["status"] in ("green", "amber", "red")
    code, out, err = run_cli("ops", "checklist", "rate", "--scope", "team:T2", "--json")
    assert code == 0, err
    assert json.loads(out)["rates"] == []


@pytest.mark.parametrize(
    ("extra", "words", "exit_code"),
    [
        ([("2026-10-06", "day", "T1", "toaster", "yes", "", "")], "unknown item 'toaster'", 2),
        ([("2026-10-06", "day", "T1", "dress", "maybe", "", "")], "is not yes or no", 2),
        ([("2026-13-01", "day", "T1", "dress", "yes", "", "")], "allowed: YYYY-MM-DD", 2),
        ([("2026-10-05", "day", "T1", "desk", "yes", "", "")], "ticked twice", 2),
        ([("2026-10-06", "day", "T1", "dress", "yes", "", "")], "misses desk", 2),
        (
            [("2026-10-05", "late", "T1", i, "no", "B001", "") for i in ITEMS],
            "B001 is not in the team",
            2,
        ),
        ([("2026-10-05", "late", "T2", i, "yes", "", "") for i in ITEMS], "team T2 is not", 1),
    ],
)
def test_a_bad_ticks_file_is_one_line_and_writes_nothing(
    run_cli, tmp_path, extra, words, exit_code
) -> None:
    from serviq.web.indicatordata.models import ChecklistRound
    from serviq.web.workforce.models import Violation

    path = _ticks(tmp_path, extra)
    code, _out, err = run_cli("ops", "checklist", "tick", str(path), "--as", "LEAD1")
    assert code == exit_code, err
    assert len(err.strip().splitlines()) == 1
    assert words in err
    assert not ChecklistRound.objects.exists()
    assert not Violation.objects.exists()


def test_only_a_team_lead_ticks_and_other_results_for_a_stored_round_are_refused(
    run_cli, tmp_path
) -> None:
    from serviq.web.indicatordata.models import ChecklistTick

    path = _ticks(tmp_path, [])
    code, _, err = run_cli("ops", "checklist", "tick", str(path), "--as", "A001")
    assert code == 1
    assert "only a team lead" in err
    assert run_cli("ops", "checklist", "tick", str(path), "--as", "LEAD1")[0] == 0
    changed = path.read_text(encoding="utf-8").replace("T1,desk,yes", "T1,desk,no", 1)
    other = tmp_path / "other.csv"
    other.write_text(changed, encoding="utf-8")
    code, _out, err = run_cli("ops", "checklist", "tick", str(other), "--as", "LEAD1")
    assert code == 1
    assert "already ticked with other results" in err
    assert "row 2" in err
    assert ChecklistTick.objects.filter(passed=False).count() == 1
