"""Every indicator's drill-down lists exactly the records behind its number (issue 15):
the records it marks count the stored numerator and denominator (and the FCR's pending
contacts), for the centre and every team, in a month whose FCR windows have closed and in
one where some are still open; an indicator without a value, or read from no listed
records (QA, checklists, values entered by hand, system months), offers no drill-down."""

from __future__ import annotations

import re

import pytest

# with ``--dist loadgroup`` one worker runs both tests, so the centre is built once (the
# module-scoped ``analysed_centre``)
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.xdist_group("drilldown")]


def _login(client, code: str):
    from django.contrib.auth.models import User

    from serviq.web.org.models import Person

    user = User.objects.create_user(f"drill-{code}")
    person = Person.objects.get(code=code)
    person.user = user
    person.save(update_fields=["user"])
    client.force_login(user)
    return client, person


def _figure(body: str, name: str) -> int:
    found = re.search(rf'data-listed-{name}="(\d+)"', body)
    assert found, name
    return int(found.group(1))


def _mean_of_listed(client, url: str, code: str) -> float:
    """ASA or AHT over the contacts the drill-down's export lists, from the stored contacts
    (wait = answered − arrived; handle = ended − answered + hold + wrap-up)."""
    import csv
    import io

    from serviq.web.dashboard.models import Interaction

    path, query = url.split("?", 1)
    r = client.get(f"{path}export.csv?{query}")
    rows = list(csv.reader(io.StringIO(r.getvalue().decode("utf-8-sig"))))[1:]
    ids = [row[1] for row in rows]
    assert ids
    assert len(ids) == len(set(ids))
    found = Interaction.objects.filter(interaction_id__in=ids)
    if code == "ASA":
        values = [(i.answered_at - i.arrived_at).total_seconds() for i in found]
    else:
        values = [
            (i.ended_at - i.answered_at).total_seconds() + i.hold_seconds + i.wrapup_seconds
            for i in found
        ]
    assert len(values) == len(ids)
    return sum(values) / len(values)


def test_every_indicators_drill_down_counts_its_numerator_and_denominator(
    analysed_centre: None,
    client,
) -> None:
    from serviq.indicators import bundled_system
    from serviq.web.dashboard import drill, tree
    from serviq.web.dashboard.models import IndicatorResult
    from serviq.web.dashboard.views import drill_url

    director, _ = _login(client, "C01")
    system = bundled_system("bank_contact_centre")
    teams = sorted({r.team_code for r in IndicatorResult.objects.exclude(team_code="")})
    drilled: set[str] = set()
    offered_none: set[str] = set()
    # the centre and two teams in a closed month; the centre in the month with open windows
    for period, scopes in (("2026-09", ["", *teams[:2]]), ("2026-10", [""])):
        for scope in scopes:
            nodes = {n.code: n for n in tree.flatten(tree.tree(period, scope, "en"))}
            for indicator in system.indicators():
                stored = IndicatorResult.objects.get(
                    period=period, team_code=scope, code=indicator.code
                )
                url = drill_url(nodes[indicator.code], period, scope)
                if stored.value is None or not drill.kind_of(indicator.code):
                    assert url == "", (indicator.code, period, scope)
                    offered_none.add(indicator.code)
                    continue
                if stored.attribution == "-":
                    continue  # a queue KPI of a team that owns no queue: no value either
                r = director.get(url)
                assert r.status_code == 200, (url, r.content[:300])
                body = r.content.decode()
                where = (indicator.code, period, scope)
                assert f"({indicator.code})</small>" in body  # the page names the indicator
                if stored.denominator is None:  # a mean: its records give it again
                    assert _mean_of_listed(director, url, indicator.code) == pytest.approx(
                        stored.value, rel=1e-9
                    ), where
                    drilled.add(indicator.code)
                    continue
                assert _figure(body, "denominator") == stored.denominator, where
                if stored.numerator is not None:
                    assert _figure(body, "numerator") == stored.numerator, where
                assert _figure(body, "pending") == (stored.pending or 0), where
                listed = int(re.search(r'<span id="record-count">(\d+)</span>', body).group(1))
                assert listed == stored.denominator + (stored.pending or 0), where
                assert 'id="records-hidden"' not in body  # the director sees every record
                drilled.add(indicator.code)
    ops = {"SL", "ASA", "ABANDON", "AHT", "TIMELY", "FCR", "COMPLAINT"}
    surveys = {"TAN", "REL", "RES", "ASS", "EMP", "CSI", "NPS", "CES", "CSAT", "LOYALTY"}
    assert ops | surveys <= drilled
    # QA, checklist, hand-entered and system indicators never list records
    assert {"QA_SCORE", "SITE_CHECK", "EQUIP_OK", "PROD_FIT", "BACKLOG"} <= offered_none
    assert drilled.isdisjoint({"QA_SCORE", "SITE_CHECK", "EQUIP_OK", "PROD_FIT", "BACKLOG"})
    # the FCR of the last month lists its pending contacts, marked as such
    fcr = IndicatorResult.objects.get(period="2026-10", team_code="", code="FCR")
    assert fcr.pending > 0
    body = director.get(
        "/records/interactions/", {"period": "2026-10", "indicator": "FCR", "lookahead": "fcr"}
    ).content.decode()
    assert _figure(body, "pending") == fcr.pending


def test_drill_downs_per_role(analysed_centre: None, client) -> None:
    """A team lead drills into their team's numbers (a queue KPI's contacts of other teams
    are counted as outside their scope, never listed); an agent has no dashboard and so no
    drill-down; another team's number is not found; an indicator without records is not
    found either, with the reason."""
    from serviq.web.dashboard.models import IndicatorResult
    from serviq.web.org.models import Person

    lead = Person.objects.filter(role="team_lead").order_by("code").first()
    team = lead.team.code
    client, _ = _login(client, lead.code)
    fcr = IndicatorResult.objects.get(period="2026-09", team_code=team, code="FCR")
    r = client.get("/records/interactions/", {"period": "2026-09", "indicator": "FCR"})
    assert r.status_code == 200
    assert _figure(r.content.decode(), "denominator") == fcr.denominator
    assert _figure(r.content.decode(), "numerator") == fcr.numerator
    # a queue KPI: the owned queues' contacts the lead may not see are counted, not listed
    sl = IndicatorResult.objects.get(period="2026-09", team_code=team, code="SL")
    if sl.value is not None:
        body = client.get(
            "/records/interactions/", {"period": "2026-09", "indicator": "SL"}
        ).content.decode()
        listed = int(re.search(r'<span id="record-count">(\d+)</span>', body).group(1))
        hidden = re.search(r'data-hidden="(\d+)"', body)
        assert listed + (int(hidden.group(1)) if hidden else 0) == sl.denominator
    other = IndicatorResult.objects.exclude(team_code__in=("", team)).first().team_code
    r = client.get(
        "/records/interactions/", {"period": "2026-09", "indicator": "AHT", "scope": other}
    )
    assert r.status_code == 404
    r = client.get("/records/interactions/", {"period": "2026-09", "indicator": "QA_SCORE"})
    assert r.status_code == 404
    assert "no records behind it" in r.content.decode()
    agent = Person.objects.filter(role="agent", team__code=team).order_by("code").first()
    client.logout()
    client, _ = _login(client, agent.code)
    r = client.get("/records/interactions/", {"period": "2026-09", "indicator": "AHT"})
    assert r.status_code == 403
