"""Each agent's training archive: sessions (with attendance) and tests (with score and pass)
over time, newest first, and its export to CSV/XLSX with headers in the reader's language
(cells that would run as formulas neutralised by :mod:`serviq.web.dashboard.exports`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from serviq.web.dashboard import exports
from serviq.web.org.models import Person
from serviq.web.training.access import people_of
from serviq.web.training.models import Attempt, Invitation


def kind_label(kind: str) -> str:
    return {
        "new_business": pgettext("training kind", "new business"),
        "product": pgettext("training kind", "product"),
        "system": pgettext("training kind", "system"),
        "service_language": pgettext("training kind", "service language"),
        "compliance": pgettext("training kind", "compliance"),
        "qa": pgettext("training kind", "QA-driven"),
    }.get(kind, kind)


def status_label(status: str | None) -> str:
    return {
        "present": pgettext("attendance", "present"),
        "leave": pgettext("attendance", "absent with leave"),
        "absent": pgettext("attendance", "absent"),
    }.get(status or "", pgettext("attendance", "not recorded"))


def entries(reader: Person, who: Person | None) -> list[dict[str, Any]]:
    """Sessions and tests of ``who`` (or of everyone ``reader`` may see), newest first."""
    people = people_of(reader) if who is None else Person.objects.filter(pk=who.pk)
    zone = settings.SERVIQ.zone
    rows: list[dict[str, Any]] = []
    for inv in Invitation.objects.select_related("session", "person").filter(person__in=people):
        rows.append(
            {
                "when": inv.session.start.astimezone(zone),
                "person": inv.person,
                "what": "session",
                "title": inv.session.topic,
                "kind": inv.session.kind,
                "status": inv.status,
                "share": None,
                "passed": None,
                "ref": inv.session_id,
            }
        )
    for a in Attempt.objects.select_related("test", "person").filter(
        person__in=people, submitted_at__isnull=False
    ):
        rows.append(
            {
                "when": a.submitted_at.astimezone(zone) if a.submitted_at else None,
                "person": a.person,
                "what": "test",
                "title": a.test.title,
                "kind": "",
                "status": None,
                "share": a.share,
                "passed": a.passed,
                "ref": a.test_id,
            }
        )
    rows.sort(key=lambda r: (r["when"], r["person"].code), reverse=True)
    return rows


def export(fmt: str, rows: list[dict[str, Any]]) -> HttpResponse:
    columns = [
        _("Date"),
        pgettext("record column", "Agent"),
        _("Kind"),
        _("Session or test"),
        _("Attendance"),
        _("Score"),
        _("Passed"),
    ]
    body = [
        [
            r["when"].strftime("%Y-%m-%d %H:%M") if r["when"] else "",
            f"{r['person'].name} ({r['person'].code})",
            kind_label(r["kind"]) if r["what"] == "session" else _("Test"),
            r["title"],
            status_label(r["status"]) if r["what"] == "session" else "",
            None if r["share"] is None else round(100 * r["share"], 1),
            "" if r["passed"] is None else (_("yes") if r["passed"] else _("no")),
        ]
        for r in rows
    ]
    return exports.respond(fmt, "training-archive", columns, body)
