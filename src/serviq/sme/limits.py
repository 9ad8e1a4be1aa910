"""Concentration limits at decision time (R-SME-4, R-SME-7), read from ``sme/limits.yaml``.

The rules file holds dated versions of the guarantor's limits (guarantee multiple, single
party, party with related parties) and the bank's (largest single-borrower loan against net
capital, large exposures to a client and to a connected group against tier-1 capital), and
the warning band. :func:`check_bank` judges one lending decision: every ratio after the
decision against the limits in force on the decision's date and the capital figures last
reported before it; a ratio above its limit refuses the decision with a reason citing
R-SME-7, one inside the warning band gives a note.

Ratios (all after the decision):

* single borrower = the client's loans / net capital;
* large exposure, client = the client's loans and other exposures / tier-1 capital;
* large exposure, group = the sum over the client's connected group / tier-1 capital.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from serviq.errors import InvalidInput, Where
from serviq.resources import data_path
from serviq.sme.risk_reasons import Decision, Reason, limit_reason
from serviq.yamlfile import load_model

RULES_FILE = "sme/limits.yaml"
CAPITAL_FILE = "sme/capital_figures.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GuarantorLimits(_Strict):
    effective: dt.date
    multiple: float = Field(gt=0)
    multiple_small_micro_agri: float = Field(gt=0)
    single_party: float = Field(gt=0, le=1)
    related_parties: float = Field(gt=0, le=1)


class BankLimits(_Strict):
    effective: dt.date
    single_borrower: float = Field(gt=0, le=1)
    large_exposure_client: float = Field(gt=0, le=1)
    large_exposure_group: float = Field(gt=0, le=1)


class _Dated(Protocol):
    @property
    def effective(self) -> dt.date: ...


D = TypeVar("D", bound=_Dated)


def _ascending(versions: tuple[D, ...]) -> tuple[D, ...]:
    if not versions:
        raise ValueError("give at least one version, with its effective date")
    dates = [v.effective for v in versions]
    if len(set(dates)) != len(dates):
        raise ValueError("two versions share an effective date; give each its own date")
    return tuple(sorted(versions, key=lambda v: v.effective))


def in_force(versions: Sequence[D], on: dt.date, *, what: str, source: str) -> D:
    """The latest of ``versions`` whose ``effective`` date is on or before ``on``."""
    found = [v for v in versions if v.effective <= on]
    if not found:
        first = min(v.effective for v in versions)
        raise InvalidInput(
            f"no {what} in force on {on.isoformat()}; the earliest applies from "
            f"{first.isoformat()}",
            where=Where(file=source, field=what),
        )
    return max(found, key=lambda v: v.effective)


class LimitRules(_Strict):
    """The contents of ``sme/limits.yaml`` (see the bundled file for each field)."""

    version: int = Field(1, ge=1, le=1)
    warning_at: float = Field(0.9, gt=0, le=1)
    guarantor: tuple[GuarantorLimits, ...]
    bank: tuple[BankLimits, ...]
    source: str = ""

    @field_validator("guarantor", "bank")
    @classmethod
    def _one_per_date(cls, versions: tuple[Any, ...]) -> tuple[Any, ...]:
        return _ascending(versions)

    def guarantor_on(self, on: dt.date) -> GuarantorLimits:
        return in_force(self.guarantor, on, what="guarantor", source=self.source)

    def bank_on(self, on: dt.date) -> BankLimits:
        return in_force(self.bank, on, what="bank", source=self.source)


def load_limit_rules(path: str | Path | None = None) -> LimitRules:
    """The limits in force: ``path``, else the bank's or the bundled ``sme/limits.yaml``.

    A malformed file raises :class:`~serviq.errors.ValidationFailed` naming the file, line,
    field and what is allowed.
    """
    p = Path(path) if path is not None else data_path(RULES_FILE)
    return load_model(LimitRules, p).model_copy(update={"source": str(p)})


@dataclass(frozen=True)
class CapitalFigures:
    """The bank's capital as reported on ``effective`` (money in the bank's currency)."""

    effective: dt.date
    net_capital: float
    tier1_capital: float


@dataclass(frozen=True)
class Exposure:
    """What the bank has out to one client before the decision."""

    client: str
    loans: float
    other: float = 0.0
    group: str | None = None

    @property
    def total(self) -> float:
        return self.loans + self.other


@dataclass(frozen=True)
class LimitCheck:
    """The decision on a loan and the ratios it was judged on."""

    decision: Decision
    ratios: dict[str, float]

    @property
    def ok(self) -> bool:
        return self.decision.ok

    def as_dict(self, lang: Any = "en") -> dict[str, Any]:
        out = self.decision.as_dict(lang)
        return {
            "ok": out["ok"],
            "ratios": self.ratios,
            "reasons": out["reasons"],
            "notes": out["notes"],
        }


def judge(
    ratios: dict[str, float], limits: dict[str, float], warning_at: float
) -> tuple[list[Reason], list[Reason], list[Reason]]:
    """Each ratio against its limit: (refusals, warnings, passes), each a list of reasons."""
    refused: list[Reason] = []
    near: list[Reason] = []
    within: list[Reason] = []
    for code, value in ratios.items():
        verdict, r = limit_reason(code, value, limits[code], warning_at)
        {"exceeded": refused, "near": near, "within": within}[verdict].append(r)
    return refused, near, within


def check_bank(
    rules: LimitRules,
    on: dt.date,
    capital: Sequence[CapitalFigures],
    exposures: Sequence[Exposure],
    client: str,
    amount: float,
) -> LimitCheck:
    """Judge lending ``amount`` more to ``client`` on ``on`` against the bank's limits.

    ``capital`` holds the bank's reported figures; the latest reported on or before ``on``
    is used. ``exposures`` must list ``client`` (with zero loans for a new one).
    """
    if amount < 0:
        raise InvalidInput(
            f"the amount must be 0 or more, not {amount}", where=Where(field="decision.amount")
        )
    figures = in_force(capital, on, what="capital", source="")
    if figures.net_capital <= 0 or figures.tier1_capital <= 0:
        raise InvalidInput(
            "net capital and tier-1 capital must be above 0", where=Where(field="capital")
        )
    by_client = {e.client: e for e in exposures}
    if client not in by_client:
        raise InvalidInput(
            f"client {client!r} is not among the exposures; listed: {', '.join(by_client)}",
            where=Where(field="decision.client"),
        )
    limits = rules.bank_on(on)
    mine = by_client[client]
    ratios = {
        "bank.single_borrower": (mine.loans + amount) / figures.net_capital,
        "bank.large_exposure_client": (mine.total + amount) / figures.tier1_capital,
    }
    if mine.group is not None:
        group_total = sum(e.total for e in exposures if e.group == mine.group)
        ratios["bank.large_exposure_group"] = (group_total + amount) / figures.tier1_capital
    caps = {
        "bank.single_borrower": limits.single_borrower,
        "bank.large_exposure_client": limits.large_exposure_client,
        "bank.large_exposure_group": limits.large_exposure_group,
    }
    refused, near, _ = judge(ratios, caps, rules.warning_at)
    return LimitCheck(Decision.of(refused, notes=near), ratios)


class _CapitalVersion(_Strict):
    effective: dt.date
    net_capital: float = Field(gt=0)
    tier1_capital: float = Field(gt=0)


class _CapitalFile(_Strict):
    version: int = Field(1, ge=1, le=1)
    capital: tuple[_CapitalVersion, ...]

    @field_validator("capital")
    @classmethod
    def _one_per_date(cls, versions: tuple[Any, ...]) -> tuple[Any, ...]:
        return _ascending(versions)


def load_capital_figures(path: str | Path | None = None) -> tuple[CapitalFigures, ...]:
    """The bank's reported capital, each with the date it applies from: ``path``, else the
    bank's or the bundled ``sme/capital_figures.yaml`` (a malformed file names file, line,
    field and what is allowed)."""
    p = Path(path) if path is not None else data_path(CAPITAL_FILE)
    return tuple(
        CapitalFigures(c.effective, c.net_capital, c.tier1_capital)
        for c in load_model(_CapitalFile, p).capital
    )


def connected_exposures(
    loans: dict[str, float], client: str, related: Sequence[str]
) -> list[Exposure]:
    """The exposures :func:`check_bank` needs from the loans outstanding per client:
    ``client`` (zero if new) and its ``related`` parties form one connected group."""
    group = set(related) | {client}
    names = set(loans) | {client}
    return [
        Exposure(c, loans.get(c, 0.0), group=client if c in group and related else None)
        for c in sorted(names)
    ]
