"""Guaranteed loans: layered risk sharing, fees, loss allocation and the guarantor's checks
(R-SME-4).

A guarantee contract splits a loan's risk between the bank, the guarantor, a provincial
re-guarantor and the national guarantee fund by fixed shares (presets such as "4-2-2-2" in
``sme/guarantees.yaml``; the bank keeps at least ``min_bank_share``).

**Loss allocation.** On default the loss is what is owed less what is recovered, net of the
cost of recovering it::

    loss = max(0, principal + interest − Σ (recovered − cost))

At default the guarantor pays the bank the guaranteed part of what is owed (代偿) and the
re-guarantors pay the guarantor their shares; recoveries are shared back in the same
proportions. Each party therefore ends with ``share × loss``. Public risk compensation then
takes ``min(rate × that party's loss, cap)`` off the party it covers and records it as the
``public`` party's. The allocations always sum to the loss.

**Fees** (yearly rates × loan amount × years): the borrower's guarantee fee to the
guarantor; the re-guarantee fees the guarantor pays to each re-guarantor on the share it
takes (rate × share × amount × years).

**Guarantor checks** (``sme/limits.yaml``): after taking its part of the new guarantee,
its guarantee liabilities against net assets (the guarantee multiple; the higher limit for a
guarantor mainly serving small and micro firms and agriculture), to the guaranteed party,
and to the party with its related parties, each against net assets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from serviq.errors import InvalidInput, Where
from serviq.languages import Lang
from serviq.resources import data_path
from serviq.sme.limits import LimitCheck, LimitRules, judge
from serviq.sme.risk_reasons import Decision, Reason, reason, show
from serviq.yamlfile import load_model

PRESETS_FILE = "sme/guarantees.yaml"

Party = Literal["bank", "guarantor", "provincial", "national", "public"]
#: The layers in order; ``public`` is the compensation fund, never a contract share.
PARTIES: tuple[Party, ...] = ("bank", "guarantor", "provincial", "national", "public")
SHARING: tuple[Party, ...] = PARTIES[:4]
FeeName = Literal["guarantee", "provincial", "national"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Strict):
    zh_hans: str = Field(alias="zh-Hans", min_length=1)
    zh_hant: str = Field(alias="zh-Hant", min_length=1)
    en: str = Field(min_length=1)

    def triple(self) -> tuple[str, str, str]:
        return (self.zh_hans, self.zh_hant, self.en)

    def get(self, lang: Lang) -> str:
        return {"zh-Hans": self.zh_hans, "zh-Hant": self.zh_hant, "en": self.en}[lang]


def _check_shares(shares: dict[Party, float]) -> dict[Party, float]:
    if "public" in shares:
        raise ValueError("public compensation is not a contract share; use compensation")
    if "bank" not in shares or "guarantor" not in shares:
        raise ValueError("the shares must name the bank and the guarantor")
    if any(not 0 <= v <= 1 for v in shares.values()):
        raise ValueError("each share must lie between 0 and 1")
    if abs(sum(shares.values()) - 1) > 1e-9:
        raise ValueError(f"the shares must sum to 1, not {sum(shares.values()):g}")
    return shares


class Preset(_Strict):
    name: Words
    shares: dict[Party, float]
    fees: dict[FeeName, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _valid(self) -> Preset:
        _check_shares(self.shares)
        if any(not 0 <= v < 1 for v in self.fees.values()):
            raise ValueError("fee rates are yearly fractions in [0, 1)")
        return self


class GuaranteeRules(_Strict):
    """The contents of ``sme/guarantees.yaml``."""

    version: int = Field(1, ge=1, le=1)
    min_bank_share: float = Field(0.2, ge=0, le=1)
    #: a soft-information score at or below this fraction of its scale is an early warning
    early_warning_at: float = Field(0.25, ge=0, le=1)
    #: the portfolio view: loss given default of an unsecured SME loan, maturity in years
    #: and the tail level of the loss distribution
    lgd: float = Field(0.45, ge=0, le=1)
    maturity: float = Field(2.5, ge=1, le=5)
    tail_level: float = Field(0.999, gt=0, lt=1)
    parties: dict[Party, Words]
    presets: dict[str, Preset] = Field(min_length=1)

    @model_validator(mode="after")
    def _all_parties(self) -> GuaranteeRules:
        missing = [p for p in PARTIES if p not in self.parties]
        if missing:
            raise ValueError(f"parties needs a name for {', '.join(missing)}")
        return self


def load_guarantee_rules(path: str | Path | None = None) -> GuaranteeRules:
    """``path``, else the bank's or the bundled ``sme/guarantees.yaml``."""
    return load_model(GuaranteeRules, Path(path) if path is not None else data_path(PRESETS_FILE))


@dataclass(frozen=True)
class Recovery:
    amount: float
    cost: float = 0.0


@dataclass(frozen=True)
class Compensation:
    """Public compensation of ``rate`` × the covered party's loss, at most ``cap``."""

    covers: Party
    rate: float
    cap: float | None = None


@dataclass(frozen=True)
class Allocation:
    """Who bears how much of one default: per party, at default and after recoveries."""

    loss: float
    at_default: dict[str, float]
    recovered: dict[str, float]
    allocation: dict[str, float] = field(default_factory=dict)


def net_loss(principal: float, interest: float, recoveries: tuple[Recovery, ...]) -> float:
    """``max(0, principal + interest − Σ (recovered − cost))``."""
    return max(0.0, principal + interest - sum(r.amount - r.cost for r in recoveries))


