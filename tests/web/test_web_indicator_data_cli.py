"""``serviq indicators manual set|list`` and ``serviq indicators feedback import`` on the
database: the web form's rules and audit row, one error line for what is refused."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_manual_set_applies_the_persons_role_and_is_listed(run_cli) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.indicatordata.models import ManualValue

    args = ("indicators", "manual", "set", "--indicator", "EQUIP_OK", "--period", "2026-10",
            "--note", "handover log, October")  # fmt: skip
    code, out, err = run_cli(*args, "--value", "0.985", "--as", "LEAD1", "--scope", "team:T1", "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["value"] == 0.985
    stored = ManualValue.objects.get(code="EQUIP_OK", period="2026-10")
    assert stored.team.code == "T1"
    event = AuditEvent.objects.get(action="indicator.manual_value")
    assert event.after["entered_by"] == "LEAD1"
    # an agent owns no indicator entered by hand; a value out of range is refused
    code, out, err = run_cli(*args, "--value", "0.9", "--as", "A001", "--scope", "team:T1")
    assert code == 1, err  # refused (not bad input)
    assert err.startswith("error: ")
    code, out, err = run_cli(*args, "--value", "7", "--as", "LEAD1", "--scope", "team:T1")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert ManualValue.objects.get().value == 0.985
    code, out, err = run_cli("indicators", "manual", "list", "--period", "2026-10", "--json")
    assert code == 0, err
    assert [(v["indicator"], v["scope"]) for v in json.loads(out)["values"]] == [("EQUIP_OK", "T1")]


def test_feedback_import_from_the_command_line(run_cli, tmp_path) -> None:
    from serviq.web.indicatordata.models import ProductFeedbackRecord

    path = tmp_path / "feedback.csv"
    path.write_text(
        "feedback_id,received_on,kind,met,text\nF1,2026-10-03,complaint,,基金收益太低\n", "utf-8"
    )
    code, out, err = run_cli("indicators", "feedback", "import", str(path), "--as", "ANALYST", "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["added"] == 1
    code, out, err = run_cli("indicators", "feedback", "import", str(path), "--as", "ANALYST", "--json")  # fmt: skip
    assert json.loads(out)["unchanged"] == 1
    assert ProductFeedbackRecord.objects.get().codes == "wealth"
    code, out, err = run_cli("indicators", "feedback", "import", str(path), "--as", "A001")
    assert code == 1
    assert "does not import product feedback" in err


def test_checklist_list_prints_the_shares_the_indicator_takes(run_cli) -> None:
    import datetime as dt

    from serviq.web.dashboard.analysis import stored_checklist_shares
    from serviq.web.indicatordata.models import ChecklistRound, ChecklistTick
    from serviq.web.org.models import Person, Team

    lead = Person.objects.get(code="LEAD1")
    rnd = ChecklistRound.objects.create(
        team=Team.objects.get(code="T1"), template="operations_room", date=dt.date(2026, 10, 5),
        shift_label="day", period="2026-10", ticked_by=lead,
    )  # fmt: skip
    for k, passed in enumerate((True, True, True, False)):
        ChecklistTick.objects.create(round=rnd, item=f"i{k}", passed=passed)
    code, out, err = run_cli("ops", "checklist", "list", "--scope", "team:T1", "--json")
    assert code == 0, err
    rows = json.loads(out)["checklists"]
    assert rows == [
        {"period": "2026-10", "scope": "T1", "template": "operations_room", "share": 0.75}
    ]
    assert stored_checklist_shares()[("2026-10", "T1")]["operations_room"] == 0.75
    code, out, err = run_cli("ops", "checklist", "list", "--scope", "T1")
    assert code == 2
    assert "allowed: centre, team:CODE" in err
