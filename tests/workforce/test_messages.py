"""Every reason has its requirement and a message in zh-Hans, zh-Hant and en."""

from __future__ import annotations

import re
import string

import pytest

from serviq.workforce.decisions import LANGS, MESSAGES, Decision, reason


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_three_languages_and_a_requirement(code) -> None:
    requirement, texts = MESSAGES[code]
    assert re.fullmatch(r"R-OPS-[1-9]", requirement)
    assert set(texts) == set(LANGS)
    assert all(t.strip() for t in texts.values())
    # the Chinese texts are Chinese
    assert re.search(r"[\u4e00-\u9fff]", texts["zh-Hans"])
    assert re.search(r"[\u4e00-\u9fff]", texts["zh-Hant"])


def test_a_decision_with_reasons_is_not_ok_and_names_no_approver() -> None:
    d = Decision.of([reason("swap.same_person")], approver="team_lead", chain=["team_lead"])
    assert not d.ok
    assert d.approver is None
    assert d.chain == ()
    out = d.as_dict("zh-Hant")
    assert out["reasons"][0]["message"] == "換班須在兩人之間進行"
    assert "approver" not in out


def test_templates_in_one_code_share_fields_or_use_language_variants() -> None:
    # every field a template uses is a field of the English template or a _zh/_zht variant
    fmt = string.Formatter()
    for code, (_, texts) in MESSAGES.items():
        en = {f for _, f, _, _ in fmt.parse(texts["en"]) if f}
        for lang in ("zh-Hans", "zh-Hant"):
            for _, f, _, _ in fmt.parse(texts[lang]):
                if f:
                    base = re.sub(r"_(zh|zht)$", "", f)
                    assert base in en or f in en, (code, lang, f)
