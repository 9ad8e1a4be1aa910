"""Scenario files for ``serviq sme guarantee`` and ``serviq sme limits`` (docs/sme.md).

A dry run of one guaranteed loan (its sharing, fees, a default with recoveries, and the
guarantor's checks) or of one lending decision against the bank's concentration limits.
Every problem names the file, the line, the field and what is allowed; nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from serviq.errors import ConfigError, Problem, ValidationFailed, Where
from serviq.languages import Lang
from serviq.sme.guarantees import (
    Compensation,
    GuaranteeRules,
    GuarantorPosition,
    Party,
    Recovery,
    allocate,
    check_guarantee,
    fees,
)
from serviq.sme.limits import CapitalFigures, Exposure, LimitCheck, LimitRules, check_bank
from serviq.yamlfile import LineMap, line_of, load_yaml, problems_from_pydantic

M = TypeVar("M", bound=BaseModel)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---- sme guarantee ---------------------------------------------------------------------
class LoanIn(_Strict):
    amount: float = Field(gt=0)
    years: float = Field(1.0, gt=0, le=50)


class RecoveryIn(_Strict):
    amount: float = Field(ge=0)
    cost: float = Field(0.0, ge=0)


class DefaultIn(_Strict):
    principal: float = Field(ge=0)
    interest: float = Field(0.0, ge=0)
    recoveries: tuple[RecoveryIn, ...] = ()


class CompensationIn(_Strict):
    covers: Party = "guarantor"
    rate: float = Field(ge=0, le=1)
    cap: float | None = Field(None, ge=0)


class GuarantorIn(_Strict):
    net_assets: float = Field(gt=0)
    outstanding: float = Field(ge=0)
    party_outstanding: float = Field(0.0, ge=0)
    related_outstanding: float = Field(0.0, ge=0)
    small_micro_agri: bool = False


class GuaranteeScenarioIn(_Strict):
    date: dt.date
    preset: str
    shares: dict[Party, float] | None = None
    loan: LoanIn
    guarantor: GuarantorIn
    default: DefaultIn | None = None
    compensation: CompensationIn | None = None


# ---- sme limits ------------------------------------------------------------------------
class CapitalIn(_Strict):
    effective: dt.date
    net_capital: float = Field(gt=0)
    tier1_capital: float = Field(gt=0)


class ExposureIn(_Strict):
    client: str = Field(min_length=1)
    loans: float = Field(ge=0)
    other: float = Field(0.0, ge=0)
    group: str | None = None


class DecisionIn(_Strict):
    client: str = Field(min_length=1)
    amount: float = Field(ge=0)


class LimitsScenarioIn(_Strict):
    date: dt.date
    capital: tuple[CapitalIn, ...] = Field(min_length=1)
    exposures: tuple[ExposureIn, ...] = Field(min_length=1)
    decision: DecisionIn


def _load(model: type[M], path: str | Path) -> tuple[M, LineMap]:
    file = str(path)
    data, lines = load_yaml(path)
    if data is None:
        raise ConfigError("the file is empty", where=Where(file=file))
    try:
        return model.model_validate(data), lines
    except PydanticValidationError as exc:
        raise ValidationFailed(
            problems_from_pydantic(exc, file=file, lines=lines), source=file
        ) from None


def _problem(msg: str, file: str, lines: LineMap, *loc: str | int) -> Problem:
    return Problem(msg, Where(file=file, line=line_of(lines, loc), field=".".join(map(str, loc))))


def run_guarantee(
    path: str | Path, limits: LimitRules, rules: GuaranteeRules, lang: Lang = "en"
) -> dict[str, Any]:
    """The ``sme guarantee`` answer: ``allocation``, ``fees`` and ``checks`` (docs/sme.md)."""
    file = str(path)
    sc, lines = _load(GuaranteeScenarioIn, path)
    if sc.preset not in rules.presets:
        raise ValidationFailed(
            [
                _problem(
                    f"unknown preset {sc.preset!r}; allowed: {', '.join(rules.presets)}",
                    file,
                    lines,
                    "preset",
                )
            ],
            source=file,
        )
    preset = rules.presets[sc.preset]
    shares = dict(sc.shares) if sc.shares is not None else dict(preset.shares)
    if sc.shares is not None:
        total = sum(shares.values())
        if abs(total - 1) > 1e-9 or "public" in shares or "bank" not in shares:
            raise ValidationFailed(
                [
                    _problem(
                        f"the shares must name the bank, leave out public and sum to 1 (they sum to "
                        f"{total:g}); allowed parties: bank, guarantor, provincial, national",
                        file,
                        lines,
                        "shares",
                    )
                ],
                source=file,
            )
    checks = check_guarantee(
        limits,
        rules,
        sc.date,
        shares,
        sc.loan.amount,
        GuarantorPosition(**sc.guarantor.model_dump()),
    )
    allocation: dict[str, float] = {}
    stages: dict[str, Any] = {}
    if sc.default is not None:
        comp = Compensation(**sc.compensation.model_dump()) if sc.compensation else None
        a = allocate(
            shares,
            sc.default.principal,
            sc.default.interest,
            tuple(Recovery(r.amount, r.cost) for r in sc.default.recoveries),
            comp,
        )
        allocation = a.allocation
        stages = {"loss": a.loss, "at_default": a.at_default, "recovered": a.recovered}
    return {
        "preset": sc.preset,
        "shares": shares,
        "allocation": allocation,
        **stages,
        "fees": fees(dict(preset.fees), shares, sc.loan.amount, sc.loan.years),
        "checks": [c.as_dict(lang) for c in checks],
        "ok": all(c.ok for c in checks),
    }


def run_limits(path: str | Path, limits: LimitRules) -> LimitCheck:
    """The ``sme limits`` answer for one lending decision (docs/sme.md)."""
    file = str(path)
    sc, lines = _load(LimitsScenarioIn, path)
    clients = [e.client for e in sc.exposures]
    if sc.decision.client not in clients:
        raise ValidationFailed(
            [
                _problem(
                    f"client {sc.decision.client!r} is not among the exposures; allowed: "
                    f"{', '.join(clients)}",
                    file,
                    lines,
                    "decision",
                    "client",
                )
            ],
            source=file,
        )
    if sc.date < min(c.effective for c in sc.capital):
        raise ValidationFailed(
            [
                _problem(
                    f"no capital figures reported on or before {sc.date.isoformat()}",
                    file,
                    lines,
                    "capital",
                )
            ],
            source=file,
        )
    return check_bank(
        limits,
        sc.date,
        [CapitalFigures(c.effective, c.net_capital, c.tier1_capital) for c in sc.capital],
        [Exposure(e.client, e.loans, e.other, e.group) for e in sc.exposures],
        sc.decision.client,
        sc.decision.amount,
    )
