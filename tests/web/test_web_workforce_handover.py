"""Roll call before the shift and sign-off only after the relief has arrived (R-OPS-5) on
the handover page: the core's ``handover`` functions decide, the team's lead records,
others get 403 (no lead) or 404 (another team), every record is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _shift(person: Any, day: dt.date, kind: str = "day") -> Any:
    from serviq.web.workforce.models import Shift
    from serviq.workforce.roster import make_shift
    from serviq.workforce.ruleset import load_rules

    cs = make_shift(person.code, day, kind, load_rules(), person.team.code)
    return Shift.objects.create(
        code=cs.id,
        team=person.team,
        person=person,
        date=cs.date,
        kind=cs.kind,
        start=cs.start,
        end=cs.end,
        night=cs.night,
    )


@pytest.fixture
def past(personas: Any) -> dict[str, Any]:
    """Yesterday: A001 works the day shift, A002 the night shift after it."""
    centre = personas()
    day = dt.date.today() - dt.timedelta(days=3)
    people = centre["people"]
    return {
        "centre": centre,
        "day": _shift(people["a001"], day, "day"),
        "night": _shift(people["a002"], day, "night"),
    }


def _local(t: dt.datetime) -> str:
    from zoneinfo import ZoneInfo

    return t.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M")


def _post(client: Any, **data: Any) -> Any:
    return client.post("/workforce/handover/", {"team": "T1", **data}, HTTP_ACCEPT_LANGUAGE="en")


def test_roll_call_ten_minutes_before_the_shift_is_checked_by_the_core(
    as_user: Any, past: dict[str, Any]
) -> None:
    from serviq.web.workforce.models import RollCall

    lead = as_user("lead1")
    night = past["night"]
    early = night.start - dt.timedelta(minutes=10)
    late = night.start - dt.timedelta(minutes=5)
    assert _post(lead, action="roll_call", shift=night.code, at=_local(early)).status_code == 302
    assert _post(lead, action="roll_call", shift=night.code, at=_local(late)).status_code == 302
    on_time = dict(RollCall.objects.values_list("arrived_at", "on_time"))
    assert on_time == {early: True, late: False}
    bad = RollCall.objects.get(on_time=False)
    assert [r["code"] for r in bad.reasons] == ["handover.late_for_roll_call"]
    page = lead.get("/workforce/handover/", {"team": "T1"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert 'data-on-time="0"' in text
    assert "提前10分钟" in text
    from serviq.web.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="workforce.handover.roll_call").count() == 2


def test_an_agent_is_not_signed_off_before_the_relief_arrives(
    as_user: Any, past: dict[str, Any]
) -> None:
    from serviq.web.workforce.models import SignOff

    lead = as_user("lead1")
    day, night = past["day"], past["night"]
    off = {"action": "sign_off", "shift": day.code, "relief": "A002", "at": _local(day.end)}
    r = _post(lead, **off)
    assert r.status_code == 409
    assert "R-OPS-5" in r.content.decode()
    assert not SignOff.objects.exists()
    arrived = night.start - dt.timedelta(minutes=15)
    assert _post(lead, action="roll_call", shift=night.code, at=_local(arrived)).status_code == 302
    # signing off before the relief's arrival is still refused
    early = {**off, "at": _local(arrived - dt.timedelta(minutes=1))}
    assert _post(lead, **early).status_code == 409
    assert _post(lead, **off).status_code == 302
    so = SignOff.objects.get()
    assert (so.person.code, so.relief.code, so.relief_arrived_at) == ("A001", "A002", arrived)
    # a shift with a roll call or sign-off is fixed in the roster now
    cell = {"team": "T1", "action": "set", "person": "A001", "date": f"{day.date}", "kind": ""}
    assert lead.post("/workforce/roster/", cell).status_code == 409


def test_only_the_team_lead_records_roll_calls_and_sign_offs(
    as_user: Any, past: dict[str, Any]
) -> None:
    from serviq.web.workforce.models import RollCall

    night = past["night"]
    call = {"action": "roll_call", "shift": night.code, "at": _local(night.start)}
    assert _post(as_user("a001"), **call).status_code == 403
    assert _post(as_user("dir1"), **call).status_code == 403
    assert _post(as_user("lead2"), **call).status_code == 404
    assert _post(as_user("b001"), **call).status_code == 403
    future = {**call, "at": _local(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))}
    assert _post(as_user("lead1"), **future).status_code == 400
    assert not RollCall.objects.exists()


def test_the_centre_rules_file_sets_the_roll_call_minutes_and_the_relief_rule(
    as_user: Any, past: dict[str, Any], tmp_path: Any, monkeypatch: Any
) -> None:
    from pathlib import Path

    from serviq.web.workforce.models import RollCall, SignOff
    from serviq.workforce import __file__ as core_file

    bundled = (Path(core_file).parent.parent / "data" / "rules.yaml").read_text()
    centre = bundled.replace(
        "roll_call_minutes_before_shift: 10", "roll_call_minutes_before_shift: 30"
    ).replace(
        "relief_must_arrive_before_sign_off: true", "relief_must_arrive_before_sign_off: false"
    )
    assert centre != bundled
    (tmp_path / "rules.yaml").write_text(centre)
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    lead = as_user("lead1")
    day, night = past["day"], past["night"]
    at = night.start - dt.timedelta(minutes=15)  # in time for 10, late for 30
    assert _post(lead, action="roll_call", shift=night.code, at=_local(at)).status_code == 302
    assert RollCall.objects.get().on_time is False
    off = {"action": "sign_off", "shift": day.code, "relief": "B001", "at": _local(day.end)}
    assert _post(lead, **off).status_code == 404  # B001 is not in the lead's team
    off["relief"] = "A002"
    off["at"] = _local(at - dt.timedelta(minutes=30))  # before the relief's arrival
    assert _post(lead, **off).status_code == 302  # the centre does not require it
    assert SignOff.objects.get().relief_arrived_at is None
