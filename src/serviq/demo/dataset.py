"""The whole synthetic centre in one call, and writing it to files.

:func:`generate` returns a :class:`DemoData` (a frozen dataclass of DataFrames);
:func:`write` writes each table to ``DIR/<table>.parquet`` (or ``.csv``);
:func:`write_interactions` streams only the interaction log, one day at a time, into one
Parquet (or CSV) file — the path for benchmark sizes (20 million rows) that would not fit in
memory as DataFrames. Both draw the same days from the same seed, so the streamed file holds
exactly the interactions that :func:`generate` returns.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from serviq.demo.agent_states import build_agent_states
from serviq.demo.centre import CentreProfile, load_profile
from serviq.demo.comments import write_comments
from serviq.demo.interactions import (
    INTERACTION_COLUMNS,
    ContactCentre,
    interactions_frame,
    take_rows,
)
from serviq.demo.organisation import build_people, build_teams
from serviq.demo.qa_reviews import build_reviews
from serviq.demo.rosters import Roster, build_roster
from serviq.demo.surveys import (
    RESPONSE_COLUMNS,
    Respondents,
    finish,
    platform_export,
    respond,
    sample_respondents,
)
from serviq.demo.timeline import Timeline, timeline
from serviq.demo.work_orders import build_work_orders
from serviq.errors import InvalidInput, Where

Progress = Callable[[str, int, int], None]
DEFAULT_SEED = 20260901


@dataclass(frozen=True)
class DemoData:
    """Every table of the synthetic centre (see ``docs/demo.md`` for their columns)."""

    people: pd.DataFrame
    teams: pd.DataFrame
    interactions: pd.DataFrame
    work_orders: pd.DataFrame
    work_order_events: pd.DataFrame
    agent_states: pd.DataFrame
    rosters: pd.DataFrame
    leave: pd.DataFrame
    swaps: pd.DataFrame
    survey_responses: pd.DataFrame
    comments: pd.DataFrame
    qa_reviews: pd.DataFrame
    qa_calibration: pd.DataFrame
    survey_export: pd.DataFrame | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name (``survey_export`` only when it was asked for)."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "meta"}
        return {k: v for k, v in out.items() if v is not None}


def period(
    months: int, start: dt.date | str | None, today: dt.date | None = None, days: int | None = None
) -> list[dt.date]:
    """The days generated: ``months`` calendar months from ``start`` (or ``days`` days).

    Without ``start``, the period ends with the last full month before ``today``; pass
    ``start`` for reproducible dates (and :func:`serviq.demo.timeline.timeline` with
    ``until`` for a centre that lives in today).
    """
    return timeline(months, start, tz="UTC", days=days, today=today).days


def _check_scale(scale: float) -> None:
    if not (scale > 0 and np.isfinite(scale)):
        raise InvalidInput(
            f"scale must be a positive number, not {scale}", where=Where(field="scale")
        )


class _Centre:
    """People, roster and the contact simulation for one seed, scale and period."""

    def __init__(
        self, months: int, scale: float, seed: int, start: dt.date | str | None,
        profile: CentreProfile | None, days: int | None = None,
        until: dt.datetime | dt.date | str | None = None, roster_until: dt.date | str | None = None,
    ) -> None:  # fmt: skip
        _check_scale(scale)
        self.profile = profile or load_profile()
        self.tz = self.profile.timezone
        self.seed = seed
        self.timeline: Timeline = timeline(
            months, start, tz=self.tz, days=days, until=until, roster_until=roster_until
        )
        self.days = self.timeline.days  # rostered; the first ``contact_days`` are simulated
        self.contact_days = self.timeline.contact_days
        self.until = self.timeline.until
        rng = np.random.default_rng([seed, 0])
        self.people = build_people(self.profile, scale, rng)
        self.roster: Roster = build_roster(
            self.profile, self.people, self.days, rng, self.tz, until=self.until
        )
        self.centre = ContactCentre(self.profile, self.people, self.roster, scale, seed)

    def day(self, d: int) -> tuple[dict[str, Any], pd.DataFrame, Respondents]:
        """The interaction columns of day ``d``, its survey responses and their respondents.

        With ``until``, only what had happened by then: contacts that arrived and ended by
        ``until``, and the survey answers submitted by then (the others have no ``csat``).
        """
        raw = self.centre.day(d)
        cols = self.centre.columns(raw)
        rng = np.random.default_rng([self.seed, 2, d])
        idx = sample_respondents(
            ~raw["abandoned"], raw["ctype"], self.profile.surveys.response_rate, rng
        )
        ended = pd.Series(
            pd.to_datetime(cols["ended_at"][idx].astype("datetime64[s]"), utc=True)
        ).dt.tz_convert(self.tz)
        exp = pd.DataFrame(
            {
                "row": idx,
                **{
                    k: self.centre.strings(cols, k, idx)
                    for k in (
                        "interaction_id",
                        "agent_id",
                        "team_id",
                        "queue",
                        "channel",
                        "contact_type",
                    )
                },
                "ended_at": ended,
                **{
                    k: raw[k][idx]
                    for k in (
                        "wait",
                        "abandoned",
                        "transferred",
                        "resolved",
                        "repeat",
                        "skill",
                        "system_problem",
                        "hard_case",
                    )
                },
            }
        )
        responses, who = respond(exp, self.profile, rng)
        if self.until is not None:
            sent = (responses["submitted_at"] <= self.until).to_numpy()
            responses = responses[sent].reset_index(drop=True)
            who = Respondents(
                experience=who.experience[sent].reset_index(drop=True),
                emp=who.emp[sent],
                ass=who.ass[sent],
            )
        csat = np.zeros(cols["_n"], dtype=np.int64)
        csat[who.experience["row"].to_numpy()] = np.nan_to_num(
            responses["CSAT"].to_numpy(dtype=float), nan=0
        ).astype(np.int64)
        cols["csat"] = csat
        limit = self.timeline.until_seconds
        if limit is not None:
            cols = take_rows(cols, (cols["arrived_at"] <= limit) & (cols["ended_at"] <= limit))
        return cols, responses, who


def generate(
    months: int = 1,
    scale: float = 1.0,
    seed: int = DEFAULT_SEED,
    start: dt.date | str | None = None,
    *,
    profile: CentreProfile | None = None,
    days: int | None = None,
    until: dt.datetime | dt.date | str | None = None,
    roster_until: dt.date | str | None = None,
    survey_export: bool = False,
    progress: Progress | None = None,
) -> DemoData:
    """Generate the synthetic bank contact centre.

    ``months`` calendar months from ``start`` (default: the last ``months`` full months),
    about ``1 800 × scale`` contacts a weekday and ``10 × scale`` agents a team; the same
    ``seed`` (and ``start``) gives the same data. ``days`` replaces ``months`` by a number of
    days (a quick week for tests). ``until`` (a moment: a tz-aware or local time, or a
    date's midnight) ends the data there instead: without ``start`` they then begin
    ``months`` months before ``until``'s month (``months`` complete months and the current
    month to date); contacts, surveys, QA reviews and agent states stop at ``until``, work
    orders are as of ``until``. ``roster_until`` (a day, inclusive) runs the roster, leave
    and swaps on past the simulated days. ``survey_export=True`` adds the survey
    responses in a Chinese survey platform's export layout (``survey_export``).

    >>> data = generate(months=1, scale=0.05, seed=1, start="2026-03-01")
    >>> sorted(data.interactions["queue"].unique())
    ['complaints', 'credit_card', 'retail', 'wealth']
    """
    c = _Centre(months, scale, seed, start, profile, days, until, roster_until)
    tz = c.tz
    frames: list[pd.DataFrame] = []
    resp: list[pd.DataFrame] = []
    who: list[Respondents] = []
    n_days = c.contact_days
    steps = n_days + 4
    for d in range(n_days):
        cols, responses, w = c.day(d)
        frames.append(interactions_frame(c.centre, cols, tz))
        resp.append(responses)
        who.append(w)
        if progress:
            progress("interactions", d + 1, steps)
    interactions = pd.concat(frames, ignore_index=True)
    rng = np.random.default_rng([seed, 3])
    responses = pd.concat(resp, ignore_index=True)
    responses["response_id"] = [f"R{i:07d}" for i in range(1, len(responses) + 1)]
    everyone = Respondents(
        experience=pd.concat([w.experience for w in who], ignore_index=True),
        emp=np.concatenate([w.emp for w in who]),
        ass=np.concatenate([w.ass for w in who]),
    )
    comments = write_comments(responses, everyone, c.profile, rng)
    responses = finish(responses)
    if progress:
        progress("surveys and comments", n_days + 1, steps)
    as_of = (
        c.until
        if c.until is not None
        else pd.Timestamp(dt.datetime.combine(c.timeline.end, dt.time())).tz_localize(tz)
    )
    work_orders, events = build_work_orders(interactions, c.profile, as_of, rng)
    if progress:
        progress("work orders", n_days + 2, steps)
    states = build_agent_states(c.roster, rng, tz, until=c.until)
    if progress:
        progress("agent states", n_days + 3, steps)
    lo, hi = c.profile.qa.reviews_per_agent
    reviews, calibration = build_reviews(interactions, c.people, (lo, hi), rng)
    if c.until is not None:  # a review is done some hours after its contact
        reviews = reviews[reviews["reviewed_at"] <= c.until].reset_index(drop=True)
    if progress:
        progress("QA reviews", steps, steps)
    return DemoData(
        people=c.people,
        teams=build_teams(c.profile, c.people),
        interactions=interactions,
        work_orders=work_orders,
        work_order_events=events,
        agent_states=states,
        rosters=c.roster.table,
        leave=c.roster.leave,
        swaps=c.roster.swaps,
        survey_responses=responses[RESPONSE_COLUMNS],
        comments=comments,
        qa_reviews=reviews,
        qa_calibration=calibration,
        survey_export=platform_export(responses, rng) if survey_export else None,
        meta={
            "seed": seed,
            "scale": scale,
            "months": months,
            "days": n_days,
            "timezone": tz,
            "start": c.days[0].isoformat(),
            "end": c.timeline.end.isoformat(),
            **({} if c.until is None else {"until": c.until.isoformat()}),
            **({} if len(c.days) == n_days else {"roster_until": c.days[-1].isoformat()}),
            "incidents": [
                {"start": a.isoformat(), "end": b.isoformat()}
                for a, b in c.centre.incident_windows()
                if c.until is None or a < c.until
            ],
        },
    )


# -- files ------------------------------------------------------------------------------------
def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Timestamps as ISO 8601 with offset (``2026-03-02T09:15:04+08:00``), booleans true/false."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if isinstance(col.dtype, pd.DatetimeTZDtype):
            text = col.dt.strftime("%Y-%m-%dT%H:%M:%S%z")
            out[c] = text.str.replace(r"([+-]\d\d)(\d\d)$", r"\1:\2", regex=True)
        elif col.dtype == bool:
            out[c] = np.where(col, "true", "false")
        elif col.dtype == object and col.map(lambda v: isinstance(v, bool)).any():
            out[c] = col.map(
                lambda v: "" if v is None or v is pd.NA else ("true" if v else "false")
            )
    return out


FORMATS = ("parquet", "csv")


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise InvalidInput(
            f"format must be one of {', '.join(FORMATS)}, not {format!r}",
            where=Where(field="format"),
        )


def write(data: DemoData, out_dir: str | Path, format: str = "parquet") -> dict[str, Path]:
    """Write every table to ``out_dir/<table>.<format>`` and ``meta.json``; return the paths."""
    _check_format(format)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, df in data.tables().items():
        path = out / f"{name}.{format}"
        if format == "parquet":
            df.to_parquet(path, index=False)
        else:
            _csv_ready(df).to_csv(path, index=False, encoding="utf-8")
        paths[name] = path
    meta = out / "meta.json"
    meta.write_text(
        json.dumps({**data.meta, "rows": {k: len(v) for k, v in data.tables().items()}}, indent=2),
        encoding="utf-8",
    )
    paths["meta"] = meta
    return paths


def _arrow_table(cols: dict[str, Any], tz: str) -> Any:
    """The day's columns as an Arrow table, without a Python object per string."""
    import pyarrow as pa

    arrays = []
    for c in INTERACTION_COLUMNS:
        v = cols[c]
        if c in ("arrived_at", "answered_at", "ended_at"):
            utc = pa.array(v, type=pa.int64(), mask=v < 0).cast(pa.timestamp("s", tz="UTC"))
            arrays.append(utc.cast(pa.timestamp("s", tz=tz)))
        elif c == "csat":
            arrays.append(pa.array(np.asarray(v, dtype=np.int64), mask=v <= 0))
        elif c in ("hold_seconds", "wrapup_seconds"):
            arrays.append(pa.array(np.asarray(v, dtype=np.int64)))
        elif c in ("abandoned", "transferred", "resolved", "system_problem", "hard_case"):
            arrays.append(pa.array(np.asarray(v, dtype=bool)))
        elif c in cols["_categories"]:
            codes = pa.array(np.asarray(v, dtype=np.int32), mask=v < 0)
            dictionary = pa.array(cols["_categories"][c], type=pa.string())
            arrays.append(pa.DictionaryArray.from_arrays(codes, dictionary).cast(pa.string()))
        else:
            mask = cols["_work_order_mask"] if c == "work_order_id" else None
            arrays.append(
                pa.array(v, type=pa.binary(v.dtype.itemsize), mask=mask).cast(pa.string())
            )
    return pa.Table.from_arrays(arrays, names=INTERACTION_COLUMNS)


