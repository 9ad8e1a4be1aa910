"""The operations-room checklist (scope 1 of issue 18, R-OPS-9): who ticks, what a failure
naming a person records, what agents see, and the workplace-standards indicator as the
share of items passed per team and month, from the template in the YAML data."""

from __future__ import annotations

import math

import pytest

pytestmark = pytest.mark.django_db

URL = "/indicators/checklist/"
ITEMS = ("dress", "desk", "equipment", "no_food_devices", "cleanliness", "cleaning_duty")


def _round(**changes: str) -> dict[str, str]:
    data = {"template": "operations_room", "date": "2026-10-12", "shift": "day"}
    data.update({f"item_{i}": "pass" for i in ITEMS})
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("login", "status"),
    [
        ("a001", 200),  # an agent sees their own results
        ("lead1", 200),  # the shift leader ticks
        ("qa1", 403),
        ("dir1", 403),
        ("centre", 403),
        ("analyst", 403),
        ("admin", 403),
    ],
)
def test_who_opens_the_checklist_page(as_user, login, status) -> None:
    assert as_user(login).get(URL).status_code == status


@pytest.mark.parametrize("login", ["a001", "dir1", "centre", "admin"])
def test_only_team_leads_tick(as_user, login) -> None:
    from serviq.web.indicatordata.models import ChecklistRound

    assert as_user(login).post(URL, _round()).status_code == 403
    assert not ChecklistRound.objects.exists()


def test_the_page_lists_the_templates_items_for_the_leads_team(as_user) -> None:
    r = as_user("lead1").get(URL)
    assert [i["code"] for i in r.context["items"]] == list(ITEMS)
    assert [c for c, _ in r.context["members"]] == ["A001", "A002"]
    assert 'name="item_cleaning_duty"' in r.content.decode()


