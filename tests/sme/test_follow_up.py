"""Follow-up and recovery events of a guaranteed case, the bank's capital figures as data,
and the decision that joins the bank's limits and the guarantor's checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviq.errors import Conflict, InvalidInput, ValidationFailed
from serviq.sme import follow_up, guarantees, limits
from serviq.sme.cases import Case, SoftEntry, load_catalogue
from serviq.sme.follow_up import Event
from serviq.sme.scorecard import load_scorecard_settings

SHARES_4222 = guarantees.load_guarantee_rules().presets["4-2-2-2"].shares
SHARES_28 = guarantees.load_guarantee_rules().presets["2-8"].shares


def test_a_recovery_comes_after_the_default_and_a_default_only_once() -> None:
    with pytest.raises(Conflict, match="record the default first"):
        follow_up.check_event(Event("recovery", 10), [], guaranteed=True)
    with pytest.raises(Conflict, match="already defaulted"):
        follow_up.check_event(Event("default", 10), [Event("default", 5)], guaranteed=True)
    with pytest.raises(Conflict, match="guaranteed case"):
        follow_up.check_event(Event("default", 10), [], guaranteed=False)
    with pytest.raises(InvalidInput, match="allowed: monitoring_visit, early_warning"):
        follow_up.check_event(Event("visit"), [], guaranteed=True)
    with pytest.raises(InvalidInput, match="needs an amount"):
        follow_up.check_event(Event("default"), [], guaranteed=True)
    follow_up.check_event(Event("recovery", 3, cost=1), [Event("default", 5)], guaranteed=True)


@pytest.mark.parametrize(
    ("shares", "expected"),
    [
        # owed 1,000 + 40, recovered 300 − 10 and 100 − 0 → loss 650
        (SHARES_4222, {"bank": 130, "guarantor": 260, "provincial": 130, "national": 130}),
        (SHARES_28, {"bank": 130, "guarantor": 520}),
    ],
)
def test_a_default_with_partial_recovery_is_shared_as_by_hand(
    shares: dict[guarantees.Party, float], expected: dict[str, float]
) -> None:
    events = [
        Event("monitoring_visit"),
        Event("default", 1000, interest=40),
        Event("recovery", 300, cost=10),
        Event("recovery", 100),
    ]
    alloc = follow_up.allocation(shares, events)
    assert alloc is not None
    assert alloc.loss == pytest.approx(650)
    assert alloc.allocation == pytest.approx(expected)
    assert follow_up.allocation(shares, events[:1]) is None


@given(
    st.floats(0, 1e7),
    st.floats(0, 1e5),
    st.lists(st.tuples(st.floats(0, 1e7), st.floats(0, 1e5)), max_size=4),
)
def test_the_layers_always_sum_to_the_loss(
    principal: float, interest: float, recoveries: list[tuple[float, float]]
) -> None:
    events = [Event("default", principal, interest=interest)]
    events += [Event("recovery", a, cost=c) for a, c in recoveries]
    alloc = follow_up.allocation(SHARES_4222, events)
    assert alloc is not None
    assert sum(alloc.allocation.values()) == pytest.approx(alloc.loss, abs=1e-6)


def test_early_warning_signs_are_the_soft_categories_scored_at_the_bottom() -> None:
    day = dt.date(2026, 3, 1)
    soft = (
        SoftEntry("owner_character", "ok", "visit", day, "RM", 5, "RO"),
        SoftEntry("supplier_dealings", "pays late", "supplier", day, "RM", 2, "RO"),
        SoftEntry("conduct", "not verified", "visit", day, "RM", 1),
    )
    case = Case("K1", "F1", "guaranteed_loan", "BR1", "RM", 1.0, soft=soft)
    # five-point scale 1–5: a 2 is (2 − 1) / 4 = 0.25 of the scale; unverified entries do not count
    assert follow_up.early_warning_signs(case, load_catalogue(), 0.25) == ["supplier_dealings"]
    assert follow_up.early_warning_signs(case, load_catalogue(), 0.2) == []


def test_capital_figures_are_dated_data_and_a_bad_file_names_the_field(tmp_path: Path) -> None:
    figures = limits.load_capital_figures()
    on = dt.date(2026, 12, 1)
    assert limits.in_force(figures, on, what="capital", source="").net_capital == 640_000_000
    bad = tmp_path / "capital.yaml"
    bad.write_text(
        "version: 1\ncapital:\n  - {effective: 2026-01-01, net_capital: -5, tier1_capital: 1}\n"
    )
    with pytest.raises(ValidationFailed) as e:
        limits.load_capital_figures(bad)
    assert "net_capital" in str(e.value.as_dict())
    assert "capital.yaml" in str(e.value.as_dict())


def test_a_connected_group_is_the_client_with_its_related_parties() -> None:
    ex = limits.connected_exposures({"F1": 10.0, "F2": 5.0, "F3": 7.0}, "F1", ["F2"])
    groups = {e.client: e.group for e in ex}
    assert groups == {"F1": "F1", "F2": "F1", "F3": None}
    assert {e.client: e.loans for e in limits.connected_exposures({}, "F9", [])} == {"F9": 0.0}


def test_one_decision_joins_the_bank_s_limits_and_the_guarantor_s_checks() -> None:
    rules = limits.load_limit_rules()
    on = dt.date(2026, 12, 1)
    capital = [limits.CapitalFigures(dt.date(2026, 1, 1), 1000.0, 1000.0)]
    ex = limits.connected_exposures({}, "F1", [])
    bank = limits.check_bank(rules, on, capital, ex, "F1", 50.0)  # 5 % of net capital
    position = guarantees.GuarantorPosition(net_assets=100.0, outstanding=0.0)
    checks = guarantees.check_guarantee(
        rules, guarantees.load_guarantee_rules(), on, SHARES_28, 50.0, position
    )  # the guarantor takes 40: 40 % of its net assets, above 10 % and 15 %
    d = guarantees.lending_decision(bank, checks)
    assert d.codes == ["guarantor.single_party", "guarantor.related_parties"]
    assert guarantees.lending_decision(bank).ok


def test_a_score_stands_for_the_pd_of_its_odds() -> None:
    s = load_scorecard_settings().scaling
    # at the base score the odds of good are base_odds, so PD = 1 / (1 + base_odds)
    assert s.pd_of(s.base_score) == pytest.approx(1 / (1 + s.base_odds))
    assert s.pd_of(s.base_score + s.pdo) == pytest.approx(1 / (1 + 2 * s.base_odds))
