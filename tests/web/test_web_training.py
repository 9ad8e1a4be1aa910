"""Training on record in the web application: every page and endpoint per role, scheduling
from a QA training task, attendance and the roster conflict, a test taken and marked, the
archive and its export, a malformed results file, and "did it work" on stored QA reviews."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from serviq.resources import data_path

pytestmark = pytest.mark.django_db
ZONE = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 10, 14, 14, 0, tzinfo=ZONE)
ROLES = ("a001", "b001", "lead1", "lead2", "qa1", "dir1", "dir2", "centre", "analyst", "admin")


def _bank() -> SimpleUploadedFile:
    return SimpleUploadedFile("wealth.yaml", data_path("training/demo_bank.yaml").read_bytes())


@pytest.fixture
def world(personas: Any) -> dict[str, Any]:
    """A T1 session (lead1) with a001 on a phone shift at the time, a test of it, a001's
    attempt; and a QA training task of T1."""
    from serviq.qa.decisions import reason
    from serviq.web.org.models import Person
    from serviq.web.qa.models import TrainingTask
    from serviq.web.training import records
    from serviq.web.workforce.models import Shift

    people = personas()["people"]
    teams = personas()["teams"]
    Shift.objects.create(
        code="T1-A001-2026-10-14-D",
        team=teams["T1"],
        person=people["a001"],
        date=START.date(),
        kind="D",
        start=START - dt.timedelta(hours=5),
        end=START + dt.timedelta(hours=1),
    )
    lead = people["lead1"]
    s = records.schedule(
        lead,
        team=teams["T1"],
        topic="理财产品",
        kind="product",
        start=START,
        minutes=90,
        invited=list(Person.objects.filter(team=teams["T1"], role="agent")),
    )
    bank = records.import_bank(lead, _bank())
    test = records.make_test(
        lead, bank=bank, team=teams["T1"], title="理财测验", minutes=20, session=s
    )
    why = reason("training.team_wide", count=2, of=2, team="T1", item="needs_summary")
    task = TrainingTask.objects.create(
        code="TR2026W40-001",
        week="2026-W40",
        item="needs_summary",
        scope="team",
        team=teams["T1"],
        agents=["A001", "A002"],
        why={"code": "training.team_wide", "params": dict(why.params), **why.messages},
        due=dt.date(2026, 10, 20),
        roll_call=True,
    )
    return {"session": s, "test": test, "task": task, "people": people, "teams": teams}


# role → expected status of each page (the T1 session and test)
PAGES = {
    "/training/": {"a001": 403, "b001": 403, "lead1": 200, "lead2": 200, "qa1": 200,
                   "dir1": 200, "dir2": 200, "centre": 200, "analyst": 200, "admin": 200},
    "/training/sessions/{s}/": {"a001": 403, "b001": 403, "lead1": 200, "lead2": 404,
                                "qa1": 200, "dir1": 200, "dir2": 404, "centre": 200,
                                "analyst": 200, "admin": 200},
    "/training/sessions/{s}/effect/": {"a001": 403, "lead1": 200, "lead2": 404, "dir2": 404,
                                       "qa1": 200, "analyst": 200},
    "/training/sessions/{s}/material": {"a001": 404, "lead1": 404, "lead2": 404},
    "/training/tests/": {"a001": 403, "lead1": 200, "qa1": 200, "analyst": 200},
    "/training/tests/{t}/": {"a001": 403, "b001": 403, "lead1": 200, "lead2": 404,
                             "dir1": 200, "dir2": 404, "centre": 200},
    "/training/tests/{t}/take/": {"a001": 200, "b001": 404, "lead1": 403, "centre": 403},
    "/training/my/": {"a001": 200, "b001": 200, "lead1": 403, "centre": 403},
    "/training/archive/": {r: 200 for r in ROLES},
    "/training/archive/export.csv": {r: 200 for r in ROLES},
    "/training/archive/?person=A001": {"a001": 200, "b001": 404, "lead1": 200, "lead2": 404,
                                       "dir1": 200, "dir2": 404, "qa1": 200, "centre": 200},
    "/api/training/sessions/{s}": {"a001": 403, "lead1": 200, "lead2": 404, "dir2": 404,
                                   "qa1": 200, "analyst": 200},
    "/api/training/sessions": {"a001": 403, "lead1": 200, "analyst": 200},
    "/api/training/sessions/{s}/effect": {"a001": 403, "lead1": 200, "dir2": 404},
    "/api/training/archive?person=A001": {"a001": 200, "b001": 404, "lead1": 200,
                                          "lead2": 404, "centre": 200},
}  # fmt: skip


def test_every_page_and_endpoint_per_role(world: dict[str, Any], as_user: Any) -> None:
    bad = []
    for role in ROLES:  # one login per role
        client = as_user(role)
        for path, expected in PAGES.items():
            if role not in expected:
                continue
            url = path.format(s=world["session"].pk, t=world["test"].pk)
            got = client.get(url).status_code
            if got != expected[role]:
                bad.append(f"{role} {url}: {got}, expected {expected[role]}")
    assert not bad, bad


def test_changes_are_refused_outside_the_role_and_scope(
    world: dict[str, Any], as_user: Any, token_for: Any
) -> None:
    s, t = world["session"], world["test"]
    assert as_user("a001").post(f"/training/sessions/{s.pk}/", {"status_A001": "present"}).status_code == 403  # fmt: skip
    assert as_user("analyst").post(f"/training/sessions/{s.pk}/", {"status_A001": "present"}).status_code == 403  # fmt: skip
    assert as_user("lead2").post(f"/training/sessions/{s.pk}/", {"status_A001": "present"}).status_code == 404  # fmt: skip
    assert as_user("a001").post("/training/", {"team": "T1"}).status_code == 403
    assert as_user("lead2").post(f"/training/tests/{t.pk}/", {"attempt": "1"}).status_code == 404
    assert as_user("lead1").post("/training/", {"team": "T3", "topic": "x"}).status_code == 404
    r = as_user("lead1").post(
        f"/api/training/sessions/{s.pk}/attendance",
        {"attendance": {"A001": "present"}},
        content_type="application/json",
    )
    assert r.status_code == 401  # a session cookie does not change anything
    token = token_for("lead2")
    r = as_user("lead2").post(
        f"/api/training/sessions/{s.pk}/attendance",
        {"attendance": {"A001": "present"}},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 404
    token = token_for("lead1")
    r = as_user("lead1").post(
        f"/api/training/sessions/{s.pk}/attendance",
        {"attendance": {"A001": "leave"}},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 200, r.content
    assert r.json()["attendance"]["A001"] == "leave"


def test_attendance_and_the_roster_conflict(world: dict[str, Any], as_user: Any) -> None:
    from serviq.web.audit.models import AuditEvent

    s = world["session"]
    client = as_user("lead1")
    page = client.get(f"/training/sessions/{s.pk}/").content.decode()
    assert 'data-person="A001"' in page.split('id="conflicts"')[1].split("</ul>")[0]
    assert 'data-person="A002"' not in page.split('id="conflicts"')[1].split("</ul>")[0]
    r = client.post(
        f"/training/sessions/{s.pk}/", {"status_A001": "present", "status_A002": "leave"}
    )
    assert r.status_code == 302
    assert dict(s.invitations.values_list("person__code", "status")) == {"A001": "present", "A002": "leave"}  # fmt: skip
    assert AuditEvent.objects.filter(action="training.attendance").exists()
    assert client.post(f"/training/sessions/{s.pk}/", {"status_B001": "present"}).status_code == 400  # fmt: skip
    assert client.post(f"/training/sessions/{s.pk}/", {"status_A001": "late"}).status_code == 400
    api = client.get(f"/api/training/sessions/{s.pk}").json()
    assert [c["person"] for c in api["conflicts"]] == ["A001"]
    assert api["conflicts"][0]["overlap_minutes"] == 60
    roster = client.get("/workforce/roster/?team=T1&month=2026-10").content.decode()
    assert f'data-training="{s.pk}"' in roster
    assert "training conflict" in roster


def test_a_qa_training_task_becomes_a_session(world: dict[str, Any], as_user: Any) -> None:
    from serviq.web.training.models import TrainingSession

    task = world["task"]
    client = as_user("lead1")
    weekly = client.get("/qa/weekly/?week=2026-W40").content.decode()
    assert f"?task={task.code}" in weekly
    form = client.get(f"/training/?task={task.code}").content.decode()
    assert f'value="{task.code}"' in form
    r = client.post(
        "/training/",
        {"task": task.code, "kind": "qa", "qa_items": "needs_summary", "topic": "归纳客户需求",
         "team": "T1", "start": "2026-10-21T15:00", "minutes": "60", "agents": ["A001", "A002"]},
    )  # fmt: skip
    assert r.status_code == 302, r.content
    s = TrainingSession.objects.get(qa_task=task)
    assert s.kind == "qa"
    assert s.qa_items == ["needs_summary"]
    task.refresh_from_db()
    assert task.status == "scheduled"
    assert as_user("lead2").get(f"/training/?task={task.code}").status_code == 404


def test_take_a_test_mark_it_and_read_the_archive(world: dict[str, Any], as_user: Any) -> None:
    from serviq.web.training.models import Attempt

    t = world["test"]
    agent = as_user("a001")
    page = agent.get(f"/training/tests/{t.pk}/take/").content.decode()
    assert 'id="clock"' in page
    assert 'name="q_Q3"' in page
    answers = {
        "q_Q1": "A",
        "q_Q2": "false",
        "q_Q3": ["A", "B"],
        "q_Q4": "A",
        "q_Q5": "适当性，例如客户卡号6222021234567890123",
    }
    assert agent.post(f"/training/tests/{t.pk}/take/", answers).status_code == 302
    a = Attempt.objects.get(test=t, person__code="A001")
    assert "6222021234567890123" not in a.answers["Q5"]  # masked before it is stored
    assert a.points == {"Q1": 1.0, "Q2": 1.0, "Q3": 1.0, "Q4": 0.0}
    assert a.pending
    again = agent.post(
        f"/training/tests/{t.pk}/take/", {"q_Q4": "B"}
    )  # handed in: shown, not taken
    assert again.status_code == 200
    assert 'id="result"' in again.content.decode()
    lead = as_user("lead1")
    assert lead.post(f"/training/tests/{t.pk}/", {"attempt": a.pk, "mark_Q5": "3"}).status_code == 400  # fmt: skip
    assert lead.post(f"/training/tests/{t.pk}/", {"attempt": a.pk, "mark_Q5": "1.5"}).status_code == 302  # fmt: skip
    a.refresh_from_db()
    assert (a.total, a.share, a.passed, a.pending) == (4.5, 0.75, True, False)
    archive = as_user("a001").get("/training/archive/").content.decode()
    assert "75.0%" in archive
    assert "理财产品" in archive
    rows = as_user("a001").get("/api/training/archive").json()["rows"]
    assert {r["person"] for r in rows} == {"A001"}
    assert [r["share"] for r in rows if r["what"] == "test"] == [0.75]


def test_a_late_answer_is_not_taken(world: dict[str, Any]) -> None:
    from serviq.web.training import records

    a = records.start(world["test"], world["people"]["a002"], now=START)
    a = records.submit(a, {"Q1": "A"}, now=START + dt.timedelta(minutes=22))
    assert a.late
    assert a.answers == {}
    assert a.total == 0
    assert a.passed is False
    assert not a.pending
    # a short answer left empty scores 0, so nothing waits for marking
    b = records.start(world["test"], world["people"]["a001"], now=START)
    b = records.submit(b, {"Q1": "A", "Q2": "false"}, now=START + dt.timedelta(minutes=5))
    assert not b.late
    assert not b.pending
    assert b.total == 2.0


def test_the_archive_export_has_localised_headers_and_neutral_cells(
    world: dict[str, Any], as_user: Any
) -> None:
    from serviq.web.training.models import TrainingSession

    TrainingSession.objects.filter(pk=world["session"].pk).update(topic="=HYPERLINK(1)")
    client = as_user("lead1")
    client.cookies.load({"django_language": "zh-hans"})
    r = client.get("/training/archive/export.csv?person=A001", HTTP_ACCEPT_LANGUAGE="zh-hans")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0] == "日期"
    assert "出勤" in rows[0]
    assert rows[1][3] == "'=HYPERLINK(1)"
    assert client.get("/training/archive/export.pdf").status_code == 404
    x = client.get("/training/archive/export.xlsx")
    assert x.status_code == 200
    assert x.content[:2] == b"PK"


def test_a_malformed_results_file_gives_one_line_and_writes_nothing(
    world: dict[str, Any], as_user: Any
) -> None:
    from serviq.web.training.models import Attempt

    t = world["test"]
    client = as_user("lead1")
    bad = b"person,question,answer,mark\nA001,Q1,A,\nA002,Q9,A,\n"
    r = client.post(
        f"/training/tests/{t.pk}/",
        {"action": "import", "file": SimpleUploadedFile("results.csv", bad)},
        HTTP_ACCEPT="application/json",
    )
    assert r.status_code == 400
    assert "results.csv" in r.content.decode()
    assert "Q9" in r.content.decode()
    assert not Attempt.objects.filter(test=t).exists()
    other = b"person,question,answer,mark\nB001,Q1,A,\n"
    r = client.post(
        f"/training/tests/{t.pk}/",
        {"action": "import", "file": SimpleUploadedFile("results.csv", other)},
    )
    assert r.status_code == 400
    assert not Attempt.objects.filter(test=t).exists()
    good = b"person,question,answer,mark\nA001,Q1,A,\nA001,Q5,,2\nA002,Q1,B,\nA002,Q5,,0\n"
    for _ in range(2):  # idempotent
        r = client.post(
            f"/training/tests/{t.pk}/",
            {"action": "import", "file": SimpleUploadedFile("results.csv", good)},
        )
        assert r.status_code == 302
    got = dict(Attempt.objects.filter(test=t).values_list("person__code", "total"))
    assert got == {"A001": 3.0, "A002": 0.0}


def test_a_bad_bank_and_a_bad_session_are_one_line_errors(
    world: dict[str, Any], as_user: Any
) -> None:
    from serviq.web.training.models import TrainingSession

    client = as_user("lead1")
    before = TrainingSession.objects.count()
    r = client.post(
        "/training/tests/",
        {
            "action": "bank",
            "file": SimpleUploadedFile("bad.yaml", b"topic: {en: x}\nquestions: []\n"),
        },
    )
    assert r.status_code == 400
    assert "bad.yaml" in r.content.decode()
    for form in (
        {"team": "T1", "topic": "x", "kind": "party", "start": "2026-10-21T15:00", "minutes": "60"},
        {"team": "T1", "topic": "x", "kind": "product", "start": "soon", "minutes": "60"},
        {"team": "T1", "topic": "x", "kind": "product", "start": "2026-10-21T15:00", "minutes": "0"},
        {"team": "T1", "topic": "x", "kind": "product", "start": "2026-10-21T15:00", "minutes": "60", "agents": "B001"},
    ):  # fmt: skip
        assert client.post("/training/", form).status_code == 400, form
    assert TrainingSession.objects.count() == before


def test_did_it_work_on_stored_qa_reviews(world: dict[str, Any], as_user: Any) -> None:
    """Trained a001, a002 gain 2 points on needs_summary from September to November;
    b001, c001 do not (no variation, so the interval is the point): the page says improved,
    in the reader's language."""
    from serviq.web.dashboard.models import Interaction
    from serviq.web.qa.models import Review

    people = world["people"]
    s = world["session"]
    s.qa_items = ["needs_summary"]
    s.kind = "qa"
    s.save()
    s.invitations.update(status="present")
    n = 0
    plan = {"a001": (2, 4), "a002": (3, 5), "b001": (3, 3), "c001": (2, 2)}
    for login, (before, after) in plan.items():
        ix = Interaction.objects.filter(agent=people[login]).first()
        for month, value in (("2026-09", before), ("2026-11", after), ("2026-11", after)):
            n += 1
            Review.objects.create(
                code=f"R{n}", month=month, interaction=ix, agent=people[login],
                agent_team=people[login].team, inspector=people["qa1"], scorecard="x@1",
                status="scored", ratings={"needs_summary": value},
                score=70.0, scored_at=dt.datetime.fromisoformat(f"{month}-10T10:00+08:00"),
            )  # fmt: skip
    client = as_user("lead1")
    client.cookies.load({"django_language": "zh-hans"})
    page = client.get(f"/training/sessions/{s.pk}/effect/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert 'data-verdict="improved"' in html
    assert "受训坐席" in html
    data = client.get(f"/api/training/sessions/{s.pk}/effect").json()
    e = data["items"][0]["effect"]
    assert (data["before"], data["after"]) == ("2026-09", "2026-11")
    assert e["trained"]["change"] == pytest.approx(2.0)
    assert e["untrained"]["change"] == 0


def test_training_figures_reach_the_indicator_engine(world: dict[str, Any]) -> None:
    from serviq.web.training import records
    from serviq.web.training.figures import stored_training_values

    s = world["session"]
    records.take_attendance(s, {"A001": "present", "A002": "absent"})
    a = records.start(world["test"], world["people"]["a001"], now=START)
    records.submit(a, {"Q1": "A", "Q2": "false", "Q3": ["A", "B"], "Q4": "B"}, now=START)
    values = stored_training_values()
    assert values[("2026-10", "T1")]["training_completion"] == 0.5
    assert values[("2026-10", "")]["assessment_pass_rate"] == 1.0


def test_a_material_file_reaches_the_invited_and_the_scope_only(
    world: dict[str, Any], as_user: Any
) -> None:
    from serviq.web.training.models import TrainingSession

    r = as_user("lead1").post(
        "/training/",
        {"team": "T1", "topic": "系统操作", "kind": "system", "start": "2026-10-22T10:00",
         "minutes": "30", "agents": ["A001"],
         "material": SimpleUploadedFile("手册.pdf", b"%PDF-1.4 demo")},
    )  # fmt: skip
    assert r.status_code == 302, r.content
    s = TrainingSession.objects.get(topic="系统操作")
    url = f"/training/sessions/{s.pk}/material"
    got = as_user("a001").get(url)
    assert got.status_code == 200
    assert got.content == b"%PDF-1.4 demo"
    assert as_user("a002").get(url).status_code == 404  # not invited
    assert as_user("lead2").get(url).status_code == 404
    assert as_user("dir1").get(url).status_code == 200
    assert url in as_user("a001").get("/training/my/").content.decode()
