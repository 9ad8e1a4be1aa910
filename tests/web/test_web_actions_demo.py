"""The demo's improvement records come from its own indicator results: proposals (one
dismissed), an open record of the lead's team, one record the data confirm (closed,
effective) and one whose apparent improvement the control chart calls noise."""

from __future__ import annotations

from typing import Any

import pytest
from actions_centre import add_month, history

pytestmark = pytest.mark.django_db

# T2's FCR wanders between 0.53 and 0.58: a rise from 0.53 to 0.55 is within its noise.
T2 = {"2026-03": 0.57, "2026-04": 0.53, "2026-05": 0.58, "2026-06": 0.54, "2026-07": 0.57,
      "2026-08": 0.53}  # fmt: skip


def test_the_demo_holds_records_in_different_states_decided_by_the_data(personas: Any) -> None:
    from serviq.web.actions.demo import load_demo_actions
    from serviq.web.actions.models import ActionRecord
    from serviq.web.audit.models import AuditEvent

    personas()
    history()
    add_month("2026-11", 0.74)  # T1's FCR jumps after 2026-10: a real shift
    for period, value in {**T2, "2026-11": 0.56}.items():
        add_month(period, value, team="T2")
    made = load_demo_actions("LEAD1", "DIR1")
    states = dict(ActionRecord.objects.values_list("pk", "status"))
    assert made["proposed"] == 2  # FCR of T1 and T2, short in 2026-10 and 2026-11
    assert states[made["dismissed"]] == "dismissed"
    assert states[made["open"]] == "open"
    opened = ActionRecord.objects.get(pk=made["open"])
    assert (opened.scope, opened.origin, opened.owner.code) == ("T1", "suggestion", "LEAD1")
    assert opened.tasks.get().status == "doing"
    effective = ActionRecord.objects.get(pk=made["effective"])
    assert (effective.status, effective.effective) == ("closed", True)
    assert effective.verdict["finding"] == "improved"
    assert (effective.scope, effective.period) == ("T1", "2026-10")
    noise = ActionRecord.objects.get(pk=made["noise"])
    assert noise.status == "verifying"
    assert noise.effective is False
    assert noise.verdict["finding"] in ("within_noise", "regression")
    assert noise.scope == "T2"
    assert AuditEvent.objects.filter(action="actions.closed", object_id=str(effective.pk)).exists()
    assert load_demo_actions("LEAD1", "DIR1") == {"created": 0}  # a second run adds nothing


def test_with_two_months_only_the_demo_makes_no_verdict_records(personas: Any) -> None:
    from serviq.web.actions.demo import load_demo_actions

    personas()
    made = load_demo_actions("LEAD1", "DIR1")
    assert made["proposed"] == 4
    assert "effective" not in made
    assert "noise" not in made
