"""Indicator history for the improvement tests: FCR of team T1, month by month.

The personas' centre has two months (2026-09, 2026-10) with FCR at 0.55 against a target of
0.8 (red). :func:`history` adds the months before them so that a control chart has a
baseline, and :func:`add_month` adds a later month's result, as the analyses would.
"""

from __future__ import annotations

from typing import Any

# FCR of T1 from 2026-03 to 2026-08: about 0.56 with month-to-month noise.
BASELINE = {
    "2026-03": 0.57,
    "2026-04": 0.55,
    "2026-05": 0.58,
    "2026-06": 0.56,
    "2026-07": 0.57,
    "2026-08": 0.55,
}


def add_month(period: str, value: float, *, team: str = "T1", code: str = "FCR") -> Any:
    from serviq.web.dashboard.models import IndicatorResult

    template = IndicatorResult.objects.filter(team_code=team, code=code).first()
    assert template is not None
    status = "green" if value >= (template.target or 0) else "red"
    row, _ = IndicatorResult.objects.update_or_create(
        period=period,
        team_code=team,
        code=code,
        defaults={
            "parent_code": template.parent_code,
            "level": template.level,
            "order": template.order,
            "names": template.names,
            "definition": template.definition,
            "unit": template.unit,
            "value": value,
            "score": value * 100,
            "target": template.target,
            "status": status,
            "source": template.source,
            "filters": template.filters,
        },
    )
    return row


def history(team: str = "T1") -> None:
    for period, value in BASELINE.items():
        add_month(period, value, team=team)


def open_record(login: str = "lead1", *, team: str = "T1", period: str = "2026-10") -> Any:
    """A record opened through the web's action (as the form does)."""
    from serviq.web.actions import records
    from serviq.web.org.models import Person

    person = Person.objects.get(user__username=login)
    return records.do_open(
        "FCR",
        team,
        period,
        {
            "problem": "FCR far below target on complaints",
            "owner": person.code,
            "due": "2026-12-20",
            "criterion_kind": "target",
            "criterion_periods": "1",
            "criterion_threshold": "0.7",
        },
        person=person,
    )
