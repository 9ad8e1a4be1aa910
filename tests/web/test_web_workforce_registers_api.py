"""``/api/workforce/`` roll calls, sign-offs, visits and minutes, per role: the same rules,
permissions and audit rows as the pages (the handover, visitors and meetings pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

ROLES = ("a001", "lead1", "lead2", "qa1", "dir1", "dir2", "centre", "analyst", "admin")


def _shift(person: Any, day: dt.date, kind: str) -> Any:
    from serviq.web.workforce.models import Shift
    from serviq.workforce.roster import make_shift
    from serviq.workforce.ruleset import load_rules

    cs = make_shift(person.code, day, kind, load_rules(), person.team.code)
    return Shift.objects.create(
        code=cs.id,
        team=person.team,
        person=person,
        date=cs.date,
        kind=cs.kind,
        start=cs.start,
        end=cs.end,
        night=cs.night,
    )


@pytest.fixture
def api(client: Any, token_for: Any, personas: Any) -> Any:
    centre = personas()
    day = dt.date.today() - dt.timedelta(days=3)
    people = centre["people"]
    shifts = {
        "day": _shift(people["a001"], day, "day"),
        "night": _shift(people["a002"], day, "night"),
    }
    tokens = {login: token_for(login) for login in ROLES}

    def call(login: str, method: str, path: str, body: Any = None, **params: Any) -> Any:
        auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens[login]}"}
        url = f"/api/workforce/{path}"
        if method == "get":
            return client.get(url, params, **auth)
        return client.post(url, body or {}, content_type="application/json", **auth)

    call.shifts = shifts  # type: ignore[attr-defined]
    return call


def test_roll_call_and_sign_off_through_the_api_per_role(api: Any) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.workforce.models import RollCall, SignOff

    day, night = api.shifts["day"], api.shifts["night"]
    arrived = (night.start - dt.timedelta(minutes=15)).isoformat()
    call = {"team": "T1", "shift": night.code, "at": arrived}
    for login, code in [
        ("a001", 403), ("dir1", 403), ("centre", 403), ("qa1", 403), ("analyst", 403),
        ("admin", 403), ("lead2", 404),
    ]:  # fmt: skip
        assert api(login, "post", "roll-calls", call).status_code == code, login
    assert not RollCall.objects.exists()
    off = {"team": "T1", "shift": day.code, "relief": "A002", "at": day.end.isoformat()}
    r = api("lead1", "post", "sign-offs", off)
    assert r.status_code == 409  # the relief has not arrived (R-OPS-5)
    assert r.json()["error"]["details"]["check"]["reasons"][0]["requirement"] == "R-OPS-5"
    r = api("lead1", "post", "roll-calls", call)
    assert r.status_code == 200
    assert (r.json()["person"], r.json()["on_time"]) == ("A002", True)
    r = api("lead1", "post", "sign-offs", off)
    assert r.status_code == 200
    assert (r.json()["person"], r.json()["relief"]) == ("A001", "A002")
    assert SignOff.objects.count() == 1
    for path in ("roll-calls", "sign-offs"):
        assert len(api("lead1", "get", path, team="T1").json()) == 1
        assert len(api("dir1", "get", path, team="T1").json()) == 1
        assert len(api("centre", "get", path, team="T1").json()) == 1
        assert api("lead2", "get", path, team="T1").status_code == 404
        assert api("dir2", "get", path, team="T1").status_code == 404
        assert api("a001", "get", path, team="T1").status_code == 403
        assert api("qa1", "get", path, team="T1").status_code == 403
        # a NUL in the team code (PostgreSQL refuses it in a query) is a 404, not a 500
        assert api("centre", "get", path, team="T1\x00").status_code == 404
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"workforce.handover.roll_call", "workforce.handover.sign_off"} <= actions


def test_visits_through_the_api_per_role(api: Any) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.workforce.models import Visit

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    visit = {
        "visitor": "Wang Wu",
        "purpose": "replace a line card",
        "approved_at": (now - dt.timedelta(hours=2)).isoformat(),
        "entered_at": (now - dt.timedelta(hours=1)).isoformat(),
    }
    for login in ("a001", "qa1", "analyst"):
        assert api(login, "post", "visits", visit).status_code == 403, login
        assert api(login, "get", "visits").status_code == 403, login
    late = {**visit, "approved_at": (now - dt.timedelta(minutes=30)).isoformat()}
    r = api("lead1", "post", "visits", late)
    assert r.status_code == 409
    assert r.json()["error"]["details"]["check"]["reasons"][0]["code"] == "visitor.not_approved"
    r = api("lead1", "post", "visits", visit)
    assert r.status_code == 200
    vid = r.json()["id"]
    assert r.json()["approved_by"] == "LEAD1"
    assert [v["visitor"] for v in api("dir1", "get", "visits").json()] == ["Wang Wu"]
    assert api("a001", "post", f"visits/{vid}/left", {}).status_code == 403
    assert api("dir1", "post", f"visits/{vid}/left", {"at": now.isoformat()}).status_code == 200
    assert api("dir1", "post", f"visits/{vid}/left", {"at": now.isoformat()}).status_code == 409
    assert api("dir1", "post", "visits/999999/left", {}).status_code == 404
    assert Visit.objects.get().left_at == now
    assert AuditEvent.objects.filter(action__startswith="workforce.visit").count() == 2


def test_minutes_through_the_api_per_role(api: Any) -> None:
    from serviq.web.audit.models import AuditEvent

    minutes = {
        "kind": "weekly",
        "date": "2026-11-20",
        "decisions": "信用卡年費減免一律轉班長審批",
        "agreed_answers": [{"question": "提前還款能否免違約金？", "answer": "按合同執行"}],
    }
    for login in ("a001", "qa1", "analyst"):
        assert api(login, "post", "minutes", minutes).status_code == 403, login
    assert api("lead1", "post", "minutes", {**minutes, "kind": "party"}).status_code == 400
    assert (
        api("lead1", "post", "minutes", {"kind": "weekly", "date": "2026-11-20"}).status_code == 400
    )
    r = api("lead1", "post", "minutes", minutes)
    assert r.status_code == 200
    assert r.json()["decisions"] == ["信用卡年費減免一律轉班長審批"]
    other = {"kind": "monthly", "date": "2026-11-27", "business_changes": "新增外幣理財產品"}
    assert api("dir1", "post", "minutes", other).status_code == 200
    for login in ROLES:
        assert len(api(login, "get", "minutes").json()) == 2, login
    hits = api("a001", "get", "minutes", q="违约金").json()  # Simplified finds Traditional
    assert [h["chair"] for h in hits] == ["LEAD1"]
    assert api("a001", "get", "minutes", q="加班").json() == []
    assert AuditEvent.objects.filter(action="workforce.minutes.record").count() == 2


def test_the_new_endpoints_are_in_the_schema(client: Any) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, methods in {
        "/api/workforce/roll-calls": {"get", "post"},
        "/api/workforce/sign-offs": {"get", "post"},
        "/api/workforce/visits": {"get", "post"},
        "/api/workforce/visits/{visit_id}/left": {"post"},
        "/api/workforce/minutes": {"get", "post"},
    }.items():
        assert methods <= set(paths[path]), path


def test_a_browser_session_must_send_the_csrf_token_to_write(personas: Any) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    personas()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(User.objects.get(username="lead1"))
    body = {"kind": "weekly", "date": "2026-11-20", "decisions": "x"}
    r = browser.post("/api/workforce/minutes", body, content_type="application/json")
    assert r.status_code in (401, 403)


def test_an_odd_offset_is_stored_as_the_same_moment(api: Any) -> None:
    from serviq.web.workforce.models import Visit

    # +23:29 is a valid ISO offset that PostgreSQL cannot store as such (found by fuzzing)
    visit = {
        "visitor": "Li Si",
        "purpose": "audit",
        "approved_at": "2026-01-01T08:00:00+23:29",
        "entered_at": "2026-01-01T09:00:00+23:29",
    }
    r = api("lead1", "post", "visits", visit)
    assert r.status_code == 200, r.content
    v = Visit.objects.get()
    assert v.entered_at == dt.datetime(2025, 12, 31, 9, 31, tzinfo=dt.UTC)
    far = {**visit, "entered_at": "9999-12-31T23:59:00-12:00"}
    assert api("lead1", "post", "visits", far).status_code == 400
