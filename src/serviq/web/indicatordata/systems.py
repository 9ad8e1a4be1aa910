"""The import of system months (``/indicators/systems/``, R-BANK-2): availability and
problem contacts per service and month, from CSV or XLSX.

The file is checked whole by the core (:func:`serviq.ops.systems.read_system_months`:
one line naming file, row, column and what is allowed) before anything is written; then
one transaction stores it — a month and service already stored with the same numbers is
left alone, so importing the same file again adds nothing — with an audit row, and the
months' stored results are rescored for the centre.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from serviq.errors import InvalidInput, Where
from serviq.messages import error
from serviq.ops.systems import SUMS, load_services, read_system_months
from serviq.tables import SUPPORTED
from serviq.web.audit.trail import record
from serviq.web.dashboard.analysis import rescore
from serviq.web.indicatordata.models import SystemMonthRecord
from serviq.web.org import access
from serviq.web.org.models import Person
from serviq.web.org.roles import Role
from serviq.web.uploads import uploaded

T = TypeVar("T")
IMPORTERS = frozenset({Role.CENTRE_DIRECTOR, Role.ANALYST, Role.ADMIN})


def read_uploaded(upload: Any, read: Callable[[Path], T]) -> T:
    """The uploaded CSV/XLSX file checked whole by the core's ``read``; a problem names the
    uploaded file (not the temporary copy), its row and column."""
    if upload is None:
        raise InvalidInput("no file; allowed: a CSV or XLSX file", where=Where(field="file"))
    name = Path(str(upload.name)).name
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise error(InvalidInput, "upload.file_type", where=Where(file=name),
                    suffix=suffix or "(none)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            return read(path)
        except InvalidInput as exc:
            where = exc.where
            # the same error (its code and params, so the page words it in the reader's
            # language) naming the uploaded file
            raise InvalidInput(
                exc.message,
                where=Where(file=name, row=where.row, column=where.column, field=where.field),
                code=exc.code,
                details=exc.details,
                params=exc.params,
            ) from None


def upsert(
    model: Any,
    stored: Mapping[Any, Any],
    entries: Iterable[tuple[Any, dict[str, Any], dict[str, Any]]],
    person: Person,
) -> tuple[dict[str, int], set[str]]:
    """Store ``(key, identity fields, values)`` entries against the locked ``stored`` rows by
    key: a new key is added, changed values replace the stored ones, the same values are
    left alone (so importing a file again adds nothing). Returns the counts and the
    periods touched (before and after a change)."""
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    periods: set[str] = set()
    for key, identity, values in entries:
        old = stored.get(key)
        if old is None:
            model.objects.create(**identity, **values, imported_by=person)
            counts["added"] += 1
        elif any(getattr(old, k) != v for k, v in values.items()):
            periods.add(old.period)
            for k, v in values.items():
                setattr(old, k, v)
            old.imported_by = person
            old.save()
            counts["changed"] += 1
        else:
            counts["unchanged"] += 1
            continue
        periods.add({**identity, **values}["period"])
    return counts, periods


def import_file(request: HttpRequest, person: Person, upload: Any) -> dict[str, int]:
    """Check the whole file, then store it in one transaction: counts added/changed/same."""
    rows = read_uploaded(upload, lambda path: read_system_months(path, load_services()))
    name = Path(str(upload.name)).name
    with transaction.atomic():
        stored = {
            (r.period, r.service): r
            for r in SystemMonthRecord.objects.select_for_update().filter(
                period__in={r.period for r in rows}
            )
        }
        entries = [
            (
                (r.period, r.service),
                {"period": r.period, "service": r.service},
                {c: float(getattr(r, c)) for c in SUMS},
            )
            for r in rows
        ]
        counts, periods = upsert(SystemMonthRecord, stored, entries, person)
        record(
            "indicator.system_import",
            request=request,
            object_type="indicatordata.systemmonthrecord",
            object_id=name,
            after={"file": name, "rows": len(rows), **counts},
        )
        for period in sorted(periods):
            rescore(period, "")
    return counts


@require_http_methods(["GET", "HEAD", "POST"])
def systems_page(request: HttpRequest) -> HttpResponse:
    person = access.require(request.user, IMPORTERS)
    if request.method == "POST":
        counts = import_file(request, person, uploaded(request, "file"))
        return redirect(reverse("indicator-systems") + "?" + urlencode(counts))
    return render(
        request,
        "indicatordata/systems.html",
        {
            "services": load_services(),
            "rows": SystemMonthRecord.objects.select_related("imported_by").order_by(
                "-period", "service"
            )[:120],
            "counts": {
                k: request.GET[k] for k in ("added", "changed", "unchanged") if k in request.GET
            },
        },
    )
