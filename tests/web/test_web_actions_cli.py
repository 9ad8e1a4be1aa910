"""``serviq actions list | suggest | verify`` with ``--json`` (keys of the CLI contract), run
in-process on the test database the web tests use."""

from __future__ import annotations

import json
from typing import Any

import pytest
from actions_centre import add_month, history, open_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(personas: Any) -> Any:
    personas()
    history()
    return open_record()


def test_list_prints_the_register_with_the_contract_keys(record, run_cli) -> None:
    code, out, err = run_cli("actions", "list", "--json")
    assert code == 0, err
    rows = json.loads(out)["actions"]
    assert len(rows) == 1
    row = rows[0]
    assert {"id", "indicator", "scope", "period", "status", "owner", "due", "criterion",
            "effective"} <= set(row)  # fmt: skip
    assert (row["id"], row["indicator"], row["scope"], row["period"]) == (record.pk, "FCR", "T1", "2026-10")  # fmt: skip
    assert row["status"] == "open"
    assert row["owner"] == "LEAD1"
    assert row["due"] == "2026-12-20"
    assert "0.7" in row["criterion"] or "70" in row["criterion"]
    assert row["effective"] is None
    code, out, _ = run_cli("actions", "list", "--status", "closed", "--json")
    assert json.loads(out)["actions"] == []
    code, out, _ = run_cli("actions", "list", "--indicator", "SL", "--json")
    assert json.loads(out)["actions"] == []
    code, _, err = run_cli("actions", "list", "--status", "bogus")
    assert code == 2
    assert err.startswith("error: status 'bogus' unknown")


def test_suggest_lists_what_the_data_propose_without_storing_it(personas, run_cli) -> None:
    from serviq.web.actions.models import ActionRecord

    personas()
    code, out, err = run_cli("actions", "suggest", "--period", "last", "--json")
    assert code == 0, err
    found = json.loads(out)["suggestions"]
    assert sorted((s["indicator"], s["scope"]) for s in found) == [
        ("FCR", "T1"), ("FCR", "T2"), ("FCR", "T3"), ("FCR", "centre")
    ]  # fmt: skip
    assert {"indicator", "scope", "reason", "evidence"} <= set(found[0])
    assert "2 periods running" in found[0]["reason"]
    assert ActionRecord.objects.count() == 0
    code, _, err = run_cli("actions", "suggest", "--period", "2026-13")
    assert code == 2
    assert "error: period '2026-13' is not valid" in err


def test_verify_says_null_until_measurable_then_true_on_a_real_shift(record, run_cli) -> None:
    from serviq.web.actions.models import ActionRecord

    ActionRecord.objects.filter(pk=record.pk).update(status="verifying", after_from="2026-11")
    code, out, err = run_cli("actions", "verify", str(record.pk), "--json")
    assert code == 0, err
    got = json.loads(out)
    assert got["effective"] is None
    assert got["evidence"]["finding"] == "waiting"
    add_month("2026-11", 0.74)
    got = json.loads(run_cli("actions", "verify", str(record.pk), "--json")[1])
    assert got["effective"] is True
    assert got["evidence"]["finding"] == "improved"
    assert got["evidence"]["chart"]["points"][-1]["signals"] == ["we1"]
    code, _, err = run_cli("actions", "verify", "999")
    assert code == 2
    assert "no improvement record 999" in err
