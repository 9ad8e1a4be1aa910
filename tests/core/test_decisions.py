"""The shared rule answer: :mod:`serviq.decisions` (Reason, Decision, raise_if_refused)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from serviq import decisions
from serviq.decisions import Decision, Kind, Reason
from serviq.errors import Conflict, InvalidInput, PermissionDenied, ServiqError

TEMPLATES = {
    "en": "{person} already swapped {count} times",
    "zh-Hans": "{person}已换班{count}次",
    "zh-Hant": "{person}已換班{count}次",
}


def make(code: str = "swap.limit", kind: Kind = "conflict", **params: Any) -> Reason:
    return Reason.make(
        code, "R-OPS-7", TEMPLATES, params or {"person": "A1", "count": 3}, kind=kind
    )


def test_a_reason_is_formatted_in_all_three_languages_when_made() -> None:
    r = make()
    assert r.messages == {
        "zh-Hans": "A1已换班3次",
        "zh-Hant": "A1已換班3次",
        "en": "A1 already swapped 3 times",
    }
    assert r.message() == "A1 already swapped 3 times"
    assert r.message("zh-Hant") == "A1已換班3次"
    assert r.params == {"person": "A1", "count": 3}


def test_a_missing_field_or_language_fails_when_the_reason_is_made() -> None:
    with pytest.raises(KeyError, match="count"):
        Reason.make("swap.limit", "R-OPS-7", TEMPLATES, {"person": "A1"})
    only_en = {"en": TEMPLATES["en"]}
    with pytest.raises(KeyError, match="zh-Hans"):
        Reason.make("swap.limit", "R-OPS-7", only_en, {"person": "A1", "count": 3})


def test_expand_adds_the_fields_the_chinese_templates_use() -> None:
    def expand(params: Mapping[str, Any]) -> dict[str, Any]:
        return {**params, "status_zh": {"scored": "已评分"}[params["status"]]}

    templates = {"en": "it is {status}", "zh-Hans": "状态为{status_zh}", "zh-Hant": "{status}"}
    r = Reason.make("x.y", "R-QA-2", templates, {"status": "scored"}, expand=expand)
    assert r.message("zh-Hans") == "状态为已评分"
    assert r.params == {"status": "scored"}  # the expansion is not kept as a param


def test_reasons_compare_by_code_requirement_kind_and_params() -> None:
    assert make() == make()
    assert make() != make(person="A2", count=3)
    assert make() != make(kind="invalid")


def test_a_refusal_as_json_has_reasons_and_no_approver() -> None:
    d = Decision.of([make()], notes=[make("swap.note", "note")], approver="team_lead", chain=["x"])
    assert not d.ok
    assert d.codes == ["swap.limit"]
    assert d.approver is None
    assert d.chain == ()
    out = d.as_dict("zh-Hans")
    assert out == {
        "ok": False,
        "reasons": [
            {
                "code": "swap.limit",
                "requirement": "R-OPS-7",
                "message": "A1已换班3次",
                "messages": make().messages,
            }
        ],
        "notes": [
            {
                "code": "swap.note",
                "requirement": "R-OPS-7",
                "message": "A1已换班3次",
                "messages": make().messages,
            }
        ],
    }


def test_an_allowed_decision_names_its_authority_only_when_it_has_one() -> None:
    plain = Decision.of([])
    assert plain.ok
    assert plain.as_dict() == {"ok": True, "reasons": [], "notes": []}
    named = Decision.of([], approver="centre_director", chain=["team_lead", "centre_director"])
    out = named.as_dict()
    assert out["approver"] == "centre_director"
    assert out["chain"] == ["team_lead", "centre_director"]


def test_workforce_decisions_always_name_the_authority_when_allowed() -> None:
    from serviq.workforce.decisions import Decision as WorkforceDecision

    d = WorkforceDecision.of([])
    assert isinstance(d, WorkforceDecision)
    assert isinstance(d, Decision)
    assert d.as_dict() == {"ok": True, "reasons": [], "notes": [], "approver": None, "chain": []}
    refused = WorkforceDecision.of([make()], approver="team_lead")
    assert "approver" not in refused.as_dict()


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("permission", PermissionDenied),
        ("conflict", Conflict),
        ("invalid", InvalidInput),
        ("note", Conflict),
    ],
)
def test_raise_if_refused_raises_the_error_of_the_first_reasons_kind(
    kind: Kind, error: type[ServiqError]
) -> None:
    d = Decision.of([make("a.first", kind), make("a.second", "invalid", person="A2", count=1)])
    with pytest.raises(error) as exc:
        d.raise_if_refused()
    assert type(exc.value) is error
    assert exc.value.code == "a.first"
    assert exc.value.message == "A1 already swapped 3 times; A2 already swapped 1 times"
    assert [r["code"] for r in exc.value.details["reasons"]] == ["a.first", "a.second"]
    assert exc.value.details["reasons"][0]["messages"]["zh-Hant"] == "A1已換班3次"


def test_the_kinds_map_to_403_409_400() -> None:
    assert decisions.ERRORS["permission"] is PermissionDenied
    assert decisions.ERRORS["conflict"] is Conflict
    assert decisions.ERRORS["invalid"] is InvalidInput
    assert set(decisions.ERRORS) == set(decisions.KINDS)


def test_an_allowed_decision_with_notes_does_not_raise() -> None:
    d = Decision.of([], notes=[make("a.warn", "permission")])
    d.raise_if_refused()
    assert d.ok


def test_the_domains_reexport_the_shared_types() -> None:
    from serviq.qa import decisions as qa
    from serviq.workforce import decisions as wf

    assert qa.Decision is Decision
    assert qa.Reason is Reason
    assert wf.Reason is Reason
    assert issubclass(wf.Decision, Decision)
    assert qa.reason("review.dispute_twice", at="2026-03-01").kind == "conflict"
    assert wf.reason("swap.same_person").kind == "conflict"
