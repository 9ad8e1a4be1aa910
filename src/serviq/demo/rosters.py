"""Who works when: the roster of day and night shifts, leave taken and shifts swapped.

Each agent follows the centre's rotation (default day, day, night, rest, rest), staggered
within the team so that every shift is covered every day; a night shift is always followed by
rest, so nobody works back-to-back shifts (連班). Leave and swaps are drawn so that they keep
the source's rules (R-OPS-6, R-OPS-7): at most two swaps a person a month, swaps only between
agents of the same job type and skill level, none on a public holiday, none that creates a
night shift followed by a day shift; leave approved by the department director for one day
and by the centre director for more (or for official business).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from serviq.demo.centre import CentreProfile
from serviq.demo.seasonality import day_kind

REST, DAY, NIGHT = 0, 1, 2
SHIFT_NAMES = {DAY: "day", NIGHT: "night"}
LEAVE_KINDS = ("personal", "sick", "official", "emergency")


@dataclass(frozen=True)
class Roster:
    """The shift matrix (agent × day: 0 rest, 1 day, 2 night) and its tables."""

    days: list[dt.date]
    agents: np.ndarray  # agent ids, in the matrix's row order
    planned: np.ndarray  # shift matrix before leave
    on_duty: np.ndarray  # shift matrix after leave (what the queues see)
    table: pd.DataFrame
    leave: pd.DataFrame
    swaps: pd.DataFrame


def _clock(text: str) -> dt.timedelta:
    h, m = text.split(":")
    return dt.timedelta(hours=int(h), minutes=int(m))


def shift_bounds(
    day: dt.date, shift: int, profile: CentreProfile
) -> tuple[dt.datetime, dt.datetime]:
    """Local start and end of ``shift`` on ``day`` (a night shift ends the next morning)."""
    times = profile.shifts.day if shift == DAY else profile.shifts.night
    base = dt.datetime.combine(day, dt.time())
    start = base + _clock(times.start)
    end = base + _clock(times.end)
    if end <= start:
        end += dt.timedelta(days=1)
    return start, end


def _back_to_back(row: np.ndarray) -> bool:
    """A night shift followed by a day shift the next morning."""
    return bool(np.any((row[:-1] == NIGHT) & (row[1:] == DAY)))


def _swaps(
    planned: np.ndarray,
    people: pd.DataFrame,
    days: list[dt.date],
    holiday: np.ndarray,
    rng: np.random.Generator,
    last_day: dt.date | None = None,
) -> tuple[np.ndarray, list[dict[str, object]]]:
    """Swap some shifts between compatible agents; return the new matrix and the swap records.

    Swaps are drawn month by month (both shifts of a swap fall in one month); with
    ``last_day``, only swaps whose earlier shift is on or before it (asked for and approved
    by then: the history of a centre that lives in today)."""
    matrix = planned.copy()
    records: list[dict[str, object]] = []
    agents = people["person_id"].to_numpy()
    key = (
        people["team_id"] + "|" + people["job_type"] + "|" + people["skill_level"].astype(str)
    ).to_numpy()
    month = np.array([d.year * 12 + d.month for d in days])
    count: dict[tuple[int, int], int] = {}
    latest: dict[int, int] = {}
    bounds = np.flatnonzero(np.r_[True, month[1:] != month[:-1], True])
    draws = [
        (int(lo), int(hi), max(1, min(int(len(agents) * (hi - lo) / 2), 3000)))
        for lo, hi in itertools.pairwise(bounds)
    ]
    cutoff = len(days) if last_day is None else sum(d <= last_day for d in days)
    for lo, hi, c in draws:
        for r, p, d1, d2 in _candidates(key, lo, hi, c, rng):
            if min(d1, d2) >= cutoff:
                continue
            _try_swap(matrix, records, agents, days, holiday, month, count, latest, r, p, d1, d2)
    return matrix, records


def _candidates(
    key: np.ndarray, lo: int, hi: int, attempts: int, rng: np.random.Generator
) -> list[tuple[int, int, int, int]]:
    """Random (requester, partner, give day, take day) of compatible agents in days lo..hi."""
    out = []
    n = len(key)
    for _ in range(attempts):
        r = int(rng.integers(n))
        peers = np.flatnonzero((key == key[r]) & (np.arange(n) != r))
        if not len(peers):
            continue
        p = int(rng.choice(peers))
        d1, d2 = (lo + int(x) for x in rng.integers(hi - lo, size=2))
        out.append((r, p, d1, d2))
    return out


def _try_swap(
    matrix: np.ndarray,
    records: list[dict[str, object]],
    agents: np.ndarray,
    days: list[dt.date],
    holiday: np.ndarray,
    month: np.ndarray,
    count: dict[tuple[int, int], int],
    last_day: dict[int, int],
    r: int,
    p: int,
    d1: int,
    d2: int,
) -> None:
    """Make the swap when the rules allow it (updates ``matrix``, ``records`` and counts)."""
    if d1 == d2 or holiday[d1] or holiday[d2] or month[d1] != month[d2]:
        return
    # r gives its shift on d1 to p (p rests then); p's shift on d2 goes to r (r rests then).
    if not (
        matrix[r, d1] != REST
        and matrix[p, d1] == REST
        and matrix[p, d2] != REST
        and matrix[r, d2] == REST
    ):
        return
    m = int(month[d1])
    if count.get((r, m), 0) >= 2 or count.get((p, m), 0) >= 2:
        return
    if any(abs(last_day.get(x, -99) - d) <= 1 for x in (r, p) for d in (d1, d2)):
        return  # no consecutive swaps
    given, taken = int(matrix[r, d1]), int(matrix[p, d2])
    trial_r, trial_p = matrix[r].copy(), matrix[p].copy()
    trial_p[d1], trial_r[d1] = trial_r[d1], REST
    trial_r[d2], trial_p[d2] = trial_p[d2], REST
    if _back_to_back(trial_r) or _back_to_back(trial_p):
        return
    matrix[r], matrix[p] = trial_r, trial_p
    for x in (r, p):
        count[(x, m)] = count.get((x, m), 0) + 1
        last_day[x] = max(d1, d2)
    records.append(
        {
            "requester": agents[r],
            "partner": agents[p],
            "give_date": days[d1],
            "give_shift": SHIFT_NAMES[given],
            "take_date": days[d2],
            "take_shift": SHIFT_NAMES[taken],
            "lead_ids": None,
        }
    )


def build_roster(
    profile: CentreProfile,
    people: pd.DataFrame,
    days: list[dt.date],
    rng: np.random.Generator,
    tz: str,
    until: pd.Timestamp | None = None,
) -> Roster:
    """Rotation, swaps and leave for the agents of ``people`` over ``days``.

    With ``until`` (the moment a centre that lives in today stands at), the swaps and leave
    are those asked for by then: swaps whose first shift was before ``until``'s day, leave
    submitted before ``until`` (including leave booked ahead for later shifts).
    """
    agents = people[people["role"] == "agent"].reset_index(drop=True)
    cycle_names = profile.shifts.cycle
    cycle = np.array([{"day": DAY, "night": NIGHT}.get(c, REST) for c in cycle_names])
    n, m = len(agents), len(days)
    # Stagger: the phone agents (and, apart, the chat agents) of the whole centre take
    # successive offsets of the cycle, queue after queue, so that every group is evenly
    # covered every day and night and each queue's agents are spread over the cycle.
    offsets = np.zeros(n, dtype=int)
    group = np.where(agents["job_type"].to_numpy() == "chat_agent", "chat", "voice")
    queue_rank = agents["primary_queue"].astype(str).to_numpy()
    for _group, idx in pd.Series(np.arange(n)).groupby(group).indices.items():
        shuffled = rng.permutation(idx)
        ordered = shuffled[np.argsort(queue_rank[shuffled], kind="stable")]
        first = int(rng.integers(len(cycle)))
        offsets[ordered] = (first + np.arange(len(ordered))) % len(cycle)
    ordinal = np.array([d.toordinal() for d in days])
    planned = cycle[(ordinal[None, :] + offsets[:, None]) % len(cycle)].astype(np.int8)
    holiday = np.array([day_kind(d) == "holiday" for d in days])
    last_swap_day = None if until is None else until.date() - dt.timedelta(days=1)
    swapped, swap_records = _swaps(planned, agents, days, holiday, rng, last_swap_day)
    local_until = None if until is None else until.tz_localize(None).to_pydatetime()

    # Leave: a few per cent of worked shifts, sometimes several in a row (sick).
    on_duty = swapped.copy()
    leave_rows: list[dict[str, object]] = []
    swapped_cells = swapped != planned
    worked = np.argwhere(swapped != REST)
    take = worked[rng.random(len(worked)) < 0.025]
    lead_of = {t: f"L{i:02d}" for i, t in enumerate(profile.organisation.teams, start=1)}
    for a, d in take:
        if on_duty[a, d] == REST or swapped_cells[a, d]:
            continue  # no leave on a swapped or paid-back shift
        kind = LEAVE_KINDS[int(rng.choice(4, p=[0.45, 0.35, 0.1, 0.1]))]
        if holiday[d] and kind in ("personal", "official"):
            continue
        span = [d]
        if kind == "sick":
            for extra in range(1, int(rng.integers(1, 4))):
                if (
                    d + extra < m
                    and on_duty[a, d + extra] != REST
                    and not swapped_cells[a, d + extra]
                ):
                    span.append(d + extra)
        shift = int(on_duty[a, d])
        start, _ = shift_bounds(days[d], shift, profile)
        _, end = shift_bounds(days[span[-1]], int(on_duty[a, span[-1]]), profile)
        if kind == "personal":
            submitted = start - dt.timedelta(
                days=int(rng.integers(1, 6)), hours=int(rng.integers(0, 8))
            )
        elif kind == "official":
            submitted = start - dt.timedelta(days=int(rng.integers(2, 10)))
        elif kind == "sick":
            submitted = start - dt.timedelta(hours=float(rng.uniform(1.5, 10)))
        else:
            submitted = start - dt.timedelta(minutes=float(rng.uniform(60, 180)))
        if shift == NIGHT:  # night-shift leave is asked for before noon that day
            noon = dt.datetime.combine(days[d], dt.time(12))
            submitted = min(submitted, noon - dt.timedelta(minutes=float(rng.uniform(10, 180))))
        if local_until is not None and submitted > local_until:
            continue  # not asked for yet
        days_long = len(span)
        approver = (
            "centre_director" if (days_long > 1 or kind == "official") else "department_director"
        )
        for x in span:
            on_duty[a, x] = REST
        leave_rows.append(
            {
                "leave_id": f"LV{len(leave_rows) + 1:05d}",
                "person_id": agents.at[a, "person_id"],
                "team_id": agents.at[a, "team_id"],
                "kind": kind,
                "start_at": start,
                "end_at": end,
                "days": days_long,
                "submitted_at": submitted,
                "submitted_by": agents.at[a, "person_id"]
                if kind != "sick" or rng.random() < 0.7
                else lead_of.get(str(agents.at[a, "team_id"]), "L01"),
                "approver_role": approver,
                "status": "approved",
                "certificate_received": (kind == "sick" and days_long >= 1 and rng.random() < 0.92)
                if kind == "sick"
                else None,
            }
        )

    # The roster table: one row per planned working shift after swaps.
    rows = np.argwhere(swapped != REST)
    a_idx, d_idx = rows[:, 0], rows[:, 1]
    shift_codes = swapped[a_idx, d_idx]
    day64 = np.array(days, dtype="datetime64[D]")[d_idx].astype("datetime64[s]")
    first_day = days[0]
    bounds = {c: shift_bounds(first_day, c, profile) for c in (DAY, NIGHT)}
    start_off = np.array(
        [
            0,
            *(
                np.timedelta64(
                    bounds[c][0] - dt.datetime.combine(first_day, dt.time()), "s"
                ).astype(np.int64)
                for c in (DAY, NIGHT)
            ),
        ]
    )
    length = np.array(
        [0, *(int((bounds[c][1] - bounds[c][0]).total_seconds()) for c in (DAY, NIGHT))]
    )
    starts = day64 + start_off[shift_codes].astype("timedelta64[s]")
    ends = starts + length[shift_codes].astype("timedelta64[s]")
    table = pd.DataFrame(
        {
            "shift_id": [f"SH{i + 1:07d}" for i in range(len(d_idx))],
            "date": [days[d].isoformat() for d in d_idx],
            "person_id": agents["person_id"].to_numpy()[a_idx],
            "team_id": agents["team_id"].to_numpy()[a_idx],
            "shift": [SHIFT_NAMES[int(s)] for s in shift_codes],
            "start_at": pd.to_datetime(starts).tz_localize(tz),
            "end_at": pd.to_datetime(ends).tz_localize(tz),
            "swapped": swapped_cells[a_idx, d_idx],
            "on_leave": (on_duty[a_idx, d_idx] == REST),
            "holiday": holiday[d_idx],
        }
    )
    leave = pd.DataFrame(
        leave_rows,
        columns=["leave_id", "person_id", "team_id", "kind", "start_at", "end_at", "days",
                 "submitted_at", "submitted_by", "approver_role", "status", "certificate_received"],
    )  # fmt: skip
    for c in ("start_at", "end_at", "submitted_at"):
        leave[c] = pd.to_datetime(leave[c]).dt.tz_localize(tz)
    swaps = pd.DataFrame(
        swap_records,
        columns=[
            "requester",
            "partner",
            "give_date",
            "give_shift",
            "take_date",
            "take_shift",
            "lead_ids",
        ],
    )
    team_of = dict(zip(agents["person_id"], agents["team_id"], strict=True))
    swaps.insert(0, "swap_id", [f"SW{i + 1:04d}" for i in range(len(swaps))])
    swaps["team_id"] = swaps["requester"].map(team_of)
    swaps["lead_ids"] = swaps["team_id"].map(lead_of)
    swaps = swaps.rename(columns={"lead_ids": "approved_by"})
    swaps["give_date"] = swaps["give_date"].map(lambda d: d.isoformat())
    swaps["take_date"] = swaps["take_date"].map(lambda d: d.isoformat())
    # Requested a few days before the earlier of the two shifts, approved by the team lead(s).
    first = (
        pd.to_datetime(swaps[["give_date", "take_date"]].min(axis=1))
        if len(swaps)
        else pd.Series([], dtype="datetime64[ns]")
    )
    lead = pd.to_timedelta(rng.integers(2, 8, size=len(swaps)), unit="D")
    swaps["requested_at"] = (
        (first - lead + pd.Timedelta(hours=10)).dt.tz_localize(tz)
        if len(swaps)
        else pd.Series([], dtype=f"datetime64[ns, {tz}]")
    )
    swaps["approved_at"] = swaps["requested_at"] + pd.to_timedelta(
        rng.integers(2, 30, size=len(swaps)), unit="h"
    )
    return Roster(days=days, agents=agents["person_id"].to_numpy(), planned=planned, on_duty=on_duty,
                  table=table, leave=leave, swaps=swaps)  # fmt: skip
