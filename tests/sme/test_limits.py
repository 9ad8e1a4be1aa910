"""The bank's concentration limits at decision time (R-SME-7), read from sme/limits.yaml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from serviq.errors import InvalidInput, ValidationFailed
from serviq.resources import data_path
from serviq.sme.limits import CapitalFigures, Exposure, check_bank, load_limit_rules

DAY = dt.date(2026, 11, 20)
CAPITAL = [CapitalFigures(dt.date(2026, 9, 30), net_capital=1000.0, tier1_capital=800.0)]


@pytest.fixture(scope="module")
def rules():
    return load_limit_rules()


def test_the_largest_single_borrower_loan_is_at_most_10_percent_of_net_capital(rules) -> None:
    book = [Exposure("A", loans=90.0)]
    assert check_bank(rules, DAY, CAPITAL, book, "A", 10.0).ok  # 100 / 1000 = 10 %
    refused = check_bank(rules, DAY, CAPITAL, book, "A", 11.0)  # 101 / 1000
    assert not refused.ok
    assert refused.decision.codes == ["bank.single_borrower"]
    assert refused.decision.reasons[0].requirement == "R-SME-7"
    assert refused.ratios["bank.single_borrower"] == pytest.approx(0.101)


def test_exposure_to_one_client_is_at_most_15_percent_of_tier_1(rules) -> None:
    # loans 50 (5 % of net capital) but guarantees and bonds of 75: 125 / 800 = 15.6 %
    book = [Exposure("A", loans=40.0, other=75.0)]
    r = check_bank(rules, DAY, CAPITAL, book, "A", 10.0)
    assert r.decision.codes == ["bank.large_exposure_client"]


def test_exposure_to_a_connected_group_is_at_most_20_percent_of_tier_1(rules) -> None:
    book = [
        Exposure("A", 60.0, group="G"),
        Exposure("B", 70.0, group="G"),
        Exposure("C", 30.0, group="G"),
        Exposure("D", 500.0),
    ]
    r = check_bank(rules, DAY, CAPITAL, book, "A", 10.0)  # (60+70+30+10) / 800 = 21.25 %
    assert r.decision.codes == ["bank.large_exposure_group"]
    assert r.ratios["bank.large_exposure_group"] == pytest.approx(170 / 800)
    # a client outside any group has no group ratio
    assert "bank.large_exposure_group" not in check_bank(rules, DAY, CAPITAL, book, "D", 0).ratios


def test_a_ratio_within_the_warning_band_is_allowed_with_a_warning(rules) -> None:
    r = check_bank(rules, DAY, CAPITAL, [Exposure("A", 85.0)], "A", 10.0)  # 9.5 % ≥ 0.9 · 10 %
    assert r.ok
    assert [n.code for n in r.decision.notes] == ["bank.single_borrower.near"]


def test_the_capital_figures_last_reported_before_the_decision_are_used(rules) -> None:
    figures = [*CAPITAL, CapitalFigures(dt.date(2026, 12, 31), 2000.0, 1600.0)]
    r = check_bank(rules, DAY, figures, [Exposure("A", 95.0)], "A", 10.0)
    assert r.ratios["bank.single_borrower"] == pytest.approx(105 / 1000)
    later = check_bank(rules, dt.date(2027, 1, 5), figures, [Exposure("A", 95.0)], "A", 10.0)
    assert later.ratios["bank.single_borrower"] == pytest.approx(105 / 2000)


def _rules_with(tmp_path: Path, old: str, new: str) -> Path:
    text = data_path("sme/limits.yaml").read_text(encoding="utf-8")
    assert old in text
    f = tmp_path / "limits.yaml"
    f.write_text(text.replace(old, new), encoding="utf-8")
    return f


def test_changing_the_yaml_changes_the_result(tmp_path: Path) -> None:
    looser = load_limit_rules(
        _rules_with(tmp_path, "single_borrower: 0.10", "single_borrower: 0.12")
    )
    assert check_bank(looser, DAY, CAPITAL, [Exposure("A", 90.0)], "A", 11.0).ok


def test_a_new_version_applies_from_its_effective_date(tmp_path: Path) -> None:
    f = _rules_with(
        tmp_path,
        "bank:\n",
        "bank:\n  - effective: 2027-01-01\n"
        "    single_borrower: 0.08\n    large_exposure_client: 0.15\n"
        "    large_exposure_group: 0.20\n",
    )
    rules = load_limit_rules(f)
    book = [Exposure("A", 80.0)]
    assert check_bank(rules, DAY, CAPITAL, book, "A", 5.0).ok  # 8.5 % under the 2018 limit
    assert not check_bank(rules, dt.date(2027, 1, 2), CAPITAL, book, "A", 5.0).ok


def test_a_decision_before_any_version_names_the_earliest(rules) -> None:
    with pytest.raises(InvalidInput, match="earliest applies from 2018-07-01"):
        check_bank(
            rules,
            dt.date(2010, 1, 1),
            [CapitalFigures(dt.date(2009, 1, 1), 1, 1)],
            [Exposure("A", 1.0)],
            "A",
            1.0,
        )


def test_a_malformed_file_names_file_field_and_allowed_values(tmp_path: Path) -> None:
    f = _rules_with(tmp_path, "single_borrower: 0.10", "single_borrower: ten")
    with pytest.raises(ValidationFailed) as info:
        load_limit_rules(f)
    line = " ".join(info.value.lines)
    assert "limits.yaml" in line
    assert "bank.0.single_borrower" in line
    assert "number" in line
    f = _rules_with(tmp_path, "warning_at: 0.9", "warning_at: 1.5")
    with pytest.raises(ValidationFailed, match="less than or equal to 1"):
        load_limit_rules(f)


def test_messages_in_three_languages(rules) -> None:
    r = check_bank(rules, DAY, CAPITAL, [Exposure("A", 95.0)], "A", 10.0).decision.reasons[0]
    assert "10.5 %" in r.message("en")
    assert "10 %" in r.message("en")
    assert "资本净额" in r.message("zh-Hans")
    assert "資本淨額" in r.message("zh-Hant")
