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
