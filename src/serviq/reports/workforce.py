"""The workforce side of the monthly report: attendance (leave taken, shift swaps, lateness,
absence from the post, absence), work orders escalated (督辦) and incidents reported upward
(請示報告, confidentiality incidents among them), counted over the month in scope.

Each count is of rows of a plain table, in the month by the column named below (local
time of the centre):

- ``leave`` — approved leave (``status`` ``approved`` when the column is there) that
  starts in the month (``start_at``): ``leave`` requests and ``leave_days`` (the sum of
  ``days``, the working days each covers, when the table has it);
- ``swaps`` — approved swaps whose given shift (``give_date``) is in the month;
- ``violations`` — the team lead's attendance records (:mod:`serviq.workforce.attendance`:
  ``late``, ``away_from_post``, ``absent``) by ``date``;
- ``work_orders`` — work orders created in the month and ``escalated`` (督辦);
- ``escalations`` — reports upward (:mod:`serviq.workforce.escalation`) created in the
  month (``created_at``): ``incidents``, and ``confidentiality`` (category
  ``confidentiality``: :func:`serviq.workforce.escalation.incident_report`).

A key is present only when its table is: a missing table is "no data", never zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

import pandas as pd

from serviq.reports.inputs import local_times
from serviq.reports.periods import Period


def _in_month(df: pd.DataFrame, column: str, p: Period, tz: str) -> pd.DataFrame:
    t = local_times(df[column], tz)
    return df[(t >= pd.Timestamp(p.start)) & (t < pd.Timestamp(p.end))]


def _by_day(df: pd.DataFrame, column: str, p: Period) -> pd.DataFrame:
    days = pd.to_datetime(df[column], errors="coerce")
    return df[(days >= pd.Timestamp(p.start)) & (days < pd.Timestamp(p.end))]


def workforce_section(tables: Mapping[str, pd.DataFrame], p: Period, tz: str) -> dict[str, Any]:
    """The month's workforce counts (module docstring), from the tables present."""
    from serviq.workforce.attendance import Kind

    out: dict[str, Any] = {}
    leave = tables.get("leave", pd.DataFrame())
    if "start_at" in leave.columns:
        if "status" in leave.columns:
            leave = leave[leave["status"].astype(str) == "approved"]
        month = _in_month(leave, "start_at", p, tz)
        out["leave"] = len(month)
        if "days" in month.columns:
            out["leave_days"] = float(pd.to_numeric(month["days"], errors="coerce").sum())
    swaps = tables.get("swaps", pd.DataFrame())
    if "give_date" in swaps.columns:
        if "status" in swaps.columns:
            swaps = swaps[swaps["status"].astype(str) == "approved"]
        out["swaps"] = len(_by_day(swaps, "give_date", p))
    violations = tables.get("violations", pd.DataFrame())
    if {"date", "kind"} <= set(violations.columns):
        kinds = _by_day(violations, "date", p)["kind"].astype(str)
        for kind in get_args(Kind):
            out[kind] = int((kinds == kind).sum())
    wo = tables.get("work_orders", pd.DataFrame())
    if len(wo) and "escalated" in wo.columns:
        month = _in_month(wo, "created_at", p, tz)
        out["escalations"] = int(month["escalated"].astype(bool).sum())
    reports = tables.get("escalations", pd.DataFrame())
    if "created_at" in reports.columns:
        month = _in_month(reports, "created_at", p, tz)
        out["incidents"] = len(month)
        if "category" in month.columns:
            out["confidentiality"] = int((month["category"].astype(str) == "confidentiality").sum())
    return out
