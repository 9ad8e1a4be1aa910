"""The QA rows in the administrator's site: only the administrator opens them; the audit
fields (history, when scored or disputed, the ruling, the computed result) are read only;
an administrator's change is audited with before and after."""

from __future__ import annotations

from typing import Any

import pytest
from qa_web_centre import build

pytestmark = pytest.mark.django_db
MODELS = ["samplingplan", "review", "calibrationsession", "trainingtask"]


@pytest.fixture
def qa(db: None, personas: Any) -> dict[str, Any]:
    from django.contrib.auth.models import User

    centre = build(personas)
    User.objects.filter(username="admin").update(is_staff=True)
    return centre


@pytest.mark.parametrize("model", MODELS)
def test_only_the_administrator_opens_the_qa_rows(qa, as_user, model) -> None:
    assert as_user("admin").get(f"/admin/qa/{model}/").status_code == 200
    for login in ("qa1", "dir1", "centre"):
        assert as_user(login).get(f"/admin/qa/{model}/").status_code == 302, login


def test_a_reviews_audit_fields_are_read_only_and_a_change_is_audited(qa, as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.qa.models import Review

    row = Review.objects.get(code="QA-S1")
    client = as_user("admin")
    url = f"/admin/qa/review/{row.pk}/change/"
    page = client.get(url).content.decode()
    for field in ("history", "ratings", "comments", "result", "scored_at", "ruling", "score"):
        assert f'name="{field}"' not in page, field  # shown, not an input
    assert 'name="status"' in page
    form = {
        "code": row.code,
        "month": row.month,
        "interaction": row.interaction_id,
        "agent": row.agent_id,
        "agent_team": row.agent_team_id,
        "inspector": qa["people"]["qa2"].pk,
        "scorecard": row.scorecard,
        "status": row.status,
        "dispute_reason": "",
        "history": "[]",  # ignored: read only
        "_save": "Save",
    }
    r = client.post(url, form)
    import re

    assert r.status_code == 302, re.findall(r"errorlist[^<]*<li>([^<]*)", r.content.decode())
    after = Review.objects.get(pk=row.pk)
    assert after.inspector.code == "QA2"
    assert after.history == row.history  # untouched
    ev = AuditEvent.objects.get(action="admin.change", object_id=str(row.pk))
    assert ev.before["inspector"] != ev.after["inspector"]
