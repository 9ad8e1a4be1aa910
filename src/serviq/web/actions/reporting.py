"""The register as a report section: the hook the reports package calls
(``actions=report_rows`` in :func:`serviq.reports.context.build_context`).

``report_rows(period_label, scope)`` → the records open at the end of the period and those
closed in it, each a dict with ``id``, ``indicator``, ``scope``, ``period``, ``status``,
``owner`` (the person's name; ``owner_code``), ``due``, ``criterion``, ``effective`` and ``overdue`` — counted by
:func:`serviq.actions.register.section` as of :func:`as_of` (a monthly report: today, at
the latest its due day). Scopes: ``centre``
(every record), ``department:CODE`` (its teams' and the centre's) or ``team:CODE``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from serviq.actions import register
from serviq.errors import InvalidInput, Where
from serviq.web.actions.models import ActionRecord


def as_of(label: str) -> dt.date:
    """The day a report of ``label`` reads the register on: a monthly report is written after
    its month closes, so the records opened in response to that month count — today, but
    never later than the report's due day (``due_day`` of its definition, the 22nd) and never
    before the month's end. Other periods: their last day."""
    end = register.period_end(last_month(label))
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", label):
        return end
    from django.utils import timezone

    from serviq.reports.definitions import load_definition

    due_day = load_definition("monthly").due_day
    if due_day is None:
        return end
    after = end + dt.timedelta(days=1)
    due = dt.date(after.year, after.month, due_day)
    return max(end, min(timezone.localdate(), due))


def last_month(label: str) -> str:
    """The month a report period ends in: ``2026-11``, ``2026-H1`` → ``2026-06``,
    ``2026-H2``/``2026`` → ``2026-12``, ``2026-W05`` → the month of that week's Sunday."""
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", label):
        return label
    if m := re.fullmatch(r"(\d{4})-H([12])", label):
        return f"{m.group(1)}-{'06' if m.group(2) == '1' else '12'}"
    if re.fullmatch(r"\d{4}", label):
        return f"{label}-12"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", label):
        sunday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 7)
        return f"{sunday.year}-{sunday.month:02d}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", label):
        return f"{m.group(1)}-{m.group(2)}"
    raise InvalidInput(
        f"period {label!r} is not valid; allowed: YYYY-MM, YYYY-Www, YYYY-MM-DD, YYYY-H1/H2, YYYY",
        where=Where(field="period"),
    )


def report_rows(period_label: str, scope: str = "centre") -> list[dict[str, Any]]:
    from serviq.web.actions.views import entry_of

    qs = ActionRecord.objects.select_related("owner", "department").prefetch_related("tasks")
    if scope.startswith("team:"):
        qs = qs.filter(scope=scope.removeprefix("team:"))
    elif scope.startswith("department:"):
        code = scope.removeprefix("department:")
        qs = qs.filter(scope="") | qs.filter(department__code=code)
    elif scope not in ("", "centre"):
        raise InvalidInput(
            f"scope {scope!r} is not valid; allowed: centre, department:CODE, team:CODE",
            where=Where(field="scope"),
        )
    month = last_month(period_label)
    sec = register.section([entry_of(r) for r in qs], month, today=as_of(period_label))
    names = {r.owner.code: r.owner.name for r in qs if r.owner_id}
    rows: dict[Any, dict[str, Any]] = {}
    for e in (*sec.open, *sec.closed_in_period):
        row = rows.setdefault(e.id, e.as_dict(sec.as_of))
        # people by name in a document a director reads (the code stays in ``owner_code``)
        row["owner_code"] = row["owner"]
        row["owner"] = names.get(row["owner"], row["owner"])
    return list(rows.values())
