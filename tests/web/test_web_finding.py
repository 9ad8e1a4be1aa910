"""Finding records (issue 15, item 4): filters by agent, team, channel, queue, contact type,
date range and free text, sorting, page counts, each within the role's scope; the audit log
filtered and paged; exports streamed with the page's localised headers and rounded values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.http import StreamingHttpResponse

from serviq.web.audit.models import AuditEvent
from serviq.web.dashboard.models import Interaction

pytestmark = pytest.mark.django_db
ZONE = dt.timezone(dt.timedelta(hours=8))


def _count(body: str) -> int:
    return int(re.search(r'<span id="record-count">(\d+)</span>', body).group(1))


@pytest.mark.parametrize(
    ("login", "agents"),
    [("centre", None), ("lead1", {"A001", "A002"}), ("a001", {"A001"})],
)
def test_each_filter_narrows_within_the_roles_scope(as_user, login, agents) -> None:
    client = as_user(login)
    base = Interaction.objects.filter(period="2026-10")
    if agents is not None:
        base = base.filter(agent__code__in=agents)
    cases = [
        ({"channel": "phone"}, base.filter(channel="phone")),
        ({"contact_type": "complaint"}, base.filter(contact_type="complaint")),
        ({"queue": "wealth"}, base.filter(queue="wealth")),
        ({"agent": "A001"}, base.filter(agent__code="A001")),
        (
            {"date_from": "2026-10-02", "date_to": "2026-10-03"},
            base.filter(
                arrived_at__gte=dt.datetime(2026, 10, 2, tzinfo=ZONE),
                arrived_at__lt=dt.datetime(2026, 10, 4, tzinfo=ZONE),
            ),
        ),
        ({"q": "a001"}, base.filter(agent__code__icontains="a001")),
    ]
    for params, expected in cases:
        r = client.get("/records/interactions/", {"period": "2026-10", **params})
        assert r.status_code == 200, (params, r.content[:200])
        assert _count(r.content.decode()) == expected.count(), params
    # another team's agent is never found, by filter or by text
    if agents is not None:
        assert client.get("/records/interactions/", {"agent": "B001"}).status_code == 404
    r = client.get("/records/interactions/", {"period": "2026-10", "q": "B001"})
    assert _count(r.content.decode()) == (0 if agents else base.filter(agent__code="B001").count())


def test_sorting_by_a_column_both_ways(as_user) -> None:
    client = as_user("centre")
    first = Interaction.objects.filter(period="2026-10").order_by("-arrived_at", "-id").first()
    body = client.get(
        "/records/interactions/", {"period": "2026-10", "sort": "-arrived_at"}
    ).content.decode()
    assert body.index(first.interaction_id) < body.index("</tbody>")
    rows = re.findall(r"<tr><td>([^<]+)</td>", body)
    assert rows[0] == first.interaction_id
    assert 'aria-sort="descending"' in body
    body = client.get(
        "/records/interactions/", {"period": "2026-10", "sort": "interaction_id"}
    ).content.decode()
    ids = re.findall(r"<tr><td>([^<]+)</td>", body)
    assert ids == sorted(ids)


def test_pages_are_counted(as_user) -> None:
    total = Interaction.objects.count()
    client = as_user("centre")
    body = client.get("/records/interactions/", {"per_page": 25}).content.decode()
    pages = -(-total // 25)
    assert pages > 1
    assert f"1 / {pages}" in body
    assert f"page={pages}" in body  # a link to the last page
    assert f'<span id="record-count">{total}</span>' in body
    assert client.get("/records/interactions/", {"per_page": 7}).status_code == 400


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"sort": "customer_key"}, "cannot sort by"),
        ({"date_from": "2026-13-01"}, "not a calendar date"),
        ({"date_from": "1.10.2026"}, "allowed: YYYY-MM-DD"),
        ({"date_from": "2026-10-05", "date_to": "2026-10-01"}, "date_to is before date_from"),
        ({"q": "a\x01b"}, "printable characters"),
    ],
)
def test_bad_filters_are_400_with_the_reason(as_user, params, says) -> None:
    r = as_user("centre").get("/records/interactions/", params)
    assert r.status_code == 400
    assert says in r.content.decode()


def test_the_labelled_export_is_streamed_localised_and_rounded(as_user) -> None:
    client = as_user("lead1")
    client.cookies["django_language"] = "zh-hans"
    r = client.get("/records/interactions/export.csv", {"period": "2026-10", "channel": "phone"})
    assert isinstance(r, StreamingHttpResponse)
    rows = list(csv.reader(io.StringIO(r.getvalue().decode("utf-8-sig"))))
    header = rows[0]
    assert header[:3] == ["联络编号", "月份", "渠道"]
    expected = Interaction.objects.filter(
        period="2026-10", channel="phone", agent__code__in=("A001", "A002")
    )
    assert len(rows) - 1 == expected.count()
    wait = header.index("等待（秒）")
    waits = [row[wait] for row in rows[1:] if row[wait]]
    assert waits
    assert all(re.fullmatch(r"\d+", w) for w in waits)  # whole seconds
    agent = header.index("座席")
    assert all(re.fullmatch(r".+ \(A00[12]\)", row[agent]) for row in rows[1:])
    assert client.get("/records/interactions/export.csv", {"layout": "wide"}).status_code == 400


@pytest.fixture
def events(db) -> None:
    from django.contrib.auth.models import User

    centre = User.objects.get(username="centre")
    for i in range(130):
        AuditEvent.objects.create(
            actor=centre,
            actor_name="centre",
            action="survey.publish" if i % 2 else "export.interactions.csv",
            object_type="questionnaire" if i % 2 else "interactions",
            object_id=str(i),
        )


@pytest.mark.parametrize(
    ("login", "status"),
    [("a001", 403), ("lead1", 403), ("qa1", 403), ("dir1", 200), ("centre", 200), ("admin", 200)],
)
def test_the_audit_log_is_filtered_and_paged_for_the_roles_that_may_read_it(
    as_user, events, login, status
) -> None:
    client = as_user(login)
    r = client.get("/audit/", {"action": "survey"})
    assert r.status_code == status
    if status != 200:
        return
    if login == "dir1":  # a department director reads the events of their department only
        return
    body = r.content.decode()
    assert '<span id="event-count">65</span>' in body
    assert "1 / 1" not in body
    body = client.get("/audit/").content.decode()
    total = AuditEvent.objects.count()
    assert f'<span id="event-count">{total}</span>' in body
    assert f"1 / {-(-total // 100)}" in body
    for params, expected in (
        ({"who": "cent"}, AuditEvent.objects.filter(actor_name__icontains="cent").count()),
        ({"object_type": "questionnaire", "object_id": "7"}, 1),
        ({"date_from": "2000-01-01", "date_to": "2000-01-02"}, 0),
    ):
        body = client.get("/audit/", params).content.decode()
        assert f'<span id="event-count">{expected}</span>' in body, params
    assert client.get("/audit/", {"date_to": "tomorrow"}).status_code == 400
