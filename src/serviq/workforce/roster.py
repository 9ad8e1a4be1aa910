"""Monthly rosters per team: the model, XLSX/CSV import with validation, staffing.

**Roster file layout** (what a team lead keeps in Excel): one row per agent, a column
``agent`` with the agent's ID, then one column per day of the month headed by the day
number (``1`` … ``31``) or the date (``2026-12-01``). Each cell holds a shift code from
the rules file (``D`` day, ``N`` night, or a centre's own codes under ``shift_kinds``),
or is empty / ``-`` / ``休`` / ``off`` for a day off. A shift starts on its day at the
kind's start time in the centre's zone and ends at its end time — the next day when the
end is not after the start (a night shift).

Every problem is reported at once, each with its spreadsheet row and column::

    error: unknown shift code 'X'; allowed: D, N or empty (roster.xlsx, row 4, column C (2))

**Staffing per interval** (:func:`staffing`) counts, for each interval, the agents on
shift (a shift covering part of an interval counts for that part), less those on leave,
and sets it against a requirement table (for example the ``agents`` column of the
Erlang C table of ``serviq ops erlang``) when one is given: ``gap = scheduled − required``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where
from serviq.workforce.ruleset import Rules
from serviq.workforce.shifts import LeaveRecord, Shift

if TYPE_CHECKING:
    import pandas as pd

OFF = frozenset({"", "-", "休", "off", "OFF", "Off"})


@dataclass(frozen=True)
class Roster:
    team: str
    year: int
    month: int
    shifts: tuple[Shift, ...]

    @property
    def people(self) -> list[str]:
        return sorted({s.person for s in self.shifts})

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "shift": s.id,
                    "person": s.person,
                    "date": s.date,
                    "kind": s.kind,
                    "start": s.start,
                    "end": s.end,
                    "night": s.night,
                }
                for s in self.shifts
            ],
            columns=["shift", "person", "date", "kind", "start", "end", "night"],
        )


def make_shift(person: str, day: dt.date, kind: str, rules: Rules, team: str = "") -> Shift:
    """The shift of ``kind`` (a key of ``rules.shift_kinds``) that ``person`` works on ``day``."""
    sk = rules.shift_kinds[kind]
    zone = rules.calendar.zone
    start = dt.datetime.combine(day, sk.start_time, tzinfo=zone)
    end_day = day if sk.end_time > sk.start_time else day + dt.timedelta(days=1)
    end = dt.datetime.combine(end_day, sk.end_time, tzinfo=zone)
    sid = f"{team + '-' if team else ''}{person}-{day.isoformat()}-{sk.code}"
    return Shift(sid, person, day, kind, start, end, night=sk.night)


def _day_of(header: str, year: int, month: int) -> dt.date | None:
    text = header.strip()
    try:
        if text.isdigit():
            return dt.date(year, month, int(text))
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
    return day if (day.year, day.month) == (year, month) else None


def _column(number: int, header: str) -> str:
    """A column as a spreadsheet user sees it: its letter and its header, ``C (2)``."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(number)} ({header})"


def read_roster(
    path: str | Path,
    *,
    team: str,
    year: int,
    month: int,
    rules: Rules,
    people: Sequence[str] | None = None,
) -> Roster:
    """Read a team's monthly roster from XLSX or CSV; all problems at once, with row and
    column. ``people``, when given, are the agents allowed in the team."""
    from serviq.tables import read_table, sheet_row

    file = str(path)
    df = read_table(path, dtype=str, columns=["agent"])
    codes = {sk.code: kind for kind, sk in rules.shift_kinds.items()}
    allowed = ", ".join(sorted(codes)) + " or empty"
    problems: list[Problem] = []
    days: dict[str, dt.date] = {}
    for col_no, header in enumerate(df.columns, start=1):
        if header == "agent":
            continue
        day = _day_of(header, year, month)
        if day is None:
            problems.append(
                Problem(
                    f"column {header!r} is not a day of {year}-{month:02d}; "
                    "allowed: 1–31 or a date such as "
                    f"{year}-{month:02d}-01",
                    Where(file=file, row=1, column=_column(col_no, header)),
                )
            )
        elif day in days.values():
            problems.append(
                Problem(
                    f"day {day} appears twice",
                    Where(file=file, row=1, column=_column(col_no, header)),
                )
            )
        else:
            days[header] = day
    known = set(people) if people is not None else None
    seen: set[str] = set()
    shifts: list[Shift] = []
    col_index = {h: _column(i, h) for i, h in enumerate(df.columns, start=1)}
    for i, row in enumerate(df.itertuples(index=False)):
        values = dict(zip(df.columns, row, strict=True))
        agent = str(values["agent"]).strip() if values["agent"] is not None else ""
        where_agent = Where(file=file, row=sheet_row(i), column=col_index["agent"])
        if agent in ("", "nan", "None"):
            problems.append(Problem("the agent is missing", where_agent))
            continue
        if agent in seen:
            problems.append(Problem(f"agent {agent} has a second row", where_agent))
            continue
        seen.add(agent)
        if known is not None and agent not in known:
            problems.append(
                Problem(
                    f"agent {agent} is not in team {team}; allowed: {', '.join(sorted(known))}",
                    where_agent,
                )
            )
        for header, day in days.items():
            raw = values[header]
            code = "" if raw is None or str(raw) == "nan" else str(raw).strip()
            if code in OFF:
                continue
            if code not in codes:
                problems.append(
                    Problem(
                        f"unknown shift code {code!r}; allowed: {allowed}",
                        Where(file=file, row=sheet_row(i), column=col_index[header]),
                    )
                )
                continue
            shifts.append(make_shift(agent, day, codes[code], rules, team))
    if problems:
        raise ValidationFailed(problems, source=file)
    return Roster(team, year, month, tuple(sorted(shifts, key=lambda s: (s.start, s.person))))


