"""The product-feedback import (scope 4 of issue 18, R-BANK-2): who imports, bad files
refused with one line and nothing written, re-import adds nothing, text masked before it is
stored, and the product-complaint share and product needs met on the dashboard equal the
core's evaluation."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

URL = "/indicators/feedback/"
HEADER = "feedback_id,received_on,kind,met,text\n"
GOOD = HEADER + (
    "F1,2026-10-03,complaint,,信用卡年费太高，请回电 13912345678\n"
    "F2,2026-10-09,need,yes,想要三年期的定期存款\n"
    "F3,2026-10-20,need,no,希望手机银行能查看电子回单\n"
    "F4,2026-10-21,complaint,,客服态度不好\n"
    "F5,2026-09-12,need,yes,想办一张没有年费的信用卡\n"
)


def _file(text: str, name: str = "feedback.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


@pytest.mark.parametrize(
    ("login", "status"),
    [("a001", 403), ("lead1", 403), ("qa1", 403), ("dir1", 200),
     ("centre", 200), ("analyst", 200), ("admin", 200)],
)  # fmt: skip
def test_who_imports_product_feedback(as_user, login, status) -> None:
    assert as_user(login).get(URL).status_code == status


def test_an_import_values_the_product_indicators_like_the_core(as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.dashboard.analysis import evaluation, run_analysis
    from serviq.web.dashboard.models import IndicatorResult
    from serviq.web.indicatordata.models import ProductFeedbackRecord

    run_analysis()
    r = as_user("dir1").post(URL, {"file": _file(GOOD)})
    assert r.status_code == 302, r.content
    assert "added=5" in r["Location"]
    assert AuditEvent.objects.get(action="indicator.feedback_import").after["added"] == 5
    first = ProductFeedbackRecord.objects.get(feedback_id="F1")
    assert "13912345678" not in first.text  # masked before it is stored
    assert first.codes == "cards"
    assert ProductFeedbackRecord.objects.get(feedback_id="F4").codes == ""

    def stored(period: str, code: str) -> float | None:
        return IndicatorResult.objects.get(period=period, team_code="", code=code).value

    assert stored("2026-10", "PROD_THEME") == 1 / 4  # one product complaint of four items
    assert stored("2026-10", "PROD_FIT") == 1 / 2  # one need of two met
    assert stored("2026-09", "PROD_FIT") == 1.0
    assert stored("2026-09", "PROD_THEME") == 0.0
    page = as_user("dir1").get(URL).content.decode()
    assert "银行卡与信用卡" in page or "Cards" in page  # the theme by its label
    ev = evaluation()
    assert ev is not None
    for period in ("2026-09", "2026-10"):
        values = ev.get(period, "").values
        assert values["PROD_THEME"] == stored(period, "PROD_THEME")
        assert values["PROD_FIT"] == stored(period, "PROD_FIT")


def test_importing_the_same_file_again_adds_nothing(as_user) -> None:
    from serviq.web.indicatordata.models import ProductFeedbackRecord

    client = as_user("analyst")
    assert client.post(URL, {"file": _file(GOOD)}).status_code == 302
    again = client.post(URL, {"file": _file(GOOD)})
    assert "added=0" in again["Location"]
    assert "unchanged=5" in again["Location"]
    assert ProductFeedbackRecord.objects.count() == 5
    r = client.post(URL, {"file": _file(GOOD.replace("F3,2026-10-20,need,no", "F3,2026-10-20,need,yes"))})  # fmt: skip
    assert "changed=1" in r["Location"]
    assert ProductFeedbackRecord.objects.count() == 5


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        (GOOD + "F6,2026-10-22,praise,,好\n", "feedback.csv",
         "kind 'praise' is not allowed; allowed: complaint, need (feedback.csv, row 7, column kind)"),
        (GOOD.replace("2026-09-12", "2026-9-12"), "feedback.csv",
         "received_on '2026-9-12' is not a date; allowed: YYYY-MM-DD (feedback.csv, row 6, column received_on)"),
        (GOOD.replace("need,yes,想要", "need,,想要"), "feedback.csv", "row 3, column met"),
        (GOOD.replace("complaint,,客服", "complaint,no,客服"), "feedback.csv", "allowed: empty"),
        (GOOD + "F2,2026-10-22,need,yes,x\n", "feedback.csv", "appears twice (first in row 3)"),
        (GOOD + "F7,2026-10-22,need,yes,\n", "feedback.csv", "row 7, column text"),
        ("feedback_id,kind\nF1,need\n", "feedback.csv", "missing columns received_on"),
        (GOOD, "feedback.pdf", "unsupported file type .pdf"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_written(
    as_user, text, name, words
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.indicatordata.models import ProductFeedbackRecord

    r = as_user("analyst").post(URL, {"file": _file(text, name)})
    assert r.status_code == 400
    assert words in html.unescape(r.content.decode())
    assert not ProductFeedbackRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="indicator.feedback_import").exists()


def test_an_agent_cannot_post_feedback(as_user) -> None:
    from serviq.web.indicatordata.models import ProductFeedbackRecord

    assert as_user("a001").post(URL, {"file": _file(GOOD)}).status_code == 403
    assert not ProductFeedbackRecord.objects.exists()
