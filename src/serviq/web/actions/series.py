"""The indicator series the core judges, read from the stored indicator results — the very
values the dashboard shows (:class:`serviq.web.dashboard.models.IndicatorResult`).

An indicator's direction (higher or lower is better) is the indicator system's; an
indicator the bundled system does not know is taken as higher-is-better.
"""

from __future__ import annotations

from functools import lru_cache

from serviq.actions.record import Direction, Observation, Series
from serviq.web.dashboard.models import IndicatorResult
from serviq.web.dashboard.tree import text_in

# the core's language codes → the keys of IndicatorResult.names
CORE_LANGS = {"en": "en", "zh-Hans": "zh-hans", "zh-Hant": "zh-hant"}


@lru_cache(maxsize=1)
def directions() -> dict[str, Direction]:
    from serviq.indicators import bundled_system

    system = bundled_system("bank_contact_centre")
    return {n.code: n.direction for n in system.indicators() if n.direction is not None}


def indicator_codes() -> set[str]:
    """The codes of the leaves of the stored trees (nodes that are nobody's parent)."""
    parents = set(IndicatorResult.objects.values_list("parent_code", flat=True).distinct())
    codes = set(IndicatorResult.objects.values_list("code", flat=True).distinct())
    return codes - parents


def _series(code: str, scope: str, rows: list[IndicatorResult], language: str) -> Series:
    last = rows[-1]
    return Series(
        indicator=code,
        scope=scope,
        direction=directions().get(code, "higher"),
        points=tuple(Observation(r.period, r.value, r.target) for r in rows),
        name=text_in(last.names, language),
        unit=last.unit,
        names={core: text_in(last.names, ours) for core, ours in CORE_LANGS.items()},
    )


def series_for(code: str, scope: str, language: str = "en") -> Series | None:
    rows = list(IndicatorResult.objects.filter(code=code, team_code=scope).order_by("period"))
    return _series(code, scope, rows, language) if rows else None


def all_series(language: str = "en", upto: str | None = None) -> list[Series]:
    """Every indicator in every scope, oldest period first (up to ``upto`` when given)."""
    leaves = indicator_codes()
    qs = IndicatorResult.objects.filter(code__in=leaves).order_by("team_code", "code", "period")
    if upto:
        qs = qs.filter(period__lte=upto)
    groups: dict[tuple[str, str], list[IndicatorResult]] = {}
    for r in qs:
        groups.setdefault((r.code, r.team_code), []).append(r)
    return [_series(code, scope, rows, language) for (code, scope), rows in groups.items()]


def latest_period() -> str | None:
    return IndicatorResult.objects.order_by("-period").values_list("period", flat=True).first()