def test_a_failed_item_naming_a_person_records_a_conduct_entry(as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.indicatordata.models import ChecklistTick
    from serviq.web.workforce.models import Violation

    r = as_user("lead1").post(
        URL, _round(item_desk="fail", person_desk="A001", note_desk="papers on the desk")
    )
    assert r.status_code == 302, r.content
    v = Violation.objects.get(kind="workplace_standard")
    assert (v.person.code, v.team.code, str(v.date), v.recorded_by.code) == ("A001", "T1", "2026-10-12", "LEAD1")  # fmt: skip
    assert v.reasons[0]["messages"]["en"] == "Desk in order, papers where they belong"
    assert v.reasons[0]["messages"]["zh-Hant"] == "檯面整齊，資料按規定擺放"
    tick = ChecklistTick.objects.get(item="desk")
    assert tick.violation == v
    assert ChecklistTick.objects.filter(passed=True).count() == 5
    event = AuditEvent.objects.get(action="indicator.checklist_round")
    assert event.after["failed"] == [{"item": "desk", "person": "A001"}]


def test_a_failed_item_naming_nobody_records_no_conduct_entry(as_user) -> None:
    from serviq.web.workforce.models import Violation

    assert as_user("lead1").post(URL, _round(item_dress="fail")).status_code == 302
    assert not Violation.objects.filter(kind="workplace_standard").exists()


def test_agents_see_their_own_failures_only(as_user) -> None:
    lead = as_user("lead1")
    assert lead.post(URL, _round(item_desk="fail", person_desk="A001")).status_code == 302
    mine = as_user("a001").get(URL)
    assert [f["item"] for f in mine.context["failures"]] == ["台面整齐，资料按规定摆放"]
    other = as_user("a002").get(URL)
    assert other.context["failures"] == []
    # the team's share is visible to both agents of T1: 5 of 6 items passed
    assert other.context["shares"][0][1][0][:2] == ("2026-10", 5 / 6)
    assert as_user("b001").get(URL).context["shares"][0][1] == []


@pytest.mark.parametrize(
    ("changes", "status", "words"),
    [
        ({"item_desk": "fail", "person_desk": "B001"}, 400, "B001 is not in the team"),
        ({"item_desk": "pass", "person_desk": "A001"}, 400, "only a failed item names"),
        ({"item_desk": ""}, 400, "item desk of operations_room is not ticked"),
        ({"template": "kitchen"}, 400, "no checklist kitchen"),
        ({"date": "12/10/2026"}, 400, "YYYY-MM-DD"),
        ({"shift": " "}, 400, "the shift is missing"),
    ],
)
def test_a_refused_round_says_why_and_writes_nothing(as_user, changes, status, words) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.indicatordata.models import ChecklistRound, ChecklistTick
    from serviq.web.workforce.models import Violation

    r = as_user("lead1").post(URL, _round(**changes))
    assert r.status_code == status
    assert words in r.content.decode()
    assert not ChecklistRound.objects.exists()
    assert not ChecklistTick.objects.exists()
    assert not Violation.objects.filter(kind="workplace_standard").exists()
    assert not AuditEvent.objects.filter(action="indicator.checklist_round").exists()


def test_a_shift_is_ticked_once(as_user) -> None:
    from serviq.web.indicatordata.models import ChecklistTick

    lead = as_user("lead1")
    assert lead.post(URL, _round()).status_code == 302
    r = lead.post(URL, _round(item_desk="fail"))
    assert r.status_code == 409
    assert "already ticked" in r.content.decode()
    assert ChecklistTick.objects.count() == len(ITEMS)


def test_the_indicator_is_the_share_of_items_passed_per_team_and_for_the_centre(
    as_user,
) -> None:
    """T1: 12 items checked on two shifts, 2 failed → 10/12; T2: 6 checked, 3 failed →
    3/6; the centre pools every item: 13/18. The stored dashboard values equal the core's
    evaluation on the same records."""
    from serviq.web.dashboard.analysis import evaluation, run_analysis
    from serviq.web.dashboard.models import IndicatorResult

    run_analysis()
    lead1 = as_user("lead1")
    assert lead1.post(URL, _round(item_desk="fail")).status_code == 302
    assert lead1.post(URL, _round(shift="night", item_dress="fail")).status_code == 302
    lead2 = as_user("lead2")
    fails = {"item_dress": "fail", "item_desk": "fail", "item_cleanliness": "fail"}
    assert lead2.post(URL, _round(**fails)).status_code == 302

    def stored(scope: str) -> float | None:
        row = IndicatorResult.objects.get(period="2026-10", team_code=scope, code="SITE_CHECK")
        return row.value

    assert stored("T1") == 10 / 12
    assert stored("T2") == 3 / 6
    assert stored("") == 13 / 18
    ev = evaluation()
    assert ev is not None
    for result in ev.results:
        rows = {
            r.code: r
            for r in IndicatorResult.objects.filter(period=result.period, team_code=result.scope)
        }
        for node in result.card.nodes:
            a, b = rows[node.code].score, node.score
            assert (a is None and b is None) or math.isclose(a, b, abs_tol=1e-12), node.code  # type: ignore[arg-type]


CUSTOM = """\
templates:
  - code: operations_room
    name: {zh-Hans: 晨检, zh-Hant: 晨檢, en: Morning check}
    items:
      - code: badge
        text: {zh-Hans: 佩戴工牌, zh-Hant: 佩戴工牌, en: Badge worn}
      - code: headset
        text: {zh-Hans: 耳机完好, zh-Hant: 耳機完好, en: Headset in order}
"""


def test_a_template_change_changes_the_page_and_the_indicator(
    as_user, tmp_path, monkeypatch
) -> None:
    from serviq.web.dashboard.analysis import run_analysis
    from serviq.web.dashboard.models import IndicatorResult

    (tmp_path / "ops").mkdir()
    (tmp_path / "ops" / "checklists.yaml").write_text(CUSTOM, encoding="utf-8")
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    run_analysis()
    lead = as_user("lead1")
    page = lead.get(URL)
    assert [i["code"] for i in page.context["items"]] == ["badge", "headset"]
    assert "item_dress" not in page.content.decode()
    # the bundled template's items are no longer asked for
    r = lead.post(URL, {"template": "operations_room", "date": "2026-10-12", "shift": "day",
                        "item_badge": "pass", "item_headset": "fail"})  # fmt: skip
    assert r.status_code == 302, r.content
    row = IndicatorResult.objects.get(period="2026-10", team_code="T1", code="SITE_CHECK")
    assert row.value == 0.5


def test_a_refused_round_is_worded_in_the_reader_s_language_with_the_item(as_user) -> None:
    """zh-Hans: the message and its place (检查项 desk 的责任人, not person_desk) from the
    catalogue."""
    r = as_user("lead1").post(
        URL, _round(item_desk="pass", person_desk="A001"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert "检查项 desk 已合格，却填写了人员 A001" in page
    assert "字段 检查项 desk 的责任人" in page
