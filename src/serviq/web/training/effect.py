"""Did a QA-driven session work: the core's difference in differences
(:func:`serviq.training.effect.did_effect`) on the stored QA reviews of the items it
targeted, the agents present at the session against every other agent, the month before the
session against the month after it."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from serviq.errors import InvalidInput
from serviq.training import effect as core_effect
from serviq.web.qa.models import Review
from serviq.web.training.models import TrainingSession


def months_around(s: TrainingSession) -> tuple[str, str]:
    """The month before and the month after the session's month (``YYYY-MM``)."""
    local = s.start.astimezone(settings.SERVIQ.zone)
    y, m = local.year, local.month
    before = f"{y - (m == 1)}-{(m - 2) % 12 + 1:02d}"
    after = f"{y + (m == 12)}-{m % 12 + 1:02d}"
    return before, after


def reviews(items: list[str], months: tuple[str, str]) -> list[core_effect.Review]:
    """The scored reviews of ``months`` as the core's values, one per item rated."""
    out: list[core_effect.Review] = []
    rows = Review.objects.filter(
        month__in=list(months), scored_at__isnull=False, ratings__isnull=False
    ).values_list("agent__code", "scored_at", "ratings")
    zone = settings.SERVIQ.zone
    for agent, at, ratings in rows:
        day = at.astimezone(zone).date()
        for item in items:
            v = (ratings or {}).get(item)
            if v is not None:
                out.append(core_effect.Review(agent, day, item, float(v)))
    return out


def session_effect(s: TrainingSession, lang: str) -> dict[str, Any]:
    """Per targeted item: the effect (as :meth:`Effect.as_dict`) or why there is none."""
    before, after = months_around(s)
    trained = list(s.invitations.filter(status="present").values_list("person__code", flat=True))
    data = reviews(list(s.qa_items), (before, after))
    out: list[dict[str, Any]] = []
    for item in s.qa_items:
        try:
            e = core_effect.did_effect(data, trained=trained, item=item, before=before, after=after)
            out.append({"item": item, "effect": e.as_dict(lang), "problem": None})
        except InvalidInput as exc:
            out.append({"item": item, "effect": None, "problem": exc.message})
    return {"before": before, "after": after, "trained": trained, "items": out}
