"""From a binding to a value: the filter an ops KPI is computed on (validated against the
ops schema), the survey rules (mean, top-two-box, NPS) and QA values from the monthly
summary, all in the core — and the units of the bundled ops-bound indicators."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from serviq.errors import ValidationFailed
from serviq.indicators import bundled_system
from serviq.indicators.bindings import (
    filter_interactions,
    filter_key,
    ops_value,
    qa_value,
    survey_value,
)
from serviq.indicators.model import Binding, load_system, parse_system
from serviq.qa.training import MonthlySummary
from serviq.resources import data_path

BANK = data_path("indicators/bank_contact_centre.yaml")


def _bank_text() -> str:
    return BANK.read_text(encoding="utf-8")


def _with_asa_filter(replacement: str) -> str:
    """The bundled system with ASA's binding filter written as ``replacement``."""
    text = _bank_text()
    old = "            ref: asa\n            aggregate: value\n            filter:\n              channel: [phone]\n"  # fmt: skip
    assert text.count(old) == 1
    return text.replace(old, "            ref: asa\n            aggregate: value\n" + replacement)


# ------------------------------------------------------------------------- validation


def test_the_bundled_voice_kpis_are_filtered_to_phone() -> None:
    system = load_system("bank_contact_centre")
    by_code = {n.code: n for n in system.indicators()}
    for code in ("SL", "ASA", "ABANDON", "AHT"):
        m = by_code[code].measurement
        assert m is not None
        assert m.binding.filter == {"channel": ["phone"]}, code
        definition = by_code[code].definition
        assert definition is not None
        # the definition says so in all three languages
        assert "电话" in definition.get("zh-Hans") or "語音" in definition.get("zh-Hant")
        assert "電話" in definition.get("zh-Hant")
        assert "phone" in definition.get("en")
    # complaints and FCR are over every channel
    assert by_code["COMPLAINT"].measurement.binding.filter is None  # type: ignore[union-attr]


def test_a_bad_filter_value_names_file_line_field_and_what_is_allowed() -> None:
    text = _with_asa_filter("            filter:\n              channel: [phone, fax]\n")
    with pytest.raises(ValidationFailed) as exc:
        parse_system(text, file="centre.yaml")
    problems = exc.value.problems
    assert len(problems) == 1
    p = problems[0]
    assert "'fax'" in p.message
    assert "allowed: phone, chat, email, app, counter" in p.message
    assert p.where.file == "centre.yaml"
    assert p.where.field is not None
    assert p.where.field.endswith("measurement.binding.filter.channel")
    # the line is the filter's line in the file
    lines = text.splitlines()
    assert p.where.line is not None
    assert "channel: [phone, fax]" in lines[p.where.line - 1]


def test_a_filter_on_an_unknown_column_or_a_non_ops_binding_is_refused() -> None:
    text = _with_asa_filter("            filter:\n              agent_id: [A001]\n")
    with pytest.raises(ValidationFailed) as exc:
        parse_system(text, file="c.yaml")
    assert "allowed: channel, queue, contact_type" in exc.value.problems[0].message
    survey = _bank_text().replace(
        "          ref: [SAT1, SAT2, SAT3]\n          aggregate: mean\n",
        "          ref: [SAT1, SAT2, SAT3]\n          aggregate: mean\n"
        "          filter: {channel: [phone]}\n",
    )
    with pytest.raises(ValidationFailed) as exc:
        parse_system(survey, file="c.yaml")
    assert "only ops_kpi bindings take a filter" in exc.value.problems[0].message


def test_a_queue_filter_is_checked_against_the_centres_queues() -> None:
    ok = parse_system(_with_asa_filter("            filter: {queue: credit_card}\n"))
    asa = next(n for n in ok.indicators() if n.code == "ASA")
    assert asa.measurement is not None
    assert asa.measurement.binding.filter == {"queue": ["credit_card"]}  # one value → a list
    with pytest.raises(ValidationFailed) as exc:
        parse_system(_with_asa_filter("            filter: {queue: mortgages}\n"))
    assert "credit_card" in exc.value.problems[0].message


