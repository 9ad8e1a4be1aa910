"""Upload of a calibration session (CSV/XLSX): the form's month and name, the file read and
validated by the core (:func:`serviq.qa.calibration_sheet.read_calibration`) before
anything is written, then :func:`serviq.web.qa.actions.run_calibration` — one transaction
with its audit row. A bad file is a 400 whose message is one line naming the uploaded
file, the row and the column; nothing is written."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import HttpRequest

from serviq.errors import InvalidInput
from serviq.messages import error
from serviq.qa.calibration_sheet import read_calibration
from serviq.web.dashboard import records
from serviq.web.org.models import Person
from serviq.web.qa import actions, core
from serviq.web.qa.models import CalibrationSession
from serviq.web.uploads import uploaded

SUFFIXES = (".csv", ".xlsx")


def upload(request: HttpRequest) -> CalibrationSession:
    month = records.checked({"period": request.POST.get("month", "")}, ("period",)).get("period")
    if not month:
        raise InvalidInput("give the session's month as YYYY-MM")
    name = request.POST.get("name", "").strip()
    if not name or len(name) > 200:
        raise InvalidInput("give the session a name (at most 200 characters)")
    file = uploaded(request, "file")
    if file is None:
        raise InvalidInput("choose the session's scores (.csv or .xlsx)")
    shown = Path(file.name or "calibration.csv").name
    if Path(shown).suffix.lower() not in SUFFIXES:
        raise error(InvalidInput, "upload.calibration_type", file=shown)
    inspectors = set(
        Person.objects.filter(role="qa_inspector", active=True).values_list("code", flat=True)
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{Path(shown).suffix.lower()}"
        with path.open("wb") as fh:
            for chunk in file.chunks():
                fh.write(chunk)
        scores = read_calibration(path, core.card(), inspectors=inspectors, name=shown)
    return actions.run_calibration(str(month), name, scores, request=request)
