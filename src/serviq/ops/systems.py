"""System availability and system problems (R-BANK-2): the monthly import per service, and
the two indicators it gives.

The file (CSV or XLSX, read by :func:`serviq.tables.read_table`) has one row per month and
service::

    period, service, scheduled_minutes, unavailable_minutes, problem_contacts

``service`` is one of ``ops/systems.yaml`` (mobile banking, core system, IVR in the bundled
file); minutes and contacts are numbers ≥ 0, unavailable ≤ scheduled; a month and service
appear once. Every row is checked before anything is used; the first problem is one line
naming the file, row, column and what is allowed.

The indicators, for the centre and each month (:func:`system_values`)::

    system_availability = 1 − Σ unavailable_minutes ÷ Σ scheduled_minutes
    system_issue_rate   = Σ problem_contacts ÷ contacts answered in the month

the sums over the services; the contacts answered are the ops KPI ``answered`` of the same
month (the dispatch, :func:`serviq.indicators.evaluation.evaluate`, divides).

>>> rows = [SystemMonth("2026-10", "ivr", 44640, 44.64, 30),
...         SystemMonth("2026-10", "core_system", 44640, 0, 10)]
>>> system_values(rows)["2026-10"]
{'scheduled_minutes': 89280.0, 'unavailable_minutes': 44.64, 'problem_contacts': 40.0}
>>> round(availability(system_values(rows)["2026-10"]), 6)
0.9995
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from serviq.errors import ConfigError, InvalidInput, Where
from serviq.messages import error
from serviq.resources import data_path
from serviq.tables import read_table, sheet_row
from serviq.yamlfile import load_yaml

COLUMNS = ["period", "service", "scheduled_minutes", "unavailable_minutes", "problem_contacts"]
PERIOD = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
SUMS = ("scheduled_minutes", "unavailable_minutes", "problem_contacts")


@dataclass(frozen=True)
class SystemMonth:
    period: str
    service: str
    scheduled_minutes: float
    unavailable_minutes: float
    problem_contacts: float


def load_services(path: str | Path | None = None) -> tuple[str, ...]:
    """The services of ``ops/systems.yaml`` (the centre's override first)."""
    p = Path(path) if path is not None else data_path("ops/systems.yaml")
    data, _ = load_yaml(p)
    services = data.get("services") if isinstance(data, dict) else None
    if (
        not isinstance(services, list)
        or not services
        or not all(isinstance(s, str) and re.match(r"^[a-z][a-z0-9_]*$", s) for s in services)
    ):
        raise ConfigError(
            "services must be a list of codes (lower case, digits, _)",
            where=Where(file=str(p), field="services"),
        )
    return tuple(services)


def _number(value: Any, where: Where) -> float:
    try:
        f = float(str(value).strip())
    except (TypeError, ValueError):
        f = math.nan
    if not math.isfinite(f) or f < 0:
        raise error(InvalidInput, "data.nonnegative", where=where, value=value)
    return f


def read_system_months(
    path: str | Path, services: Iterable[str] | None = None
) -> list[SystemMonth]:
    """Every row of the file, checked (module doc); the first problem raises."""
    allowed = tuple(services) if services is not None else load_services()
    df = read_table(path, dtype=str, columns=COLUMNS)
    out: list[SystemMonth] = []
    seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(df.itertuples(index=False)):
        r = row._asdict()
        n = sheet_row(i)

        def at(col: str, n: int = n) -> Where:
            return Where(file=str(path), row=n, column=col)

        period = str(r["period"] or "").strip()
        if not PERIOD.match(period):
            raise error(InvalidInput, "form.period", where=at("period"), period=period)
        service = str(r["service"] or "").strip()
        if service not in allowed:
            raise error(InvalidInput, "data.service", where=at("service"), service=service,
                        allowed=", ".join(allowed))  # fmt: skip
        if (period, service) in seen:
            raise error(InvalidInput, "data.service_twice", where=at("service"), period=period,
                        service=service, first=seen[(period, service)])  # fmt: skip
        seen[(period, service)] = n
        values = {c: _number(r[c], at(c)) for c in SUMS}
        if values["unavailable_minutes"] > values["scheduled_minutes"]:
            raise InvalidInput(
                "unavailable_minutes exceeds scheduled_minutes; allowed: 0 to scheduled",
                where=at("unavailable_minutes"),
            )
        out.append(SystemMonth(period, service, **values))
    return out


def system_values(rows: Iterable[SystemMonth]) -> dict[str, dict[str, float]]:
    """``period → {scheduled_minutes, unavailable_minutes, problem_contacts}`` summed over
    the services: the ``systems`` argument of the core dispatch."""
    out: dict[str, dict[str, float]] = {}
    for r in rows:
        sums = out.setdefault(r.period, dict.fromkeys(SUMS, 0.0))
        for c in SUMS:
            sums[c] += float(getattr(r, c))
    return out


def availability(sums: Mapping[str, float]) -> float | None:
    """1 − Σ unavailable ÷ Σ scheduled; None without scheduled minutes."""
    scheduled = sums.get("scheduled_minutes") or 0.0
    return 1.0 - sums.get("unavailable_minutes", 0.0) / scheduled if scheduled > 0 else None


def issue_rate(sums: Mapping[str, float], answered: float | None) -> float | None:
    """Σ problem contacts ÷ contacts answered; None without answered contacts."""
    if answered is None or not math.isfinite(answered) or answered <= 0:
        return None
    return sums.get("problem_contacts", 0.0) / answered
