"""The room's equipment list (data) and the two figures of the handover log's equipment
checks (core): equipment in good order and the median time to fix, on a hand-computed case."""

from __future__ import annotations

import datetime as dt

import pytest

from serviq.errors import ValidationFailed
from serviq.ops.equipment import EquipmentCheck, equipment_values, load_equipment

T0 = dt.datetime(2026, 10, 1, 8, 0, tzinfo=dt.UTC)


def _h(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def test_the_bundled_list_names_every_piece_in_three_languages() -> None:
    found = load_equipment()
    assert [e.code for e in found.equipment] == ["pc", "headset", "phone", "accounts", "wallboard"]
    for e in found.equipment:
        assert all(e.name.get(lang) for lang in ("zh-Hans", "zh-Hant", "en"))
    assert found.of_team("T9") == found.equipment  # a team not named checks the whole list


def test_a_team_may_have_its_own_list_and_an_unknown_code_is_refused(tmp_path) -> None:
    piece = "{code: %s, name: {zh-Hans: a, zh-Hant: a, en: a}}"
    path = tmp_path / "equipment.yaml"
    path.write_text(f"equipment: [{piece % 'pc'}, {piece % 'phone'}]\nteams: {{T1: [pc]}}\n")
    assert [e.code for e in load_equipment(path).of_team("T1")] == ["pc"]
    path.write_text(f"equipment: [{piece % 'pc'}]\nteams: {{T1: [toaster]}}\n")
    with pytest.raises(ValidationFailed) as err:
        load_equipment(path)
    assert "unknown equipment toaster" in str(err.value)
    assert "equipment.yaml" in str(err.value)


def test_the_figures_on_a_hand_computed_month() -> None:
    """Team T1, October, three handover logs of four pieces (12 checks):

    - log L1: headset faulty (reported 0 h), phone out of service (reported 10 h);
    - log L2: headset still faulty (same report), phone fixed at 14 h (in order);
    - log L3: headset fixed at 40 h (in order), everything else in order.

    Checks not in order: L1 headset, L1 phone, L2 headset → 3 of 12; in order 9 ÷ 12 = 0.75.
    Faults: headset 0 h → 40 h = 40 h; phone 10 h → 14 h = 4 h; median (4, 40) = 22 h.

    Team T2, October, one log of two pieces, the pc out of service since 2 h and still open at
    ``as_of`` = 50 h: 1 ÷ 2 = 0.5, time to fix counted as open: 48 h.

    The centre: 10 in order of 14 checks; faults 40, 4, 48 h → median 40 h. A fault
    reported in October and still faulty on a November log stays October's fault."""
    rows = [
        ("T1", "L1", "pc", "in_order", None, None),
        ("T1", "L1", "headset", "faulty", _h(0), None),
        ("T1", "L1", "phone", "out_of_service", _h(10), None),
        ("T1", "L1", "accounts", "in_order", None, None),
        ("T1", "L2", "pc", "in_order", None, None),
        ("T1", "L2", "headset", "faulty", _h(0), None),
        ("T1", "L2", "phone", "in_order", _h(10), _h(14)),
        ("T1", "L2", "accounts", "in_order", None, None),
        ("T1", "L3", "pc", "in_order", None, None),
        ("T1", "L3", "headset", "in_order", _h(0), _h(40)),
        ("T1", "L3", "phone", "in_order", None, None),
        ("T1", "L3", "accounts", "in_order", None, None),
        ("T2", "L9", "pc", "out_of_service", _h(2), None),
        ("T2", "L9", "phone", "in_order", None, None),
    ]
    checks = [EquipmentCheck("2026-10", *r) for r in rows]  # type: ignore[arg-type]
    checks.append(EquipmentCheck("2026-11", "T2", "L10", "pc", "out_of_service", _h(2)))
    v = equipment_values(checks, as_of=_h(50))
    assert v[("2026-10", "T1")]["equipment_ok"] == 0.75
    assert v[("2026-10", "T1")]["time_to_fix_hours"] == 22.0
    assert v[("2026-10", "T1")]["faults"] == 2
    assert v[("2026-10", "T1")]["open_faults"] == 0
    assert v[("2026-10", "T2")]["equipment_ok"] == 0.5
    assert v[("2026-10", "T2")]["time_to_fix_hours"] == 48.0
    assert v[("2026-10", "T2")]["open_faults"] == 1
    assert v[("2026-10", "")]["equipment_ok"] == pytest.approx(10 / 14, rel=1e-15)
    assert v[("2026-10", "")]["time_to_fix_hours"] == 40.0
    assert v[("2026-10", "")]["checks"] == 14
    # November: one check, not in order; its fault is October's (no time to fix in November)
    assert v[("2026-11", "T2")] == {
        "equipment_ok": 0.0, "checks": 1.0, "faults": 0.0, "open_faults": 0.0,
    }  # fmt: skip


def test_the_dispatch_values_equip_ok_from_the_checks_and_an_entered_value_wins() -> None:
    """EQUIP_OK is bound to ``source: equipment``: the checks give it; a value entered by
    hand for the same month and scope wins (the owner's correction); a month without checks
    and without an entry has no value."""
    from serviq.indicators import bundled_system
    from serviq.indicators.evaluation import evaluate

    system = bundled_system("bank_contact_centre")
    equipment = {("2026-10", "T1"): {"equipment_ok": 0.75}, ("2026-10", ""): {"equipment_ok": 0.8}}
    ev = evaluate(system, equipment=equipment, periods=["2026-10", "2026-11"], scopes=["", "T1"])
    assert ev.get("2026-10", "T1").values["EQUIP_OK"] == 0.75
    assert ev.get("2026-10", "").values["EQUIP_OK"] == 0.8
    assert "EQUIP_OK" not in ev.get("2026-11", "T1").values
    ev = evaluate(
        system,
        equipment=equipment,
        manual={("2026-10", "T1"): {"EQUIP_OK": 0.9}},
        periods=["2026-10"],
        scopes=["", "T1"],
    )
    assert ev.get("2026-10", "T1").values["EQUIP_OK"] == 0.9
    assert ev.get("2026-10", "").values["EQUIP_OK"] == 0.8


def test_score_reads_the_checks_file_and_refuses_a_bad_one_in_one_line(run_cli, tmp_path) -> None:
    """``serviq indicators score --equipment``: the same dispatch as the dashboard — 4 of 5
    checks in order on two T1 logs → EQUIP_OK 0.8; a wrong row is one line, exit 2."""
    import json

    responses = tmp_path / "responses.csv"
    responses.write_text("period,team_id,REL1\n2026-10,T1,5\n", encoding="utf-8")
    rows = [
        "recorded_at,team,shift,equipment,state,reported_at,fixed_at",
        "2026-10-05T08:30+08:00,T1,day,pc,in_order,,",
        "2026-10-05T08:30+08:00,T1,day,headset,faulty,2026-10-05T07:00+08:00,",
        "2026-10-05T20:30,T1,night,pc,in_order,,",
        "2026-10-05T20:30,T1,night,headset,in_order,2026-10-05T07:00+08:00,2026-10-05T12:00",
        "2026-10-05T20:30,T1,night,phone,in_order,,",
    ]
    checks = tmp_path / "equipment.csv"
    checks.write_text("\n".join(rows) + "\n", encoding="utf-8")
    args = ("indicators", "score", "bank_contact_centre", "--responses", str(responses),
            "--period", "2026-10", "--json")  # fmt: skip
    code, out, err = run_cli(*args, "--equipment", str(checks))
    assert code == 0, err
    assert json.loads(out)["values"]["EQUIP_OK"] == pytest.approx(0.8, rel=1e-15)
    bad = [
        (rows[1].replace(",pc,", ",toaster,"), "unknown equipment 'toaster'"),
        (rows[2].replace("2026-10-05T07:00+08:00", ""), "needs reported_at"),
        (rows[4].replace("T12:00", "T06:00"), "not before it"),
        (rows[1].replace("in_order", "broken"), "allowed: in_order, faulty, out_of_service"),
        (rows[1].replace("2026-10-05T08:30+08:00", "yesterday"), "is not a time"),
        (rows[1], "appears twice"),
    ]
    for row, words in bad:
        checks.write_text("\n".join([*rows, row]) + "\n", encoding="utf-8")
        code, out, err = run_cli(*args, "--equipment", str(checks))
        assert code == 2, (row, err)
        assert len(err.strip().splitlines()) == 1
        assert words in err, err
        assert "row 7" in err, err
