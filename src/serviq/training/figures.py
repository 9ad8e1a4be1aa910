"""Training figures an indicator binds (``source: training``): completion, pass rate and the
days from a QA finding to its training, per month and scope.

The web passes plain values in; nothing here reads a database. For a month ``m`` (``YYYY-MM``)
and a scope (``""`` the centre, else a team code):

- ``training_completion`` = P / I: of the I invitations to sessions that started in ``m``
  (the invited person's team), the P where the person was present. An invitation whose
  attendance was never recorded counts as not completed.
- ``assessment_pass_rate`` = S / N: of the N test attempts submitted in ``m`` and fully
  scored (short answers marked), the S that reached the pass mark
  (``data/training/scoring.yaml``).
- ``finding_to_training_days`` = mean of (session day − finding day) over the QA-driven
  sessions that started in ``m``; the finding day is the last day of the ISO week whose QA
  reviews produced the training task (R-QA-3: each week's findings become that week's plan).

A figure without data is absent (not 0), so the indicator shows as missing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from serviq.training.sessions import Status

#: the references a ``training`` binding may name (``indicators/sources.yaml`` lists them)
FIGURES = ("training_completion", "assessment_pass_rate", "finding_to_training_days")


@dataclass(frozen=True)
class Invitation:
    """One person invited to one session: the session's month, the person's team, status."""

    month: str
    team: str | None
    status: Status | None


@dataclass(frozen=True)
class Outcome:
    """One scored test attempt: the month it was submitted, the person's team, passed."""

    month: str
    team: str | None
    passed: bool


@dataclass(frozen=True)
class FindingLag:
    """A QA-driven session: its team, the day of the finding and the day of the session."""

    team: str | None
    finding: dt.date
    session: dt.date

    @property
    def days(self) -> int:
        return (self.session - self.finding).days

    @property
    def month(self) -> str:
        return self.session.strftime("%Y-%m")


def week_end(week: str) -> dt.date:
    """The Sunday that ends an ISO week written ``YYYY-Www`` (the day its findings are in).

    >>> week_end("2026-W44")
    datetime.date(2026, 11, 1)
    """
    year, wk = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(wk), 7)


def figures(
    invitations: Iterable[Invitation] = (),
    outcomes: Iterable[Outcome] = (),
    lags: Iterable[FindingLag] = (),
) -> dict[tuple[str, str], dict[str, float]]:
    """``(month, scope) → {figure: value}`` for the centre (scope ``""``) and every team."""
    counts: dict[tuple[str, str, str], list[float]] = defaultdict(list)

    def add(month: str, team: str | None, name: str, value: float) -> None:
        counts[(month, "", name)].append(value)
        if team:
            counts[(month, team, name)].append(value)

    for i in invitations:
        add(i.month, i.team, "training_completion", 1.0 if i.status == "present" else 0.0)
    for o in outcomes:
        add(o.month, o.team, "assessment_pass_rate", 1.0 if o.passed else 0.0)
    for lag in lags:
        add(lag.month, lag.team, "finding_to_training_days", float(lag.days))
    out: dict[tuple[str, str], dict[str, float]] = {}
    for (month, scope, name), values in sorted(counts.items()):
        out.setdefault((month, scope), {})[name] = sum(values) / len(values)
    return out
