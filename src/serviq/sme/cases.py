"""Firms, financing cases in three layers, their timelines and soft information
(R-SME-1, R-SME-2, R-SME-3).

A case's timeline is a list of steps, each with who and when. From it:

- **time to decision** = time of the first ``decision`` step − time of the ``application``
  step, in days (fractional);
- **hand-offs** = the number of times the person responsible changes between consecutive
  steps from the application up to and including the decision (the source's 決策鏈條短而有效:
  fewer hand-offs, a shorter chain).

Soft information (軟信息) is kept as evidence: each entry names its category, the
observation, its source, the date, who recorded it and who verified it, and a score on the
category's scale (``sme/catalogue.yaml``). Only verified entries count in the soft score of
a case: the mean, over categories, of the latest verified entry's score rescaled to 0–1.

Who may read a case's soft information (:func:`may_read_soft_information`): the case's
relationship manager, a risk officer and the SME desk head; nobody else.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where
from serviq.resources import data_path
from serviq.yamlfile import load_model

Label = dict[str, str]


class Layer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: Label
    products: dict[str, Label]


class SoftCategory(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: Label
    scale: str


class Scale(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: Label
    points: list[int]


class Catalogue(BaseModel):
    """Size classes, layers and products, timeline steps, soft categories and scales."""

    model_config = ConfigDict(extra="forbid")
    size_classes: dict[str, Label]
    layers: dict[str, Layer]
    steps: dict[str, Label]
    soft_categories: dict[str, SoftCategory]
    scales: dict[str, Scale]

    def layer_of(self, product: str) -> str | None:
        for code, layer in self.layers.items():
            if product in layer.products:
                return code
        return None


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """The desk's catalogue: ``path``, else the centre's ``sme/catalogue.yaml``."""
    cat = load_model(Catalogue, path or data_path("sme/catalogue.yaml"))
    for code, c in cat.soft_categories.items():
        if c.scale not in cat.scales:
            raise InvalidInput(
                f"soft category {code} names scale {c.scale!r}; allowed: {', '.join(cat.scales)}",
                where=Where(
                    file=str(path or "sme/catalogue.yaml"), field=f"soft_categories.{code}"
                ),
            )
    return cat


ROLES_READING_SOFT_INFORMATION = ("risk_officer", "sme_desk_head")


@dataclass(frozen=True)
class Firm:
    code: str
    size_class: str
    industry: str
    region: str
    founded: dt.date
    related_parties: tuple[str, ...] = ()

    def age_years(self, on: dt.date) -> float:
        return (on - self.founded).days / 365.25


@dataclass(frozen=True)
class Step:
    step: str
    at: dt.datetime
    by: str


@dataclass(frozen=True)
class SoftEntry:
    category: str
    observation: str
    source: str
    observed_on: dt.date
    recorded_by: str
    score: int
    verified_by: str | None = None


@dataclass(frozen=True)
class Case:
    code: str
    firm: str
    product: str
    branch: str
    relationship_manager: str
    amount_asked: float
    timeline: tuple[Step, ...] = ()
    soft: tuple[SoftEntry, ...] = field(default_factory=tuple)
    outcome: str | None = None  # approved / declined; None while undecided
    amount_granted: float | None = None
    rate: float | None = None
    score: float | None = None
    grade: str | None = None
    first_loan: bool = False
    guaranteed: bool = False
    complained: bool = False


def check_case(case: Case, catalogue: Catalogue) -> None:
    """Every problem of a case at once: unknown product or step, steps out of order,
    soft entries outside their scale, verified by their own recorder."""
    problems: list[Problem] = []

    def add(msg: str, fld: str) -> None:
        problems.append(Problem(msg, Where(file=case.code, field=fld)))

    if catalogue.layer_of(case.product) is None:
        allowed = ", ".join(p for layer in catalogue.layers.values() for p in layer.products)
        add(f"unknown product {case.product!r}; allowed: {allowed}", "product")
    order = list(catalogue.steps)
    last = -1
    for i, s in enumerate(case.timeline):
        if s.step not in catalogue.steps:
            add(f"unknown step {s.step!r}; allowed: {', '.join(order)}", f"timeline.{i}.step")
            continue
        pos = order.index(s.step)
        if pos < last:
            add(f"step {s.step} comes after {order[last]}; steps follow {', '.join(order)}",
                f"timeline.{i}.step")  # fmt: skip
        if i and s.at < case.timeline[i - 1].at:
            add(f"step {s.step} is dated before the step it follows", f"timeline.{i}.at")
        last = max(last, pos)
    for i, e in enumerate(case.soft):
        cat = catalogue.soft_categories.get(e.category)
        if cat is None:
            add(f"unknown soft-information category {e.category!r}; allowed: "
                f"{', '.join(catalogue.soft_categories)}", f"soft.{i}.category")  # fmt: skip
            continue
        points = catalogue.scales[cat.scale].points
        if e.score not in points:
            add(f"score {e.score} is not on the {cat.scale} scale; allowed: "
                f"{', '.join(map(str, points))}", f"soft.{i}.score")  # fmt: skip
        if e.verified_by is not None and e.verified_by == e.recorded_by:
            add(
                "an entry cannot be verified by the person who recorded it", f"soft.{i}.verified_by"
            )
        if not e.observation.strip():
            add("the observation is empty; say what was seen or heard", f"soft.{i}.observation")
    if case.amount_asked <= 0:
        add("the amount asked must be positive", "amount_asked")
    if problems:
        raise ValidationFailed(problems, source=case.code)


def _first(case: Case, step: str) -> Step | None:
    return next((s for s in case.timeline if s.step == step), None)


def time_to_decision_days(case: Case) -> float | None:
    """Days from the application to the first decision; ``None`` while undecided."""
    start, end = _first(case, "application"), _first(case, "decision")
    if start is None or end is None:
        return None
    return (end.at - start.at).total_seconds() / 86400.0


def hand_offs(case: Case) -> int | None:
    """Changes of the person responsible between consecutive steps, application → decision."""
    decision = _first(case, "decision")
    if decision is None:
        return None
    chain: list[str] = []
    for s in case.timeline:
        chain.append(s.by)
        if s is decision:
            break
    return sum(1 for a, b in itertools.pairwise(chain) if a != b)


def latest_verified(case: Case, catalogue: Catalogue) -> dict[str, float]:
    """Category → the latest verified entry's score, rescaled to 0–1 on its scale."""
    latest: dict[str, SoftEntry] = {}
    for e in sorted(case.soft, key=lambda e: e.observed_on):
        if e.verified_by is not None and e.category in catalogue.soft_categories:
            latest[e.category] = e
    out: dict[str, float] = {}
    for cat, e in latest.items():
        pts = catalogue.scales[catalogue.soft_categories[cat].scale].points
        out[cat] = (e.score - min(pts)) / (max(pts) - min(pts))
    return out


def soft_score(case: Case, catalogue: Catalogue) -> float | None:
    """Mean over categories of the latest verified entry, rescaled to 0–1 on its scale."""
    values = list(latest_verified(case, catalogue).values())
    return sum(values) / len(values) if values else None


def may_read_soft_information(
    relationship_manager: str, person: str, roles: set[str] | frozenset[str]
) -> bool:
    """The case's relationship manager (by code), a risk officer or the SME desk head."""
    return person == relationship_manager or any(r in roles for r in ROLES_READING_SOFT_INFORMATION)


def soft_entry_as_dict(e: SoftEntry) -> dict[str, Any]:
    return {
        "category": e.category,
        "observation": e.observation,
        "source": e.source,
        "observed_on": e.observed_on.isoformat(),
        "recorded_by": e.recorded_by,
        "verified_by": e.verified_by,
        "score": e.score,
    }