def write_interactions(
    path: str | Path,
    months: int = 1,
    scale: float = 1.0,
    seed: int = DEFAULT_SEED,
    start: dt.date | str | None = None,
    *,
    format: str = "parquet",
    profile: CentreProfile | None = None,
    days: int | None = None,
    until: dt.datetime | dt.date | str | None = None,
    roster_until: dt.date | str | None = None,
    rows_per_group: int = 1_000_000,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Stream the interaction log to one file, a day at a time, in bounded memory.

    Rows are the same as ``generate(...).interactions`` for the same arguments. Returns
    ``{"path", "rows", "days", "start", "end"}``.
    """
    _check_format(format)
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    c = _Centre(months, scale, seed, start, profile, days, until, roster_until)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    pending: list[Any] = []
    pending_rows = 0
    writer: Any = None

    def flush() -> None:
        nonlocal writer, pending, pending_rows
        if not pending:
            return
        table = pa.concat_tables(pending)
        if writer is None:
            writer = (
                pq.ParquetWriter(path, table.schema)
                if format == "parquet"
                else pacsv.CSVWriter(path, table.schema)
            )
        writer.write_table(table)
        pending, pending_rows = [], 0

    try:
        for d in range(c.contact_days):
            cols, _, _ = c.day(d)
            table = _arrow_table(cols, c.tz)
            pending.append(table)
            pending_rows += table.num_rows
            rows += table.num_rows
            if pending_rows >= rows_per_group:
                flush()
            if progress:
                progress("interactions", d + 1, c.contact_days)
        flush()
    finally:
        if writer is not None:
            writer.close()
    return {
        "path": str(path),
        "rows": rows,
        "days": c.contact_days,
        "start": c.days[0].isoformat(),
        "end": c.timeline.end.isoformat(),
    }