def test_filter_key_is_canonical() -> None:
    a = Binding(source="ops_kpi", ref="asa", filter={"queue": ["b", "a"], "channel": ["phone"]})
    b = Binding(source="ops_kpi", ref="aht", filter={"channel": "phone", "queue": ["a", "b"]})
    assert filter_key(a) == filter_key(b) == (("channel", ("phone",)), ("queue", ("a", "b")))
    assert filter_key(Binding(source="ops_kpi", ref="asa")) == ()


# ---------------------------------------------------------------- ops KPI on the filter


def _contact(i: int, channel: str, wait: float, *, handle: float = 300.0) -> dict[str, object]:
    arrived = pd.Timestamp("2026-03-02T02:00:00") + pd.Timedelta(minutes=i)
    answered = arrived + pd.Timedelta(seconds=wait)
    return {
        "interaction_id": f"I{i}",
        "channel": channel,
        "queue": "retail",
        "contact_type": "query",
        "customer_key": f"C{i}",
        "issue_key": None,
        "arrived_at": arrived,
        "answered_at": answered,
        "ended_at": answered + pd.Timedelta(seconds=handle),
        "hold_seconds": 0.0,
        "wrapup_seconds": 0.0,
        "abandoned": False,
        "transferred": False,
        "csat": None,
    }


def test_asa_on_phone_contacts_leaves_the_emails_out() -> None:
    from serviq.ops.definitions import load_kpi_config
    from serviq.ops.kpis import Sources, compute
    from serviq.ops.schemas import SCHEMAS
    from serviq.ops.workspace import sources_from_frames

    # two calls answered after 10 s and 30 s, one e-mail answered after 2 hours
    frame = pd.DataFrame(
        [_contact(1, "phone", 10), _contact(2, "phone", 30), _contact(3, "email", 7200)]
    )
    for col in SCHEMAS["interactions"].columns:
        if col.name not in frame.columns:
            frame[col.name] = col.default
    src = sources_from_frames({"interactions": frame})
    try:
        cfg = load_kpi_config()
        everything = compute(src, [], cfg, "Asia/Shanghai").rows.iloc[0].to_dict()
        asa = Binding(source="ops_kpi", ref="asa", filter={"channel": ["phone"]})
        sl = Binding(source="ops_kpi", ref="service_level", filter={"channel": ["phone"]})
        phone_src = Sources(filter_interactions(src.interactions, filter_key(asa)))
        phone = compute(phone_src, [], cfg, "Asia/Shanghai").rows.iloc[0].to_dict()
    finally:
        src.close()
    assert everything["asa"] == pytest.approx((10 + 30 + 7200) / 3)
    assert ops_value(asa, phone) == pytest.approx(20.0)
    # 80/20 on the calls: one of two within 20 s
    assert ops_value(sl, phone) == pytest.approx(0.5)
    assert ops_value(sl, everything) == pytest.approx(1 / 3)
    assert ops_value(asa, {}) is None
    assert ops_value(asa, {"asa": math.nan}) is None


# ------------------------------------------------------------------------------ survey

FRAME = pd.DataFrame(
    {
        "SAT1": [5, 4, 2, None],
        "SAT2": [4, 4, None, None],
        "NPS": [10, 9, 7, 3],
        "CSAT": [5, 4, 3, 1],
    }
)


def _b(ref: list[str] | str, aggregate: str) -> Binding:
    kind = "survey_item" if isinstance(ref, str) else "survey_scale"
    return Binding.model_validate({"source": kind, "ref": ref, "aggregate": aggregate})


def test_mean_is_over_respondents_of_their_item_means() -> None:
    # respondents: (5+4)/2 = 4.5, (4+4)/2 = 4, 2 → mean 10.5/3 = 3.5; the empty one is skipped
    assert survey_value(_b(["SAT1", "SAT2"], "mean"), FRAME) == pytest.approx(3.5)


def test_nps_is_promoters_minus_detractors() -> None:
    # 2 promoters (9, 10), 1 passive (7), 1 detractor (3) of 4 → 50 − 25 = 25
    assert survey_value(_b("NPS", "nps"), FRAME) == pytest.approx(25.0)


