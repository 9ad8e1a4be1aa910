"""The system-months import (scope 4 of issue 18, R-BANK-2): who imports, bad files refused
with one line and nothing written, re-import adds nothing, and system availability and the
system-problem rate on the dashboard equal the core's evaluation."""

from __future__ import annotations

import html
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

URL = "/indicators/systems/"
HEADER = "period,service,scheduled_minutes,unavailable_minutes,problem_contacts\n"
GOOD = HEADER + (
    "2026-10,mobile_banking,44640,120,3\n"
    "2026-10,core_system,44640,0,1\n"
    "2026-10,ivr,44640,60,0\n"
    "2026-09,ivr,43200,0,2\n"
)


def _file(text: str, name: str = "systems.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


@pytest.mark.parametrize(
    ("login", "status"),
    [("a001", 403), ("lead1", 403), ("qa1", 403), ("dir1", 403),
     ("centre", 200), ("analyst", 200), ("admin", 200)],
)  # fmt: skip
def test_who_imports_system_months(as_user, login, status) -> None:
    assert as_user(login).get(URL).status_code == status


def test_an_import_values_availability_and_the_problem_rate_like_the_core(as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.dashboard.analysis import evaluation, run_analysis
    from serviq.web.dashboard.models import IndicatorResult

    run_analysis()
    r = as_user("centre").post(URL, {"file": _file(GOOD)})
    assert r.status_code == 302, r.content
    assert "added=4" in r["Location"]
    event = AuditEvent.objects.get(action="indicator.system_import")
    assert event.after["added"] == 4

    def stored(period: str, code: str) -> IndicatorResult:
        return IndicatorResult.objects.get(period=period, team_code="", code=code)

    # 1 − (120 + 0 + 60) ÷ (3 × 44640)
    assert stored("2026-10", "SYS_AVAIL").value == pytest.approx(1 - 180 / 133920, abs=1e-15)
    issue = stored("2026-10", "SYS_ISSUE")
    assert issue.numerator == 4
    assert issue.denominator is not None
    assert issue.value == 4 / issue.denominator
    assert stored("2026-09", "SYS_AVAIL").value == 1.0
    # team scopes have no system values (the systems are centre-wide)
    assert IndicatorResult.objects.get(period="2026-10", team_code="T1", code="SYS_AVAIL").value is None  # fmt: skip
    ev = evaluation()
    assert ev is not None
    for result in ev.results:
        rows = {
            x.code: x
            for x in IndicatorResult.objects.filter(period=result.period, team_code=result.scope)
        }
        for node in result.card.nodes:
            a, b = rows[node.code].value, node.value
            assert (a is None and b is None) or math.isclose(a, b, abs_tol=1e-12), node.code  # type: ignore[arg-type]
            a, b = rows[node.code].score, node.score
            assert (a is None and b is None) or math.isclose(a, b, abs_tol=1e-12), node.code  # type: ignore[arg-type]


def test_importing_the_same_file_again_adds_nothing(as_user) -> None:
    from serviq.web.indicatordata.models import SystemMonthRecord

    client = as_user("analyst")
    assert client.post(URL, {"file": _file(GOOD)}).status_code == 302
    again = client.post(URL, {"file": _file(GOOD)})
    assert "added=0" in again["Location"]
    assert "unchanged=4" in again["Location"]
    assert SystemMonthRecord.objects.count() == 4
    corrected = GOOD.replace("2026-10,ivr,44640,60,0", "2026-10,ivr,44640,30,0")
    r = client.post(URL, {"file": _file(corrected)})
    assert "changed=1" in r["Location"]
    assert SystemMonthRecord.objects.count() == 4


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        (GOOD + "2026-10,teller,100,0,0\n", "systems.csv",
         "unknown service 'teller'; allowed: mobile_banking, core_system, ivr (systems.csv, row 6, column service)"),
        (GOOD.replace("2026-09,ivr,43200,0,2", "2026-9,ivr,43200,0,2"), "systems.csv",
         "period '2026-9' is not a month; allowed: YYYY-MM (systems.csv, row 5, column period)"),
        (GOOD.replace(",120,3", ",-5,3"), "systems.csv", "row 2, column unavailable_minutes"),
        (GOOD.replace(",0,1\n", ",50000,1\n"), "systems.csv", "exceeds scheduled_minutes"),
        (GOOD + "2026-10,ivr,1,0,0\n", "systems.csv", "appears twice (first in row 4)"),
        ("period,service\n2026-10,ivr\n", "systems.csv", "missing columns scheduled_minutes"),
        (GOOD, "systems.pdf", "unsupported file type .pdf"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_written(
    as_user, text, name, words
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.indicatordata.models import SystemMonthRecord

    r = as_user("centre").post(URL, {"file": _file(text, name)})
    assert r.status_code == 400
    body = html.unescape(r.content.decode())
    assert words in body
    assert not SystemMonthRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="indicator.system_import").exists()


def test_an_xlsx_file_is_imported_too(as_user, tmp_path) -> None:
    import pandas as pd

    from serviq.web.indicatordata.models import SystemMonthRecord

    path = tmp_path / "systems.xlsx"
    pd.DataFrame(
        [["2026-10", "ivr", 44640, 60, 0]],
        columns=[
            "period",
            "service",
            "scheduled_minutes",
            "unavailable_minutes",
            "problem_contacts",
        ],
    ).to_excel(path, index=False)
    upload = SimpleUploadedFile("systems.xlsx", path.read_bytes())
    assert as_user("centre").post(URL, {"file": upload}).status_code == 302
    assert SystemMonthRecord.objects.get().unavailable_minutes == 60


def test_a_bad_file_is_worded_in_the_reader_s_language_with_its_row_and_column(as_user) -> None:
    """zh-Hans: the core's coded message survives the upload's renaming to the file's name."""
    text = GOOD.replace("2026-10,ivr,", "2026-10,teller,")
    r = as_user("centre").post(URL, {"file": _file(text)}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 400
    assert "服务 'teller' 无效；可选：mobile_banking, core_system, ivr (systems.csv, 第 4 条记录, 列 service)" in html.unescape(r.content.decode())  # fmt: skip
