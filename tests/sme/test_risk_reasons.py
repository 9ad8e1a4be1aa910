"""Every SME risk reason has its requirement and a message in zh-Hans, zh-Hant and en."""

from __future__ import annotations

import re

import pytest

from serviq.languages import LANGS
from serviq.sme.risk_reasons import LIMITS, MESSAGES, limit_reason, show


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_has_three_languages(code: str) -> None:
    requirement, _, texts = MESSAGES[code]
    # the generic limit messages take the limit's requirement
    assert (
        requirement == "" if code.startswith("limit.") else re.fullmatch(r"R-SME-\d", requirement)
    )
    assert set(texts) == set(LANGS)
    assert re.search(r"[\u4e00-\u9fff]", texts["zh-Hans"])
    assert re.search(r"[\u4e00-\u9fff]", texts["zh-Hant"])


@pytest.mark.parametrize("code", sorted(LIMITS))
def test_every_limit_cites_its_requirement_in_each_verdict(code: str) -> None:
    requirement, unit, _ = LIMITS[code]
    for value, verdict in ((2.0, "exceeded"), (0.95, "near"), (0.5, "within")):
        got, r = limit_reason(code, value, 1.0, 0.9)
        assert got == verdict
        assert r.requirement == requirement
        assert r.code == (code + ".near" if verdict == "near" else code)
        assert show(value, unit) in r.message("zh-Hant")


def test_ratios_are_shown_by_unit() -> None:
    assert show(7.504, "multiple") == "7.5×"
    assert show(0.10833, "share") == "10.83 %"
