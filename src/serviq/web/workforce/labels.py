"""Words for the workforce codes shown on the pages (statuses, leave kinds, escalation
actions …) in the reader's language. The codes stay in forms, URLs and the API; only what
a person reads is translated, from this app's catalogue (``locale/``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, dict[str, Promise]] = {
    "status": {
        "submitted": pgettext_lazy("status", "submitted"),
        "in_review": pgettext_lazy("status", "in review"),
        "approved": pgettext_lazy("status", "approved"),
        "refused": pgettext_lazy("status", "refused"),
        "lapsed": pgettext_lazy("status", "lapsed (absence)"),
        "open": pgettext_lazy("status", "open"),
        "escalated": pgettext_lazy("status", "escalated"),
        "instructed": pgettext_lazy("status", "instructed"),
        "closed": pgettext_lazy("status", "closed"),
    },
    "leave": {
        "personal": pgettext_lazy("leave kind", "personal leave"),
        "special_personal": pgettext_lazy("leave kind", "special personal leave"),
        "sick": pgettext_lazy("leave kind", "sick leave"),
        "official": pgettext_lazy("leave kind", "official business or study"),
        "emergency": pgettext_lazy("leave kind", "emergency leave"),
    },
    "action": {
        "escalate": pgettext_lazy("escalation action", "escalate"),
        "report_upward": pgettext_lazy("escalation action", "report upward afterwards"),
        "instruct": pgettext_lazy("escalation action", "record an instruction"),
        "object": pgettext_lazy("escalation action", "object"),
        "close": pgettext_lazy("escalation action", "close"),
    },
    "category": {
        "confidentiality": pgettext_lazy("escalation category", "confidentiality"),
        "major_error": pgettext_lazy("escalation category", "major error or accident"),
        "safety": pgettext_lazy("escalation category", "equipment or personal safety"),
        "beyond_remit": pgettext_lazy("escalation category", "beyond one's remit"),
        "difficult_customer": pgettext_lazy("escalation category", "difficult customer"),
    },
    "role": {
        "agent": pgettext_lazy("role", "agent"),
        "team_lead": pgettext_lazy("role", "team lead"),
        "department_director": pgettext_lazy("role", "department director"),
        "centre_director": pgettext_lazy("role", "centre director"),
    },
    "shift": {
        "day": pgettext_lazy("shift kind", "day"),
        "night": pgettext_lazy("shift kind", "night"),
    },
    "payback": {
        "owed": pgettext_lazy("pay-back", "owed"),
        "paid": pgettext_lazy("pay-back", "paid back"),
        "missed": pgettext_lazy("pay-back", "missed"),
    },
    "meeting": {
        "shift_change": pgettext_lazy("meeting", "shift-change meeting"),
        "weekly": pgettext_lazy("meeting", "weekly team-lead meeting"),
        "monthly": pgettext_lazy("meeting", "monthly all-agent meeting"),
        "half_year": pgettext_lazy("meeting", "half-year summary"),
        "annual": pgettext_lazy("meeting", "annual summary"),
    },
    "minutes field": {
        "agreed_answer": pgettext_lazy("minutes field", "agreed answer"),
        "decision": pgettext_lazy("minutes field", "decision"),
        "business_change": pgettext_lazy("minutes field", "business change"),
        "notes": pgettext_lazy("minutes field", "notes"),
    },
    "equipment state": {
        "in_order": pgettext_lazy("equipment state", "in order"),
        "faulty": pgettext_lazy("equipment state", "faulty"),
        "out_of_service": pgettext_lazy("equipment state", "out of service"),
    },
    "violation": {
        "late": pgettext_lazy("violation kind", "late"),
        "away_from_post": pgettext_lazy("violation kind", "away from post"),
        "absent": pgettext_lazy("violation kind", "absent"),
    },
}


def label(code: object, group: str) -> str:
    """The reader's word for ``code`` of ``group``; an unknown code is shown as it is."""
    text = str(code)
    found = LABELS.get(group, {}).get(text)
    if found is None and group == "role" and " " in text:  # "agent A002": a role and who
        role, who = text.split(" ", 1)
        if role in LABELS["role"]:
            return f"{LABELS['role'][role]} {who}"
    return str(found) if found is not None else text
