"""The SME desk's pages, under ``/sme/``: the case list and a case with its timeline and,
for those allowed, its soft information (each read audited; :mod:`serviq.web.sme.desk`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext

from serviq.errors import PermissionDenied
from serviq.sme import follow_up
from serviq.sme.cases import load_catalogue
from serviq.sme.guarantees import Words, load_guarantee_rules
from serviq.sme.risk_reasons import LIMITS
from serviq.web.org import access, roles
from serviq.web.privacy import LANGS
from serviq.web.sme import desk, risk


def _labels() -> dict[str, dict[str, str]]:
    """Products, steps and soft categories by code, in the active language."""
    lang = LANGS.get((translation.get_language() or "zh-hans").lower(), "zh-Hans")
    cat = load_catalogue()
    products = {p: t[lang] for layer in cat.layers.values() for p, t in layer.products.items()}
    return {
        "product": products,
        "layer": {k: v.label[lang] for k, v in cat.layers.items()},
        "step": {k: v[lang] for k, v in cat.steps.items()},
        "category": {k: v.label[lang] for k, v in cat.soft_categories.items()},
    }


def case_list(request: HttpRequest) -> HttpResponse:
    person = access.require(request.user, roles.SME)
    labels = _labels()
    rows: list[dict[str, Any]] = []
    catalogue = load_catalogue()
    for c in desk.cases_for(person).order_by("code"):
        s = desk.case_summary(c, catalogue)
        s["product_label"] = labels["product"].get(s["product"], s["product"])
        s["layer_label"] = labels["layer"].get(s["layer"] or "", "")
        rows.append(s)
    return render(request, "sme/cases.html", {"rows": rows})


def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    _, case = desk.case_for(request.user, code)
    labels = _labels()
    summary = desk.case_summary(case)
    steps = [
        {"step": labels["step"].get(s.step, s.step), "at": s.at, "by": s.by.name}
        for s in case.steps.select_related("by")
    ]
    soft: list[dict[str, Any]] | None
    try:
        soft = desk.read_soft(request, code)[1]
        for e in soft:
            e["category_label"] = labels["category"].get(e["category"], e["category"])
    except PermissionDenied:
        soft = None
    contract = risk.contract_of(case)
    lang_i = _index(risk.language())
    follow = risk.follow_up_of(case)
    for e in follow["events"]:
        e["label"] = follow_up.KINDS[e["kind"]][lang_i]
    follow["early_warnings"] = [labels["category"].get(c, c) for c in follow["early_warnings"]]
    return render(
        request,
        "sme/case.html",
        {
            "case": summary,
            "product_label": labels["product"].get(case.product, case.product),
            "firm": case.firm,
            "steps": steps,
            "soft": soft,
            "contract": contract,
            "share_pct": {p: v * 100 for p, v in contract.shares.items()} if contract else {},
            "preset_label": _preset_label(contract.preset) if contract else "",
            "fees": _fees(contract.fees) if contract else [],
            "has_schedule": bool(case.term_months and case.amount_granted is not None),
            "parties": _party_labels(),
            "follow": follow,
        },
    )


_ATTR = {"zh-Hans": "zh_hans", "zh-Hant": "zh_hant", "en": "en"}


def _words(words: Words) -> str:
    """A YAML label in the active language."""
    return str(getattr(words, _ATTR[risk.language()]))


def _party_labels() -> dict[str, str]:
    return {p: _words(w) for p, w in load_guarantee_rules().parties.items()}


def _preset_label(preset: str) -> str:
    found = load_guarantee_rules().presets.get(preset)
    return _words(found.name) if found is not None else preset


def _fees(fees: dict[str, float]) -> list[tuple[str, float]]:
    """Fee name → label: the guarantee fee, and each re-guarantee fee by its re-guarantor."""
    parties = _party_labels()
    return [
        (gettext("Guarantee fee") if k == "guarantee"
         else gettext("Re-guarantee fee (%(party)s)") % {"party": parties.get(k, k)}, v)
        for k, v in fees.items()
    ]  # fmt: skip


def _index(lang: str) -> int:
    return {"zh-Hans": 0, "zh-Hant": 1, "en": 2}[lang]


def guaranteed_portfolio(request: HttpRequest) -> HttpResponse:
    """The guaranteed portfolio by layer (risk officer, SME desk head)."""
    person = access.require(request.user, roles.SME_DESK_WIDE)
    data = risk.portfolio_by_layer(person)
    for r in data["exposures"]:
        r["pd_pct"], r["rw_pct"] = r["pd"] * 100, r["risk_weight"] * 100
    parties = _party_labels()
    layers = data["layers"]
    by_party = (
        [
            {"party": parties.get(p, p), "expected": layers["expected"][p],
             "tail": layers["tail"].get(p, 0.0)}
            for p in layers["expected"]
        ]
        if layers
        else []
    )  # fmt: skip
    return render(
        request,
        "sme/portfolio.html",
        {"data": data, "by_party": by_party, "level": layers["level"] * 100 if layers else None},
    )


def limit_usage(request: HttpRequest) -> HttpResponse:
    """The bank's concentration-limit usage per firm with warning bands (risk officer, head)."""
    person = access.require(request.user, roles.SME_DESK_WIDE)
    data = risk.limit_usage(person)
    i = _index(risk.language())
    names = {code: LIMITS[code][2][i] for code in data["limits"]}
    for r in data["firms"]:
        r["single_pct"] = r["ratios"]["bank.single_borrower"] * 100
        r["client_pct"] = r["ratios"]["bank.large_exposure_client"] * 100
    return render(
        request,
        "sme/limits.html",
        {"data": data, "names": names, "warning_pct": data["warning_at"] * 100},
    )


def case_schedule(request: HttpRequest, code: str) -> HttpResponse:
    """A loan's or lease's repayment schedule."""
    data = risk.case_schedule(request.user, code)
    return render(request, "sme/schedule.html", {"data": data})