def test_top2box_uses_the_scale_not_the_answers() -> None:
    # CSAT goes through serviq.survey.indices.csat: 4 or 5 of 5, two of four answers
    assert survey_value(_b("CSAT", "top2box"), FRAME, {"CSAT": 5}) == pytest.approx(0.5)
    # SAT1 answers 5, 4, 2 → on a 5-point scale two of three are in the top two
    assert survey_value(_b("SAT1", "top2box"), FRAME, {"SAT1": 5}) == pytest.approx(2 / 3)
    # on a 7-point scale the same answers have no top-two box (6–7)
    assert survey_value(_b("SAT1", "top2box"), FRAME, {"SAT1": 7}) == pytest.approx(0.0)


def test_no_answers_is_no_value() -> None:
    assert survey_value(_b("NPS", "nps"), FRAME.iloc[0:0]) is None
    assert survey_value(_b(["NOPE"], "mean"), FRAME) is None


# ---------------------------------------------------------------------------------- QA


def test_qa_indicators_from_the_monthly_summary() -> None:
    summary = MonthlySummary(
        month="2026-10",
        agents=pd.DataFrame({"agent": ["A001"], "score": [87.5]}),
        centre=87.5,
        n_reviews=4,
        items={
            "service_language": 90.0,
            "attitude": 80.0,
            "tone": math.nan,
            "needs_summary": 70.0,
        },
    )
    values = summary.qa_item_values()
    system = bundled_system("bank_contact_centre")
    by_code = {n.code: n.measurement.binding for n in system.indicators() if n.measurement}
    assert qa_value(by_code["QA_SCORE"], values) == pytest.approx(87.5)
    # tone has no scored answer this month (all N.A.): the mean of the other two
    assert qa_value(by_code["QA_ATTITUDE"], values) == pytest.approx(85.0)
    assert qa_value(by_code["QA_SKILL"], values) == pytest.approx(70.0)
    assert qa_value(by_code["QA_SKILL"], {}) is None


# ------------------------------------------------------------------------------- units

#: ops KPIs that are durations in seconds; every other ops KPI a bundled system binds is a
#: share 0–1 (sources.yaml) or, for the branch queue system, minutes.
SECONDS = {"asa", "aht"}
MINUTES = {"wait_time", "transaction_time"}


@pytest.mark.parametrize("name", ["bank_contact_centre", "branch_counter"])
def test_ops_bound_indicators_carry_the_unit_of_the_kpi(name: str) -> None:
    for n in bundled_system(name).indicators():
        m = n.measurement
        if m is None or m.binding.source != "ops_kpi":
            continue
        ref = m.binding.refs()[0]
        if ref in SECONDS:
            assert n.unit == "s", n.code
        elif ref in MINUTES:
            assert n.unit == "min", n.code
        else:
            assert n.unit == "%", n.code
            assert n.target is not None, n.code
            assert 0 <= n.target <= 1, n.code
            assert n.bounds is not None, n.code
            assert 0 <= n.bounds.min < n.bounds.max <= 1, n.code


def test_the_branch_queue_system_is_the_counter_contacts_in_minutes() -> None:
    """WAIT and TXN_TIME of branch_counter: the counter contacts' ASA and AHT ÷ 60, by hand —
    waits 300 s and 600 s → 7.5 min; handling 240 s and 360 s → 5 min; the phone contact
    (a wait of 20 s) is not the counter's."""
    from serviq.indicators.evaluation import evaluate

    t = pd.Timestamp("2026-10-05T01:00:00Z")
    s = pd.Timedelta(seconds=1)
    frame = pd.DataFrame(
        {
            "interaction_id": ["c1", "c2", "p1"],
            "channel": ["counter", "counter", "phone"],
            "queue": ["branch", "branch", "retail"],
            "direction": ["inbound"] * 3,
            "arrived_at": [t, t, t],
            "answered_at": [t + 300 * s, t + 600 * s, t + 20 * s],
            "ended_at": [t + 540 * s, t + 960 * s, t + 200 * s],
            "team_id": ["T1"] * 3,
            "agent_id": ["A001"] * 3,
        }
    )
    values = evaluate(bundled_system("branch_counter"), interactions=frame).get("2026-10").values
    assert values["WAIT"] == pytest.approx(7.5, rel=1e-12)
    assert values["TXN_TIME"] == pytest.approx(5.0, rel=1e-12)
