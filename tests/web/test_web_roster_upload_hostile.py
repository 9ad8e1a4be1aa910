"""The roster upload refuses damaged and hostile files with a 400 and one message, never a
500, and writes nothing (issue 16, finding 5): a CSV or PDF named .xlsx, an XLSX with an
external entity (XXE) or an entity-expansion bomb ("billion laughs"), a zip bomb, a cell at
the sheet's far corner, a CSV cut mid-row, and a file over the upload limit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from workforce_data import make_shifts, plain_base

from hostile_files import billion_laughs, far_corner, xlsx, xxe, zip_bomb

pytestmark = pytest.mark.django_db

BOOK = xlsx(["agent", "1", "2"], [["A001", "D", "N"], ["A002", "N", "D"]])


@pytest.fixture
def lead(personas: Any, as_user: Any) -> Any:
    make_shifts(personas(), plain_base())
    return as_user("lead1")


def _post(client: Any, name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    month = (plain_base().replace(day=1) + dt.timedelta(days=70)).strftime("%Y-%m")
    return client.post(
        "/workforce/roster/",
        {"team": "T1", "action": "import", "month": month, "file": SimpleUploadedFile(name, data)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _state() -> tuple[int, int]:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.workforce.models import Shift

    return Shift.objects.count(), AuditEvent.objects.filter(
        action="workforce.roster.import"
    ).count()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("t1.xlsx", b"agent,1,2\nA001,D,N\n", "not an XLSX workbook"),
        ("t1.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "not an XLSX workbook"),
        ("t1.xlsx", xxe(BOOK), "declares a DOCTYPE or entities"),
        ("t1.xlsx", billion_laughs(BOOK), "declares a DOCTYPE or entities"),
        ("t1.xlsx", zip_bomb(BOOK, 20), "a zip bomb?"),
        ("t1.xlsx", far_corner(BOOK), "a value in column XFD"),
        ("t1.xlsx", BOOK[: len(BOOK) // 2], "not an XLSX workbook"),
        ("t1.csv", b"agent,1,2\nA001,D,N\nA002,N", "cut short or incomplete"),
    ],
    ids=["csv", "pdf", "xxe", "billion-laughs", "zip-bomb", "far-corner", "cut-xlsx", "cut-csv"],
)
def test_a_hostile_roster_file_is_a_400_naming_the_upload(
    lead: Any, name: str, data: bytes, message: str
) -> None:
    before = _state()
    r = _post(lead, name, data)
    assert r.status_code == 400
    page = r.content.decode()
    assert message in page
    assert f"({name}" in page  # the upload's name, never the server's temporary path
    assert "/tmp" not in page
    assert _state() == before


def test_a_file_over_the_upload_limit_is_a_400_and_is_not_kept(
    lead: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "imports.yaml").write_text("max_upload_mb: 0.05\n", encoding="utf-8")
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    big = b"agent,1,2\n" + b"A001,D,N\n" * 10_000  # 90 KB
    before = _state()
    r = _post(lead, "t1.csv", big)
    assert r.status_code == 400
    assert "larger than the upload limit of 0.05 MB" in r.content.decode()
    assert _state() == before
    # under the limit the same route imports
    small = b"agent,1,2\nA001,D,N\nA002,N,D\n"
    assert _post(lead, "t1.csv", small).status_code == 302
