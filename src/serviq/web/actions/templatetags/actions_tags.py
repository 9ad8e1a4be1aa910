"""``{% open_actions code team %}`` on the dashboard: the open improvement records of an
indicator in the shown scope, linked to the register (only those the viewer may see)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from serviq.actions.lifecycle import WORKED
from serviq.errors import ServiqError

register = template.Library()


@register.inclusion_tag("actions/_open_actions.html", takes_context=True)
def open_actions(context: Any, code: str, team: str = "", period: str = "") -> dict[str, Any]:
    from serviq.web.actions import access

    request = context.get("request")
    try:
        qs = access.records_for(request.user) if request is not None else None
    except ServiqError:
        qs = None
    count = qs.filter(indicator=code, scope=team or "", status__in=WORKED).count() if qs is not None else 0  # fmt: skip
    scope = team or "centre"
    return {
        "count": count,
        "list_url": reverse("actions-register") + "?" + urlencode({"indicator": code, "team": scope}),
        "new_url": reverse("actions-new") + "?" + urlencode({"indicator": code, "team": team, "period": period}),
        "can_view": qs is not None,
    }  # fmt: skip
