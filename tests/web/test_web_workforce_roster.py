"""The team lead edits their team's month grid and imports it from XLSX: per role (an
agent or a director may not edit: 403; the lead of another team: 404), the core's roster
import decides what a valid file is (its messages shown as a 400, nothing written), and a
second import of the same file changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from workforce_data import extra_lead, make_shifts, plain_base

pytestmark = pytest.mark.django_db


@pytest.fixture
def wf(personas: Any) -> dict[str, Any]:
    centre = personas()
    base = plain_base()
    shifts = make_shifts(centre, base)
    extra_lead(centre, "lead3", "T3")
    return {"centre": centre, "base": base, "shifts": shifts}


def _xlsx(rows: list[list[object]], header: list[str], name: str = "t1.xlsx") -> Any:
    import pandas as pd
    from django.core.files.uploadedfile import SimpleUploadedFile

    buf = io.BytesIO()
    pd.DataFrame(rows, columns=header).to_excel(buf, index=False, engine="openpyxl")
    return SimpleUploadedFile(name, buf.getvalue())


def _audit(action: str) -> int:
    from serviq.web.audit.models import AuditEvent

    return AuditEvent.objects.filter(action=action).count()


def test_the_lead_adds_changes_and_removes_a_shift_in_the_grid(
    as_user: Any, wf: dict[str, Any]
) -> None:
    from serviq.web.workforce.models import Shift

    day = wf["base"] + dt.timedelta(days=5)
    cell = {"team": "T1", "action": "set", "person": "A002", "date": f"{day}"}
    lead = as_user("lead1")
    assert lead.post("/workforce/roster/", {**cell, "kind": "day"}).status_code == 302
    assert list(
        Shift.objects.filter(person__code="A002", date=day).values_list("kind", flat=True)
    ) == ["day"]
    assert lead.post("/workforce/roster/", {**cell, "kind": "night"}).status_code == 302
    night = Shift.objects.get(person__code="A002", date=day)
    assert (night.kind, night.night) == ("night", True)
    assert night.end.date() == day + dt.timedelta(days=1)  # the core's night shift
    page = lead.get("/workforce/roster/", {"team": "T1", "month": day.strftime("%Y-%m")})
    assert night.code in page.content.decode()
    assert lead.post("/workforce/roster/", {**cell, "kind": ""}).status_code == 302
    assert not Shift.objects.filter(person__code="A002", date=day).exists()
    assert _audit("workforce.roster.set") == 3
    # an unknown kind is a 400 naming the allowed ones
    r = lead.post("/workforce/roster/", {**cell, "kind": "X"}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert "allowed: day, night" in r.content.decode()


def test_only_the_team_lead_of_the_team_edits_its_roster(as_user: Any, wf: dict[str, Any]) -> None:
    from serviq.web.workforce.models import Shift

    day = wf["base"] + dt.timedelta(days=5)
    cell = {"team": "T1", "action": "set", "person": "A002", "date": f"{day}", "kind": "day"}
    assert as_user("a001").post("/workforce/roster/", cell).status_code == 403
    assert as_user("dir1").post("/workforce/roster/", cell).status_code == 403
    assert as_user("lead2").post("/workforce/roster/", cell).status_code == 404
    assert as_user("c001").post("/workforce/roster/", cell).status_code == 404
    assert (
        as_user("lead1").post("/workforce/roster/", {**cell, "person": "B001"}).status_code == 404
    )
    assert not Shift.objects.filter(date=day).exists()
    assert 'id="shift-form"' in as_user("lead1").get("/workforce/roster/").content.decode()
    assert 'id="shift-form"' not in as_user("a001").get("/workforce/roster/").content.decode()
    assert (
        'id="shift-form"' not in as_user("dir1").get("/workforce/roster/?team=T1").content.decode()
    )


def test_a_shift_in_a_swap_request_cannot_be_changed(as_user: Any, wf: dict[str, Any]) -> None:
    s = wf["shifts"]
    r = as_user("a001").post(
        "/workforce/swaps/new/", {"give": s[("a001", 0)].code, "take": s[("b001", 3)].code}
    )
    assert r.status_code == 302
    cell = {"team": "T1", "action": "set", "person": "A001", "date": f"{wf['base']}", "kind": ""}
    r = as_user("lead1").post("/workforce/roster/", cell, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409
    assert "part of a swap request" in r.content.decode()


def test_a_roster_is_imported_from_xlsx_and_reimport_changes_nothing(
    as_user: Any, wf: dict[str, Any]
) -> None:
    from serviq.web.workforce.models import Shift

    # a month without the fixture's shifts
    month = (wf["base"].replace(day=1) + dt.timedelta(days=70)).replace(day=1)
    ym = month.strftime("%Y-%m")
    header = ["agent", "1", "2", "3"]
    rows = [["A001", "D", "N", "休"], ["A002", "", "D", "D"]]
    lead = as_user("lead1")
    post = {"team": "T1", "action": "import", "month": ym}
    assert lead.post("/workforce/roster/", {**post, "file": _xlsx(rows, header)}).status_code == 302
    got = sorted(
        Shift.objects.filter(team__code="T1", date__gte=month).values_list("code", flat=True)
    )
    assert got == sorted(
        [
            f"T1-A001-{month}-D",
            f"T1-A001-{month + dt.timedelta(days=1)}-N",
            f"T1-A002-{month + dt.timedelta(days=1)}-D",
            f"T1-A002-{month + dt.timedelta(days=2)}-D",
        ]
    )
    pks = set(Shift.objects.values_list("pk", flat=True))
    assert lead.post("/workforce/roster/", {**post, "file": _xlsx(rows, header)}).status_code == 302
    assert set(Shift.objects.values_list("pk", flat=True)) == pks  # idempotent
    # a changed file replaces the month: A002's day 3 is off now
    rows[1][3] = "-"
    assert lead.post("/workforce/roster/", {**post, "file": _xlsx(rows, header)}).status_code == 302
    assert Shift.objects.filter(team__code="T1", date__gte=month).count() == 3
    assert _audit("workforce.roster.import") == 3
    # the fixture's month is untouched
    assert Shift.objects.filter(code=wf["shifts"][("a001", 0)].code).exists()


def test_an_invalid_roster_file_is_a_400_with_the_core_messages_and_writes_nothing(
    as_user: Any, wf: dict[str, Any]
) -> None:
    from serviq.web.workforce.models import Shift

    month = (wf["base"].replace(day=1) + dt.timedelta(days=70)).replace(day=1)
    header = ["agent", "1", "2"]
    rows = [["A001", "D", "X"], ["B001", "D", ""]]
    before = Shift.objects.count()
    lead = as_user("lead1")
    post = {"team": "T1", "action": "import", "month": month.strftime("%Y-%m")}
    r = lead.post(
        "/workforce/roster/", {**post, "file": _xlsx(rows, header)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert (
        "unknown shift code &#x27;X&#x27;; allowed: D, N or empty (t1.xlsx, row 2, column C (2))"
        in page
    )
    assert (
        "agent B001 is not in team T1; allowed: A001, A002 (t1.xlsx, row 3, column A (agent))"
        in page
    )
    assert Shift.objects.count() == before
    assert _audit("workforce.roster.import") == 0
    # other roles may not import at all
    for login, code in (("a001", 403), ("dir1", 403), ("lead2", 404)):
        r = as_user(login).post("/workforce/roster/", {**post, "file": _xlsx(rows, header)})
        assert r.status_code == code, login
