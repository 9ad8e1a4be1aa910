"""A calibration session: several inspectors score the same interactions; the page shows
serviq.qa's agreement report (ICC, Krippendorff's alpha, inspector bias, flagged items)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

pytestmark = pytest.mark.django_db


def session() -> pd.DataFrame:
    """Three inspectors, six calls, two items: ``tone`` agreed (the calls differ, the
    inspectors agree up to one lenient inspector), ``adaptability`` scored at random."""
    rows = []
    noise = [3, 1, 5, 2, 4, 1, 5, 3, 2, 4, 1, 3, 5, 2, 4, 3, 1, 5]
    for i, truth in enumerate([1, 2, 3, 4, 5, 3]):
        for j, who in enumerate(["Q1", "Q2", "Q3"]):
            rows.append((f"I{i}", who, "tone", min(5, truth + (j == 2))))
            rows.append((f"I{i}", who, "adaptability", noise[i * 3 + j]))
    return pd.DataFrame(rows, columns=["interaction_id", "inspector_id", "item", "score"])


@pytest.fixture
def stored(db: None, personas: Any) -> Any:
    from serviq.web.qa import actions

    personas()
    return actions.run_calibration("2026-10", "October calibration", session())


def test_the_session_is_stored_with_its_agreement_report(stored) -> None:
    from serviq.web.audit.models import AuditEvent

    r = stored.result
    by_item = {a["item"]: a for a in r["items"]}
    assert by_item["tone"]["icc"] > 0.8
    assert by_item["adaptability"]["flagged"]
    assert not by_item["tone"]["flagged"]
    bias = {b["inspector"]: b["bias"] for b in r["bias"]}
    # by hand: Q3 is 2/3 above the call's mean on tone on five calls (0 on the call all
    # scored 5) and 2 − 4/3 − 4/3 + 1/3 + 1/3 + 2 = 2 on adaptability: (10/3 + 2)/12 = 4/9
    assert bias["Q3"] == pytest.approx(4 / 9)
    assert max(bias, key=bias.__getitem__) == "Q3"
    assert AuditEvent.objects.filter(action="qa.calibrate", object_id=str(stored.pk)).exists()


@pytest.mark.parametrize(
    ("login", "status"),
    [("a001", 403), ("lead1", 403), ("qa1", 200), ("dir1", 200), ("centre", 200),
     ("analyst", 200), ("admin", 200)],
)  # fmt: skip
def test_the_calibration_page_per_role(stored, as_user, login: str, status: int) -> None:
    r = as_user(login).get("/qa/calibration/")
    assert r.status_code == status
    if status == 200:
        html = r.content.decode()
        assert "October calibration" in html
        assert "应变能力" in html  # the item by its name (adaptability)
