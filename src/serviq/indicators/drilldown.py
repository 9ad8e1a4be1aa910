"""The records behind an indicator's number: which contacts or survey responses it counted.

A drill-down lists exactly the records the number was computed from, each marked as in the
numerator and/or the denominator, and nothing where the number reads no records. The
selection comes from the rules that compute the number, never from a second copy:

- ``ops_kpi`` — :func:`serviq.ops.kpis.contact_members` on the contacts the binding's
  ``filter`` selects (:func:`~serviq.indicators.bindings.filter_interactions`), the same
  per-contact conditions :func:`serviq.ops.kpis.contact_kpis` counts; at team scope a queue
  KPI lists the contacts of the queues the team owns. The FCR also lists the contacts whose
  window is still open (pending: counted in neither);
- ``survey_item`` / ``survey_scale`` — :func:`~serviq.indicators.bindings.survey_counted`:
  the period's (and team's) responses with an answer to a bound item (the denominator;
  a mean or an NPS has no count numerator);
- everything else (QA monthly values, checklists, values entered by hand, text themes,
  the system months, work-order KPIs without work orders) reads no record listed here:
  :func:`records_kind` is ``""`` and no drill-down is offered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from serviq.errors import InvalidInput, NotFound
from serviq.indicators.bindings import filter_interactions, filter_key, survey_counted
from serviq.indicators.model import Binding, IndicatorSystem

if TYPE_CHECKING:
    from serviq.ops.definitions import KpiConfig

#: What a drill-down lists: the record kind of each binding source that has records.
KINDS = ("interactions", "responses")


def _binding(system: IndicatorSystem, code: str) -> Binding | None:
    try:
        node = system.find(code)
    except InvalidInput:
        raise NotFound(f"no indicator {code!r} in the indicator system") from None
    m = node.measurement if node.is_indicator else None
    return m.binding if m is not None else None


def records_kind(system: IndicatorSystem, code: str) -> str:
    """``"interactions"``, ``"responses"`` or ``""``: the records indicator ``code`` is
    computed from, when the drill-down can list them."""
    from serviq.ops.kpis import MEMBERS

    b = _binding(system, code)
    if b is None:
        return ""
    if b.source == "ops_kpi" and b.refs()[0] in MEMBERS:
        return "interactions"
    if b.source in ("survey_item", "survey_scale"):
        return "responses"
    return ""


def contacts_behind(
    system: IndicatorSystem,
    code: str,
    period: str,
    scope: str,
    interactions: pd.DataFrame,
    *,
    timezone: str,
    as_of: Any = None,
    kpi_config: KpiConfig | None = None,
    queue_teams: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """The contacts behind ``code`` in ``period`` × ``scope`` (``""`` the centre):
    ``interaction_id``, ``numerator``, ``denominator``, ``pending``
    (:func:`serviq.ops.kpis.contact_members`). ``interactions`` are the canonical columns
    (:mod:`serviq.ops.schemas`) of at least the month and, for the FCR, the window after
    it; ``as_of`` the data's end the number was computed at (UTC naive)."""
    from serviq.indicators.evaluation import _sources
    from serviq.ops.definitions import load_kpi_config
    from serviq.ops.kpis import contact_members

    b = _binding(system, code)
    if b is None or records_kind(system, code) != "interactions":
        raise NotFound(f"indicator {code!r} is not computed from contacts")
    cfg = kpi_config if kpi_config is not None else load_kpi_config()
    if interactions.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _EMPTY.items()})
    sources, owned = _sources(interactions)
    try:
        table = filter_interactions(sources.interactions, filter_key(b))
        return contact_members(
            table,
            b.refs()[0],
            period,
            scope,
            cfg,
            timezone,
            as_of=as_of,
            queue_teams=queue_teams,
        )
    finally:
        if owned:
            sources.close()


_EMPTY = {"interaction_id": "object", "numerator": bool, "denominator": bool, "pending": bool}


def responses_behind(system: IndicatorSystem, code: str, responses: pd.DataFrame) -> pd.Series:
    """Which of ``responses`` (the period's, and the team's at team scope: what the number
    read) the survey indicator ``code`` counted (:func:`survey_counted`)."""
    b = _binding(system, code)
    if b is None or records_kind(system, code) != "responses":
        raise NotFound(f"indicator {code!r} is not computed from survey responses")
    return survey_counted(b, responses)
