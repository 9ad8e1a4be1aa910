"""Every indicator of both bundled systems (the contact centre's and the branch counter's)
has its data on the demo (issue 18): scored on the generated centre, every indicator has a
value in every period for the whole centre; the dashboard shows no "no data" row; and the command line's ``serviq indicators
score`` on the same raw data gives the dashboard's values (the one dispatch,
:func:`serviq.indicators.evaluation.evaluate`)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


#: Indicators whose data is the centre's as a whole (products and the computer systems are
#: not a team's): valued for the centre, not per team.
CENTRE_WIDE = {"PROD_FIT", "PROD_THEME", "SYS_AVAIL", "SYS_ISSUE"}
#: Given to the command line as a values file: the data it reads has no QA reviews or
#: checklist rounds (equipment in good order is read from the handover checks' file).
NOT_IN_FILES = ("QA_SCORE", "QA_ATTITUDE", "QA_SKILL", "SITE_CHECK")


def _utc_text(series: pd.Series) -> pd.Series:
    t = pd.to_datetime(series, utc=True)
    return t.dt.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00").where(t.notna(), "")


def _raw_files(tmp: Path) -> dict[str, Path]:
    """The demo's raw data, as the command line reads it, written from the database."""
    from serviq.web.dashboard.analysis import interaction_frame, response_frame, stored_work_orders
    from serviq.web.dashboard.models import Interaction
    from serviq.web.indicatordata.models import ProductFeedbackRecord, SystemMonthRecord
    from serviq.web.surveys.models import SurveyResponse

    files = {k: tmp / f"{k}.csv" for k in ("contacts", "responses", "orders", "feedback", "systems", "equipment")}  # fmt: skip
    contacts = interaction_frame(Interaction.objects.select_related("team", "agent"))
    for col in ("arrived_at", "answered_at", "ended_at"):
        contacts[col] = _utc_text(contacts[col])
    contacts.drop(columns=["period"]).to_csv(files["contacts"], index=False)
    response_frame(SurveyResponse.objects.select_related("team")).to_csv(
        files["responses"], index=False
    )
    orders = stored_work_orders()
    for col in ("created_at", "due_at", "closed_at", "first_closed_at", "callback_at"):
        orders[col] = _utc_text(orders[col])
    orders.to_csv(files["orders"], index=False)
    rows = ProductFeedbackRecord.objects.values_list("feedback_id", "received_on", "kind", "met", "text")  # fmt: skip
    pd.DataFrame(
        [(f, d.isoformat(), k, "" if m is None else ("yes" if m else "no"), t) for f, d, k, m, t in rows],
        columns=["feedback_id", "received_on", "kind", "met", "text"],
    ).to_csv(files["feedback"], index=False)  # fmt: skip
    fields = ("period", "service", "scheduled_minutes", "unavailable_minutes", "problem_contacts")
    pd.DataFrame(list(SystemMonthRecord.objects.values_list(*fields)), columns=fields).to_csv(
        files["systems"], index=False
    )
    from serviq.web.workforce.models import EquipmentCheck

    checks = EquipmentCheck.objects.values_list(
        "entry__recorded_at", "entry__team__code", "entry__shift_label", "equipment", "state",
        "reported_at", "fixed_at",
    )  # fmt: skip
    iso = lambda t: "" if t is None else t.isoformat()  # noqa: E731
    pd.DataFrame(
        [(iso(r), t, s, e, st, iso(rep), iso(fix)) for r, t, s, e, st, rep, fix in checks],
        columns=["recorded_at", "team", "shift", "equipment", "state", "reported_at", "fixed_at"],
    ).to_csv(files["equipment"], index=False)
    return files


def test_every_indicator_has_a_value_in_every_demo_period(fresh, client, run_cli, tmp_path) -> None:
    from serviq.demo import generate
    from serviq.indicators import bundled_system
    from serviq.web.dashboard.analysis import evaluation, run_analysis
    from serviq.web.demo import load_centre
    from serviq.web.indicatordata.demo import load_demo_indicator_data
    from serviq.web.qa.demo import load_demo_qa
    from serviq.web.qa.indicators import summaries
    from serviq.web.workforce.models import Violation

    data = generate(months=2, scale=0.02, seed=5, start="2026-09-01")
    load_centre(data)
    load_demo_qa(data.qa_reviews, data.qa_calibration)
    counts = load_demo_indicator_data(seed=18, work_orders=data.work_orders)
    assert counts["work_orders"] == len(data.work_orders) > 0
    assert min(counts["feedback"], counts["rounds"], counts["systems"]) > 0
    assert Violation.objects.filter(kind="workplace_standard").exists()
    qa = summaries()
    run_analysis(qa=qa)
    ev = evaluation(qa=qa)
    assert ev is not None
    assert len(ev.periods) >= 2
    assert len(ev.scopes) > 2
    codes = [n.code for n in bundled_system("bank_contact_centre").indicators()]
    for period in ev.periods:
        values = ev.get(period, "").values
        missing = [c for c in codes if c not in values]
        assert not missing, (period, missing)
    for period in ev.periods:
        for scope in ev.scopes[1:]:
            values = ev.get(period, scope).values
            missing = [c for c in codes if c not in values and c not in CENTRE_WIDE]
            assert not missing, (period, scope, missing)

    # the branch counter's system on the same records: the counter contacts (wait and
    # transaction time, complaints), the survey's SERVQUAL and satisfaction scales and the
    # branch registers entered by hand give every indicator a value in every period
    branch = bundled_system("branch_counter")
    bev = evaluation(branch, qa=qa)
    assert bev is not None
    assert bev.periods == ev.periods
    for period in bev.periods:
        values = bev.get(period, "").values
        missing = [n.code for n in branch.indicators() if n.code not in values]
        assert not missing, ("branch_counter", period, missing)
        assert 0 < values["WAIT"] < 60  # minutes
        assert 0 < values["TXN_TIME"] < 40

    # the dashboard of the centre shows no "no data" row in any period
    from django.contrib.auth.models import User

    from serviq.web.demo import ensure_logins

    ensure_logins()
    client.force_login(User.objects.get(username="centre_director"))
    for period in ev.periods:
        r = client.get("/dashboard/", {"team": "", "period": period}, HTTP_ACCEPT_LANGUAGE="en")
        assert r.status_code == 200
        assert r.context["team"] == ""
        assert "no data" not in r.content.decode()

    # the command line on the raw files gives the dashboard's stored values
    from serviq.web.dashboard.models import IndicatorResult

    files = _raw_files(tmp_path)
    for period in ev.periods:
        stored = dict(
            IndicatorResult.objects.filter(period=period, team_code="").values_list("code", "value")
        )
        given = tmp_path / f"values-{period}.csv"
        pd.DataFrame({"code": NOT_IN_FILES, "value": [stored[c] for c in NOT_IN_FILES]}).to_csv(
            given, index=False
        )
        code, out, err = run_cli(
            "indicators", "score", "bank_contact_centre", str(given),
            "--interactions", str(files["contacts"]), "--responses", str(files["responses"]),
            "--work-orders", str(files["orders"]), "--feedback", str(files["feedback"]),
            "--systems", str(files["systems"]), "--equipment", str(files["equipment"]),
            "--period", period, "--json",
        )  # fmt: skip
        assert code == 0, err
        printed = json.loads(out)["values"]
        assert set(printed) == set(codes)
        assert {c: stored[c] for c in codes} == ev.get(period, "").values
        for c in codes:
            assert printed[c] == pytest.approx(stored[c], rel=1e-12, abs=1e-15), (period, c)
