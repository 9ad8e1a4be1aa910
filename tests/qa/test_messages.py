"""Every QA reason has a requirement, a kind and a message in zh-Hans, zh-Hant and en."""

from __future__ import annotations

import re

import pytest

from serviq.errors import Conflict, InvalidInput, PermissionDenied
from serviq.qa.decisions import LANGS, MESSAGES, Decision, reason


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_three_languages_and_a_requirement(code: str) -> None:
    requirement, kind, texts = MESSAGES[code]
    assert re.fullmatch(r"R-(QA-[1-4]|OPS-[24])", requirement)
    assert kind in ("permission", "conflict", "invalid", "note")
    assert set(texts) == set(LANGS)
    assert re.search(r"[\u4e00-\u9fff]", texts["zh-Hans"])
    assert re.search(r"[\u4e00-\u9fff]", texts["zh-Hant"])


def test_word_params_read_in_each_language() -> None:
    r = reason(
        "review.decider_role", allowed="team_lead, department_director", actor="A001", role="agent"
    )
    assert r.message("en").startswith(
        "a dispute is decided by the agent's team lead, the department director"
    )
    assert r.message("zh-Hans").startswith("申诉须由所在班组班长、客服部主任裁定")
    assert "所在班組班長" in r.message("zh-Hant")


@pytest.mark.parametrize(
    ("code", "params", "error"),
    [
        ("review.dispute_not_agent", {"agent": "A1", "actor": "A2"}, PermissionDenied),
        ("review.dispute_twice", {"at": "2026-03-01"}, Conflict),
        ("review.reason_required", {"what": "dispute_reason"}, InvalidInput),
    ],
)
def test_a_refusal_raises_the_error_of_its_kind(code: str, params: dict, error: type) -> None:
    d = Decision.of([reason(code, **params)])
    with pytest.raises(error) as exc:
        d.raise_if_refused()
    assert exc.value.code == code
    assert exc.value.details["reasons"][0]["requirement"].startswith("R-")


def test_notes_do_not_refuse() -> None:
    d = Decision.of([], notes=[reason("plan.no_inspector", agent="A1", team="T1")])
    d.raise_if_refused()
    assert d.ok
    assert (
        d.as_dict("zh-Hant")["notes"][0]["message"]
        == "沒有質檢員可以抽檢A1：所有質檢員都屬於T1班組"
    )


def test_items_are_named_in_each_language(card) -> None:
    from serviq.qa.scoring import check_submission

    ratings = {
        "service_language": 5, "attitude": 5, "tone": 5, "needs_summary": 5, "adaptability": 1,
        "greeting_closing": "yes", "identity_verification": "yes", "confidentiality": "yes",
    }  # fmt: skip
    (r,) = check_submission(card, ratings).reasons
    assert r.message("zh-Hans") == "项目应变能力得分为1，低分必须填写评语"
    assert r.message("zh-Hant") == "項目應變能力得分為1，低分必須填寫評語"
    assert r.message("en").startswith("item Adaptability in dealing with customers scored 1")
