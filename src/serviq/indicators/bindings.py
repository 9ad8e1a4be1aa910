"""The value of an indicator from its binding: the aggregation rules, once, for every shell.

An indicator's :class:`~serviq.indicators.model.Binding` names its data; these functions
turn that data into the indicator's value, so the web, the CLI and reports agree.

Survey bindings (``survey_item`` / ``survey_scale``), over the responses of a period/scope:

- ``mean`` — mean over respondents of their mean over the bound items (a respondent who
  answered some of the items counts with the mean of those; the scale score of
  :func:`serviq.survey.indices` style reporting);
- ``top2box`` — share of answers in the top two points of each item's scale (``scale_max``
  gives the top point; without it the highest answer seen). A binding to the ``CSAT`` item
  alone uses :func:`serviq.survey.indices.csat` with the centre's top-box cut-off
  (``survey/indices.yaml``; default 4–5 of 5, "satisfied share");
- ``nps`` — % promoters − % detractors on −100…100, :func:`serviq.survey.indices.nps` with
  the centre's cut-offs (default 9–10 and 0–6; Reichheld 2003, HBR 81(12));
- ``value`` / ``rate`` / ``share`` — the plain mean of the answers.

QA bindings (``qa_item``): the mean of the bound references' monthly values on 0–100, as
:meth:`serviq.qa.training.MonthlySummary.qa_item_values` gives them (``total`` = the centre's
mean review score, item and section codes = their means with N.A. skipped).

Ops bindings (``ops_kpi``): the KPI of :func:`serviq.ops.kpis.compute` on the contacts the
binding's ``filter`` selects — :func:`filter_interactions` applies it to the Ibis table
before the KPIs are computed (so ASA, service level, abandonment and AHT of a voice
indicator are voice-only: ``filter: {channel: [phone]}``).

Two ops references are another KPI in other units (:data:`DERIVED_KPIS`): a branch's queue
system is the contact data of channel ``counter`` — ticket taken = ``arrived_at``, called =
``answered_at``, completed = ``ended_at`` — so ``wait_time`` (Σ(called − ticket) ÷ tickets
called) is the ASA and ``transaction_time`` (Σ(completed − called) ÷ transactions) the AHT
of those contacts, in minutes (÷ 60); the binding's ``filter: {channel: [counter]}``
selects them.

SME bindings (``sme``): the figure named by ``ref`` of the SME desk's cases, as
:func:`serviq.sme.rationing.service_figures` gives them (the mean when several are named).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from serviq.indicators.model import Binding

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: A binding's filter in a hashable, canonical form: ((column, (value, …)), …), sorted.
FilterKey = tuple[tuple[str, tuple[str, ...]], ...]


def filter_key(binding: Binding) -> FilterKey:
    """The binding's filter as a sorted, hashable key (``()`` = every contact).

    >>> filter_key(Binding(source="ops_kpi", ref="asa", filter={"channel": "phone"}))
    (('channel', ('phone',)),)
    """
    f = binding.filter or {}
    return tuple(sorted((k, tuple(sorted(v))) for k, v in f.items()))


def filter_interactions(table: ir.Table, key: FilterKey) -> ir.Table:
    """Keep the contacts whose columns take one of the filter's values (Ibis, any engine)."""
    for column, values in key:
        table = table.filter(table[column].isin(list(values)))
    return table


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def survey_counted(binding: Binding, responses: pd.DataFrame) -> pd.Series:
    """Which responses a survey binding's value reads: those with a numeric answer to at
    least one bound item (its denominator: the respondents of a mean, the answers of a
    one-item NPS, CSAT or CES). The drill-down lists exactly these.

    >>> df = pd.DataFrame({"A": [5, None, "x"], "B": [None, None, 2]})
    >>> survey_counted(Binding(source="survey_scale", ref=["A", "B"]), df).tolist()
    [True, False, True]
    """
    cols = [c for c in binding.refs() if c in responses.columns]
    if responses.empty or not cols:
        return pd.Series(False, index=responses.index, dtype=bool)
    answers = responses[cols].apply(pd.to_numeric, errors="coerce")
    return answers.notna().any(axis=1)


