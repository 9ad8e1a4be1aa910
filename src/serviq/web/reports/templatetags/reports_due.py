"""``{% reports_due %}``: the dashboard's card of reports due (the 22nd), overdue flagged."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from serviq.reports.workflow import display_status

register = template.Library()


@register.inclusion_tag("reports/due_card.html", takes_context=True)
def reports_due(context: dict[str, Any]) -> dict[str, Any]:
    from serviq.web.reports.views import due_reports

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"rows": []}
    today = timezone.localdate()
    return {
        "rows": [
            {"report": r, "status": display_status(r.status, r.due, today)}
            for r in due_reports(request.user)
        ]
    }
