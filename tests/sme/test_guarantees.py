"""Loss allocation across the layers of a guaranteed loan, fees, and the guarantor's checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviq.errors import InvalidInput, ValidationFailed
from serviq.sme.guarantees import (
    Compensation,
    GuarantorPosition,
    Recovery,
    allocate,
    check_guarantee,
    fees,
    load_guarantee_rules,
)
from serviq.sme.limits import load_limit_rules

DAY = dt.date(2026, 11, 20)
# A default owing 1,000,000 principal and 20,000 interest; collateral sold for 300,000 at a
# cost of 20,000: the loss is 1,020,000 − 280,000 = 740,000.
OWED, INTEREST, SALE = 1_000_000.0, 20_000.0, (Recovery(300_000, 20_000),)


@pytest.fixture(scope="module")
def presets():
    return load_guarantee_rules()


def test_4_2_2_2_by_hand(presets) -> None:
    a = allocate(presets.presets["4-2-2-2"].shares, OWED, INTEREST, SALE)
    assert a.loss == 740_000
    # 20 % · 740,000 for the bank, provincial and national layers; 40 % for the guarantor
    assert a.allocation == pytest.approx(
        {"bank": 148_000, "guarantor": 296_000, "provincial": 148_000, "national": 148_000}
    )
    # at default the guarantor compensates 80 % of 1,020,000, the re-guarantors take their
    # 20 % each of it; the 280,000 recovered goes back in the same proportions
    assert a.at_default == pytest.approx(
        {"bank": 204_000, "guarantor": 408_000, "provincial": 204_000, "national": 204_000}
    )
    assert a.recovered == pytest.approx(
        {"bank": 56_000, "guarantor": 112_000, "provincial": 56_000, "national": 56_000}
    )


def test_4_2_2_2_with_public_compensation_of_the_guarantor_by_hand(presets) -> None:
    comp = Compensation("guarantor", 0.3)
    a = allocate(presets.presets["4-2-2-2"].shares, OWED, INTEREST, SALE, comp)
    # 30 % of the guarantor's 296,000 = 88,800 is paid from public money
    assert a.allocation["guarantor"] == pytest.approx(207_200)
    assert a.allocation["public"] == pytest.approx(88_800)
    assert sum(a.allocation.values()) == pytest.approx(740_000)


def test_2_8_with_capped_compensation_by_hand(presets) -> None:
    comp = Compensation("guarantor", 0.3, cap=100_000)
    a = allocate(presets.presets["2-8"].shares, OWED, INTEREST, SALE, comp)
    # guarantor 80 % · 740,000 = 592,000; 30 % of it (177,600) capped at 100,000
    assert a.allocation == pytest.approx({"bank": 148_000, "guarantor": 492_000, "public": 100_000})


def test_recoveries_above_what_is_owed_leave_no_loss(presets) -> None:
    a = allocate(presets.presets["2-8"].shares, 100.0, 0.0, (Recovery(150.0),))
    assert a.loss == 0
    assert all(v == 0 for v in a.allocation.values())


shares_st = st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4).map(
    lambda xs: dict(
        zip(("bank", "guarantor", "provincial", "national"), [x / sum(xs) for x in xs], strict=True)
    )
)
money = st.floats(0, 1e9, allow_nan=False)


@given(
    shares=shares_st,
    principal=money,
    interest=st.floats(0, 1e7),
    recoveries=st.lists(st.tuples(money, st.floats(0, 1e6)), max_size=4),
    comp=st.one_of(
        st.none(),
        st.tuples(
            st.sampled_from(["bank", "guarantor", "national"]),
            st.floats(0, 1),
            st.one_of(st.none(), money),
        ),
    ),
)
def test_the_shares_always_sum_to_the_loss(shares, principal, interest, recoveries, comp) -> None:
    rec = tuple(Recovery(a, c) for a, c in recoveries)
    compensation = Compensation(*comp) if comp else None
    a = allocate(shares, principal, interest, rec, compensation)
    assert sum(a.allocation.values()) == pytest.approx(a.loss, rel=1e-9, abs=1e-6)
    assert all(v >= -1e-6 for v in a.allocation.values())


def test_shares_that_do_not_sum_to_one_are_refused() -> None:
    with pytest.raises(ValueError, match="sum to 1"):
        allocate({"bank": 0.2, "guarantor": 0.7}, 100.0)


def test_fees_on_the_loan_and_on_each_reguaranteed_share(presets) -> None:
    p = presets.presets["4-2-2-2"]
    got = fees(dict(p.fees), dict(p.shares), 1_000_000, 1)
    assert got == pytest.approx({"guarantee": 10_000, "provincial": 1_000, "national": 1_000})


# ---- the guarantor's checks, read from sme/limits.yaml ----------------------------------
@pytest.fixture(scope="module")
def limits():
    return load_limit_rules()


def _codes(checks):
    return {c.reason.code: c.ok for c in checks}


def test_the_guarantee_multiple_is_at_most_10_times_net_assets(limits, presets) -> None:
    shares = dict(presets.presets["2-8"].shares)
    book = GuarantorPosition(net_assets=100.0, outstanding=1000.0)
    # taking 80 % of 10 more: 1008 / 100 = 10.08× > 10×
    assert (
        _codes(check_guarantee(limits, presets, DAY, shares, 10.0, book))["guarantor.multiple"]
        is False
    )


def test_a_guarantor_serving_small_firms_and_agriculture_may_go_to_15_times(limits, presets):
    shares = dict(presets.presets["2-8"].shares)
    book = GuarantorPosition(net_assets=100.0, outstanding=1000.0, small_micro_agri=True)
    codes = _codes(check_guarantee(limits, presets, DAY, shares, 10.0, book))
    assert codes["guarantor.multiple"] is True


def test_one_guaranteed_party_at_most_10_percent_of_net_assets(limits, presets) -> None:
    shares = dict(presets.presets["2-8"].shares)
    book = GuarantorPosition(net_assets=1000.0, outstanding=0.0, party_outstanding=95.0)
    checks = check_guarantee(limits, presets, DAY, shares, 10.0, book)  # 95 + 8 = 10.3 %
    assert _codes(checks)["guarantor.single_party"] is False
    refusal = next(c for c in checks if c.reason.code == "guarantor.single_party")
    assert refusal.reason.requirement == "R-SME-4"
    assert "10.3 %" in refusal.reason.message("en")
    assert "10 %" in refusal.reason.message("en")


def test_with_related_parties_at_most_15_percent(limits, presets) -> None:
    shares = dict(presets.presets["2-8"].shares)
    book = GuarantorPosition(
        net_assets=1000.0, outstanding=0.0, party_outstanding=50.0, related_outstanding=100.0
    )
    codes = _codes(check_guarantee(limits, presets, DAY, shares, 10.0, book))  # 158 → 15.8 %
    assert codes["guarantor.single_party"] is True
    assert codes["guarantor.related_parties"] is False


def test_a_ratio_in_the_warning_band_passes_with_a_warning(limits, presets) -> None:
    shares = dict(presets.presets["2-8"].shares)
    book = GuarantorPosition(net_assets=100.0, outstanding=940.0)  # 948 / 100 = 9.48× ≥ 9×
    assert (
        _codes(check_guarantee(limits, presets, DAY, shares, 10.0, book))["guarantor.multiple.near"]
        is True
    )


def test_the_bank_keeps_at_least_20_percent(limits, presets) -> None:
    book = GuarantorPosition(net_assets=1e9, outstanding=0.0)
    low = check_guarantee(limits, presets, DAY, {"bank": 0.1, "guarantor": 0.9}, 1.0, book)
    assert low[0].reason.code == "sharing.bank_share"
    assert low[0].ok is False
    ok = check_guarantee(limits, presets, DAY, {"bank": 0.2, "guarantor": 0.8}, 1.0, book)
    assert ok[0].ok is True


def test_changing_the_presets_file_changes_the_allocation(tmp_path: Path) -> None:
    from serviq.resources import data_path

    src = data_path("sme/guarantees.yaml").read_text(encoding="utf-8")
    changed = src.replace(
        "shares: {bank: 0.20, guarantor: 0.80}", "shares: {bank: 0.30, guarantor: 0.70}"
    )
    f = tmp_path / "guarantees.yaml"
    f.write_text(changed, encoding="utf-8")
    rules = load_guarantee_rules(f)
    assert allocate(rules.presets["2-8"].shares, 100.0).allocation["bank"] == pytest.approx(30)


def test_a_preset_whose_shares_do_not_sum_to_one_names_file_and_field(tmp_path: Path) -> None:
    from serviq.resources import data_path

    src = data_path("sme/guarantees.yaml").read_text(encoding="utf-8")
    f = tmp_path / "guarantees.yaml"
    f.write_text(src.replace("guarantor: 0.80}", "guarantor: 0.70}"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        load_guarantee_rules(f)
    text = str(info.value) + " ".join(info.value.lines)
    assert "guarantees.yaml" in text
    assert "presets.2-8" in text
    assert "sum to 1" in text


def test_compensation_of_a_party_without_a_share_is_refused(presets) -> None:
    with pytest.raises(InvalidInput, match="allowed: bank, guarantor"):
        allocate(presets.presets["2-8"].shares, 100.0, compensation=Compensation("national", 0.5))
