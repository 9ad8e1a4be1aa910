"""The SME desk's pages, under ``/sme/``: the case list and a case with its timeline and,
for those allowed, its soft information (each read audited; :mod:`serviq.web.sme.desk`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from serviq.errors import PermissionDenied
from serviq.sme.cases import load_catalogue
from serviq.web.org import access, roles
from serviq.web.privacy import LANGS
from serviq.web.sme import desk


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
    for c in desk.cases_for(person).order_by("code"):
        s = desk.case_summary(c)
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
    return render(
        request,
        "sme/case.html",
        {
            "case": summary,
            "product_label": labels["product"].get(case.product, case.product),
            "firm": case.firm,
            "steps": steps,
            "soft": soft,
        },
    )
