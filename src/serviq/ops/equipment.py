"""The operations room's equipment (R-OPS-5, R-BANK-1): the list per team, and the two figures
the handover log's equipment checks give.

The list is YAML (``data/ops/equipment.yaml``, overridable in ``SERVIQ_CONFIG_DIR``): every
piece of equipment with its code and its name in the three languages, and optionally a
team's (or site's) own list of codes; a team not named checks the whole list. On every
handover the outgoing shift leader records each piece's state — ``in_order``, ``faulty`` or
``out_of_service`` — with, for a fault, when it was reported, by whom, when it was fixed and
a note (:mod:`serviq.workforce.handover` checks an entry; this module counts).

A *check* is one piece of equipment on one shift's handover log (equipment × shift). For a
team and month (the month of the log), and for the centre pooled over its teams::

    equipment_ok = checks in order ÷ checks

(``faulty`` and ``out_of_service`` both count as not in order). This is the value of the
indicator "equipment in good order" (``EQUIP_OK``, binding ``source: equipment``,
``ref: equipment_ok``).

A *fault* is one piece of equipment of one team reported at one time (the checks naming the
same team, equipment and ``reported_at`` are one fault, however many shifts it lasted); it
belongs to the month of the first check naming it. Its time to fix is ``fixed_at −
reported_at`` in hours; a fault not fixed by ``as_of`` counts with ``as_of − reported_at``
(open faults are counted, so a fault left open raises the figure instead of vanishing)::

    time_to_fix_hours = median over the month's faults of (fixed_at or as_of) − reported_at

(the median: a few faults waiting for a supplier do not swamp the month; the middle of an
even count is the mean of the two middle values, :func:`statistics.median`).

>>> import datetime as dt
>>> t = dt.datetime(2026, 10, 1, 8)
>>> checks = [EquipmentCheck("2026-10", "T1", "L1", "pc", "in_order"),
...           EquipmentCheck("2026-10", "T1", "L1", "headset", "faulty", t),
...           EquipmentCheck("2026-10", "T1", "L2", "pc", "in_order"),
...           EquipmentCheck("2026-10", "T1", "L2", "headset", "in_order", t, t + dt.timedelta(hours=6)),
...           EquipmentCheck("2026-10", "T2", "L3", "pc", "out_of_service", t)]
>>> v = equipment_values(checks, as_of=t + dt.timedelta(hours=30))
>>> v[("2026-10", "T1")]["equipment_ok"], v[("2026-10", "")]["equipment_ok"]
(0.75, 0.6)
>>> v[("2026-10", "T1")]["time_to_fix_hours"], v[("2026-10", "")]["time_to_fix_hours"]
(6.0, 18.0)
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from serviq.languages import Text
from serviq.resources import data_path
from serviq.yamlfile import load_model

State = Literal["in_order", "faulty", "out_of_service"]
STATES: tuple[State, ...] = ("in_order", "faulty", "out_of_service")
CODE = r"^[a-z][a-z0-9_]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Equipment(_Model):
    code: str = Field(pattern=CODE)
    name: Text


class EquipmentFile(_Model):
    equipment: tuple[Equipment, ...] = Field(min_length=1)
    teams: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known(self) -> EquipmentFile:
        codes = [e.code for e in self.equipment]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"equipment codes must be distinct; repeated: {', '.join(twice)}")
        for team, listed in self.teams.items():
            unknown = sorted(set(listed) - set(codes))
            if unknown:
                raise ValueError(
                    f"team {team} lists unknown equipment {', '.join(unknown)}; "
                    f"allowed: {', '.join(codes)}"
                )
        return self

    def of_team(self, team: str) -> tuple[Equipment, ...]:
        """The equipment ``team`` checks on every handover (the whole list by default)."""
        listed = self.teams.get(team)
        if listed is None:
            return self.equipment
        return tuple(e for e in self.equipment if e.code in listed)


def load_equipment(path: str | Path | None = None) -> EquipmentFile:
    """The room's equipment list (the centre's override first), validated."""
    p = Path(path) if path is not None else data_path("ops/equipment.yaml")
    return load_model(EquipmentFile, p)


@dataclass(frozen=True)
class EquipmentCheck:
    """One piece of equipment as recorded on one shift's handover log."""

    period: str  # the month of the log, YYYY-MM
    team: str
    shift: str  # the log it is recorded on (one check per equipment and log)
    equipment: str
    state: State
    reported_at: dt.datetime | None = None
    fixed_at: dt.datetime | None = None


def _median_hours(spans: list[float]) -> float | None:
    return statistics.median(spans) if spans else None


