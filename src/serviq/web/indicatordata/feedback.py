"""The import of product feedback (``/indicators/feedback/``, R-BANK-2): customers'
complaints about the bank's products and their product requests, from CSV or XLSX.

The file is checked whole by the core (:func:`serviq.text.feedback.read_feedback`: one line
naming file, row, column and what is allowed), masked and coded by the product code book
before anything is written; then one transaction stores it — an item already stored with
the same content is left alone, so importing the same file again adds nothing — with an
audit row, and the months' stored results are rescored for the centre (product-complaint
share and product needs met).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from serviq.text.feedback import Feedback, read_feedback
from serviq.web.audit.trail import record
from serviq.web.dashboard.analysis import rescore
from serviq.web.indicatordata.models import ProductFeedbackRecord
from serviq.web.indicatordata.systems import read_uploaded, upsert
from serviq.web.org import access
from serviq.web.org.models import Person
from serviq.web.org.roles import Role
from serviq.web.uploads import uploaded

IMPORTERS = frozenset({Role.DEPARTMENT_DIRECTOR, Role.CENTRE_DIRECTOR, Role.ANALYST, Role.ADMIN})


def _fields(item: Feedback) -> dict[str, Any]:
    import datetime as dt

    return {
        "received_on": dt.date.fromisoformat(item.received_on),
        "period": item.period,
        "kind": item.kind,
        "met": item.met,
        "text": item.text,
        "codes": ";".join(item.codes),
    }


def store_feedback(
    items: list[Feedback], person: Person, *, request: HttpRequest | None = None, name: str = ""
) -> dict[str, int]:
    """Store checked items in one transaction (added/changed/unchanged by ``feedback_id``),
    with an audit row; the months touched are rescored for the centre."""
    with transaction.atomic():
        stored = {
            r.feedback_id: r
            for r in ProductFeedbackRecord.objects.select_for_update().filter(
                feedback_id__in=[i.feedback_id for i in items]
            )
        }
        counts, periods = upsert(
            ProductFeedbackRecord,
            stored,
            ((i.feedback_id, {"feedback_id": i.feedback_id}, _fields(i)) for i in items),
            person,
        )
        record(
            "indicator.feedback_import",
            request=request,
            actor=getattr(person, "user", None) if request is None else None,
            object_type="indicatordata.productfeedbackrecord",
            object_id=name,
            after={"file": name, "rows": len(items), **counts},
        )
        for period in sorted(periods):
            rescore(period, "")
    return counts


def theme_labels(language: str) -> dict[str, str]:
    """The product code book's codes by their label in ``language`` (a Django code)."""
    from serviq.text.feedback import load_product_codebook

    lang = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}.get(language.lower(), "en")
    return {c.code: c.labels.get(lang) or c.code for c in load_product_codebook().codes}


@require_http_methods(["GET", "HEAD", "POST"])
def feedback_page(request: HttpRequest) -> HttpResponse:
    person = access.require(request.user, IMPORTERS)
    if request.method == "POST":
        upload = uploaded(request, "file")
        items = read_uploaded(upload, read_feedback)
        name = Path(str(upload.name)).name if upload is not None else ""
        counts = store_feedback(items, person, request=request, name=name)
        return redirect(reverse("indicator-feedback") + "?" + urlencode(counts))
    labels = theme_labels(get_language() or "en")
    rows = list(ProductFeedbackRecord.objects.order_by("-received_on", "feedback_id")[:120])
    for r in rows:
        r.themes = ", ".join(labels.get(c, c) for c in r.codes.split(";") if c)
    return render(
        request,
        "indicatordata/feedback.html",
        {
            "rows": rows,
            "counts": {
                k: request.GET[k] for k in ("added", "changed", "unchanged") if k in request.GET
            },
        },
    )