def write_roster(roster: Roster, path: str | Path, rules: Rules) -> None:
    """Write ``roster`` in the layout :func:`read_roster` reads (XLSX or CSV by suffix)."""
    import calendar as stdcal

    import pandas as pd

    n = stdcal.monthrange(roster.year, roster.month)[1]
    grid = {p: [""] * n for p in roster.people}
    for s in roster.shifts:
        grid[s.person][s.date.day - 1] = rules.shift_kinds[s.kind].code
    df = pd.DataFrame(
        [[p, *cells] for p, cells in grid.items()],
        columns=["agent", *[str(d) for d in range(1, n + 1)]],
    )
    from serviq.formulas import write_frame

    write_frame(df, Path(path), encoding="utf-8")  # no cell can become a formula


def staffing(
    shifts: Iterable[Shift],
    start: dt.datetime,
    end: dt.datetime,
    *,
    interval_minutes: int = 30,
    leave: Iterable[LeaveRecord] = (),
    requirement: pd.DataFrame | None = None,
    required_column: str = "agents",
) -> pd.DataFrame:
    """Agents on shift per interval from ``start`` to ``end``.

    ``scheduled`` is the sum over shifts of the share of the interval each covers
    (minus the part covered by the person's leave). With ``requirement`` (columns
    ``interval_start`` and ``required_column``), adds ``required`` and
    ``gap = scheduled − required``.
    """
    import pandas as pd

    if interval_minutes <= 0:
        raise InvalidInput(
            "interval_minutes must be positive", where=Where(field="interval_minutes")
        )
    if end <= start:
        raise InvalidInput("end must be after start", where=Where(field="end"))
    step = dt.timedelta(minutes=interval_minutes)
    shifts = list(shifts)
    leave_by: dict[str, list[LeaveRecord]] = {}
    for lv in leave:
        leave_by.setdefault(lv.person, []).append(lv)
    rows = []
    t = start
    while t < end:
        u = min(t + step, end)
        length = (u - t).total_seconds()
        total = 0.0
        for s in shifts:
            lo, hi = max(s.start, t), min(s.end, u)
            if hi <= lo:
                continue
            covered = (hi - lo).total_seconds()
            for lv in leave_by.get(s.person, ()):
                llo, lhi = max(lo, lv.start), min(hi, lv.end)
                if lhi > llo:
                    covered -= (lhi - llo).total_seconds()
            total += max(covered, 0.0) / length
        rows.append({"interval_start": t, "interval_end": u, "scheduled": total})
        t = u
    df = pd.DataFrame(rows, columns=["interval_start", "interval_end", "scheduled"])
    if requirement is not None:
        missing = [c for c in ("interval_start", required_column) if c not in requirement.columns]
        if missing:
            raise InvalidInput(
                f"the requirement table lacks {', '.join(missing)}; it has: "
                f"{', '.join(map(str, requirement.columns))}",
                where=Where(field="requirement"),
            )
        req = requirement[["interval_start", required_column]].rename(
            columns={required_column: "required"}
        )
        req = req.assign(interval_start=pd.to_datetime(req["interval_start"], utc=True))
        df = df.assign(interval_start=pd.to_datetime(df["interval_start"], utc=True))
        df = df.merge(req, on="interval_start", how="left")
        df["gap"] = df["scheduled"] - df["required"]
    return df
