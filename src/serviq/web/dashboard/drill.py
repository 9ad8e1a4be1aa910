"""The records behind one indicator's number, for the drill-down page, API and exports.

The web only gathers the records the number read and asks the core which of them it
counted (:mod:`serviq.indicators.drilldown`: the same per-contact conditions as the KPI, the
same survey rule as the value); each listed record is marked as in the numerator, the
denominator, or pending (FCR contacts whose window is still open).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from serviq.errors import NotFound
from serviq.web.dashboard import records
from serviq.web.dashboard.models import IndicatorResult, Interaction
from serviq.web.surveys.models import SurveyResponse


@dataclass(frozen=True)
class Behind:
    """The records behind ``code`` in ``period`` × ``scope``: record key → marks."""

    code: str
    period: str
    scope: str
    kind: str
    marks: dict[str, tuple[bool, bool, bool]] = field(default_factory=dict)  # num, den, pending

    def count(self, which: int) -> int:
        return sum(1 for m in self.marks.values() if m[which])

    @property
    def numerator(self) -> int:
        return self.count(0)

    @property
    def denominator(self) -> int:
        return self.count(1)

    @property
    def pending(self) -> int:
        return self.count(2)


@lru_cache(maxsize=1)
def system() -> Any:
    """The bundled indicator system, parsed once per process: a dashboard asks it for every
    indicator's drill-down (40 parses of the YAML took 5 s a page)."""
    from serviq.indicators import bundled_system

    return bundled_system("bank_contact_centre")


def kind_of(code: str) -> str:
    """The record kind a drill-down of ``code`` lists, or ``""`` (none: no records)."""
    from serviq.errors import NotFound as Missing
    from serviq.indicators.drilldown import records_kind

    try:
        return records_kind(system(), code)
    except Missing:
        return ""


def _naive_utc(value: Any) -> Any:
    return None if value is None else value.astimezone(dt.UTC).replace(tzinfo=None)


def behind(result: IndicatorResult) -> Behind:
    """The records the stored ``result`` was computed from, marked (NotFound when none)."""
    from django.conf import settings

    from serviq.indicators import drilldown

    kind = kind_of(result.code)
    if not kind or result.value is None:
        raise NotFound(f"{result.code} has no records behind it in {result.period}")
    sys = system()
    if kind == "interactions":
        from serviq.ops.definitions import load_kpi_config, load_queue_teams
        from serviq.web.dashboard.analysis import interaction_frame

        cfg = load_kpi_config()
        start, end = records._period_bounds(result.period)
        if "lookahead" in (result.filters or {}):
            end = end + dt.timedelta(days=cfg.fcr_window_days)
        qs = Interaction.objects.filter(arrived_at__gte=start, arrived_at__lt=end)
        frame = interaction_frame(qs.select_related("team", "agent"))
        found = drilldown.contacts_behind(
            sys,
            result.code,
            result.period,
            result.team_code,
            frame,
            timezone=settings.TIME_ZONE,
            as_of=_naive_utc(result.as_of),
            kpi_config=cfg,
            queue_teams=load_queue_teams(),
        )
        marks = {
            str(r.interaction_id): (bool(r.numerator), bool(r.denominator), bool(r.pending))
            for r in found.itertuples()
        }
        return Behind(result.code, result.period, result.team_code, kind, marks)
    import pandas as pd

    rs = SurveyResponse.objects.filter(period=result.period)
    if result.team_code:
        rs = rs.filter(team__code=result.team_code)
    rows = list(rs.values_list("pk", "answers"))
    frame = pd.DataFrame([a or {} for _, a in rows], index=[str(pk) for pk, _ in rows])
    counted = drilldown.responses_behind(sys, result.code, frame)
    marks = {pk: (False, True, False) for pk, hit in counted.items() if hit}
    return Behind(result.code, result.period, result.team_code, kind, marks)


def stored(code: str, period: str, scope: str) -> IndicatorResult:
    found = IndicatorResult.objects.filter(period=period, team_code=scope, code=code).first()
    if found is None:
        raise NotFound(f"no value of {code} for {scope or 'the centre'} in {period}")
    return found


def key_field(kind: str) -> str:
    """The field a record is known by in :attr:`Behind.marks`."""
    return "interaction_id" if kind == "interactions" else "pk"
