"""Exports reproduce the dashboard (issue 21): for every ops-bound indicator of a period, the
records behind it, exported, give the stored value again through ``serviq ops kpi``'s
function — to full precision — and the drill-down states numerator and denominator."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

# with ``--dist loadgroup`` one worker runs these tests, which read one ``analysed_centre``
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.xdist_group("kpi_exports")]

PERIOD = "2026-09"


@pytest.fixture
def director(analysed_centre, client):
    from django.contrib.auth.models import User

    from serviq.web.org.models import Person

    user = User.objects.create_user("centre-director")
    person = Person.objects.get(code="C01")
    person.user = user
    person.save(update_fields=["user"])
    client.force_login(user)
    return client


def _export(client, url: str, fmt: str, tmp_path, name: str):
    from django.urls import reverse

    path, query = url.split("?", 1)
    assert path == reverse("records", args=["interactions"])
    # the data layout: every contact the number read (the FCR's window after the month
    # included), in the import's columns, at full precision
    url = reverse("records-export", args=["interactions", fmt]) + "?" + query + "&layout=data"
    r = client.get(url)
    assert r.status_code == 200
    out = tmp_path / f"{name}.{fmt}"
    out.write_bytes(r.getvalue())
    return out


def _kpis(path, as_of, by="month"):
    from django.conf import settings

    from serviq.ops.definitions import load_kpi_config, load_queue_teams, load_queues
    from serviq.ops.importer import read_file
    from serviq.ops.kpis import compute
    from serviq.ops.schemas import SCHEMAS
    from serviq.ops.workspace import sources_from_frames

    frame = read_file(path, SCHEMAS["interactions"], queues=load_queues())
    src = sources_from_frames({"interactions": frame})
    try:
        result = compute(
            src,
            by,
            load_kpi_config(),
            settings.TIME_ZONE,
            as_of=as_of.replace(tzinfo=None),
            queue_teams=load_queue_teams(),
        )
    finally:
        src.close()
    return result.rows.set_index(by)


def _ops_nodes():
    from serviq.indicators import bundled_system

    system = bundled_system("bank_contact_centre")
    return {
        n.code: n.measurement.binding.refs()[0]
        for n in system.indicators()
        if n.measurement is not None and n.measurement.binding.source == "ops_kpi"
    }


def test_every_ops_indicator_is_rebuilt_from_its_export(director, tmp_path) -> None:
    from serviq.ops.kpis import FRACTIONS
    from serviq.web.dashboard import tree
    from serviq.web.dashboard.models import IndicatorResult
    from serviq.web.dashboard.views import drill_url

    nodes = {n.code: n for n in tree.flatten(tree.tree(PERIOD, "", "en"))}
    checked = []
    for code, kpi in _ops_nodes().items():
        stored = IndicatorResult.objects.get(period=PERIOD, team_code="", code=code)
        if stored.value is None:
            continue  # no records behind it (work orders are not stored by the web)
        url = drill_url(nodes[code], PERIOD, "")
        fmt = "xlsx" if code == "SL" else "csv"  # both formats carry every column
        path = _export(director, url, fmt, tmp_path, code)
        row = _kpis(path, stored.as_of).loc[PERIOD]
        assert row[kpi] == stored.value, (code, row[kpi], stored.value)
        fraction = FRACTIONS.get(kpi)
        if fraction is not None:
            assert (row[fraction[0]], row[fraction[1]]) == (stored.numerator, stored.denominator)
        checked.append(code)
    assert {"SL", "ASA", "ABANDON", "AHT", "TIMELY", "FCR", "COMPLAINT"} <= set(checked)


def test_a_teams_queue_kpis_are_rebuilt_from_the_queues_it_owns(director, tmp_path) -> None:
    from serviq.web.dashboard import tree
    from serviq.web.dashboard.models import IndicatorResult
    from serviq.web.dashboard.views import drill_url

    nodes = {n.code: n for n in tree.flatten(tree.tree(PERIOD, "T3", "en"))}
    for code in ("SL", "ABANDON", "ASA"):
        stored = IndicatorResult.objects.get(period=PERIOD, team_code="T3", code=code)
        assert stored.attribution == "retail"
        url = drill_url(nodes[code], PERIOD, "T3")
        assert "queue=retail" in url
        assert "team=" not in url  # abandoned contacts have no team: the queue's records
        path = _export(director, url, "csv", tmp_path, f"T3-{code}")
        row = _kpis(path, stored.as_of).loc[PERIOD]
        assert row[_ops_nodes()[code]] == stored.value
    # before, every team's abandonment was 0 by construction (no abandoned contact has a team)
    by_team = IndicatorResult.objects.filter(period=PERIOD, code="ABANDON").exclude(team_code="")
    assert max(r.value for r in by_team) > 0


def test_the_drill_down_states_numerator_denominator_and_pending(director) -> None:
    from serviq.web.dashboard.models import IndicatorResult

    for code in ("COMPLAINT", "FCR", "SL"):
        stored = IndicatorResult.objects.get(period=PERIOD, team_code="", code=code)
        assert stored.value == stored.numerator / stored.denominator
    complaint = IndicatorResult.objects.get(period=PERIOD, team_code="", code="COMPLAINT")
    r = director.get(
        "/api/records/interactions",
        {"period": PERIOD, "indicator": "COMPLAINT", "limit": 1},
    )
    data = r.json()
    # the denominator is every offered contact, not the complaints alone
    assert data["indicator"]["denominator"] == complaint.denominator
    assert data["indicator"]["numerator"] == complaint.numerator
    assert data["total"] >= complaint.denominator
    page = director.get(
        "/records/interactions/", {"period": PERIOD, "indicator": "FCR", "lookahead": "fcr"}
    )
    body = page.content.decode()
    fcr = IndicatorResult.objects.get(period=PERIOD, team_code="", code="FCR")
    assert f'data-denominator="{int(fcr.denominator)}' in body
    assert f'data-numerator="{int(fcr.numerator)}' in body


def test_the_latest_month_is_provisional_with_its_pending_contacts(director) -> None:
    """The data ends on 31 October: the FCR windows of its last week are still open, while
    September's have all closed."""
    from serviq.web.dashboard.models import IndicatorResult

    latest = IndicatorResult.objects.get(period="2026-10", team_code="", code="FCR")
    earlier = IndicatorResult.objects.get(period=PERIOD, team_code="", code="FCR")
    assert latest.pending > 0
    assert latest.provisional
    assert IndicatorResult.objects.get(period="2026-10", team_code="", code="SQI").provisional
    assert earlier.pending == 0
    assert not earlier.provisional
    r = director.get("/api/dashboard", {"period": "2026-10"})
    fcr = _find(r.json()["tree"], "FCR")
    assert fcr["provisional"] is True
    assert fcr["pending"] == latest.pending
    page = director.get("/dashboard/", {"period": "2026-10"}).content.decode()
    assert f'data-provisional="{latest.pending}"' in page
    director.cookies["django_language"] = "zh-hant"
    page = director.get("/dashboard/", {"period": "2026-10"}).content.decode()
    assert f"暫定 · {latest.pending} 筆待定" in page


def _find(node, code):
    if node["code"] == code:
        return node
    for c in node["children"]:
        found = _find(c, code)
        if found:
            return found
    return None


def test_ops_kpi_on_the_fcr_export_prints_the_dashboards_value(director, run_cli, tmp_path):
    from serviq.web.dashboard.models import IndicatorResult

    stored = IndicatorResult.objects.get(period=PERIOD, team_code="", code="FCR")
    query = urlencode({"period": PERIOD, "lookahead": "fcr", "layout": "data"})
    r = director.get(f"/records/interactions/export.csv?{query}")
    path = tmp_path / "fcr.csv"
    path.write_bytes(r.getvalue())
    as_of = stored.as_of.replace(tzinfo=None).isoformat() + "+00:00"
    code, out, err = run_cli("ops", "kpi", str(path), "--by", "month", "--as-of", as_of, "--json")
    assert code == 0, err
    rows = {row["month"]: row for row in json.loads(out)["rows"]}
    assert rows[PERIOD]["fcr_rate"] == stored.value
    assert rows[PERIOD]["fcr_pending"] == 0
