"""Agent states for occupancy: logged in, ready, and not ready with a reason.

For every shift an agent works (not on leave) there is a login session (login ten minutes
before the shift for roll call, logout a few minutes after it ends, ``session_id``)
partitioned into ``ready`` and ``not_ready`` segments. Not-ready
reasons: ``meeting`` (the roll call, R-OPS-5), ``break`` (two of 15 minutes), ``meal`` (one
on a day shift, two on a night shift), and sometimes ``training``, ``coaching`` or
``system_problem``. Logged-in time is ``ready`` + ``not_ready`` time of a session; occupancy
divides handling time by ready time or by logged-in time, as the KPI's definition says.
The columns and values are those of ``serviq.ops.schemas.AGENT_STATES``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from serviq.demo.rosters import Roster

STATE_COLUMNS = ["agent_id", "team_id", "session_id", "state", "reason", "start_at", "end_at"]


def build_agent_states(
    roster: Roster, rng: np.random.Generator, tz: str, until: pd.Timestamp | None = None
) -> pd.DataFrame:
    """The state segments of every worked shift in ``roster``; with ``until``, of the shifts
    begun by then, cut at ``until`` (the sessions still open end there)."""
    t = roster.table[~roster.table["on_leave"]]
    if until is not None:
        t = t[t["start_at"] - pd.Timedelta(minutes=30) < until]
    t = t.reset_index(drop=True)
    rows: list[tuple[object, ...]] = []
    starts = t["start_at"].dt.tz_localize(None).to_numpy().astype("datetime64[s]").astype(np.int64)
    ends = t["end_at"].dt.tz_localize(None).to_numpy().astype("datetime64[s]").astype(np.int64)
    for i in range(len(t)):
        agent, team, shift = t.at[i, "person_id"], t.at[i, "team_id"], t.at[i, "shift"]
        sid = f"S{i + 1:07d}"
        login = int(starts[i] - 600 + rng.normal(0, 120))
        logout = int(ends[i] + abs(rng.normal(300, 200)))
        length = ends[i] - starts[i]
        pauses: list[tuple[int, int, str]] = [(login, int(starts[i]), "meeting")]
        plan = [(0.25, 900, "break"), (0.45, 2400, "meal"), (0.75, 900, "break")]
        if shift == "night":
            plan.append((0.6, 2400, "meal"))
        if rng.random() < 0.15:
            plan.append((rng.uniform(0.1, 0.9), 3600, "training"))
        if rng.random() < 0.1:
            plan.append((rng.uniform(0.1, 0.9), 1200, "coaching"))
        if rng.random() < 0.05:
            plan.append((rng.uniform(0.1, 0.9), int(rng.uniform(300, 1800)), "system_problem"))
        for frac, dur, reason in plan:
            s = int(starts[i] + frac * length + rng.normal(0, 600))
            pauses.append((s, s + int(dur * rng.uniform(0.8, 1.3)), reason))
        pauses.sort()
        cursor = login
        for s, e, reason in pauses:
            s = max(s, cursor)
            e = min(e, logout)
            if e <= s:
                continue
            if s > cursor:
                rows.append((agent, team, sid, "ready", None, cursor, s))
            rows.append((agent, team, sid, "not_ready", reason, s, e))
            cursor = e
        if cursor < logout:
            rows.append((agent, team, sid, "ready", None, cursor, logout))
    df = pd.DataFrame(rows, columns=STATE_COLUMNS)
    if until is not None:
        limit = (until.tz_localize(None) - pd.Timestamp(0)) // pd.Timedelta(seconds=1)
        df = df[df["start_at"] < limit].reset_index(drop=True)
        df["end_at"] = df["end_at"].clip(upper=limit)
    for c in ("start_at", "end_at"):
        df[c] = pd.to_datetime(df[c].to_numpy().astype("datetime64[s]")).tz_localize(tz)
    for c in ("agent_id", "team_id", "session_id", "state", "reason"):
        df[c] = df[c].astype("str")
    return df
