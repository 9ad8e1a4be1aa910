"""System months (R-BANK-2): the checked import and the two indicators' formulas."""

from __future__ import annotations

import pytest

from serviq.errors import ConfigError, InvalidInput
from serviq.ops.systems import (
    SystemMonth,
    availability,
    issue_rate,
    load_services,
    read_system_months,
    system_values,
)

HEADER = "period,service,scheduled_minutes,unavailable_minutes,problem_contacts\n"


def test_the_bundled_services() -> None:
    assert load_services() == ("mobile_banking", "core_system", "ivr")


def test_a_services_file_without_codes_is_refused(tmp_path) -> None:
    path = tmp_path / "systems.yaml"
    path.write_text("services: [Mobile Banking]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="field services"):
        load_services(path)


def test_availability_and_issue_rate_sum_over_services() -> None:
    rows = [SystemMonth("2026-10", "ivr", 1000, 10, 4), SystemMonth("2026-10", "core_system", 3000, 30, 6)]  # fmt: skip
    sums = system_values(rows)["2026-10"]
    assert availability(sums) == 1 - 40 / 4000  # pooled minutes, not a mean of 0.99 and 0.99
    assert issue_rate(sums, 200) == 10 / 200
    assert issue_rate(sums, 0) is None
    assert availability({"scheduled_minutes": 0}) is None


def test_the_file_is_read_and_checked_row_by_row(tmp_path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(HEADER + "2026-10,ivr,100,5,1\n2026-10,core_system,100,x,1\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"'x' is not a number ≥ 0 \(.*s.csv, row 3, column unavailable_minutes\)"):  # fmt: skip
        read_system_months(path)
    path.write_text(HEADER + "2026-10,ivr,100,5,1\n", encoding="utf-8")
    assert read_system_months(path) == [SystemMonth("2026-10", "ivr", 100.0, 5.0, 1.0)]