def equipment_values(
    checks: Iterable[EquipmentCheck], as_of: dt.datetime
) -> dict[tuple[str, str], dict[str, float]]:
    """``(period, scope) → {equipment_ok, time_to_fix_hours, checks, faults, open_faults}``
    per team and for the centre (scope ``""``) — the ``equipment`` argument of
    :func:`serviq.indicators.evaluation.evaluate` (formulas in the module doc).
    ``time_to_fix_hours`` is absent for a month without faults."""
    counts: dict[tuple[str, str], list[int]] = {}
    faults: dict[tuple[str, str, dt.datetime], str] = {}  # → the month of its first check
    fixed: dict[tuple[str, str, dt.datetime], dt.datetime] = {}
    for c in sorted(checks, key=lambda c: c.period):
        for scope in (c.team, ""):
            tally = counts.setdefault((c.period, scope), [0, 0])
            tally[0] += int(c.state == "in_order")
            tally[1] += 1
        if c.reported_at is not None:
            key = (c.team, c.equipment, c.reported_at)
            faults.setdefault(key, c.period)
            if c.fixed_at is not None and (key not in fixed or c.fixed_at < fixed[key]):
                fixed[key] = c.fixed_at
    spans: dict[tuple[str, str], list[float]] = {}
    still_open: dict[tuple[str, str], int] = {}
    for key, period in faults.items():
        team, reported = key[0], key[2]
        end = fixed.get(key, as_of)
        hours = max(0.0, (end - reported).total_seconds() / 3600)
        for scope in (team, ""):
            spans.setdefault((period, scope), []).append(hours)
            still_open[(period, scope)] = still_open.get((period, scope), 0) + int(key not in fixed)
    out: dict[tuple[str, str], dict[str, float]] = {}
    for where, (in_order, n) in sorted(counts.items()):
        row: dict[str, float] = {"equipment_ok": in_order / n, "checks": float(n)}
        found = spans.get(where, [])
        row["faults"] = float(len(found))
        row["open_faults"] = float(still_open.get(where, 0))
        median = _median_hours(found)
        if median is not None:
            row["time_to_fix_hours"] = median
        out[where] = row
    return out


#: The columns of an equipment-checks file (``serviq indicators score --equipment``): one row
#: per piece of equipment on one handover log; ``reported_at`` and ``fixed_at`` may be empty.
CHECK_COLUMNS = ("recorded_at", "team", "shift", "equipment", "state", "reported_at", "fixed_at")


def read_checks(
    path: str | Path, timezone: str, equipment: EquipmentFile | None = None
) -> list[EquipmentCheck]:
    """The checks of a file (CSV/XLSX; :data:`CHECK_COLUMNS`), each row checked before any
    is used — the first problem is one :class:`~serviq.errors.InvalidInput` naming the file,
    row and column. Times are ISO 8601 (without a zone: ``timezone``); the month of a check
    is its log's (``recorded_at``) in ``timezone``. The rules are the handover page's: the
    equipment is the team's (``ops/equipment.yaml``), the state one of :data:`STATES`, a
    piece not in order has its report time and no fix time, a fix is not before its report,
    a piece appears once per log."""
    import zoneinfo

    from serviq.errors import InvalidInput, Where
    from serviq.tables import read_table, sheet_row

    zone = zoneinfo.ZoneInfo(timezone)
    room = equipment if equipment is not None else load_equipment()
    df = read_table(path, dtype=str, columns=list(CHECK_COLUMNS))
    out: list[EquipmentCheck] = []
    seen: dict[tuple[str, str, dt.datetime, str], int] = {}
    for i, row in enumerate(df.to_dict("records")):
        n = sheet_row(i)

        def at(col: str, n: int = n) -> Where:
            return Where(file=str(path), row=n, column=col)

        def text(col: str, r: dict[str, object] = row) -> str:
            value = r.get(col)
            return "" if value is None or value != value else str(value).strip()

        def time(col: str, required: bool = False) -> dt.datetime | None:
            raw = text(col)
            if not raw:
                if required:
                    raise InvalidInput(f"the {col} is missing; allowed: an ISO time", where=at(col))
                return None
            try:
                t = dt.datetime.fromisoformat(raw)
            except ValueError:
                raise InvalidInput(
                    f"{col} {raw!r} is not a time; allowed: ISO 8601, e.g. 2026-10-05T08:30+08:00",
                    where=at(col),
                ) from None
            return t if t.tzinfo else t.replace(tzinfo=zone)

        recorded = time("recorded_at", required=True)
        assert recorded is not None
        team, shift, code, state = text("team"), text("shift"), text("equipment"), text("state")
        if not team:
            raise InvalidInput("the team is missing", where=at("team"))
        allowed = [e.code for e in room.of_team(team)]
        if code not in allowed:
            raise InvalidInput(
                f"unknown equipment {code!r} of team {team}; allowed: {', '.join(allowed)}",
                where=at("equipment"),
            )
        if state not in STATES:
            raise InvalidInput(
                f"state {state!r} is unknown; allowed: {', '.join(STATES)}", where=at("state")
            )
        reported, fixed = time("reported_at"), time("fixed_at")
        if state != "in_order" and (reported is None or fixed is not None):
            raise InvalidInput(
                f"{code} is {state.replace('_', ' ')}: it needs reported_at and no fixed_at",
                where=at("reported_at" if reported is None else "fixed_at"),
            )
        if fixed is not None and (reported is None or fixed < reported):
            raise InvalidInput(
                "fixed_at needs reported_at and is not before it", where=at("fixed_at")
            )
        key = (team, shift, recorded, code)
        if key in seen:
            raise InvalidInput(
                f"{code} appears twice on the log of {team} {shift} (first in row {seen[key]}); "
                "allowed: once per log",
                where=at("equipment"),
            )
        seen[key] = n
        period = recorded.astimezone(zone).strftime("%Y-%m")
        log = f"{team}|{shift}|{recorded.isoformat()}"
        out.append(EquipmentCheck(period, team, log, code, state, reported, fixed))
    return out


def names(equipment: Iterable[Equipment], lang: str) -> Mapping[str, str]:
    """Each piece's name in ``lang`` (zh-Hans, zh-Hant or en) by code."""
    return {e.code: e.name.get(lang) for e in equipment}
