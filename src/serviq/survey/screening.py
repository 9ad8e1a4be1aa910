"""Screening questionnaire items into keep / drop / review, with reasons and evidence.

The source's method (R-IND-5, R-IND-6): candidate indicators are measured by a Likert
questionnaire and only those that hold up statistically are kept. For each multi-item
construct of the questionnaire (a SERVQUAL dimension, satisfaction, loyalty) this module
computes, from one covariance pass (:func:`~serviq.survey.reliability.scale_reliabilities`):

- the corrected item–total correlation (psych ``r.drop``) and alpha if the item is dropped;
- the extreme-group critical ratio (:mod:`serviq.survey.items`);

and one EFA of all perception items with as many factors as there are dimensions
(:mod:`serviq.survey.efa`, oblimin by default) for each item's primary loading and any
cross-loading. Each rule of ``data/survey/screening.yaml`` that fails adds a reason with its
numbers; a failed ``drop`` rule makes the decision *drop*, otherwise a failed ``review`` rule
makes it *review*, otherwise *keep*. An analyst's overrides replace the decision and are
recorded next to the computed one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from serviq.errors import InvalidInput, Where
from serviq.resources import data_path
from serviq.survey.efa import EFA, efa
from serviq.survey.items import item_analysis
from serviq.survey.questionnaire import Questionnaire
from serviq.survey.reliability import Reliability, scale_reliabilities
from serviq.yamlfile import load_model

Action = Literal["drop", "review"]
Decision = Literal["keep", "drop", "review"]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    action: Action = "review"


class MinRule(_Rule):
    min: float


class MarginRule(_Rule):
    margin: float = 0.0


class CRRule(_Rule):
    min_t: float = 3.0
    p: float = Field(default=0.05, gt=0, lt=1)
    extreme: float = Field(default=0.27, gt=0, lt=0.5)


class CrossRule(_Rule):
    min_secondary: float = 0.4


class MaxRule(_Rule):
    max: float


class EFASettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    method: Literal["minres", "ml", "pa"] = "minres"
    rotation: Literal["none", "varimax", "promax", "oblimin"] = "oblimin"


class ScreeningRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item_total_r: MinRule = MinRule(min=0.4, action="drop")
    alpha_if_dropped: MarginRule = MarginRule()
    critical_ratio: CRRule = CRRule(min_t=3.0, p=0.05, extreme=0.27, action="drop")
    loading: MinRule = MinRule(min=0.5, action="drop")
    cross_loading: CrossRule = CrossRule()
    ave: MinRule = MinRule(min=0.5)
    htmt: MaxRule = MaxRule(max=0.85)
    efa: EFASettings = EFASettings()


def load_rules(path: str | Path | None = None) -> ScreeningRules:
    return load_model(ScreeningRules, path or data_path("survey/screening.yaml"))


@dataclass(frozen=True)
class Reason:
    rule: str
    action: Action
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "action": self.action, "message": self.message}


@dataclass(frozen=True)
class ItemDecision:
    item: str
    construct: str
    decision: Decision
    computed: Decision
    reasons: tuple[Reason, ...]
    evidence: dict[str, float | int | str | None]
    override: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "construct": self.construct,
            "decision": self.decision,
            "computed": self.computed,
            "reasons": [r.as_dict() for r in self.reasons],
            "evidence": self.evidence,
            "override": self.override,
        }


@dataclass(frozen=True)
class Screening:
    decisions: tuple[ItemDecision, ...]
    scales: dict[str, dict[str, float]]
    factors: dict[str, str | None]  # factor label → construct most of its items belong to
    efa: EFA | None
    n: int
    rules: ScreeningRules = field(repr=False, default_factory=ScreeningRules)
    skipped_rules: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "decisions": [d.as_dict() for d in self.decisions],
            "scales": self.scales,
            "factors": self.factors,
            "efa": None
            if self.efa is None
            else {
                "factors": self.efa.factors,
                "method": self.efa.method,
                "rotation": self.efa.rotation,
                "kmo": self.efa.kmo.overall,
                "tli": self.efa.fit.tli,
                "rmsea": self.efa.fit.rmsea,
                "parallel": None if self.efa.parallel is None else self.efa.parallel.nfactors,
            },
            "rules": self.rules.model_dump(),
            "skipped_rules": list(self.skipped_rules),
        }

    def dropped(self) -> list[str]:
        return [d.item for d in self.decisions if d.decision == "drop"]

    def evidence_lines(self) -> list[str]:
        """One line per dropped or reviewed item: the reasons with their numbers."""
        out = []
        for d in self.decisions:
            if d.decision == "keep" and d.override is None:
                continue
            why = "; ".join(r.message for r in d.reasons) or "no rule failed"
            extra = f" (analyst override: {d.override})" if d.override else ""
            out.append(f"{d.item} {d.decision}: {why}{extra}")
        return out


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def screen(
    df: pd.DataFrame,
    q: Questionnaire,
    *,
    rules: ScreeningRules | None = None,
    overrides: Mapping[str, tuple[Decision, str]] | None = None,
    factors: int | None = None,
    missing: Literal["pairwise", "listwise"] = "pairwise",
) -> Screening:
    """Decide keep / drop / review for every item of every multi-item construct of ``q``.

    ``overrides`` maps an item to (decision, the analyst's reason).
    """
    rules = rules or load_rules()
    constructs = {k: [i for i in v if i in df.columns] for k, v in q.by_construct().items()}
    constructs = {k: v for k, v in constructs.items() if len(v) >= 2}
    if not constructs:
        raise InvalidInput(
            "the data have no multi-item scale of the questionnaire; "
            f"expected columns such as {', '.join(q.numeric_items()[:5])}",
            where=Where(field="items"),
        )
    rev = [i for i in q.reverse_items() if i in df.columns]
    lo_hi = {q.scale_of(i).bounds() for k in constructs.values() for i in k}
    lo, hi = (min(b[0] for b in lo_hi), max(b[1] for b in lo_hi))
    rel: dict[str, Reliability] = scale_reliabilities(
        df, constructs, reverse=rev, lo=lo, hi=hi, missing=missing
    )
    cr = {}
    for items in constructs.values():
        for a in item_analysis(
            df,
            items,
            reverse=[r for r in rev if r in items],
            lo=lo,
            hi=hi,
            missing=missing,
            extreme=rules.critical_ratio.extreme,
        ):
            cr[a.item] = a
    dims = {k: [i for i in v if i in df.columns] for k, v in q.by_dimension().items()}
    efa_items = [i for v in dims.values() for i in v]
    fa: EFA | None = None
    factor_map: dict[str, str | None] = {}
    item_construct = {i: k for k, v in constructs.items() for i in v}
    if len(dims) >= 2 and len(efa_items) >= 3:
        k = factors or len(dims)
        X = df[efa_items].copy()
        for r in rev:
            if r in X.columns:
                X[r] = lo + hi - X[r]
        fa = efa(
            X,
            efa_items,
            k,
            method=rules.efa.method,
            rotation=rules.efa.rotation,
            missing=missing,
        )
        L = fa.loadings
        prim = np.argmax(np.abs(L), axis=1)
        for f in range(k):
            members = [
                item_construct.get(efa_items[i]) for i in range(len(efa_items)) if prim[i] == f
            ]
            members = [m for m in members if m is not None]
            factor_map[f"F{f + 1}"] = max(set(members), key=members.count) if members else None
    pending: list[tuple[str, str, list[Reason], dict[str, float | int | str | None]]] = []
    for name in constructs:
        scale = rel[name]
        for it_rel in scale.items:
            item = it_rel.item
            reasons: list[Reason] = []
            ev: dict[str, float | int | str | None] = {
                "r_drop": it_rel.r_drop,
                "alpha": scale.raw_alpha,
                "alpha_if_dropped": it_rel.alpha_if_dropped,
                "mean": it_rel.mean,
                "sd": it_rel.sd,
                "n": it_rel.n,
            }
            rl = rules.item_total_r
            if rl.enabled and it_rel.r_drop < rl.min:
                reasons.append(
                    Reason(
                        "item_total_r",
                        rl.action,
                        f"corrected item–total r {_fmt(it_rel.r_drop)} < {rl.min:g}",
                    )
                )
            ra = rules.alpha_if_dropped
            if (
                ra.enabled
                and np.isfinite(it_rel.alpha_if_dropped)
                and it_rel.alpha_if_dropped > scale.raw_alpha + ra.margin
            ):
                reasons.append(
                    Reason(
                        "alpha_if_dropped",
                        ra.action,
                        f"alpha rises from {_fmt(scale.raw_alpha)} to {_fmt(it_rel.alpha_if_dropped)} without it",
                    )
                )
            ia = cr.get(item)
            if ia is not None:
                a = ia
                ev.update(
                    cr=a.cr, cr_pvalue=a.cr_pvalue, high_mean=a.high_mean, low_mean=a.low_mean
                )
                rc = rules.critical_ratio
                if rc.enabled and not (a.cr >= rc.min_t and a.cr_pvalue < rc.p):
                    reasons.append(
                        Reason(
                            "critical_ratio",
                            rc.action,
                            f"critical ratio t = {a.cr:.2f} (p = {a.cr_pvalue:.3g}); needs t ≥ {rc.min_t:g} and p < {rc.p:g}",
                        )
                    )
            if fa is not None and item in efa_items:
                i = efa_items.index(item)
                row = np.abs(fa.loadings[i])
                order = np.argsort(-row)
                f1 = int(order[0])
                ev.update(
                    loading=float(fa.loadings[i, f1]),
                    factor=f"F{f1 + 1}",
                    factor_construct=factor_map.get(f"F{f1 + 1}"),
                    h2=float(fa.h2[i]),
                )
                rl2 = rules.loading
                if rl2.enabled and row[f1] < rl2.min:
                    reasons.append(
                        Reason(
                            "loading",
                            rl2.action,
                            f"highest loading {_fmt(row[f1])} (F{f1 + 1}) < {rl2.min:g}",
                        )
                    )
                if len(order) > 1:
                    f2 = int(order[1])
                    ev.update(
                        secondary_loading=float(fa.loadings[i, f2]), secondary_factor=f"F{f2 + 1}"
                    )
                    rc2 = rules.cross_loading
                    if rc2.enabled and row[f2] >= rc2.min_secondary:
                        reasons.append(
                            Reason(
                                "cross_loading",
                                rc2.action,
                                f"loads {_fmt(row[f1])} on F{f1 + 1} ({factor_map.get(f'F{f1 + 1}')}) "
                                f"and {_fmt(row[f2])} on F{f2 + 1} ({factor_map.get(f'F{f2 + 1}')})",
                            )
                        )
                home = factor_map.get(f"F{f1 + 1}")
                if home is not None and home != name and rules.loading.enabled:
                    reasons.append(
                        Reason(
                            "loading",
                            "review",
                            f"loads mainly on F{f1 + 1}, the factor of {home}, not of {name}",
                        )
                    )
            pending.append((item, name, reasons, ev))
    # convergent/discriminant validity of what remains once the item-level drops are out
    pre_dropped = {i for i, _, rs, _ in pending if any(r.action == "drop" for r in rs)}
    remaining = {k: [i for i in v if i not in pre_dropped] for k, v in constructs.items()}
    validity_reasons, skipped = _validity_reasons(
        df, {k: v for k, v in remaining.items() if len(v) >= 2}, rules, rev, lo, hi, missing
    )
    decisions: list[ItemDecision] = []
    for item, name, reasons, ev in pending:
        reasons.extend(validity_reasons.get(item, []))
        computed: Decision = (
            "drop" if any(x.action == "drop" for x in reasons) else "review" if reasons else "keep"
        )
        decision, note = computed, None
        if overrides and item in overrides:
            decision, why = overrides[item]
            note = f"{computed} → {decision}: {why}"
        decisions.append(ItemDecision(item, name, decision, computed, tuple(reasons), ev, note))
    unknown = [i for i in (overrides or {}) if i not in {d.item for d in decisions}]
    if unknown:
        raise InvalidInput(
            f"override for {unknown[0]}, which is not a screened item",
            where=Where(field="overrides"),
        )
    scales = {
        name: {"raw_alpha": v.raw_alpha, "std_alpha": v.std_alpha, "G6": v.G6, "n": v.n}
        for name, v in rel.items()
    }
    return Screening(tuple(decisions), scales, factor_map, fa, len(df), rules, tuple(skipped))


def _validity_reasons(
    df: pd.DataFrame,
    constructs: Mapping[str, list[str]],
    rules: ScreeningRules,
    rev: list[str],
    lo: float,
    hi: float,
    missing: Literal["pairwise", "listwise"],
) -> tuple[dict[str, list[Reason]], list[str]]:
    """AVE < min and HTMT > max, with :mod:`serviq.survey.validity` when it is installed.

    AVE uses each construct's one-factor standardised loadings (minres); a construct below
    the minimum puts a reason on its items whose own λ² is below it. For a pair of
    constructs above the HTMT maximum, the reason goes to the item whose mean correlation
    with the other construct's items is highest.
    """
    import importlib
    import importlib.util

    wanted = [n for n in ("ave", "htmt") if getattr(rules, n).enabled]
    if not wanted:
        return {}, []
    if importlib.util.find_spec("serviq.survey.validity") is None:
        return {}, wanted
    validity: Any = importlib.import_module("serviq.survey.validity")
    from serviq.survey.efa import extract_minres
    from serviq.survey.moments import numeric_block, pairwise_corr, reverse_key

    items = [i for v in constructs.values() for i in v]
    X = numeric_block(df, items)
    X = reverse_key(X, [items.index(r) for r in rev if r in items], lo, hi)
    R, _ = pairwise_corr(X, missing, items)
    pos = {v: i for i, v in enumerate(items)}
    out: dict[str, list[Reason]] = {}
    ra = rules.ave
    if ra.enabled:
        for name, its in constructs.items():
            if len(its) < 3:
                continue  # one factor of two items is not identified
            idx = [pos[i] for i in its]
            lam = np.abs(extract_minres(R[np.ix_(idx, idx)], 1)[:, 0])
            a = float(validity.ave(lam.tolist()))
            if a < ra.min:
                for it, lm in zip(its, lam, strict=True):
                    if lm**2 < ra.min:
                        out.setdefault(it, []).append(
                            Reason(
                                "ave",
                                ra.action,
                                f"AVE of {name} {_fmt(a)} < {ra.min:g}; this item's λ² = {_fmt(float(lm**2))}",
                            )
                        )
    rh = rules.htmt
    if rh.enabled and len(constructs) >= 2:
        H = validity.htmt(R, items, dict(constructs))
        names = list(constructs)
        for ai, a_name in enumerate(names):
            for b_name in names[ai + 1 :]:
                h = float(H.loc[a_name, b_name])
                if not h > rh.max:
                    continue
                best, best_r, other = "", -1.0, ""
                for mine, theirs in ((a_name, b_name), (b_name, a_name)):
                    for it in constructs[mine]:
                        r = float(R[pos[it], [pos[j] for j in constructs[theirs]]].mean())
                        if r > best_r:
                            best, best_r, other = it, r, theirs
                out.setdefault(best, []).append(
                    Reason(
                        "htmt",
                        rh.action,
                        f"HTMT({a_name}, {b_name}) = {_fmt(h)} > {rh.max:g}; {best} correlates most "
                        f"with the items of {other} (mean r {_fmt(best_r)})",
                    )
                )
    return out, []


def parse_overrides(specs: Sequence[str]) -> dict[str, tuple[Decision, str]]:
    """``ITEM=keep:reason`` strings → overrides (the reason is required)."""
    out: dict[str, tuple[Decision, str]] = {}
    for s in specs:
        item, _, rest = s.partition("=")
        dec, _, why = rest.partition(":")
        if dec not in ("keep", "drop", "review") or not item or not why.strip():
            raise InvalidInput(
                f"override {s!r} must look like ITEM=keep|drop|review:reason",
                where=Where(field="override"),
            )
        out[item.strip()] = (cast(Decision, dec), why.strip())
    return out
