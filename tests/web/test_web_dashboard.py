"""The indicator dashboard per role: pages, API and exports show exactly the role's scope."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from serviq.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

# login → (the scope shown by default, scopes allowed, scopes refused with 404)
DASHBOARD = {
    "lead1": ("T1", ["T1"], ["T2", "T3"]),
    "lead2": ("T2", ["T2"], ["T1"]),
    "qa1": ("", ["", "T1", "T2", "T3"], []),
    "dir1": ("", ["", "T1", "T2"], ["T3"]),
    "dir2": ("", ["", "T3"], ["T1", "T2"]),
    "centre": ("", ["", "T1", "T2", "T3"], []),
    "analyst": ("", ["", "T1", "T2", "T3"], []),
    "admin": ("", ["", "T1", "T2", "T3"], []),
}
AGENTS = ["a001", "a002", "b001", "c001"]


@pytest.mark.parametrize("login", DASHBOARD)
def test_allowed_roles_see_their_dashboard_scopes(as_user, login) -> None:
    default, allowed, refused = DASHBOARD[login]
    client = as_user(login)
    r = client.get("/dashboard/")
    assert r.status_code == 200
    assert r.context["team"] == default
    for team in allowed:
        r = client.get("/dashboard/", {"team": team, "period": "2026-10"})
        assert r.status_code == 200, team
        assert r.context["team"] == team
    for team in refused:
        assert client.get("/dashboard/", {"team": team}).status_code == 404, team


@pytest.mark.parametrize("login", ["lead1", "lead2"])
def test_a_team_lead_never_sees_the_centre_headline(as_user, token_for, login) -> None:
    client = as_user(login)
    r = client.get("/dashboard/", {"team": ""})
    assert r.context["team"] == DASHBOARD[login][0]
    token = token_for(login)
    r = client.get("/api/dashboard", headers={"Authorization": f"Bearer {token}"})
    assert r.json()["team"] == DASHBOARD[login][0]


@pytest.mark.parametrize("login", AGENTS)
def test_agents_may_not_open_the_dashboard(as_user, token_for, login) -> None:
    client = as_user(login)
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/export.csv").status_code == 403
    token = token_for(login)
    r = client.get("/api/dashboard", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "permission_denied"


def test_the_dashboard_shows_tree_targets_status_change_and_definitions(as_user) -> None:
    r = as_user("centre").get("/dashboard/", {"period": "2026-10"})
    body = r.content.decode()
    root = r.context["tree"]
    assert root.code == "CSI"
    assert [d.code for d in root.children] == ["EFF", "SAT"]
    fcr = root.children[0].children[0]
    assert (fcr.code, fcr.status, fcr.target) == ("FCR", "red", 0.8)
    assert (fcr.value_text, fcr.target_text) == ("55.0%", "80.0%")
    assert fcr.change is None  # the fixture stores no change; shown as blank
    # every number has its definition beside it
    for code in ("CSI", "EFF", "FCR", "SL", "SAT", "CSAT"):
        assert f'data-code="{code}"' in body
    assert body.count('class="definition"') >= 6
    # the red indicator links to its records, filtered by its queue and the period
    assert "/records/interactions/?period=2026-10&amp;indicator=FCR&amp;queue=complaints" in body


def test_trends_cover_every_period(as_user, token_for) -> None:
    token = token_for("analyst")
    r = as_user("analyst").get(
        "/api/dashboard", {"team": "T1"}, headers={"Authorization": f"Bearer {token}"}
    )
    data = r.json()
    assert data["period"] == "2026-10"
    assert data["periods"] == ["2026-09", "2026-10"]
    index = next(t for t in data["trends"] if t["code"] == "CSI")
    assert [p[0] for p in index["points"]] == ["2026-09", "2026-10"]
    assert index["points"][1][1] - index["points"][0][1] == pytest.approx(2.0)


def test_unknown_period_is_not_found(as_user) -> None:
    r = as_user("centre").get("/dashboard/", {"period": "1999-01"})
    assert r.status_code == 404
    assert "no indicator results" in r.content.decode()


def test_dashboard_exports_csv_and_xlsx_and_audits_them(as_user) -> None:
    client = as_user("dir1")
    before = AuditEvent.objects.count()
    r = client.get("/dashboard/export.csv", {"period": "2026-10", "team": "T2"})
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["period", "scope", "code", "name"]
    assert [row[2] for row in rows[1:]] == ["CSI", "EFF", "FCR", "SL", "SAT", "CSAT"]
    assert {row[1] for row in rows[1:]} == {"T2"}
    r = client.get("/dashboard/export.xlsx", {"period": "2026-10", "team": "T2"})
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert ws.cell(2, 3).value == "CSI"
    assert AuditEvent.objects.count() == before + 2
    assert client.get("/dashboard/export.csv", {"team": "T3"}).status_code == 404
    assert client.get("/dashboard/export.pdf").status_code == 404


@pytest.mark.parametrize("login", ["a001", "lead1", "dir1", "centre"])
def test_record_exports_hold_exactly_the_scope_and_are_audited(as_user, login) -> None:
    from test_web_records import SCOPE

    from serviq.web.dashboard.models import Interaction

    client = as_user(login)
    r = client.get("/records/interactions/export.csv", {"period": "2026-10", "layout": "data"})
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.getvalue().decode("utf-8-sig"))))
    assert {row["agent_id"] for row in rows} == SCOPE[login]
    assert (
        len(rows)
        == Interaction.objects.filter(period="2026-10", agent__code__in=SCOPE[login]).count()
    )
    event = AuditEvent.objects.filter(action="export.interactions.csv").latest("at")
    assert event.actor.username == login
    assert event.after["rows"] == len(rows)
    assert event.ip == "127.0.0.1"


def test_a_response_export_feeds_the_survey_analysis(as_user, run_cli, tmp_path) -> None:
    """Responses flow into the survey module: the wide export is read by
    ``serviq survey reliability`` as it is."""
    r = as_user("analyst").get("/records/responses/export.csv", {"layout": "data"})
    body = r.getvalue()  # streamed: read once
    path = tmp_path / "responses.csv"
    path.write_bytes(body)
    header = body.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[-1] == "COMMENT"
    assert {"REL1", "RES1", "CSAT", "NPS"} <= set(header)
    code, out, err = run_cli(
        "survey", "reliability", str(path), "--items", "REL1,RES1,CSAT", "--json"
    )
    assert code == 0, err
    assert '"raw_alpha"' in out
