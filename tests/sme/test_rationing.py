"""Rationing and time-to-decision figures on a small fixture computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from serviq.errors import InvalidInput, ValidationFailed
from serviq.sme.cases import (
    Case,
    Firm,
    SoftEntry,
    Step,
    check_case,
    hand_offs,
    load_catalogue,
    may_read_soft_information,
    soft_score,
    time_to_decision_days,
)
from serviq.sme.rationing import approval_rates, rate_by_grade, rationing, service_figures

D = dt.datetime
FIRMS = {
    "F1": Firm("F1", "micro", "retail", "north", dt.date(2020, 1, 1)),
    "F2": Firm("F2", "small", "retail", "north", dt.date(2015, 1, 1)),
    "F3": Firm("F3", "micro", "manufacturing", "south", dt.date(2021, 1, 1)),
    "F4": Firm("F4", "medium", "manufacturing", "south", dt.date(2010, 1, 1)),
}


def _tl(start: D, *steps: tuple[str, float, str]) -> tuple[Step, ...]:
    return tuple(Step(s, start + dt.timedelta(days=d), by) for s, d, by in steps)


START = D(2026, 3, 2, 9)
CASES = [
    # approved, 4.5 days, rm1 → ro1 → head: 2 hand-offs; asked 100, granted 80; first loan
    Case("C1", "F1", "working_capital_loan", "B1", "rm1", 100.0,
         _tl(START, ("application", 0, "rm1"), ("visit", 1, "rm1"), ("rating", 2, "ro1"),
             ("decision", 4.5, "head")),
         outcome="approved", amount_granted=80.0, rate=0.06, score=600, grade="C",
         first_loan=True, guaranteed=True),
    # declined though score 590 ≥ cut-off 580: refused but creditworthy; 10 days, 1 hand-off
    Case("C2", "F2", "term_loan", "B1", "rm1", 200.0,
         _tl(START, ("application", 0, "rm1"), ("rating", 3, "rm1"), ("decision", 10, "ro1")),
         outcome="declined", score=590, grade="C"),
    # declined, score 500 < cut-off; 2 days, 0 hand-offs
    Case("C3", "F3", "bill", "B2", "rm2", 50.0,
         _tl(START, ("application", 0, "rm2"), ("decision", 2, "rm2")),
         outcome="declined", score=500, grade="E"),
    # approved, 1.5 days, rm2 → ro1: 1 hand-off; asked 300, granted 300
    Case("C4", "F4", "term_loan", "B2", "rm2", 300.0,
         _tl(START, ("application", 0, "rm2"), ("decision", 1.5, "ro1")),
         outcome="approved", amount_granted=300.0, rate=0.05, score=650, grade="B",
         guaranteed=False),
    # undecided: left out of every decided figure
    Case("C5", "F1", "leasing", "B1", "rm1", 40.0,
         _tl(START, ("application", 0, "rm1"))),
]  # fmt: skip


def test_time_to_decision_and_hand_offs_by_hand() -> None:
    assert [time_to_decision_days(c) for c in CASES] == [4.5, 10.0, 2.0, 1.5, None]
    assert [hand_offs(c) for c in CASES] == [2, 1, 0, 1, None]


def test_approval_rates_by_size_class_industry_region() -> None:
    by_size = approval_rates(CASES, FIRMS, "size_class")
    # micro: C1 approved, C3 declined (C5 undecided) → 1/2; small: 0/1; medium: 1/1
    assert {k: v["approval_rate"] for k, v in by_size.items()} == {
        "medium": 1.0, "micro": 0.5, "small": 0.0}  # fmt: skip
    assert {k: v["approval_rate"] for k, v in approval_rates(CASES, FIRMS, "industry").items()} == {
        "manufacturing": 0.5, "retail": 0.5}  # fmt: skip
    assert approval_rates(CASES, FIRMS, "region")["south"]["decided"] == 2
    with pytest.raises(InvalidInput, match="allowed: size_class"):
        approval_rates(CASES, FIRMS, "colour")


def test_rationing_by_hand() -> None:
    r = rationing(CASES, cutoff=580)
    assert r["refused_creditworthy"] == 1  # C2
    assert r["refused_creditworthy_share"] == 0.5  # C2 of {C2, C3}
    assert r["creditworthy_approval_rate"] == pytest.approx(2 / 3)  # C1, C4 of C1, C2, C4
    assert r["granted_vs_asked"] == pytest.approx(380 / 400)
    assert rate_by_grade(CASES) == {"B": 0.05, "C": 0.06}


def test_service_figures_by_hand() -> None:
    f = service_figures(CASES, cutoff=580)
    assert f["time_to_decision_days"] == pytest.approx((4.5 + 10 + 2 + 1.5) / 4)
    assert f["time_to_decision_median_days"] == pytest.approx(3.25)
    assert f["hand_offs"] == pytest.approx(1.0)
    assert f["approval_rate"] == 0.5
    assert f["first_loan_share"] == 0.5
    assert f["guarantee_coverage"] == 0.5


def test_soft_information_counts_only_verified_entries_and_its_readers() -> None:
    cat = load_catalogue()
    case = Case("C9", "F1", "working_capital_loan", "B1", "rm1", 10.0, soft=(
        SoftEntry("owner_character", "pays suppliers early", "supplier visit",
                  dt.date(2026, 3, 1), "rm1", 5, verified_by="ro1"),
        SoftEntry("utilities_payment", "wages late twice", "employee talk",
                  dt.date(2026, 3, 2), "rm1", 0, verified_by="ro1"),
        SoftEntry("conduct", "unverified rumour", "neighbour", dt.date(2026, 3, 3), "rm1", 1),
    ))  # fmt: skip
    # owner_character 5 on 1–5 → 1.0; utilities 0 on 0–1 → 0.0; conduct unverified
    assert soft_score(case, cat) == 0.5
    assert may_read_soft_information(case.relationship_manager, "rm1", set())
    assert not may_read_soft_information(case.relationship_manager, "rm2", {"relationship_manager"})
    assert may_read_soft_information(case.relationship_manager, "ro7", {"risk_officer"})
    assert may_read_soft_information(case.relationship_manager, "h1", {"sme_desk_head"})


def test_a_bad_case_reports_every_problem() -> None:
    bad = Case("C0", "F1", "crypto", "B1", "rm1", 0.0,
               _tl(START, ("decision", 0, "rm1"), ("application", 1, "rm1")),
               soft=(SoftEntry("conduct", "x", "y", dt.date(2026, 1, 1), "rm1", 9, "rm1"),))  # fmt: skip
    with pytest.raises(ValidationFailed) as exc:
        check_case(bad, load_catalogue())
    text = str(exc.value)
    for part in ("unknown product 'crypto'", "comes after decision", "not on the five_point",
                 "verified by the person who recorded", "amount asked"):  # fmt: skip
        assert part in text
