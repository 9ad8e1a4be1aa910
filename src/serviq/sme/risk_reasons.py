"""The SME risk rules' message table; :class:`Decision` and :class:`Reason` are
:mod:`serviq.decisions`'s.

A limit reason carries the limit's code (``guarantor.multiple``, ``bank.single_borrower``;
``….near`` for a warning inside the warning band), the requirement it enforces (R-SME-4 for
the guarantor's checks and risk sharing, R-SME-7 for the bank's concentration limits, R-SME-2
for staged commitments and board promotion) and its message in zh-Hans, zh-Hant and en.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from serviq.decisions import Decision, Kind, Reason

__all__ = ["LIMITS", "MESSAGES", "Decision", "Reason", "limit_reason", "reason", "show"]

Unit = Literal["multiple", "share"]

#: limit code → (requirement, unit, (zh-Hans, zh-Hant, en) name).
LIMITS: dict[str, tuple[str, Unit, tuple[str, str, str]]] = {
    "guarantor.multiple": (
        "R-SME-4",
        "multiple",
        (
            "融资担保放大倍数（担保责任余额/净资产）",
            "融資擔保放大倍數（擔保責任餘額/淨資產）",
            "guarantee multiple (guarantee liabilities / net assets)",
        ),
    ),
    "guarantor.single_party": (
        "R-SME-4",
        "share",
        (
            "单一被担保人担保责任余额/净资产",
            "單一被擔保人擔保責任餘額/淨資產",
            "guarantees to a single party / net assets",
        ),
    ),
    "guarantor.related_parties": (
        "R-SME-4",
        "share",
        (
            "单一被担保人及其关联方担保责任余额/净资产",
            "單一被擔保人及其關聯方擔保責任餘額/淨資產",
            "guarantees to a party and its related parties / net assets",
        ),
    ),
    "bank.single_borrower": (
        "R-SME-7",
        "share",
        (
            "单一客户贷款余额/资本净额",
            "單一客戶貸款餘額/資本淨額",
            "loans to a single borrower / net capital",
        ),
    ),
    "bank.large_exposure_client": (
        "R-SME-7",
        "share",
        (
            "单一客户风险暴露/一级资本净额",
            "單一客戶風險暴露/一級資本淨額",
            "exposure to a single client / tier-1 capital",
        ),
    ),
    "bank.large_exposure_group": (
        "R-SME-7",
        "share",
        (
            "关联客户（集团）风险暴露/一级资本净额",
            "關聯客戶（集團）風險暴露/一級資本淨額",
            "exposure to a connected group / tier-1 capital",
        ),
    ),
}

# code → (requirement, kind, {lang: template}); templates use str.format fields.
MESSAGES: dict[str, tuple[str, Kind, dict[str, str]]] = {
    "limit.exceeded": (
        "",
        "conflict",
        {
            "en": "{name_en} would be {value}, above the limit of {limit}",
            "zh-Hans": "{name_zh}将达到{value}，超过上限{limit}",
            "zh-Hant": "{name_zht}將達到{value}，超過上限{limit}",
        },
    ),
    "limit.near": (
        "",
        "note",
        {
            "en": "{name_en} would be {value}, near the limit of {limit} (warning from {band})",
            "zh-Hans": "{name_zh}将达到{value}，接近上限{limit}（{band}起预警）",
            "zh-Hant": "{name_zht}將達到{value}，接近上限{limit}（{band}起預警）",
        },
    ),
    "limit.within": (
        "",
        "note",
        {
            "en": "{name_en} would be {value}, within the limit of {limit}",
            "zh-Hans": "{name_zh}将为{value}，在上限{limit}以内",
            "zh-Hant": "{name_zht}將為{value}，在上限{limit}以內",
        },
    ),
    "sharing.bank_share": (
        "R-SME-4",
        "conflict",
        {
            "en": "the bank keeps {share} of the risk; it must keep at least {minimum}",
            "zh-Hans": "银行承担的风险比例为{share}，不得低于{minimum}",
            "zh-Hant": "銀行承擔的風險比例為{share}，不得低於{minimum}",
        },
    ),
    "sharing.bank_share_ok": (
        "R-SME-4",
        "note",
        {
            "en": "the bank keeps {share} of the risk, at least {minimum}",
            "zh-Hans": "银行承担的风险比例为{share}，不低于{minimum}",
            "zh-Hant": "銀行承擔的風險比例為{share}，不低於{minimum}",
        },
    ),
    "stage.milestone_missed": (
        "R-SME-2",
        "conflict",
        {
            "en": "stage {stage} ({period}): {metric_en} is {value}, short of the milestone {threshold}; "
            "the commitment of {amount} is held back",
            "zh-Hans": "第{stage}期（{period}）：{metric_zh}为{value}，未达到里程碑{threshold}；暂缓注资{amount}",
            "zh-Hant": "第{stage}期（{period}）：{metric_zht}為{value}，未達到里程碑{threshold}；暫緩注資{amount}",
        },
    ),
    "stage.no_figures": (
        "R-SME-2",
        "conflict",
        {
            "en": "stage {stage} ({period}): no figures reported for the period; "
            "the commitment of {amount} is held back",
            "zh-Hans": "第{stage}期（{period}）：该期未报送数据；暂缓注资{amount}",
            "zh-Hant": "第{stage}期（{period}）：該期未報送數據；暫緩注資{amount}",
        },
    ),
    "board.threshold_missed": (
        "R-SME-2",
        "conflict",
        {
            "en": "{metric_en} is {value}; moving up to {board_en} needs at least {threshold}",
            "zh-Hans": "{metric_zh}为{value}；转入{board_zh}至少需要{threshold}",
            "zh-Hant": "{metric_zht}為{value}；轉入{board_zht}至少需要{threshold}",
        },
    ),
}


def _words(params: Mapping[str, Any]) -> Mapping[str, Any]:
    """``name``/``metric``/``board`` given as (zh-Hans, zh-Hant, en) become ``…_zh``,
    ``…_zht`` and ``…_en`` fields."""
    out = dict(params)
    for key in ("name", "metric", "board"):
        if isinstance(words := params.get(key), tuple):
            out[f"{key}_zh"], out[f"{key}_zht"], out[f"{key}_en"] = words
    return out


def reason(
    code: str, *, requirement: str | None = None, as_code: str | None = None, **params: Any
) -> Reason:
    """The reason ``code`` of :data:`MESSAGES` with ``params``; ``as_code`` and
    ``requirement`` replace the table's (the generic limit messages take the limit's)."""
    req, kind, templates = MESSAGES[code]
    return Reason.make(
        as_code or code, requirement or req, templates, params, kind=kind, expand=_words
    )


def show(value: float, unit: Unit) -> str:
    """A ratio for people: ``12.5×`` for a multiple, ``12.5 %`` for a share."""
    if unit == "multiple":
        return f"{round(value, 2):g}×"
    return f"{round(value * 100, 2):g} %"


def limit_reason(code: str, value: float, limit: float, warning_at: float) -> tuple[str, Reason]:
    """Judge ``value`` against ``limit`` for the limit ``code`` of :data:`LIMITS`.

    Returns the verdict — ``"exceeded"`` (above the limit), ``"near"`` (at or above
    ``warning_at`` × the limit) or ``"within"`` — and its reason.
    """
    requirement, unit, name = LIMITS[code]
    if value > limit:
        verdict, suffix = "exceeded", ""
    elif value >= warning_at * limit:
        verdict, suffix = "near", ".near"
    else:
        verdict, suffix = "within", ""
    return verdict, reason(
        f"limit.{verdict}",
        requirement=requirement,
        as_code=code + suffix,
        name=name,
        value=show(value, unit),
        limit=show(limit, unit),
        band=show(warning_at * limit, unit),
    )
