"""Benchmarks from secondary data (``/indicators/benchmarks/``, issue 19): reference values
per indicator imported from CSV or XLSX, or entered one at a time with their evidence.

The file is checked whole by the core (:func:`serviq.indicators.benchmarks.read_benchmarks`:
one line naming file, row, column and what is allowed) before anything is written; then one
transaction stores it — an indicator, reference and date already stored with the same
figures is left alone, so importing the same file again adds nothing — with an audit row.
The dashboard shows them beside the indicator (:func:`beside`).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from serviq.errors import InvalidInput, Where
from serviq.indicators.benchmarks import (
    COMPARABILITY,
    KINDS,
    Benchmark,
    check,
    position,
    read_benchmarks,
)
from serviq.messages import error
from serviq.web.audit.trail import record
from serviq.web.indicatordata.models import Benchmark as Stored
from serviq.web.indicatordata.systems import read_uploaded
from serviq.web.org import access
from serviq.web.org.models import Person
from serviq.web.org.roles import Role
from serviq.web.privacy import mask
from serviq.web.uploads import uploaded

EDITORS = frozenset({Role.CENTRE_DIRECTOR, Role.ANALYST, Role.ADMIN})
FIGURES = ("kind", "value", "source", "definition_notes", "comparability")


def directions() -> dict[str, str | None]:
    from serviq.indicators import bundled_system

    return {n.code: n.direction for n in bundled_system("bank_contact_centre").indicators()}


def indicator_names() -> dict[str, str]:
    """The bundled system's indicator names in the reader's language, by code."""
    from serviq.indicators import bundled_system
    from serviq.indicators.model import node_names

    lang = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}.get((get_language() or "").lower(), "en")
    return dict(node_names(bundled_system("bank_contact_centre"), lang))


def label(texts: tuple[str, str, str]) -> str:
    lang = (get_language() or "zh-hans").lower()
    return texts[{"zh-hans": 0, "zh-hant": 1}.get(lang, 2)]


def store(
    rows: list[Benchmark], person: Person, evidence: tuple[str, bytes] | None
) -> dict[str, int]:
    """Add or change ``rows`` (locked by key first); counts added/changed/unchanged."""
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    stored = {
        (s.indicator, s.reference, s.date): s
        for s in Stored.objects.select_for_update().filter(
            indicator__in={b.indicator for b in rows}
        )
    }
    for b in rows:
        values: dict[str, Any] = {c: getattr(b, c) for c in FIGURES}
        values["definition_notes"] = mask(values["definition_notes"])
        old = stored.get(b.key)
        if old is None:
            old = Stored(indicator=b.indicator, reference=b.reference, date=b.date, **values)
            counts["added"] += 1
        elif any(getattr(old, c) != v for c, v in values.items()) or evidence:
            for c, v in values.items():
                setattr(old, c, v)
            counts["changed"] += 1
        else:
            counts["unchanged"] += 1
            continue
        if evidence:
            old.evidence_name, old.evidence = evidence
        old.entered_by = person
        old.save()
    return counts


def import_file(request: HttpRequest, person: Person, upload: Any) -> dict[str, int]:
    """Check the whole file, then store it in one transaction."""
    name = Path(str(upload.name)).name
    rows = read_uploaded(upload, lambda path: read_benchmarks(path, directions()))
    with transaction.atomic():
        counts = store(rows, person, None)
        record(
            "indicator.benchmark_import",
            request=request,
            object_type="indicatordata.benchmark",
            object_id=name,
            after={"file": name, "rows": len(rows), **counts},
        )
    return counts


def enter(request: HttpRequest, person: Person, data: Any, upload: Any) -> dict[str, int]:
    """One benchmark entered on the page, with its evidence file (required)."""

    def at(col: str) -> Where:
        return Where(field=col)

    if upload is None:
        raise InvalidInput("no evidence file; allowed: the published source", where=at("evidence"))
    raw = str(data.get("value") or "").strip()
    try:
        value = float(raw)
    except ValueError:
        raise error(InvalidInput, "data.value", where=at("value"), value=raw) from None
    b = check(
        Benchmark(
            **{
                c: str(data.get(c) or "").strip()
                for c in ("indicator", "reference", "kind", "source", "date", "definition_notes")
            },
            value=value,
            comparability=str(data.get("comparability") or "same").strip(),
        ),
        directions(),
        at,
    )
    evidence = (Path(str(upload.name)).name[:200], upload.read())
    with transaction.atomic():
        counts = store([b], person, evidence)
        record(
            "indicator.benchmark_entry",
            request=request,
            object_type="indicatordata.benchmark",
            object_id="/".join(b.key),
            after={
                **asdict(b),
                "definition_notes": mask(b.definition_notes),
                "evidence": evidence[0],
            },
        )
    return counts


def beside(node: Any, ways: dict[str, str | None], found: list[Stored]) -> dict[str, Any] | None:
    """What the dashboard shows beside one indicator ``node`` (a dashboard tree node): each
    reference with its value and the gap to it in the indicator's unit, and the centre's rank
    among them (:func:`serviq.indicators.benchmarks.position`)."""
    if not found:
        return None
    from serviq.web.dashboard.tree import display

    at = position(node.value, ways.get(node.code), [s.value for s in found])
    gaps: list[float | None] = list(at.gaps) or [None] * len(found)
    return {
        "rank": at.rank,
        "of": at.of,
        "references": [
            {
                "row": s,
                "value_text": display(s.value, node.unit),
                "gap": g,
                "gap_text": display(g, node.unit, signed=True),
                "kind": label(KINDS[s.kind]),
                "comparability": label(COMPARABILITY[s.comparability]),
            }
            for s, g in zip(found, gaps, strict=True)
        ],
    }


def by_indicator() -> dict[str, list[Stored]]:
    out: dict[str, list[Stored]] = {}
    for s in Stored.objects.all():
        out.setdefault(s.indicator, []).append(s)
    return out


@require_http_methods(["GET", "HEAD", "POST"])
def benchmarks_page(request: HttpRequest) -> HttpResponse:
    person = access.require(request.user, EDITORS)
    if request.method == "POST":
        upload = uploaded(request, "file")
        if upload is not None:
            counts = import_file(request, person, upload)
        elif request.POST.get("indicator"):
            counts = enter(request, person, request.POST, uploaded(request, "evidence"))
        else:
            raise InvalidInput("no file; allowed: a CSV or XLSX file", where=Where(field="file"))
        return redirect(reverse("indicator-benchmarks") + "?" + urlencode(counts))
    names = indicator_names()
    return render(
        request,
        "indicatordata/benchmarks.html",
        {
            "kinds": [(k, label(v)) for k, v in KINDS.items()],
            "comparabilities": [(k, label(v)) for k, v in COMPARABILITY.items()],
            "codes": [(c, names.get(c) or c) for c in sorted(directions())],
            "rows": [
                {
                    "row": s,
                    "name": names.get(s.indicator) or s.indicator,
                    "kind": label(KINDS[s.kind]),
                    "comparability": label(COMPARABILITY[s.comparability]),
                }
                for s in Stored.objects.select_related("entered_by")[:500]
            ],
            "counts": {
                k: request.GET[k] for k in ("added", "changed", "unchanged") if k in request.GET
            },
        },
    )
