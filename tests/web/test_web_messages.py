"""Every coded message (:data:`serviq.messages.MESSAGES`) is raised somewhere, formats in
English, and has a zh-Hans and a zh-Hant catalogue entry that formats with the params the
raise gives (no missing field); an error page shows it in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from serviq.errors import Conflict, InvalidInput, Where
from serviq.messages import MESSAGES, error, fields
from serviq.web.errors import shown_error

SRC = Path(__file__).resolve().parents[2] / "src" / "serviq"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _params(code: str) -> dict[str, Any]:
    m = MESSAGES[code]
    names = fields(m.text) | set(m.codes) | set(m.extra)
    return {name: f"v{i}" for i, name in enumerate(sorted(names))}


def test_every_code_is_raised_somewhere() -> None:
    source = "\n".join(p.read_text("utf-8") for p in SRC.rglob("*.py") if p != SRC / "messages.py")
    assert not [c for c in MESSAGES if f'"{c}"' not in source]


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_the_english_formats_and_a_missing_param_is_caught(code: str) -> None:
    params = _params(code)
    exc = error(InvalidInput, code, **params)
    assert exc.code == code
    assert exc.params == params
    assert "%(" not in exc.message
    if fields(MESSAGES[code].text):
        with pytest.raises(KeyError):
            error(InvalidInput, code)


@pytest.mark.parametrize("lang", ["zh-hans", "zh-hant"])
def test_every_code_has_a_chinese_message_that_formats(lang: str) -> None:
    missing, broken = [], []
    for code, m in MESSAGES.items():
        params = _params(code)
        with translation.override(lang):
            text = translation.gettext(m.text)
            if text == m.text or not CJK.search(text):
                missing.append(code)
                continue
            unknown = fields(text) - set(params)
            if unknown:
                broken.append(f"{code}: {sorted(unknown)}")
            shown = shown_error(error(InvalidInput, code, **params))
            assert "%(" not in shown, code
    assert not missing, missing
    assert not broken, broken


def test_codes_in_params_are_labelled_and_where_is_worded() -> None:
    exc = error(Conflict, "request.decided", status="approved")
    where = error(InvalidInput, "form.month", where=Where(row=3, field="month"), text="x")
    with translation.override("zh-hans"):
        assert shown_error(exc) == "该申请的状态已是“已批准”"
        assert "第 3 条记录" in shown_error(where)
    with translation.override("en"):
        assert shown_error(exc) == "the request is already approved"
        assert str(exc) == "the request is already approved"


def test_a_rule_s_reasons_and_several_problems_are_shown_whole() -> None:
    from serviq.decisions import Decision, Reason
    from serviq.errors import Problem, ServiqError, ValidationFailed

    texts = {"zh-Hans": "不行", "zh-Hant": "不行", "en": "no"}
    refused = Decision.of([Reason("x.no", "R-OPS-1", "conflict", {}, texts)])  # type: ignore[arg-type]
    with pytest.raises(ServiqError) as caught:
        refused.raise_if_refused()
    many = ValidationFailed([Problem("a is wrong"), Problem("b is wrong")], source="f.csv")
    with translation.override("zh-hant"):
        assert shown_error(caught.value) == "不行"
    with translation.override("en"):
        assert shown_error(many) == "a is wrong; b is wrong"


def test_form_fields_in_places_are_shown_by_their_labels() -> None:
    state = error(InvalidInput, "equipment.no_report", equipment="pc", state="out of service",
                  where=Where(field="equipment.pc.reported_at"))  # fmt: skip
    revise = error(InvalidInput, "delphi.revision_missing", item="TAN", languages="en",
                   where=Where(field="revise-TAN-en"))  # fmt: skip
    with translation.override("zh-hans"):
        assert shown_error(state) == (
            "设备“座席电脑”状态为“停用”，缺少故障报告时间 (字段 设备 · 座席电脑 · 故障报告时间)"
        )
        assert shown_error(revise).endswith("(字段 指标 TAN 的修订定义（英文）)")
    with translation.override("en"):
        assert shown_error(state).endswith("(field Equipment · Seat PC · Fault reported at)")
    assert str(state).endswith("(field equipment.pc.reported_at)")  # the CLI keeps the code