def survey_value(
    binding: Binding, responses: pd.DataFrame, scale_max: Mapping[str, float] | None = None
) -> float | None:
    """The value of a survey binding over ``responses`` (one row per response, one column
    per item code); ``None`` when no bound item has an answer. See the module doc.

    >>> df = pd.DataFrame({"A": [5, 4, 2], "B": [4, None, 2]})
    >>> survey_value(Binding(source="survey_scale", ref=["A", "B"], aggregate="mean"), df)
    3.5
    >>> survey_value(Binding(source="survey_scale", ref=["A", "B"], aggregate="top2box"),
    ...              df, {"A": 5, "B": 5})
    0.6
    """
    cols = [c for c in binding.refs() if c in responses.columns]
    if responses.empty or not cols:
        return None
    counted = survey_counted(binding, responses)
    answers = responses.loc[counted, cols].apply(pd.to_numeric, errors="coerce")
    agg = binding.aggregate
    if agg == "mean":
        per_person = answers.mean(axis=1, skipna=True).dropna()
        return _finite(float(per_person.mean())) if len(per_person) else None
    flat = answers.stack().dropna()
    if flat.empty:
        return None
    if agg == "nps":
        from serviq.survey.indices import load_index_settings, nps

        return _finite(float(nps(flat.to_numpy(), load_index_settings()).value))
    if agg == "top2box" and cols == ["CSAT"]:
        from serviq.survey.indices import csat, load_index_settings

        return _finite(float(csat(flat.to_numpy(), load_index_settings()).value))
    if agg == "top2box":
        hits = total = 0
        tops = scale_max or {}
        for c in cols:
            col = answers[c].dropna()
            top = tops.get(c, float(col.max()) if len(col) else 0.0)
            hits += int((col >= top - 1).sum())
            total += len(col)
        return hits / total if total else None
    return _finite(float(flat.mean()))


def qa_value(binding: Binding, item_values: Mapping[str, float]) -> float | None:
    """The value of a ``qa_item`` binding: mean of its references' monthly values (0–100)
    in ``item_values`` (:meth:`~serviq.qa.training.MonthlySummary.qa_item_values`);
    references without a finite value are skipped, ``None`` when none has one.

    >>> qa_value(Binding(source="qa_item", ref=["tone", "attitude"]),
    ...          {"total": 88.0, "tone": 90.0, "attitude": 80.0})
    85.0
    """
    vals = [float(item_values[r]) for r in binding.refs() if r in item_values]
    vals = [v for v in vals if math.isfinite(v)]
    return sum(vals) / len(vals) if vals else None


#: ``reference → (KPI of serviq.ops.kpis, factor)``: see the module doc.
DERIVED_KPIS: dict[str, tuple[str, float]] = {
    "wait_time": ("asa", 1 / 60),
    "transaction_time": ("aht", 1 / 60),
}


def ops_value(binding: Binding, kpis: Mapping[str, Any]) -> float | None:
    """The value of an ``ops_kpi`` binding from a KPI row computed on its filter.

    >>> ops_value(Binding(source="ops_kpi", ref="wait_time"), {"asa": 450.0})
    7.5
    """
    ref = binding.refs()[0]
    if ref not in kpis and ref in DERIVED_KPIS:
        base, factor = DERIVED_KPIS[ref]
        found = ops_value(Binding(source="ops_kpi", ref=base), kpis)
        return found * factor if found is not None else None
    v = kpis.get(ref)
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return _finite(f)


def sme_value(binding: Binding, figures: Mapping[str, float | None]) -> float | None:
    """The value of an ``sme`` binding from the desk's figures; ``None`` without data.

    >>> sme_value(Binding(source="sme", ref="hand_offs"), {"hand_offs": 1.5})
    1.5
    """
    vals = [figures.get(r) for r in binding.refs()]
    got = [float(v) for v in vals if v is not None and math.isfinite(float(v))]
    return sum(got) / len(got) if got else None
