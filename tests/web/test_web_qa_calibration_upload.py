"""Uploading a calibration session (CSV/XLSX): validated before anything is written, one
transaction with its audit row; a bad file is a 400 with one line and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


def _scores(extra: str = "") -> bytes:
    rows = ["interaction_id,inspector_id,item,score"]
    for i, (a, b) in enumerate([(1, 1), (3, 4), (5, 5), (2, 3)]):
        rows += [f"I{i},QA1,tone,{a}", f"I{i},QA2,tone,{b}"]
    return ("\n".join(rows) + "\n" + extra).encode()


@pytest.fixture
def centre(personas: Any) -> Any:
    from django.contrib.auth.models import User

    from serviq.web.org.models import Person

    c = personas()
    qa1 = c["people"]["qa1"]
    user = User.objects.create_user("qa2", password=None)
    Person.objects.create(
        user=user, code="QA2", name="QA2", role="qa_inspector", centre=qa1.centre,
        department=qa1.department,
    )  # fmt: skip
    return c


def _post(client: Any, data: bytes, name: str = "october.csv", **form: Any) -> Any:
    body = {"month": "2026-10", "name": "October", "file": SimpleUploadedFile(name, data), **form}
    return client.post("/qa/calibration/", body, HTTP_ACCEPT="application/json")


def test_an_inspector_uploads_a_session_and_sees_its_report(as_user: Any, centre: Any) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.qa.models import CalibrationSession

    assert centre["people"]["qa1"].code == "QA1"
    r = _post(as_user("qa1"), _scores())
    assert r.status_code == 302
    s = CalibrationSession.objects.get()
    assert (s.month, s.name, len(s.scores)) == ("2026-10", "October", 8)
    assert [a["item"] for a in s.result["items"]] == ["tone"]
    assert AuditEvent.objects.filter(action="qa.calibrate", object_id=str(s.pk)).count() == 1
    assert "October" in as_user("dir1").get("/qa/calibration/").content.decode()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("I9,QA1,tone,7\n", "'7' is off the scale of tone; allowed: whole points 1–5 (october.csv, row 10, column score)"),
        ("I9,QA1,toen,2\n", "unknown item 'toen'"),
        ("I9,ZZ9,tone,2\n", "unknown inspector 'ZZ9'"),
        ("I0,QA1,tone,2\nI9,QA1,tone,x\n", "twice (first in row 2) — and 1 more problem (october.csv, row 10, column score)"),
    ],
)  # fmt: skip
def test_a_bad_file_is_one_error_line_and_nothing_is_written(
    as_user: Any, centre: Any, extra: str, words: str
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.qa.models import CalibrationSession

    r = _post(as_user("qa1"), _scores(extra))
    assert r.status_code == 400
    line = r.json()["detail"]
    assert "\n" not in line
    assert words in line
    assert not CalibrationSession.objects.exists()
    assert not AuditEvent.objects.filter(action="qa.calibrate").exists()


def test_not_a_table_or_the_wrong_type_is_refused(as_user: Any, centre: Any) -> None:
    from serviq.web.qa.models import CalibrationSession

    client = as_user("qa1")
    assert _post(client, b"%PDF-1.4 not a sheet", name="october.xlsx").status_code == 400
    r = _post(client, _scores(), name="october.pdf")
    assert r.status_code == 400
    assert ".csv or .xlsx" in r.json()["detail"]
    assert _post(client, _scores(), month="October").status_code == 400
    assert not CalibrationSession.objects.exists()


@pytest.mark.parametrize(
    ("login", "status"),
    [("a001", 403), ("lead1", 403), ("analyst", 403), ("qa1", 302), ("dir1", 302),
     ("centre", 302), ("admin", 302)],
)  # fmt: skip
def test_who_may_upload(as_user: Any, centre: Any, login: str, status: int) -> None:
    assert _post(as_user(login), _scores()).status_code == status
