"""Credit rationing (信貸配給) and the desk's service measured on its cases (R-SME-3).

Over the decided debt-financing cases of a period:

- **approval rate** by size class, industry or region = approved ÷ decided;
- **refused but creditworthy** = declined cases whose score is at or above the approval
  cut-off (``approval_cutoff`` of ``sme/scorecard.yaml``), as a count and a share of the
  declined cases that were scored — the rationing the source asks the bank to end;
- **approval rate of creditworthy firms** = approved ÷ decided among cases scored at or
  above the cut-off;
- **granted vs asked** = Σ granted ÷ Σ asked over approved cases;
- **rate by grade** = mean rate charged on approved cases of each grade;
- **time to decision** (mean and median days) and **hand-offs** (mean), from the timelines
  (:mod:`serviq.sme.cases`);
- **first-loan share** = approved cases that are the firm's first loan ÷ approved;
- **guarantee coverage** = approved cases with a guarantee ÷ approved;
- **complaint rate** = cases on which the firm complained ÷ cases.

Every share is a fraction 0–1 at full precision; a figure with no cases behind it is
``None``.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from typing import Any

from serviq.sme.cases import Case, Firm, hand_offs, time_to_decision_days


def _decided(cases: Iterable[Case]) -> list[Case]:
    return [c for c in cases if c.outcome in ("approved", "declined")]


def _share(num: int, den: int) -> float | None:
    return num / den if den else None


def approval_rates(
    cases: Iterable[Case], firms: dict[str, Firm], by: str
) -> dict[str, dict[str, Any]]:
    """Approval rate per value of the firm's ``by`` (size_class, industry or region)."""
    if by not in ("size_class", "industry", "region"):
        from serviq.errors import InvalidInput, Where

        raise InvalidInput(
            f"cannot group by {by!r}; allowed: size_class, industry, region",
            where=Where(field="by"),
        )
    groups: dict[str, list[Case]] = {}
    for c in _decided(cases):
        groups.setdefault(str(getattr(firms[c.firm], by)), []).append(c)
    return {
        key: {
            "decided": len(cs),
            "approved": sum(c.outcome == "approved" for c in cs),
            "approval_rate": _share(sum(c.outcome == "approved" for c in cs), len(cs)),
        }
        for key, cs in sorted(groups.items())
    }


def rationing(cases: Iterable[Case], cutoff: float) -> dict[str, Any]:
    """Refused-but-creditworthy, the approval rate of creditworthy firms, granted ÷ asked."""
    decided = _decided(cases)
    declined_scored = [c for c in decided if c.outcome == "declined" and c.score is not None]
    refused_ok = [c for c in declined_scored if c.score is not None and c.score >= cutoff]
    worthy = [c for c in decided if c.score is not None and c.score >= cutoff]
    approved = [c for c in decided if c.outcome == "approved"]
    asked = sum(c.amount_asked for c in approved)
    granted = sum(c.amount_granted or 0.0 for c in approved)
    return {
        "cutoff": cutoff,
        "refused_creditworthy": len(refused_ok),
        "refused_creditworthy_share": _share(len(refused_ok), len(declined_scored)),
        "creditworthy_approval_rate": _share(
            sum(c.outcome == "approved" for c in worthy), len(worthy)
        ),
        "granted_vs_asked": granted / asked if asked else None,
    }


def rate_by_grade(cases: Iterable[Case]) -> dict[str, float]:
    """Mean rate charged on approved cases, per grade."""
    by: dict[str, list[float]] = {}
    for c in cases:
        if c.outcome == "approved" and c.grade is not None and c.rate is not None:
            by.setdefault(c.grade, []).append(c.rate)
    return {g: statistics.fmean(v) for g, v in sorted(by.items())}


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def service_figures(cases: Iterable[Case], cutoff: float) -> dict[str, Any]:
    """The SME service indicators' values over ``cases`` (see the module)."""
    cs = list(cases)
    days = [d for d in map(time_to_decision_days, cs) if d is not None]
    offs = [h for h in map(hand_offs, cs) if h is not None]
    approved = [c for c in cs if c.outcome == "approved"]
    count: Callable[[Callable[[Case], bool]], int] = lambda p: sum(1 for c in approved if p(c))  # noqa: E731
    return {
        "time_to_decision_days": _mean(days),
        "time_to_decision_median_days": statistics.median(days) if days else None,
        "hand_offs": _mean([float(h) for h in offs]),
        "approval_rate": _share(len(approved), len(_decided(cs))),
        "first_loan_share": _share(count(lambda c: c.first_loan), len(approved)),
        "guarantee_coverage": _share(count(lambda c: c.guaranteed), len(approved)),
        "complaint_rate": _share(sum(1 for c in cs if c.complained), len(cs)),
        **rationing(cs, cutoff),
    }
