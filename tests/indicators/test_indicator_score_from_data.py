"""``serviq indicators score`` from raw files: the default month, the scope, bad input."""

from __future__ import annotations

import json

HEADER = (
    "interaction_id,channel,queue,contact_type,agent_id,team_id,customer_key,issue_key,"
    "arrived_at,answered_at,ended_at,hold_seconds,wrapup_seconds,abandoned,transferred,csat\n"
)
CONTACTS = HEADER + (
    "I1,phone,retail,query,A001,T3,C1,x,2026-11-02T10:00:00+08:00,2026-11-02T10:00:10+08:00,"
    "2026-11-02T10:05:00+08:00,0,30,false,false,\n"
    "I2,phone,retail,query,,,C2,y,2026-11-02T11:00:00+08:00,,2026-11-02T11:01:00+08:00,"
    "0,0,true,false,\n"
)
# a response submitted on 1 December (local time) about a November contact
RESPONSES = "submitted_at,team_id,REL1,REL2\n2026-11-03T09:00:00+08:00,T3,5,4\n2026-12-01T09:00:00+08:00,T3,3,3\n"


def _files(tmp_path):
    c, r = tmp_path / "contacts.csv", tmp_path / "responses.csv"
    c.write_text(CONTACTS, encoding="utf-8")
    r.write_text(RESPONSES, encoding="utf-8")
    return str(c), str(r)


def test_the_default_month_is_the_latest_with_contacts(run_cli, tmp_path) -> None:
    c, r = _files(tmp_path)
    code, out, err = run_cli(
        "indicators",
        "score",
        "bank_contact_centre",
        "--interactions",
        c,
        "--responses",
        r,
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["period"] == "2026-11"
    assert data["values"]["REL"] == 4.5
    # one answered within 20 s of two offered; the abandoned call counts
    assert data["values"]["SL"] == 0.5
    assert data["values"]["ABANDON"] == 0.5
    assert data["provisional"] == ["FCR"]
    assert data["pending"]["FCR"] == 1


def test_at_team_scope_the_queue_kpis_are_the_owned_queues(run_cli, tmp_path) -> None:
    c, _ = _files(tmp_path)
    args = ("indicators", "score", "bank_contact_centre", "--interactions", c, "--json")
    code, out, err = run_cli(*args, "--scope", "team:T3")
    assert code == 0, err
    data = json.loads(out)
    assert data["scope"] == "T3"
    assert data["attribution"]["SL"] == ["retail"]
    assert data["values"]["ABANDON"] == 0.5  # not 0: the abandoned call is retail's
    code, out, err = run_cli(*args, "--scope", "team:T1")  # T1 owns credit_card: no contacts
    assert code == 0, err
    assert "SL" not in json.loads(out)["values"]


def test_bad_scope_and_period_are_input_errors(run_cli, tmp_path) -> None:
    c, _ = _files(tmp_path)
    base = ("indicators", "score", "bank_contact_centre", "--interactions", c)
    code, _, err = run_cli(*base, "--scope", "department:D1")
    assert code == 2
    assert "allowed: centre, team:CODE" in err
    code, _, err = run_cli(*base, "--period", "2026-13x")
    assert code == 2
    assert "YYYY-MM" in err
    code, _, err = run_cli(*base, "--period", "2026-05")
    assert code == 2
    assert "the data has 2026-11" in err
    code, _, err = run_cli("indicators", "score", "bank_contact_centre")
    assert code == 2
    assert "values file" in err


SYSTEMS = (
    "period,service,scheduled_minutes,unavailable_minutes,problem_contacts\n"
    "2026-11,ivr,43200,432,1\n2026-11,core_system,43200,0,0\n"
)


def test_system_months_value_availability_and_the_problem_rate(run_cli, tmp_path) -> None:
    c, _ = _files(tmp_path)
    s = tmp_path / "systems.csv"
    s.write_text(SYSTEMS, encoding="utf-8")
    args = ("indicators", "score", "bank_contact_centre", "--interactions", c)
    code, out, err = run_cli(*args, "--systems", str(s), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["values"]["SYS_AVAIL"] == 1 - 432 / 86400  # pooled over the two services
    assert data["values"]["SYS_ISSUE"] == 1 / 1  # one problem contact, one contact answered
    assert data["fractions"]["SYS_ISSUE"] == [1.0, 1.0]
    s.write_text(SYSTEMS.replace(",ivr,", ",teller,"), encoding="utf-8")
    code, _, err = run_cli(*args, "--systems", str(s))
    assert code == 2
    assert "unknown service 'teller'" in err
    assert "row 2, column service" in err