def allocate(
    shares: dict[Party, float],
    principal: float,
    interest: float = 0.0,
    recoveries: tuple[Recovery, ...] = (),
    compensation: Compensation | None = None,
) -> Allocation:
    """Allocate a default with its recoveries across the layers (module docstring).

    ``shares`` must sum to 1 (a preset's or a contract's); amounts are 0 or more.
    """
    _check_shares(dict(shares))
    if principal < 0 or interest < 0 or any(r.amount < 0 or r.cost < 0 for r in recoveries):
        raise InvalidInput(
            "amounts owed, recovered and costs must be 0 or more", where=Where(field="default")
        )
    owed = principal + interest
    loss = net_loss(principal, interest, recoveries)
    parties = [p for p in SHARING if p in shares]
    at_default: dict[str, float] = {p: shares[p] * owed for p in parties}
    recovered: dict[str, float] = {p: at_default[p] - shares[p] * loss for p in parties}
    final: dict[str, float] = {p: shares[p] * loss for p in parties}
    if compensation is not None:
        if compensation.covers not in final:
            raise InvalidInput(
                f"compensation covers {compensation.covers!r}, who has no share; "
                f"allowed: {', '.join(final)}",
                where=Where(field="compensation.covers"),
            )
        if not 0 <= compensation.rate <= 1 or (compensation.cap or 0) < 0:
            raise InvalidInput(
                "the compensation rate lies in [0, 1] and its cap is 0 or more",
                where=Where(field="compensation"),
            )
        paid = compensation.rate * final[compensation.covers]
        if compensation.cap is not None:
            paid = min(paid, compensation.cap)
        final[compensation.covers] -= paid
        final["public"] = paid
    return Allocation(loss=loss, at_default=at_default, recovered=recovered, allocation=final)


def fees(
    preset_fees: dict[FeeName, float], shares: dict[Party, float], amount: float, years: float
) -> dict[str, float]:
    """Fee name → amount: the guarantee fee on the loan, each re-guarantee fee on the share
    its re-guarantor takes (module docstring)."""
    out: dict[str, float] = {}
    for name, rate in preset_fees.items():
        base = amount if name == "guarantee" else amount * shares.get(name, 0.0)
        out[name] = rate * base * years
    return out


@dataclass(frozen=True)
class GuarantorPosition:
    """The guarantor's book before the new guarantee (money in the loan's currency)."""

    net_assets: float
    outstanding: float
    party_outstanding: float = 0.0
    related_outstanding: float = 0.0
    small_micro_agri: bool = False


@dataclass(frozen=True)
class Check:
    ok: bool
    reason: Reason

    def as_dict(self, lang: Lang = "en") -> dict[str, Any]:
        return {"ok": self.ok, **self.reason.as_dict(lang)}


def check_guarantee(
    rules: LimitRules,
    guarantee_rules: GuaranteeRules,
    on: dt.date,
    shares: dict[Party, float],
    amount: float,
    guarantor: GuarantorPosition,
) -> tuple[Check, ...]:
    """Every check of a new guarantee of ``amount``: the bank's share, then the guarantor's
    limits in force on ``on`` after taking its part, ``(1 − bank share) × amount``.

    A ratio inside the warning band passes with a ``….near`` code.
    """
    if guarantor.net_assets <= 0:
        raise InvalidInput(
            "the guarantor's net assets must be above 0", where=Where(field="guarantor.net_assets")
        )
    checks: list[Check] = []
    bank, minimum = shares.get("bank", 0.0), guarantee_rules.min_bank_share
    code = "sharing.bank_share" if bank + 1e-12 < minimum else "sharing.bank_share_ok"
    checks.append(
        Check(
            code == "sharing.bank_share_ok",
            reason(
                code,
                as_code="sharing.bank_share",
                share=show(bank, "share"),
                minimum=show(minimum, "share"),
            ),
        )
    )
    limits = rules.guarantor_on(on)
    taken = (1 - bank) * amount
    ratios = {
        "guarantor.multiple": (guarantor.outstanding + taken) / guarantor.net_assets,
        "guarantor.single_party": (guarantor.party_outstanding + taken) / guarantor.net_assets,
        "guarantor.related_parties": (
            guarantor.party_outstanding + guarantor.related_outstanding + taken
        )
        / guarantor.net_assets,
    }
    caps = {
        "guarantor.multiple": limits.multiple_small_micro_agri
        if guarantor.small_micro_agri
        else limits.multiple,
        "guarantor.single_party": limits.single_party,
        "guarantor.related_parties": limits.related_parties,
    }
    refused, near, within = judge(ratios, caps, rules.warning_at)
    checks += [Check(False, r) for r in refused]
    checks += [Check(True, r) for r in near + within]
    order = list(ratios)
    head, rest = checks[:1], checks[1:]
    rest.sort(key=lambda c: order.index(c.reason.code.removesuffix(".near")))
    return tuple(head + rest)


def lending_decision(bank: LimitCheck, checks: tuple[Check, ...] = ()) -> Decision:
    """One decision on a (guaranteed) loan: refused when any of the bank's limits or any
    guarantor check fails, with every failing reason; warnings of both as notes."""
    reasons = [*bank.decision.reasons, *(c.reason for c in checks if not c.ok)]
    near = [c.reason for c in checks if c.ok and c.reason.code.endswith(".near")]
    return Decision.of(reasons, notes=[*bank.decision.notes, *near])
